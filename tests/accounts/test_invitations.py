"""Invitation links: creating, listing, revoking and opening them."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from practica.accounts.forms import INVITATION_SESSION_KEY
from practica.accounts.models import Invitation
from practica.accounts.services.invitations import create_invitation, find_usable_invitation, revoke_invitation
from practica.core.models import AuditEntry
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db


def accept_url(token: str) -> str:
    return reverse("accounts:invitation-accept", kwargs={"token": token})


def test_creating_an_invitation_stores_only_the_hash_of_its_token(staff):
    invitation, token = create_invitation(
        actor=staff, email=" Guest@Example.org ", note="Guest speaker", max_uses=3, expires_in_days=7
    )

    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.values().get())
    assert invitation.email == "guest@example.org"
    assert invitation.max_uses == 3
    assert timezone.now() + datetime.timedelta(days=6) < invitation.expires_at
    assert invitation.expires_at <= timezone.now() + datetime.timedelta(days=7)
    audit = AuditEntry.objects.get(action="invitation.created")
    assert audit.actor == staff and token not in str(audit.data)


def test_members_cannot_create_invitations(member):
    with pytest.raises(PermissionDenied):
        create_invitation(actor=member, email="", note="Friend", max_uses=1)


def test_revoked_expired_and_used_up_invitations_are_not_usable(staff):
    revoked, revoked_token = create_invitation(actor=staff, email="", note="a", max_uses=1)
    revoke_invitation(actor=staff, invitation=revoked)
    expired, expired_token = create_invitation(actor=staff, email="", note="b", max_uses=1)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    used, used_token = create_invitation(actor=staff, email="", note="c", max_uses=1)
    Invitation.objects.filter(pk=used.pk).update(use_count=1)
    _, good_token = create_invitation(actor=staff, email="", note="d", max_uses=1)

    assert find_usable_invitation(good_token) is not None
    for token in (revoked_token, expired_token, used_token, "unknown-token"):
        assert find_usable_invitation(token) is None


def test_staff_create_an_invitation_and_see_its_link_once(staff_client):
    response = staff_client.post(
        reverse("accounts:staff-invitation-create"),
        {"note": "Guest speaker, March", "email": "", "max_uses": "2", "expires_in_days": "10"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:staff-invitations")
    first = staff_client.get(response["Location"])
    link = first.context["new_invitation"]["link"]
    assert link in first.text
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert Invitation.objects.get().token_hash == hashlib.sha256(token.encode()).hexdigest()
    second = staff_client.get(response["Location"])
    assert link not in second.text
    assert "Guest speaker, March" in second.text


def test_invitation_form_keeps_what_was_typed_and_shows_errors_by_the_fields(staff_client):
    response = staff_client.post(
        reverse("accounts:staff-invitation-create"),
        {"note": "Visiting lecturer", "email": "not-an-email", "max_uses": "0", "expires_in_days": "14"},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "max_uses"}
    assert 'value="Visiting lecturer"' in response.text
    assert 'value="not-an-email"' in response.text
    assert not Invitation.objects.exists()


def test_an_access_end_date_in_the_past_is_refused(staff_client):
    response = staff_client.post(
        reverse("accounts:staff-invitation-create"),
        {"note": "x", "max_uses": "1", "expires_in_days": "14", "access_expires_on": "2001-01-01"},
    )

    assert "access_expires_on" in response.context["form"].errors


def test_staff_revoke_an_invitation(staff_client, staff):
    invitation, token = create_invitation(actor=staff, email="", note="Guest", max_uses=1)

    response = staff_client.post(reverse("accounts:staff-invitation-revoke", kwargs={"pk": invitation.pk}))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert find_usable_invitation(token) is None
    assert AuditEntry.objects.filter(action="invitation.revoked").count() == 1


def test_members_cannot_revoke_invitations(member_client, staff):
    invitation, _ = create_invitation(actor=staff, email="", note="Guest", max_uses=1)

    response = member_client.post(reverse("accounts:staff-invitation-revoke", kwargs={"pk": invitation.pk}))

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_revoking_needs_a_post(staff_client, staff):
    invitation, _ = create_invitation(actor=staff, email="", note="Guest", max_uses=1)

    response = staff_client.get(reverse("accounts:staff-invitation-revoke", kwargs={"pk": invitation.pk}))

    assert response.status_code == 405


def test_invitation_list_query_count_does_not_grow_with_rows(staff_client, staff):
    create_invitation(actor=staff, email="", note="first", max_uses=1)
    url = reverse("accounts:staff-invitations")
    with_one = queries_for(staff_client, url)

    for number in range(49):
        create_invitation(actor=staff, email="", note=f"guest {number}", max_uses=1)

    assert queries_for(staff_client, url) == with_one


def test_a_valid_link_remembers_the_invitation_and_offers_sign_up(anonymous_client, staff):
    invitation, token = create_invitation(actor=staff, email="", note="Guest", max_uses=1)

    response = anonymous_client.get(accept_url(token))

    assert response.status_code == 200
    assert reverse("account_signup") in response.text
    assert anonymous_client.session[INVITATION_SESSION_KEY] == invitation.pk


def main_content(response) -> str:
    text = response.text
    return text[text.index("<main") : text.index("</main>")]


def test_bad_links_all_get_the_same_clear_page(anonymous_client, staff):
    pages = {}
    for state in ("unknown", "expired", "revoked", "used up"):
        invitation, token = create_invitation(actor=staff, email="", note="Guest", max_uses=1)
        if state == "unknown":
            # A different first character, whatever the random token began with.
            token = ("y" if token[0] == "x" else "x") + token[1:]
        elif state == "expired":
            Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
        elif state == "revoked":
            revoke_invitation(actor=staff, invitation=invitation)
        else:
            Invitation.objects.filter(pk=invitation.pk).update(use_count=1)

        response = anonymous_client.get(accept_url(token))

        assert response.status_code == 404, state
        assert "This invitation link does not work" in response.text
        assert INVITATION_SESSION_KEY not in anonymous_client.session
        pages[state] = main_content(response)
    # One message for every case: nothing on the page tells the cases apart.
    assert len(set(pages.values())) == 1


def test_signed_in_people_are_told_they_already_have_an_account(member_client, staff):
    _, token = create_invitation(actor=staff, email="", note="Guest", max_uses=1)

    response = member_client.get(accept_url(token))

    assert response.status_code == 200
    assert "You already have an account" in response.text
    assert INVITATION_SESSION_KEY not in member_client.session


def test_an_empty_invitation_list_says_so(staff_client):
    response = staff_client.get(reverse("accounts:staff-invitations"))

    assert response.status_code == 200
    assert "There are no invitations yet." in response.text
