"""Notifications through the real UI: a member is mentioned, sees the bell update without reloading, reads
the notification, switches to an hourly digest, and unsubscribes from mentions by the e-mail's own link.
Every page on the way is audited with axe. (Private messages join this journey once messaging exists.)"""

import re

import pytest
from playwright.sync_api import expect

from practica.core.models import OutboxEmail
from practica.discussions.services.posting import reply, start_topic
from practica.notifications.choices import DigestFrequency, EmailMode, NotificationKind
from practica.notifications.models import EmailSettings
from tests.browser.conftest import audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks


@pytest.fixture
def mention_world(transactional_db, settings):
    settings.NOTIFICATION_EMAIL_DELAY_MINUTES = 0
    community = CommunityFactory(name="Open Practice")
    alice = UserFactory(display_name="Alice Author")
    bob = UserFactory(display_name="Bob Reader")
    add_member(community, alice)
    add_member(community, bob)
    topic = start_topic(author=alice, community=community, title="Endings with clients", body="How do you end?")
    run_pending_tasks()
    return {"community": community, "topic": topic.post.topic, "alice": alice, "bob": bob}


def test_a_mentioned_member_follows_the_bell_reads_changes_preferences_and_unsubscribes(
    page, live_server, mention_world
):
    bob, alice, topic = mention_world["bob"], mention_world["alice"], mention_world["topic"]
    page.clock.install()
    sign_in(page, live_server, bob.email, DEFAULT_PASSWORD)
    bell = page.locator("#notifications-bell")
    expect(bell).to_have_text("Notifications")
    audit(page)

    # Alice mentions Bob while his page is open; the worker runs; the bell's next poll shows it.
    post = reply(author=alice, topic=topic, body=f"@{bob.handle} what do you think about review sessions?").post
    run_pending_tasks()
    page.clock.fast_forward(61_000)
    expect(page.locator("#notifications-bell .bell-count")).to_have_text(re.compile(r"^1\s*unread$"))

    # The notifications page, then the notification itself.
    page.locator("#notifications-bell").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    expect(page.get_by_text("what do you think about review sessions?")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Alice Author mentioned you in “Endings with clients”", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/topics/{topic.pk}/.*#post-{post.number}$"))
    expect(page.locator("#notifications-bell .bell-count")).to_have_count(0)

    # E-mail preferences: an hourly digest.
    page.goto(url(live_server, "notifications:preferences"))
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail preferences")
    audit(page)
    page.get_by_role("group", name="Send my digest").get_by_label("Every hour").check()
    page.get_by_role("button", name="Save my preferences").click()
    expect(page.get_by_text("Your e-mail preferences are saved.")).to_be_visible()
    assert EmailSettings.objects.get(user=bob).digest_frequency == DigestFrequency.HOURLY

    # The mention's e-mail left before Bob read it; its List-Unsubscribe link turns off mentions only.
    email = OutboxEmail.objects.get(recipient=bob, category="notification:mention")
    link = re.fullmatch(r"<(.+)>", email.headers["List-Unsubscribe"]).group(1)
    path = re.sub(r"^https?://[^/]+", "", link)
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe")
    expect(page.get_by_text("Mentions")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribed")
    audit(page)
    email_settings = EmailSettings.objects.get(user=bob)
    assert email_settings.mode_for(NotificationKind.MENTION) == EmailMode.NEVER
    assert email_settings.mode_for(NotificationKind.MESSAGE) == EmailMode.IMMEDIATELY


def test_the_community_and_topic_follow_controls_pass_the_audit(page, live_server, mention_world):
    bob, topic = mention_world["bob"], mention_world["topic"]
    sign_in(page, live_server, bob.email, DEFAULT_PASSWORD)
    page.goto(url(live_server, "communities:detail", mention_world["community"].pk))
    expect(page.get_by_role("heading", name="You joined: how closely do you want to follow it?")).to_be_visible()
    audit(page)
    page.get_by_label("Watching: every new post").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("heading", name="Follow this community")).to_be_visible()
    page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    page.get_by_label("Follow this topic").select_option("muted")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("You now follow this topic at this level")).to_be_visible()
    audit(page)
