"""Staff pages for the members register: the list, the upload, the preview and the result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practica.accounts.choices import ImportStatus
from practica.accounts.models import RegisterEntry, RegisterImport
from tests.factories import RegisterEntryFactory
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db

CSV = (
    "membership_number,email,name,grade,division,membership_expiry\n"
    "M1,ann@example.org,Ann Able,Registered,North,2030-01-31\n"
    "M2,not-an-email,Bob Baker,,,\n"
)


def upload(client, text: str | bytes = CSV, name: str = "register.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(reverse("accounts:staff-register-import"), {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_staff_see_the_register(staff_client):
    RegisterEntryFactory(membership_number="M777", full_name="Priya Patel")

    response = staff_client.get(reverse("accounts:staff-register"))

    assert response.status_code == 200
    assert "M777" in response.text and "Priya Patel" in response.text


def test_admins_see_the_register(admin_client):
    assert admin_client.get(reverse("accounts:staff-register")).status_code == 200


@pytest.mark.parametrize(
    "url_name", ["accounts:staff-register", "accounts:staff-register-import", "accounts:staff-invitations"]
)
@pytest.mark.parametrize("persona", ["member", "moderator"])
def test_members_and_moderators_get_403_with_a_reason_on_register_pages(url_name, persona, persona_clients):
    response = persona_clients[persona].get(reverse(url_name))

    assert response.status_code == 403
    assert "Only staff" in response.text


def test_anonymous_visitors_are_sent_to_sign_in_from_the_register(anonymous_client):
    response = anonymous_client.get(reverse("accounts:staff-register"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("query", ["M200", "Priya", "priya.p@"])
def test_register_search_finds_by_number_name_or_email(staff_client, query):
    RegisterEntryFactory(membership_number="M200", full_name="Priya Patel", email="priya.p@example.org")
    RegisterEntryFactory(membership_number="M300", full_name="Quentin Quill", email="q@example.org")

    response = staff_client.get(reverse("accounts:staff-register"), {"q": query})

    assert "Priya Patel" in response.text
    assert "Quentin Quill" not in response.text
    assert f'value="{query}"' in response.text


def test_register_list_is_paginated(staff_client):
    RegisterEntryFactory.create_batch(51)

    first = staff_client.get(reverse("accounts:staff-register"))
    second = staff_client.get(reverse("accounts:staff-register"), {"page": 2})

    assert len(first.context["entries"]) == 50
    assert len(second.context["entries"]) == 1
    assert "Page 1 of 2" in first.text


def test_register_list_query_count_does_not_grow_with_rows(staff_client):
    RegisterEntryFactory()
    url = reverse("accounts:staff-register")
    with_one = queries_for(staff_client, url)

    RegisterEntryFactory.create_batch(49)
    with_fifty = queries_for(staff_client, url)

    assert with_fifty == with_one


def test_upload_shows_a_preview_and_changes_nothing_yet(staff_client):
    response = upload(staff_client)

    register_import = RegisterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:staff-register-import-detail", kwargs={"pk": register_import.pk})
    preview = staff_client.get(response["Location"])
    assert preview.status_code == 200
    assert preview.context["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert "The e-mail address is not valid." in preview.text
    assert not RegisterEntry.objects.exists()


def test_applying_a_preview_updates_the_register_and_shows_the_summary(staff_client):
    url = upload(staff_client)["Location"]
    register_import = RegisterImport.objects.get()

    response = staff_client.post(url, {"action": "apply"}, follow=True)

    assert response.status_code == 200
    assert "1 created, 0 updated, 0 unchanged, 1 rejected" in response.text
    assert list(RegisterEntry.objects.values_list("membership_number", flat=True)) == ["M1"]
    register_import.refresh_from_db()
    assert register_import.status == ImportStatus.APPLIED
    # The stored result still names the rejected row.
    assert "The e-mail address is not valid." in response.text


def test_applying_twice_says_so_instead_of_failing(staff_client):
    response = upload(staff_client)
    staff_client.post(response["Location"], {"action": "apply"})

    again = staff_client.post(response["Location"], {"action": "apply"}, follow=True)

    assert "already been applied" in again.text
    assert RegisterEntry.objects.count() == 1


def test_discarding_a_preview_leaves_the_register_alone(staff_client):
    response = upload(staff_client)

    discarded = staff_client.post(response["Location"], {"action": "discard"})

    assert discarded.status_code == 302
    assert RegisterImport.objects.get().status == ImportStatus.DISCARDED
    assert not RegisterEntry.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_next_to_the_field(staff_client):
    response = upload(staff_client, "membership_number,email,name\nM1,a@example.org,Zoë\n".encode("latin-1"))

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert 'class="errors"' in response.text
    assert not RegisterImport.objects.exists()


def test_a_file_missing_columns_shows_why_and_offers_no_apply(staff_client):
    response = upload(staff_client, "membership_number\nM1\n")

    preview = staff_client.get(response["Location"])

    assert "This file cannot be imported" in preview.text
    assert 'value="apply"' not in preview.text


def test_members_cannot_apply_an_import(member_client, staff):
    register_import = RegisterImport.objects.create(created_by=staff, content=CSV)

    response = member_client.post(
        reverse("accounts:staff-register-import-detail", kwargs={"pk": register_import.pk}), {"action": "apply"}
    )

    assert response.status_code == 403
    assert not RegisterEntry.objects.exists()


def test_a_discarded_import_says_so(staff_client):
    url = upload(staff_client)["Location"]
    staff_client.post(url, {"action": "discard"})

    response = staff_client.get(url)

    assert response.status_code == 200
    assert "This file was discarded" in response.text


def test_an_empty_register_invites_staff_to_import_a_file(staff_client):
    response = staff_client.get(reverse("accounts:staff-register"))

    assert "The register is empty" in response.text
    assert reverse("accounts:staff-register-import") in response.text


def test_a_search_with_no_matches_says_so(staff_client):
    RegisterEntryFactory()

    response = staff_client.get(reverse("accounts:staff-register"), {"q": "zzz-no-such-member"})

    assert "No one on the register matches your search." in response.text


def test_the_import_page_lists_recent_imports(staff_client):
    upload(staff_client, name="june.csv")

    response = staff_client.get(reverse("accounts:staff-register-import"))

    assert "june.csv" in response.text
    assert "Previewed" in response.text
