"""Notifications through the real UI: member A mentions B in a reply (with a file attached) and sends B a
private message; B sees the bell update without reloading, reads both, switches to an hourly digest, and
unsubscribes from mentions by the e-mail's own link. Each person has a browser context of their own, and every
page on the way is audited with axe."""

import re

import pytest
from playwright.sync_api import expect

from practica.core.models import OutboxEmail
from practica.discussions.models import Post
from practica.discussions.services.posting import start_topic
from practica.notifications.choices import DigestFrequency, EmailMode, NotificationKind
from practica.notifications.models import EmailSettings
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks
from tests.library.corpus import minimal_pdf


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


@pytest.fixture
def alice_page(browser, live_server, mention_world):
    """Alice's own browser, signed in (Bob's page keeps its installed clock to itself)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    alice = context.new_page()
    sign_in(alice, live_server, mention_world["alice"].email, DEFAULT_PASSWORD)
    expect(alice).to_have_url(url(live_server, "core:home"))
    yield alice
    context.close()


def test_a_member_follows_the_bell_reads_a_mention_and_a_message_changes_preferences_and_unsubscribes(
    page, live_server, mention_world, alice_page, tmp_path
):
    bob, topic = mention_world["bob"], mention_world["topic"]
    page.clock.install()
    sign_in(page, live_server, bob.email, DEFAULT_PASSWORD)
    bell = page.locator("#notifications-bell")
    expect(bell).to_have_text("Notifications")
    audit(page)

    # While Bob's page is open, Alice replies to the topic mentioning him, with a checklist attached ...
    checklist = tmp_path / "Review checklist.pdf"
    checklist.write_bytes(minimal_pdf("Review checklist"))
    alice_page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    alice_page.get_by_label("Your message", exact=True).fill(
        f"@{bob.handle} what do you think about review sessions? My checklist is attached."
    )
    alice_page.get_by_label("Attach files").set_input_files(checklist)
    alice_page.get_by_role("button", name="Post the reply").click()
    expect(alice_page.locator(".flash")).to_contain_text("Your reply is posted.")
    expect(alice_page.get_by_role("link", name="Review checklist.pdf")).to_be_visible()
    audit(alice_page)
    post = Post.objects.get(topic=topic, number=2)

    # ... and sends him a private message from his profile.
    alice_page.goto(url(live_server, "accounts:profile", bob.pk))
    alice_page.get_by_role("link", name="Send a message to Bob Reader").click()
    alice_page.get_by_label("Subject").fill("Review sessions")
    alice_page.get_by_label("Your message", exact=True).fill("Could we compare notes on review sessions next week?")
    alice_page.get_by_role("button", name="Send", exact=True).click()
    expect(alice_page.locator(".flash")).to_contain_text("Your message is sent.")

    # The worker runs; the bell's next poll on Bob's page shows both.
    run_pending_tasks()
    page.clock.fast_forward(61_000)
    expect(page.locator("#notifications-bell .bell-count")).to_have_text(re.compile(r"^2\s*unread$"))

    # The notifications page, then the mention itself, with its file.
    page.locator("#notifications-bell").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    expect(page.get_by_text("what do you think about review sessions?")).to_be_visible()
    expect(page.get_by_role("button", name="Review sessions", exact=True)).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Alice Author mentioned you in “Endings with clients”", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/topics/{topic.pk}/.*#post-{post.number}$"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Review checklist.pdf").click()
    assert download.value.suggested_filename == "Review checklist.pdf"
    audit(page)

    # Back to the notifications: the message opens its conversation, and nothing is left unread.
    page.goto(url(live_server, "notifications:list"))
    page.get_by_role("button", name="Review sessions", exact=True).click()
    expect(page.get_by_role("heading", name="Review sessions", level=1)).to_be_visible()
    expect(page.locator(".post-body").first).to_contain_text("Could we compare notes on review sessions")
    expect(page.locator("#notifications-bell .bell-count")).to_have_count(0)
    audit(page)

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
