"""The members-only gate: who gets in, who is shown why not, and what it costs per request."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practica.accounts.choices import LegalKind, Role
from practica.accounts.middleware import PUBLIC_URL_NAMES
from practica.accounts.models import LegalDocument
from tests.factories import UserFactory
from tests.helpers import queries_for

GATE = "practica.accounts.middleware.MembersOnlyMiddleware"


# --- Visitors who are not signed in ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_with_only_the_path_in_next(anonymous_client, other_member):
    path = reverse("accounts:profile", args=[other_member.pk]) + "?tab=posts"

    response = anonymous_client.get(path)

    assert response.status_code == 302
    location = urlsplit(response.url)
    assert location.path == reverse("account_login")
    assert parse_qs(location.query) == {"next": [path]}
    # Only ids travel in the redirect: no name, title or slug (SECURITY.md, channel 21).
    assert other_member.display_name.split()[0] not in response.url


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_anonymous_visitors_get_no_member_page_whatever_the_method(anonymous_client, method, db):
    response = getattr(anonymous_client, method)(reverse("accounts:report-concern"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "url",
    [
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("accounts:legal-document", args=["terms"]),
        reverse("accounts:legal-version", args=["terms", 1]),
        reverse("core:robots"),
        reverse("core:health"),
    ],
)
def test_public_pages_are_reachable_without_signing_in(anonymous_client, url, db):
    LegalDocument.objects.create(
        kind=LegalKind.TERMS, version=1, title="Terms", body="b", body_html="<p>b</p>", published_at=timezone.now()
    )
    assert anonymous_client.get(url).status_code == 200


def test_the_public_pages_are_only_sign_in_sign_up_reset_invitations_legal_robots_and_health():
    allowed_prefixes = ("account_", "mfa_authenticate", "socialaccount_", "openid_connect_")
    allowed = {"accounts:invitation-accept", "accounts:legal-document", "accounts:legal-version"}
    allowed |= {"core:robots", "core:health"}
    allowed |= {"bench-hello"}  # routed only when PRACTICA_BENCH is set (see the next test)
    allowed |= {"notifications:unsubscribe"}  # one-click unsubscribe (RFC 8058): the signed token is the key
    allowed |= {"meetings:feed"}  # a member's iCal feed: its secret token is the key (tests/meetings/test_views.py)
    unexpected = {name for name in PUBLIC_URL_NAMES if not name.startswith(allowed_prefixes) and name not in allowed}
    assert not unexpected
    # Account pages that change things once signed in are never public.
    assert not {"account_email", "account_change_password", "account_set_password"} & PUBLIC_URL_NAMES


def test_the_benchmarks_bare_page_is_not_routed_on_a_real_site():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("bench-hello")


# --- Lapsed, suspended, deactivated ------------------------------------------------------------------------


def test_a_lapsed_member_sees_why_whom_to_contact_and_that_renewing_restores_access(lapsed_client, lapsed, settings):
    settings.LEAD_EMAIL = "communities@association.example"

    response = lapsed_client.get(reverse("core:home"))

    assert response.status_code == 403
    page = response.content.decode()
    assert "Your membership has lapsed" in page
    assert "communities@association.example" in page
    assert "renew" in page
    assert f"{lapsed.membership_expires_on:%-d %B %Y}" in page


def test_membership_lapses_at_the_first_request_after_the_expiry_date(client, db, time_machine):
    member = UserFactory(membership_expires_on=timezone.localdate())
    client.force_login(member)
    assert client.get(reverse("core:home")).status_code == 200

    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))

    assert client.get(reverse("core:home")).status_code == 403


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_and_admins_are_exempt_from_lapsing(client, db, role):
    lead = UserFactory(role=role, membership_expires_on=timezone.localdate() - datetime.timedelta(days=30))
    client.force_login(lead)
    assert client.get(reverse("core:home")).status_code == 200


def test_a_suspended_member_sees_the_end_date_and_the_reason(suspended_client, suspended):
    response = suspended_client.get(reverse("core:home"))

    assert response.status_code == 403
    page = response.content.decode()
    assert "Your account is suspended" in page
    assert "Repeated breaches of the community guidelines." in page
    until = timezone.localtime(suspended.suspended_until)
    assert f"{until:%-d %B %Y}" in page


def test_a_suspension_ends_by_itself_at_its_end_date(suspended_client, time_machine):
    time_machine.move_to(timezone.now() + datetime.timedelta(days=8))
    assert suspended_client.get(reverse("core:home")).status_code == 200


def test_lapsed_and_suspended_people_can_still_sign_out(lapsed_client, suspended_client):
    for client in (lapsed_client, suspended_client):
        response = client.post(reverse("account_logout"))
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session


def test_a_deactivated_account_is_signed_out_at_its_next_request(member_client, member):
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = member_client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Staff must use a second factor; everyone must accept the terms ----------------------------------------


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_and_admins_without_an_authenticator_app_are_sent_to_set_one_up(client, db, role):
    lead = UserFactory(role=role)
    Authenticator.objects.filter(user=lead).delete()
    client.force_login(lead)

    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")

    # The set-up journey itself (allauth asks for the password first) stays reachable: no redirect loop.
    setup = client.get(reverse("mfa_activate_totp"))
    if setup.status_code == 302:
        assert setup.url.startswith(reverse("account_reauthenticate"))
        assert client.get(setup.url).status_code == 200
    else:
        assert setup.status_code == 200


def test_members_and_moderators_are_not_required_to_use_a_second_factor(member_client, moderator_client):
    assert member_client.get(reverse("core:home")).status_code == 200
    assert moderator_client.get(reverse("core:home")).status_code == 200


def test_staff_with_an_authenticator_app_get_in_and_it_is_checked_once_per_session(staff_client):
    assert staff_client.get(reverse("core:home")).status_code == 200
    assert staff_client.session["practica_mfa_confirmed"] is True


def test_a_member_who_has_not_accepted_the_current_terms_is_sent_to_accept_them(client, db):
    LegalDocument.objects.create(
        kind=LegalKind.TERMS, version=1, title="Terms", body="b", body_html="b", published_at=timezone.now()
    )
    member = UserFactory(accepted_legal_key="")
    client.force_login(member)

    response = client.get(reverse("core:home") + "?from=email")

    assert response.status_code == 302
    location = urlsplit(response.url)
    assert location.path == reverse("accounts:legal-accept")
    assert parse_qs(location.query) == {"next": ["/?from=email"]}


# --- Cost ---------------------------------------------------------------------------------------------------


def test_the_gate_adds_no_query_to_a_member_page(client, db, settings):
    member = UserFactory()
    client.force_login(member)
    with_gate = queries_for(client, reverse("core:home"))

    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != GATE]
    ungated = Client()
    ungated.force_login(member)
    without_gate = queries_for(ungated, reverse("core:home"))

    assert with_gate == without_gate


def test_a_gated_member_page_costs_only_the_session_and_the_user_whatever_the_number_of_members(member_client):
    # The concern form reads nothing else, so what remains is the gate's own cost (the session and the user:
    # the expiry date is on the user row and the current legal key is cached, so no query is added for lapse
    # or terms checks) and the header's unread-notifications count.
    url = reverse("moderation:report")
    assert queries_for(member_client, url) == 3
    UserFactory.create_batch(20, membership_expires_on=timezone.localdate() - datetime.timedelta(days=3))
    assert queries_for(member_client, url) == 3


def test_the_home_page_costs_the_same_number_of_queries_with_the_gate_whatever_the_number_of_members(member_client):
    first = queries_for(member_client, reverse("core:home"))
    UserFactory.create_batch(20)
    assert queries_for(member_client, reverse("core:home")) == first
