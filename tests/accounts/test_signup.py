"""Sign-up: only people on the members register (number + e-mail) or holding a usable invitation get in."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from practica.accounts.forms import INVITATION_SESSION_KEY
from practica.accounts.forms.signup import NO_REGISTER_MATCH
from practica.accounts.models import Invitation, Profile, RegisterEntry, User
from practica.accounts.services.invitations import create_invitation, revoke_invitation
from tests.factories import RegisterEntryFactory, UserFactory
from tests.helpers import run_pending_tasks

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"
EXPIRY = datetime.date(2031, 3, 31)


@pytest.fixture
def entry(db):
    return RegisterEntryFactory(
        membership_number="M4242", email="ann@example.org", full_name="Ann Able", division="North", expires_on=EXPIRY
    )


def sign_up(client, **fields):
    data = {
        "display_name": "Ann Able",
        "membership_number": "M4242",
        "email": "ann@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    return client.post(reverse("account_signup"), data)


def test_signup_page_asks_for_the_membership_number(client):
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert 'name="membership_number"' in response.text
    assert "Create your account" in response.text


def test_a_member_on_the_register_signs_up_and_is_linked_to_their_entry(client, entry):
    response = sign_up(client, membership_number=" m4242 ", email="Ann@Example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="ann@example.org")
    assert user.display_name == "Ann Able"
    assert user.membership_expires_on == EXPIRY
    entry.refresh_from_db()
    assert entry.user == user
    assert Profile.objects.get(user=user).divisions == "North"
    assert not EmailAddress.objects.get(user=user).verified
    run_pending_tasks()  # E-mail may go through the task queue.
    assert [message.to for message in mail.outbox] == [["ann@example.org"]]


def test_a_new_member_cannot_sign_in_before_verifying_their_email(client, entry):
    sign_up(client)
    run_pending_tasks()
    mail.outbox.clear()

    response = client.post(reverse("account_login"), {"login": "ann@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_a_mismatched_membership_number_gets_the_generic_message_and_keeps_what_was_typed(client, entry):
    response = sign_up(client, membership_number="M9999", display_name="Ann A.")

    assert response.status_code == 200
    assert str(NO_REGISTER_MATCH) in response.context["form"].non_field_errors()
    assert 'value="M9999"' in response.text
    assert 'value="Ann A."' in response.text
    assert 'value="ann@example.org"' in response.text
    assert not User.objects.filter(email="ann@example.org").exists()
    run_pending_tasks()
    assert not mail.outbox


def test_the_mismatch_message_is_the_same_whether_or_not_the_email_is_known(client, entry):
    UserFactory(email="known@example.org")
    RegisterEntryFactory(membership_number="M5000", email="registered@example.org")

    def errors_for(email):
        return sign_up(client, membership_number="M9999", email=email).context["form"].errors

    assert errors_for("ann@example.org") == errors_for("nobody@example.org")
    assert errors_for("known@example.org") == errors_for("nobody@example.org")
    assert errors_for("registered@example.org") == errors_for("nobody@example.org")


def test_a_right_number_with_another_members_email_does_not_match(client, entry):
    response = sign_up(client, email="someone.else@example.org")

    assert str(NO_REGISTER_MATCH) in response.context["form"].non_field_errors()
    entry.refresh_from_db()
    assert entry.user is None


def test_an_entry_already_linked_behaves_like_success_and_creates_nothing(client, entry):
    owner = UserFactory(email="ann@example.org")
    RegisterEntry.objects.filter(pk=entry.pk).update(user=owner)
    fresh = RegisterEntryFactory(membership_number="M5151", email="fresh@example.org")
    success = sign_up(client.__class__(), membership_number=fresh.membership_number, email=fresh.email)

    response = sign_up(client)

    assert response.status_code == success.status_code == 302
    assert response["Location"] == success["Location"]
    assert User.objects.filter(email="ann@example.org").count() == 1
    entry.refresh_from_db()
    assert entry.user == owner
    # The real owner is told by e-mail that they already have an account.
    run_pending_tasks()
    assert ["ann@example.org"] in [message.to for message in mail.outbox]


def test_signup_needs_a_membership_number_without_an_invitation(client, entry):
    response = sign_up(client, membership_number="")

    assert "membership_number" in response.context["form"].errors
    assert not User.objects.filter(email="ann@example.org").exists()


# Invitations.


@pytest.fixture
def invited_client(client, staff):
    """A visitor who opened a valid invitation link (for anyone, two uses, access ending on a date)."""
    invitation, token = create_invitation(
        actor=staff, email="", note="Guest speaker", max_uses=2, access_expires_on=datetime.date(2030, 6, 30)
    )
    assert client.get(reverse("accounts:invitation-accept", kwargs={"token": token})).status_code == 200
    client.invitation = invitation
    return client


def test_an_invited_guest_signs_up_without_a_membership_number(invited_client):
    page = invited_client.get(reverse("account_signup"))
    assert 'name="membership_number"' not in page.text
    assert "with an invitation" in page.text

    response = sign_up(invited_client, membership_number="", email="guest@example.org", display_name="Gus Guest")

    assert response.status_code == 302
    user = User.objects.get(email="guest@example.org")
    assert user.invitation == invited_client.invitation
    assert user.membership_expires_on == datetime.date(2030, 6, 30)
    assert Profile.objects.filter(user=user).exists()
    invitation = Invitation.objects.get()
    assert invitation.use_count == 1
    assert INVITATION_SESSION_KEY not in invited_client.session


def test_an_invitation_that_expired_after_the_link_was_opened_no_longer_lets_anyone_in(invited_client):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    response = sign_up(invited_client, membership_number="", email="guest@example.org")

    assert response.status_code == 200
    assert "membership_number" in response.context["form"].errors
    assert not User.objects.filter(email="guest@example.org").exists()


def test_a_revoked_invitation_no_longer_lets_anyone_in(invited_client, staff):
    revoke_invitation(actor=staff, invitation=invited_client.invitation)

    response = sign_up(invited_client, membership_number="", email="guest@example.org")

    assert response.status_code == 200
    assert not User.objects.filter(email="guest@example.org").exists()
    assert Invitation.objects.get().use_count == 0


def test_a_used_up_invitation_no_longer_lets_anyone_in(invited_client):
    Invitation.objects.update(use_count=2)

    response = sign_up(invited_client, membership_number="", email="third@example.org")

    assert response.status_code == 200
    assert not User.objects.filter(email="third@example.org").exists()
    assert Invitation.objects.get().use_count == 2


def test_an_invitation_link_stops_working_once_its_uses_run_out(client, staff):
    _, token = create_invitation(actor=staff, email="", note="One guest", max_uses=1)
    url = reverse("accounts:invitation-accept", kwargs={"token": token})
    client.get(url)
    sign_up(client, membership_number="", email="first@example.org")

    second = client.__class__().get(url)

    assert second.status_code == 404
    assert "This invitation link does not work" in second.text


def test_an_invitation_for_one_address_refuses_another(client, staff):
    _, token = create_invitation(actor=staff, email="guest@example.org", note="Named guest", max_uses=1)
    client.get(reverse("accounts:invitation-accept", kwargs={"token": token}))

    response = sign_up(client, membership_number="", email="intruder@example.org", display_name="Ian Intruder")

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'value="Ian Intruder"' in response.text
    assert not User.objects.filter(email="intruder@example.org").exists()
    assert Invitation.objects.get().use_count == 0


def test_an_invitation_for_one_address_accepts_that_address(client, staff):
    _, token = create_invitation(actor=staff, email="guest@example.org", note="Named guest", max_uses=1)
    client.get(reverse("accounts:invitation-accept", kwargs={"token": token}))
    assert 'value="guest@example.org"' in client.get(reverse("account_signup")).text

    response = sign_up(client, membership_number="", email="GUEST@example.org")

    assert response.status_code == 302
    assert User.objects.filter(email="guest@example.org").exists()


def clean_then(monkeypatch, race):
    """Run `race` after the sign-up form's checks and before the save: someone else got there first."""
    from practica.accounts.forms.signup import RegisterSignupForm

    original = RegisterSignupForm.clean

    def clean(form):
        cleaned = original(form)
        race()
        return cleaned

    monkeypatch.setattr(RegisterSignupForm, "clean", clean)


def test_losing_a_race_for_the_register_entry_looks_like_success(client, entry, monkeypatch):
    owner = UserFactory(email="owner@example.org")
    clean_then(monkeypatch, lambda: RegisterEntry.objects.filter(pk=entry.pk).update(user=owner))

    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not User.objects.filter(email="ann@example.org").exists()
    entry.refresh_from_db()
    assert entry.user == owner


def test_losing_a_race_for_an_invitations_last_use_explains_and_creates_nothing(invited_client, monkeypatch):
    clean_then(monkeypatch, lambda: Invitation.objects.update(use_count=2))

    response = sign_up(invited_client, membership_number="", email="late@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_signup")
    assert not User.objects.filter(email="late@example.org").exists()
    assert INVITATION_SESSION_KEY not in invited_client.session
    assert "can no longer be used" in invited_client.get(response["Location"]).text
