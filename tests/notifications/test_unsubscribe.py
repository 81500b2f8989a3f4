"""One-click unsubscribe (RFC 8058) from an e-mail's link, without signing in."""

import datetime

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practica.notifications.choices import EmailMode, EmailState, NotificationKind
from practica.notifications.models import EmailSettings, Notification
from practica.notifications.services.delivery import get_email_settings
from practica.notifications.services.email import rotate_unsubscribe_key, unsubscribe_token


def _url(user, kind=NotificationKind.MENTION):
    return reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})


def test_a_one_click_post_turns_off_that_kind_only_without_signing_in(member):
    response = Client().post(_url(member), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You will no longer get e-mails about" in response.content.decode()
    email_settings = EmailSettings.objects.get(user=member)
    assert email_settings.mode_for(NotificationKind.MENTION) == EmailMode.NEVER
    assert email_settings.mode_for(NotificationKind.MESSAGE) == EmailMode.IMMEDIATELY


def test_opening_the_link_shows_a_confirmation_page_and_changes_nothing(member):
    response = Client().get(_url(member))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stop e-mails about" in page and "Mentions" in page and "<button" in page
    assert EmailSettings.objects.get(user=member).mode_for(NotificationKind.MENTION) == EmailMode.IMMEDIATELY


def test_unsubscribing_stops_emails_already_waiting(member, other_member):
    waiting = Notification.objects.create(
        recipient=member, kind=NotificationKind.MENTION, snapshot={"title": "x"}, email_state=EmailState.PENDING
    )
    Client().post(_url(member))
    assert Notification.objects.get(pk=waiting.pk).email_state == EmailState.SKIPPED


def test_the_digest_link_turns_off_the_kinds_that_go_in_digests(member):
    Client().post(_url(member, "digest"))
    email_settings = EmailSettings.objects.get(user=member)
    assert email_settings.mode_for(NotificationKind.REPLY) == EmailMode.NEVER
    assert email_settings.mode_for(NotificationKind.MENTION) == EmailMode.IMMEDIATELY


def test_a_tampered_link_explains_itself_and_offers_preferences(member):
    url = _url(member)[:-3] + "xx/"
    response = Client().post(url)
    page = response.content.decode()
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in page
    assert reverse("notifications:preferences") in page
    assert EmailSettings.objects.get(user=member).mode_for(NotificationKind.MENTION) == EmailMode.IMMEDIATELY


def test_an_expired_link_says_so(member):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=120), tick=False):
        url = _url(member)
    response = Client().get(url)
    assert response.status_code == 400
    assert "This unsubscribe link has expired" in response.content.decode()


def test_a_link_for_another_kind_or_member_cannot_be_forged(member, other_member):
    token = unsubscribe_token(member, NotificationKind.MENTION)
    forged = token.replace(f"{member.pk}.mention", f"{other_member.pk}.mention", 1)
    assert Client().post(reverse("notifications:unsubscribe", kwargs={"token": forged})).status_code == 400
    forged_kind = token.replace(".mention", ".message", 1)
    assert Client().post(reverse("notifications:unsubscribe", kwargs={"token": forged_kind})).status_code == 400


def test_members_can_make_old_links_stop_working(member, member_client):
    url = _url(member)
    response = member_client.post(reverse("notifications:rotate-links"))
    assert response.status_code == 302
    assert Client().get(url).status_code == 400
    assert Client().get(_url(member)).status_code == 200


def test_rotating_keeps_a_key(member):
    before = get_email_settings(member).unsubscribe_key
    rotate_unsubscribe_key(user=member)
    assert get_email_settings(member).unsubscribe_key not in {"", before}
