"""Flags through the real UI: two members flag a post, which is hidden at once; its author sees the notice
(and the team's private message), edits, and the post is visible again and back in the queue as "Edited
after hide"; a moderator resolves it from the review queue. Every moderation page is audited with axe."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from practica.discussions.services.posting import reply, start_topic
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks

SECRET = "Unkind-words-about-a-colleague"
AUTHOR_NOTICE = "Your post was flagged by the community. Please see your private messages."
COMMUNITY_NOTICE = "This post was flagged by the community and is temporarily hidden"


@pytest.fixture
def browser_as(browser, live_server):
    contexts = []

    def open_as(user):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server, user.email, DEFAULT_PASSWORD)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _flag(page, live_server, topic, reason_label: str) -> None:
    page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    page.locator("article#post-2").get_by_role("link", name="Flag #2").click()
    expect(page.get_by_role("heading", name="Flag a problem")).to_be_visible()
    audit(page)
    page.get_by_label(reason_label).check()
    page.get_by_role("button", name="Send the flag").click()
    expect(page.locator(".flash")).to_contain_text("Your flag is with the moderators.")


def test_two_flags_hide_a_post_the_author_edits_and_a_moderator_resolves_it(browser_as, live_server):
    from practica.moderation.models import ReviewItem

    community = CommunityFactory(name="Grief and Loss")
    author = UserFactory(display_name="Ann Author")
    first, second = UserFactory(display_name="Fay First"), UserFactory(display_name="Sid Second")
    moderator = UserFactory(display_name="Mo Moderator", role="moderator")
    for person in (author, first, second):
        add_member(community, person)
    topic = start_topic(author=author, community=community, title="Endings that went wrong", body="Thoughts?").post
    topic = topic.topic
    reply(author=author, topic=topic, body=f"Frankly: {SECRET}.")

    first_page = browser_as(first)
    _flag(first_page, live_server, topic, "Bullying or harassment")
    second_page = browser_as(second)
    _flag(second_page, live_server, topic, "Bullying or harassment")

    # The community sees the placeholder, never the text.
    second_page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    post = second_page.locator("article#post-2")
    expect(post).to_contain_text(COMMUNITY_NOTICE)
    expect(post).not_to_contain_text(SECRET)
    audit(second_page)
    # Flagging again is refused, with a way to withdraw.
    second_page.goto(reverse("moderation:flag", args=["discussions.post", topic.posts.get(number=2).pk]))
    expect(second_page.get_by_text("You have already flagged this.")).to_be_visible()
    audit(second_page)

    # The author sees the post with the notice, and the team's message arrives.
    run_pending_tasks()
    author_page = browser_as(author)
    author_page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    mine = author_page.locator("article#post-2")
    expect(mine).to_contain_text(AUTHOR_NOTICE)
    expect(mine).to_contain_text(SECRET)
    audit(author_page)
    # The team's friendly private message: the reason, the guideline, and a button to ask for a call.
    author_page.locator(".personal-nav").get_by_role("link", name="Messages").click()
    expect(author_page.get_by_role("heading", name="Messages")).to_be_visible()
    audit(author_page)
    author_page.get_by_role("link", name="About your post in “Endings that went wrong”").click()
    body = author_page.locator("main")
    expect(body).to_contain_text("The reason they gave is bullying or harassment")
    expect(body).to_contain_text("be kind")
    expect(body).to_contain_text("A considered edit of any kind is enough to un-hide it")
    call = author_page.get_by_role("link", name="Ask for a call", exact=True)
    expect(call).to_be_visible()
    audit(author_page)
    call.click()
    expect(author_page).to_have_url(re.compile(r"/moderation/queue/\d+/call/$"))
    audit(author_page)
    author_page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")

    # A considered edit un-hides it.
    mine.get_by_role("link", name="Edit #2").click()
    author_page.get_by_label("Your message").fill("I put that badly; what I meant is that endings are hard.")
    author_page.get_by_role("button", name="Save changes").click()
    run_pending_tasks()
    second_page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    expect(second_page.locator("article#post-2")).to_contain_text("endings are hard")
    expect(second_page.locator("article#post-2")).not_to_contain_text(COMMUNITY_NOTICE)

    # A moderator finds it in the queue as "Edited after hide" and resolves it.
    moderator_page = browser_as(moderator)
    moderator_page.get_by_role("link", name="Review queue (1)").click()
    expect(moderator_page.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(moderator_page.locator(".queue-item")).to_contain_text("Edited after hide")
    audit(moderator_page)
    moderator_page.locator(".queue-item a").first.click()
    expect(moderator_page.get_by_role("cell", name="Fay First")).to_be_visible()
    audit(moderator_page)
    moderator_page.locator("summary", has_text="Edit to anonymise").click()
    audit(moderator_page)
    moderator_page.get_by_role("button", name="Dismiss the flags").click()
    expect(moderator_page.locator(".flash")).to_contain_text("Flags dismissed")
    audit(moderator_page)
    assert ReviewItem.objects.get(object_id=topic.posts.get(number=2).pk).resolution == "dismissed"
