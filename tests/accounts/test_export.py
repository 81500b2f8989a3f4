"""The data export: everything Practica holds about the member, and nothing about anyone else."""

import io
import json
import zipfile

from django.urls import reverse
from django.utils import timezone

from practica.accounts.choices import LegalKind, Role
from practica.accounts.models import LegalAcceptance, LegalDocument
from practica.accounts.services.members import change_role
from practica.core.models import AuditEntry
from tests.accounts.test_profiles import give_photo
from tests.factories import RegisterEntryFactory, UserFactory

URL = reverse("accounts:data-export")


def download(client) -> zipfile.ZipFile:
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_page_explains_the_download_before_anything_is_built(member_client):
    response = member_client.get(URL)
    assert response.status_code == 200
    assert "Download my data" in response.content.decode()
    assert not AuditEntry.objects.filter(action="account.data_exported").exists()


def test_the_export_holds_account_profile_register_acceptances_audit_entries_and_photo(member, member_client, admin):
    RegisterEntryFactory(user=member, membership_number="M424242", email=member.email)
    profile = give_photo(member)
    profile.headline = "Play therapist"
    profile.save()
    document = LegalDocument.objects.create(
        kind=LegalKind.TERMS, version=3, title="Terms", body="x", body_html="x", published_at=timezone.now()
    )
    LegalAcceptance.objects.create(user=member, document=document)
    change_role(actor=admin, member=member, role=Role.MODERATOR)

    archive = download(member_client)
    assert sorted(archive.namelist()) == ["data.json", "photo.jpg"]
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == member.email
    assert data["account"]["role"] == "moderator"
    assert data["profile"]["headline"] == "Play therapist"
    assert data["profile"]["visibility"]["location"] == "communities"
    assert data["register_entry"]["membership_number"] == "M424242"
    assert data["legal_acceptances"] == [
        {"document": "Terms of service", "version": 3, "accepted_at": data["legal_acceptances"][0]["accepted_at"]}
    ]
    assert [entry["action"] for entry in data["audit_entries_about_you"]] == ["member.role_changed"]
    with member.profile.photo.open("rb") as stored:
        assert archive.read("photo.jpg") == stored.read()


def test_the_export_names_nobody_else(member, member_client, admin):
    other = UserFactory(display_name="Nosy Neighbour", email="neighbour@example.org")
    change_role(actor=admin, member=member, role=Role.MODERATOR)
    change_role(actor=admin, member=other, role=Role.MODERATOR)
    raw = download(member_client).read("data.json").decode()
    for text in (admin.display_name, admin.email, other.display_name, other.email):
        assert text not in raw
    assert json.loads(raw)["audit_entries_about_you"][0]["by"] == "staff"


def test_each_export_is_recorded_in_the_audit_log(member, member_client):
    download(member_client)
    entry = AuditEntry.objects.get(action="account.data_exported")
    assert entry.actor == member and entry.target_id == str(member.pk)


def test_a_member_without_a_photo_gets_only_the_json(member_client):
    assert download(member_client).namelist() == ["data.json"]


def test_the_account_page_links_to_password_email_two_step_export_and_erasure(member_client):
    page = member_client.get(reverse("accounts:account")).content.decode()
    for url in (
        reverse("account_change_password"),
        reverse("account_email"),
        reverse("mfa_index"),
        URL,
        reverse("accounts:erasure-request"),
    ):
        assert url in page
