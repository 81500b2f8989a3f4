"""Erasure: a member asks, may withdraw, staff confirm or decline, and the account is anonymised."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from practica.accounts.choices import ErasureStatus, FieldVisibility
from practica.accounts.models import ErasureRequest, User
from practica.accounts.services.members import decide_erasure, erase_member, request_erasure
from practica.core.models import AuditEntry
from tests.accounts.test_profiles import give_photo
from tests.factories import DEFAULT_PASSWORD, RegisterEntryFactory, UserFactory

ERASE_URL = reverse("accounts:erasure-request")


def test_a_member_asks_to_be_erased_staff_confirm_and_nothing_identifying_is_left(
    member, member_client, staff, staff_client, django_capture_on_commit_callbacks
):
    entry = RegisterEntryFactory(user=member, email=member.email)
    photo = give_photo(member).photo
    storage, photo_name = photo.storage, photo.name
    old_email = member.email
    profile = member.profile
    profile.bio = "Private details"
    profile.save()

    response = member_client.post(ERASE_URL, {"action": "request", "reason": "Moving on", "confirm": "on"})
    assert response.status_code == 302
    erasure = ErasureRequest.objects.get(user=member, status=ErasureStatus.PENDING)
    assert (
        "Moving on"
        in staff_client.get(reverse("accounts:staff-erasure-decide", kwargs={"pk": erasure.pk})).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("accounts:staff-erasure-decide", kwargs={"pk": erasure.pk}), {"decision": "erase"}
        )
    assert response.status_code == 302

    member.refresh_from_db()
    assert member.display_name == "Former member"
    assert member.is_erased and not member.is_active
    assert member.email.endswith("@erased.invalid") and old_email not in member.email
    assert not member.has_usable_password()
    assert member.profile.bio == "" and not member.profile.photo
    assert member.profile.listed_in_directory is False
    assert not storage.exists(photo_name)
    entry.refresh_from_db()
    assert entry.user is None
    assert not EmailAddress.objects.filter(user=member).exists()
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.COMPLETED and erasure.decided_by == staff and erasure.reason == ""
    audit = AuditEntry.objects.get(action="member.erased")
    assert audit.actor == staff and audit.target_id == str(member.pk)
    assert old_email not in audit.summary

    # Signed out at once, cannot sign in again, and gone from the directory and profiles.
    response = member_client.get(reverse("core:home"))
    assert response.status_code == 302 and response.wsgi_request.user.is_anonymous
    assert not User.objects.filter(email=old_email).exists()
    assert not member.check_password(DEFAULT_PASSWORD)
    assert staff_client.get(reverse("accounts:profile", kwargs={"pk": member.pk})).status_code == 404


def test_a_member_has_only_one_pending_request_and_can_withdraw_it(member, member_client):
    member_client.post(ERASE_URL, {"action": "request", "confirm": "on"})
    page = member_client.get(ERASE_URL).content.decode()
    assert "Withdraw my request" in page
    assert member_client.post(ERASE_URL, {"action": "request", "confirm": "on"}).status_code == 403
    assert ErasureRequest.objects.filter(user=member).count() == 1

    assert member_client.post(ERASE_URL, {"action": "cancel"}).status_code == 302
    assert ErasureRequest.objects.get(user=member).status == ErasureStatus.CANCELLED
    assert AuditEntry.objects.filter(action="erasure.cancelled", target_id=str(member.pk)).exists()
    member.refresh_from_db()
    assert member.is_active and not member.is_erased


def test_a_request_without_the_confirmation_ticked_shows_an_error_and_keeps_the_reason(member, member_client):
    response = member_client.post(ERASE_URL, {"action": "request", "reason": "Too many e-mails"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_confirm_error"' in page and "Too many e-mails" in page
    assert not ErasureRequest.objects.exists()


def test_the_account_page_shows_a_pending_request(member, member_client):
    request_erasure(member=member)
    assert "See or withdraw your request" in member_client.get(reverse("accounts:account")).content.decode()


def test_declining_needs_a_note_and_leaves_the_account_alone(member, staff_client):
    erasure = request_erasure(member=member)
    url = reverse("accounts:staff-erasure-decide", kwargs={"pk": erasure.pk})
    response = staff_client.post(url, {"decision": "decline"})
    assert response.status_code == 200 and 'id="id_note_error"' in response.content.decode()
    assert staff_client.post(url, {"decision": "decline", "note": "Open complaint"}).status_code == 302
    erasure.refresh_from_db()
    member.refresh_from_db()
    assert erasure.status == ErasureStatus.CANCELLED and member.is_active
    assert AuditEntry.objects.get(action="erasure.declined").data == {"note": "Open complaint"}


def test_a_decided_request_cannot_be_decided_again(member, staff_client):
    erasure = request_erasure(member=member)
    url = reverse("accounts:staff-erasure-decide", kwargs={"pk": erasure.pk})
    staff_client.post(url, {"decision": "erase"})
    response = staff_client.post(url, {"decision": "erase"})
    assert response.status_code == 403
    assert "already been decided" in response.content.decode()


def test_members_cannot_open_or_decide_erasure_requests(member, member_client, other_member):
    erasure = request_erasure(member=other_member)
    url = reverse("accounts:staff-erasure-decide", kwargs={"pk": erasure.pk})
    assert member_client.get(url).status_code == 403
    assert member_client.post(url, {"decision": "erase"}).status_code == 403
    other_member.refresh_from_db()
    assert not other_member.is_erased
    with pytest.raises(PermissionDenied):
        decide_erasure(actor=member, erasure=erasure, erase=True)


def test_staff_cannot_erase_their_own_account(staff):
    with pytest.raises(PermissionDenied):
        erase_member(actor=staff, member=staff)


def test_the_erasure_list_shows_pending_requests_to_staff(member, staff_client):
    request_erasure(member=member)
    page = staff_client.get(reverse("accounts:staff-erasure-list")).content.decode()
    assert member.display_name in page and "Waiting for staff" in page


def test_an_erased_member_no_longer_appears_in_the_directory(staff, member_client, db):
    gone = UserFactory(display_name="Gina Gone")
    gone.profile.location_visibility = FieldVisibility.MEMBERS
    erase_member(actor=staff, member=gone)
    page = member_client.get(reverse("accounts:directory")).content.decode()
    assert "Gina Gone" not in page and "Former member" not in page
    assert User.objects.filter(pk=gone.pk).exists()
