"""Private messages through the real UI: a member starts a conversation from a profile, the other replies, both
see it; a recipient who accepts no messages is named before anyone types; every messaging page is audited
with axe. Each person signs in in a browser context of their own."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from practica.messaging.choices import WhoMayMessage
from practica.messaging.services import update_preferences
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture
def browser_as(browser, live_server):
    contexts = []
    blocked = []

    def open_as(user):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        new_page = context.new_page()
        new_page.on(
            "console",
            lambda message: (
                blocked.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        sign_in(new_page, live_server, user.email, DEFAULT_PASSWORD)
        expect(new_page).to_have_url(url(live_server, "core:home"))
        return new_page

    yield open_as
    for context in contexts:
        context.close()
    assert not blocked, "The Content-Security-Policy blocked something:\n" + "\n".join(blocked)


def test_a_member_starts_a_conversation_from_a_profile_and_the_other_replies(browser_as, live_server):
    maya = UserFactory(display_name="Maya Okafor")
    tom = UserFactory(display_name="Tom Reid")
    page = browser_as(maya)

    page.goto(url(live_server, "accounts:profile", tom.pk))
    page.get_by_role("link", name="Send a message to Tom Reid").click()
    expect(page.get_by_role("heading", name="New conversation", level=1)).to_be_visible()
    expect(page.locator(".recipient-list")).to_contain_text("Tom Reid")
    audit(page)
    page.get_by_label("Subject").fill("Speaking at the next meeting")
    page.get_by_label("Your message", exact=True).fill("Would you say a few words about **endings**?")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Your message is sent.")
    expect(page.get_by_role("heading", name="Speaking at the next meeting", level=1)).to_be_visible()
    expect(page.locator(".post-body strong")).to_have_text("endings")
    audit(page)

    other = browser_as(tom)
    expect(other.get_by_role("link", name=re.compile(r"^Messages 1"))).to_be_visible()
    other.get_by_role("link", name=re.compile(r"^Messages")).click()
    expect(other).to_have_url(re.compile(re.escape(reverse("messaging:inbox")) + "$"))
    expect(other.locator(".conversation-list")).to_contain_text("1 unread message")
    audit(other)
    other.get_by_role("link", name="Speaking at the next meeting").click()
    expect(other.locator(".post-body").first).to_contain_text("Would you say a few words")
    other.get_by_label("Your message", exact=True).fill("Gladly, I'll bring my checklist.")
    other.get_by_role("button", name="Send", exact=True).click()
    expect(other.locator(".flash")).to_contain_text("Your message is sent.")
    audit(other)

    page.goto(url(live_server, "messaging:inbox"))
    page.get_by_role("link", name="Speaking at the next meeting").click()
    expect(page.locator(".post-body").last).to_contain_text("Gladly, I'll bring my checklist.")

    page.get_by_role("link", name="Leave conversation").click()
    audit(page)
    page.get_by_role("button", name="Leave conversation").click()
    expect(page.locator(".flash")).to_contain_text("You left the conversation")


def test_a_member_who_accepts_no_messages_is_named_before_typing(browser_as, live_server):
    maya = UserFactory(display_name="Maya Okafor")
    quiet = UserFactory(display_name="Quinn Quiet")
    update_preferences(user=quiet, who_may_message=WhoMayMessage.NOBODY, read_receipts=False)
    page = browser_as(maya)
    page.goto(url(live_server, "messaging:new"))
    page.get_by_label("Find a member by name or @handle").fill("Quinn")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Add Quinn Quiet").click()
    expect(page.get_by_text("Quinn Quiet does not accept private messages.")).to_be_visible()
    expect(page.get_by_label("Your message", exact=True)).to_have_count(0)
    audit(page)

    page.goto(url(live_server, "messaging:preferences"))
    audit(page)
    page.get_by_label("Only members who share a community with me").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash")).to_contain_text("Your message settings are saved.")


def test_team_messages_and_the_reported_message_page_pass_the_audit(browser_as, live_server):
    from practica.accounts.choices import Role
    from practica.messaging.handlers import deliver_moderation_message
    from practica.messaging.models import Conversation
    from practica.messaging.services import start_conversation
    from practica.moderation.choices import ItemKind
    from practica.moderation.services.queue import open_item

    maya = UserFactory(display_name="Maya Okafor")
    tom = UserFactory(display_name="Tom Reid")
    deliver_moderation_message(
        recipient_id=maya.pk,
        subject="About your post",
        body="Please *anonymise* the case details.",
        review_item_id=7,
        call_request_url="/report/",
    )
    conversation = start_conversation(sender=tom, recipients=[maya], body="Something unkind")
    message = conversation.messages.get()
    open_item(kind=ItemKind.FLAGGED, target=message, author=tom, snapshot={"title": "Private message"})

    page = browser_as(maya)
    page.goto(url(live_server, "messaging:inbox"))
    expect(page.locator(".conversation-list")).to_contain_text("From the Communities of Practice team")
    audit(page)
    page.get_by_role("link", name="About your post").click()
    expect(page.get_by_role("link", name="Ask for a call")).to_be_visible()
    audit(page)
    page.goto(url(live_server, "messaging:conversation", conversation.pk))
    expect(page.get_by_role("link", name=re.compile(r"^Flag"))).to_be_visible()
    audit(page)

    moderator = browser_as(UserFactory(display_name="Priya Shah", role=Role.MODERATOR))
    moderator.goto(url(live_server, "messaging:reported-message", message.pk))
    expect(moderator.locator(".post-body")).to_contain_text("Something unkind")
    audit(moderator)
    assert Conversation.objects.count() == 2
