"""The e-mail with a join request's outcome (written by communities as the request is decided) carries the same
one-click unsubscribe and preferences link as every other e-mail, and follows the member's choice for it."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from practica.communities.services.membership import decide_join_request, request_to_join
from practica.core.delivery import deliver_due
from practica.core.models import OutboxEmail, OutboxStatus
from practica.notifications.choices import DigestFrequency, EmailMode, NotificationKind
from practica.notifications.models import EmailSettings
from practica.notifications.services.email import EmailPreferenceError, update_email_preferences
from tests.factories import CommunityFactory, UserFactory, add_member


@pytest.fixture
def circle(db):
    community = CommunityFactory(name="Quiet Circle", membership="closed")
    champion = UserFactory(display_name="Chris Champion")
    add_member(community, champion, role="champion")
    applicant = UserFactory(display_name="Ann Applicant", email="ann@example.org")
    return {"community": community, "champion": champion, "applicant": applicant}


def _decide(circle, approve=True):
    join_request = request_to_join(
        user=circle["applicant"], community=circle["community"], answers=[], accepted_confidentiality=True
    )
    decide_join_request(actor=circle["champion"], join_request=join_request, approve=approve)
    return OutboxEmail.objects.get(to_address="ann@example.org")


def test_the_outcome_email_has_one_click_unsubscribe_and_a_preferences_link(circle):
    email = _decide(circle)
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.headers["List-Unsubscribe"].strip("<>")
    assert "/unsubscribe/" in link and link in email.text_body and link in email.html_body
    assert "/notifications/email/" in email.text_body
    # The link works without signing in and turns off only this kind.
    response = Client().post(urlsplit(link).path)
    assert response.status_code == 200
    settings = EmailSettings.objects.get(user=circle["applicant"])
    assert settings.mode_for(NotificationKind.JOIN_REQUEST) == EmailMode.NEVER
    assert settings.mode_for(NotificationKind.MENTION) == EmailMode.IMMEDIATELY


def test_a_member_who_turned_these_off_gets_no_outcome_email(circle):
    update_email_preferences(
        user=circle["applicant"],
        modes={NotificationKind.JOIN_REQUEST: EmailMode.NEVER},
        digest_frequency=DigestFrequency.DAILY,
    )
    email = _decide(circle, approve=False)
    deliver_due()
    email.refresh_from_db()
    assert email.status == OutboxStatus.CANCELLED
    assert email.last_error == "Not sent: the member turned off these e-mails."
    assert mail.outbox == []


def test_outcomes_come_at_once_or_not_at_all_never_in_a_digest(circle):
    with pytest.raises(EmailPreferenceError):
        update_email_preferences(
            user=circle["applicant"],
            modes={NotificationKind.JOIN_REQUEST: EmailMode.DIGEST},
            digest_frequency=DigestFrequency.DAILY,
        )
    client = Client()
    client.force_login(circle["applicant"])
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="mode_join_request" value="immediately"' in page
    assert 'name="mode_join_request" value="digest"' not in page
