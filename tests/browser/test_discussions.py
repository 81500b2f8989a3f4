"""Discussions through the real UI: starting a topic with a poll, replying, quoting (selected text with
JavaScript, the ?quote= link without), likes, votes, linked topics, edits and their history, previews, the
composer's keyboard toolbar, @mention autocomplete, drafts, champions closing and pinning, accepted answers,
every discussions page audited with axe, and a topic page at 320px with wide content.

Several people take part in one journey, so each signs in in a browser context of their own (cookies apart),
through the real sign-in form; only the starting data comes from factories and services.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from practica.discussions.models import Draft, Post, Topic
from practica.discussions.services.engagement import save_draft, toggle_like
from practica.discussions.services.posting import ResearchDetails, edit_post, reply, start_topic
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, audit, axe_violations, format_violations, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, UserFactory, add_member


@pytest.fixture
def browser_as(browser, live_server):
    """Sign a person in, in a fresh browser context of their own, and return their page. Like the `page`
    fixture, any script or style the Content-Security-Policy blocks fails the test."""
    contexts = []
    blocked = []

    def open_as(user, width: int = 1280, height: int = 900):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
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


def flash(page):
    return page.locator(".flash")


def post_article(page, number: int):
    return page.locator(f"article#post-{number}")


def reply_box(page):
    """The reply composer's text area at the end of a topic page."""
    return page.get_by_role("region", name="Your reply").get_by_label("Your message")


def composer_ready(page):
    """composer.js has run: it reveals the formatting toolbar."""
    expect(page.get_by_role("toolbar", name="Formatting").first).to_be_visible()


def select_text_in(locator, text: str) -> None:
    """Select `text` inside an element, as a reader dragging over it would."""
    locator.evaluate(
        """(element, wanted) => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(wanted);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + wanted.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    document.dispatchEvent(new Event("selectionchange"));
                    return;
                }
            }
            throw new Error("text not found: " + wanted);
        }""",
        text,
    )


def test_members_start_a_topic_with_a_poll_and_converse(browser_as, live_server):
    community = CommunityFactory(name="Counselling Older Adults", membership="open")
    elsewhere = CommunityFactory(name="Grief and Loss", membership="closed")
    ann = UserFactory(display_name="Ann Author")
    ben = UserFactory(display_name="Ben Reader")
    add_member(community, ann)
    add_member(community, ben)
    add_member(elsewhere, ben)
    title = "Endings with long-term clients"
    body = "Endings can be hard after years together.\n\nHow do you prepare a client for the last session?"

    # 1. Ann starts a topic with a poll; she previews it and bolds a word with the keyboard on the way.
    ann_page = browser_as(ann)
    ann_page.goto(url(live_server, "discussions:topic-list", community.pk))
    audit(ann_page)
    ann_page.get_by_role("main").get_by_role("link", name="Start a topic").first.click()
    expect(ann_page).to_have_url(url(live_server, "discussions:topic-create", community.pk))
    composer_ready(ann_page)
    audit(ann_page)
    form = ann_page.get_by_role("main").locator("form.topic-form")
    form.get_by_label("Title", exact=True).fill(title)
    form.get_by_label("Discussion", exact=True).check()
    message = form.get_by_label("Your message")
    message.fill("Endings can be hard")
    # Select "hard" with the keyboard, Shift+Tab to the toolbar (one tab stop), Enter on Bold.
    message.press("End")
    for _ in "hard":
        message.press("Shift+ArrowLeft")
    message.press("Shift+Tab")
    bold = form.get_by_role("button", name="Bold")
    expect(bold).to_be_focused()
    # Arrow keys move along the toolbar.
    ann_page.keyboard.press("ArrowRight")
    expect(form.get_by_role("button", name="Italic")).to_be_focused()
    ann_page.keyboard.press("ArrowLeft")
    expect(bold).to_be_focused()
    ann_page.keyboard.press("Enter")
    expect(message).to_have_value("Endings can be **hard**")
    expect(message).to_be_focused()  # back in the text, to keep writing
    message.fill(body.replace("hard", "**hard**", 1))
    form.get_by_label(re.compile(r"^Tags")).fill("endings, older adults")
    form.locator("summary", has_text="Add a poll").click()
    form.get_by_label(re.compile(r"^Poll question")).fill("How many sessions do you plan for the ending?")
    form.get_by_label(re.compile(r"^Options")).fill("One\nTwo or three\nMore than three")

    form.get_by_role("button", name="Preview").click()
    preview = ann_page.locator("#topic-preview").get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("hard")
    expect(preview).to_contain_text("How do you prepare a client for the last session?")
    expect(form.get_by_label("Title", exact=True)).to_have_value(title)
    expect(message).to_have_value(body.replace("hard", "**hard**", 1))
    expect(form.get_by_label(re.compile(r"^Tags"))).to_have_value("endings, older adults")
    expect(form.get_by_label(re.compile(r"^Options"))).to_have_value("One\nTwo or three\nMore than three")
    audit(ann_page)

    form.get_by_role("button", name="Post the topic").click()
    topic = Topic.objects.get(title=title)
    expect(ann_page).to_have_url(re.compile(rf"/topics/{topic.pk}/\?page=1#post-1$"))
    expect(ann_page.get_by_role("heading", level=1)).to_have_text(title)
    expect(flash(ann_page)).to_contain_text("Your topic is posted.")
    expect(post_article(ann_page, 1).locator(".post-body strong")).to_have_text("hard")
    expect(ann_page.locator(".topic-badges .tag")).to_have_text(["endings", "older adults"])
    expect(ann_page.get_by_role("region", name=re.compile(r"^Poll: How many sessions"))).to_be_visible()
    audit(ann_page)
    first_post = topic.posts.get(number=1)
    assert topic.kind == "discussion" and topic.poll.options.count() == 3

    # 2. Ben finds it in the topic list and replies.
    ben_page = browser_as(ben)
    ben_page.goto(url(live_server, "discussions:topic-list", community.pk))
    ben_page.get_by_role("link", name=title).click()
    expect(ben_page.get_by_role("heading", level=1)).to_have_text(title)
    composer_ready(ben_page)
    audit(ben_page)
    reply_box(ben_page).fill("I start talking about the ending three months ahead.")
    ben_page.get_by_role("button", name="Post the reply").click()
    expect(flash(ben_page)).to_contain_text("Your reply is posted.")
    expect(post_article(ben_page, 2)).to_contain_text("I start talking about the ending three months ahead.")
    audit(ben_page)

    # 3. He quotes part of Ann's post: select the words, press its Quote, and the composer gets just them.
    composer_ready(ben_page)
    select_text_in(post_article(ben_page, 1).locator(".post-body"), "How do you prepare a client")
    post_article(ben_page, 1).get_by_role("link", name="Quote #1").click()
    expect(ben_page).to_have_url(re.compile(rf"/topics/{topic.pk}/"))  # stayed on the topic page
    box = reply_box(ben_page)
    expect(box).to_have_value(
        f"> **Ann Author** wrote in [#1](/posts/{first_post.pk}/):\n>\n> How do you prepare a client\n\n"
    )
    expect(ben_page.get_by_role("region", name="Your reply").locator("[data-reply-note]")).to_have_text(
        "In reply to #1 (Ann Author)"
    )
    audit(ben_page)
    box.press("End")
    box.press_sequentially("Gradually, and we name it together.")
    ben_page.get_by_role("button", name="Post the reply").click()
    expect(flash(ben_page)).to_contain_text("Your reply is posted.")
    third = post_article(ben_page, 3)
    expect(third.locator("blockquote")).to_contain_text("How do you prepare a client")
    expect(third.get_by_role("link", name="in reply to #1")).to_be_visible()
    assert Post.objects.get(topic=topic, number=3).reply_to_id == first_post.pk

    # With nothing selected, Quote is a plain link (as without JavaScript): the reply page quotes the whole post.
    ben_page.evaluate("() => window.getSelection().removeAllRanges()")
    post_article(ben_page, 1).get_by_role("link", name="Quote #1").click()
    expect(ben_page).to_have_url(url(live_server, "discussions:reply", topic.pk) + f"?quote={first_post.pk}")
    expect(ben_page.get_by_role("heading", level=1)).to_have_text(f"Reply to “{title}”")
    quoted = ben_page.get_by_label("Your message")
    expect(quoted).to_have_value(re.compile(rf"^> \*\*Ann Author\*\* wrote in \[#1\]\(/posts/{first_post.pk}/\):"))
    expect(quoted).to_have_value(re.compile(r"> How do you prepare a client for the last session\?"))
    expect(ben_page.locator("[data-reply-note]")).to_have_text("In reply to #1 by Ann Author")
    audit(ben_page)

    # 4. He likes Ann's post, and votes in the poll.
    ben_page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    like = post_article(ben_page, 1).get_by_role("button", name="Like post #1")
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(post_article(ben_page, 1).locator(".like-count")).to_have_text("1 like")
    expect(post_article(ben_page, 1).get_by_role("button", name="Like post #1")).to_have_attribute(
        "aria-pressed", "true"
    )
    audit(ben_page)
    poll = ben_page.get_by_role("region", name=re.compile(r"^Poll: "))
    expect(poll).to_contain_text("The results will be shown once you have voted.")
    poll.get_by_label("Two or three").check()
    poll.get_by_role("button", name="Vote").click()
    poll = ben_page.get_by_role("region", name=re.compile(r"^Poll: "))
    expect(poll.get_by_role("heading", name="Results")).to_be_visible()
    expect(poll.locator(".poll-results li").filter(has_text="Two or three")).to_contain_text("1 vote (100%)")
    expect(poll).to_contain_text("1 person has voted.")
    audit(ben_page)

    # 5. He replies to Ann's post as a linked topic in another community he can post in.
    post_article(ben_page, 1).get_by_role("link", name="Reply as a linked topic (from #1)").click()
    expect(ben_page.get_by_role("heading", level=1)).to_have_text("Continue in a new topic")
    composer_ready(ben_page)
    audit(ben_page)
    linked_form = ben_page.get_by_role("main").locator("form.topic-form")
    linked_form.get_by_label("Community").select_option(label="Grief and Loss")
    linked_form.get_by_label("Title", exact=True).fill("Endings after a bereavement")
    linked_form.get_by_label("Your message").fill("When the client has just lost someone, the ending is different.")
    linked_form.get_by_role("button", name="Post the topic").click()
    linked = Topic.objects.get(title="Endings after a bereavement")
    assert linked.community == elsewhere and linked.linked_from_id == first_post.pk
    expect(ben_page.get_by_role("heading", level=1)).to_have_text("Endings after a bereavement")
    expect(ben_page.locator(".topic-linked-from")).to_contain_text(f"Continued from post #1 in “{title}”")
    audit(ben_page)

    ben_page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    continued = post_article(ben_page, 1).locator(".post-continued")
    expect(continued).to_contain_text("The conversation continues in:")
    expect(continued.get_by_role("link", name="Endings after a bereavement")).to_be_visible()
    audit(ben_page)

    # 6. Ann edits her post and reads its history; Ben sees that it was edited, not what changed.
    ann_page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    post_article(ann_page, 1).get_by_role("link", name="Edit #1").click()
    expect(ann_page).to_have_url(url(live_server, "discussions:post-edit", first_post.pk))
    expect(ann_page.get_by_role("heading", level=1)).to_have_text("Edit post #1")
    composer_ready(ann_page)
    audit(ann_page)
    ann_page.get_by_label("Your message").fill(body.replace("hard", "painful"))
    ann_page.get_by_role("button", name="Save changes").click()
    expect(flash(ann_page)).to_contain_text("Your changes are saved.")
    expect(post_article(ann_page, 1).locator(".post-body")).to_contain_text("Endings can be painful")
    audit(ann_page)
    post_article(ann_page, 1).get_by_role("link", name="edited (see the history)").click()
    expect(ann_page).to_have_url(url(live_server, "discussions:post-history", first_post.pk))
    expect(ann_page.get_by_role("heading", level=1)).to_have_text("History of post #1")
    latest = ann_page.locator("article.history-version").first
    expect(latest.get_by_role("heading", level=2)).to_have_text("Version 2 (current)")
    expect(latest.locator(".diff del").first).to_contain_text("**hard**")
    expect(latest.locator(".diff ins").first).to_contain_text("painful")
    expect(latest.locator(".diff del").first).to_be_visible()
    audit(ann_page)

    ben_page.reload()
    ben_first = post_article(ben_page, 1)
    expect(ben_first.locator(".post-header")).to_contain_text("edited")
    expect(ben_first.locator(".post-body")).to_contain_text("Endings can be painful")
    expect(ben_first.get_by_role("link", name=re.compile("edited|History"))).to_have_count(0)
    response = ben_page.goto(url(live_server, "discussions:post-history", first_post.pk))
    assert response is not None and response.status == 404


def test_mention_suggestions_offer_only_people_who_can_see_the_topic(browser_as, live_server):
    circle = CommunityFactory(name="Supervision Circle", membership="closed")
    ann = UserFactory(display_name="Ann Author")
    add_member(circle, ann)
    add_member(circle, UserFactory(display_name="Carla Carter"))
    caroline = UserFactory(display_name="Caroline Carr")
    add_member(circle, caroline)
    outsider = UserFactory(display_name="Carlos Cortez")  # a member of the site, not of this closed community
    add_member(CommunityFactory(name="Open Door"), outsider)
    topic = start_topic(author=ann, community=circle, title="Case notes and consent", body="Who keeps what?").post.topic

    page = browser_as(ann)
    page.goto(url(live_server, "discussions:topic", topic.pk))
    composer_ready(page)
    box = reply_box(page)
    box.click()
    box.press_sequentially("Thanks @car")
    suggestions = page.get_by_role("listbox", name="Members to mention")
    expect(suggestions).to_be_visible()
    options = suggestions.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Carla Carter")
    expect(options.nth(1)).to_contain_text("Caroline Carr")
    expect(suggestions).not_to_contain_text("Carlos Cortez")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"-option-1$"))
    audit(page)

    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"-option-2$"))
    box.press("Enter")
    expect(suggestions).to_have_count(0)
    expect(box).to_have_value("Thanks @caroline-carr ")
    expect(box).to_be_focused()
    box.press_sequentially("for the template.")
    audit(page)
    page.get_by_role("button", name="Post the reply").click()
    expect(flash(page)).to_contain_text("Your reply is posted.")
    mention = post_article(page, 2).locator(".post-body").get_by_role("link", name="@caroline-carr")
    expect(mention).to_have_attribute("href", reverse("accounts:profile", args=[caroline.pk]))
    audit(page)


def test_a_reply_draft_is_saved_as_you_type_restored_listed_and_discarded(browser_as, live_server):
    community = CommunityFactory(name="Counselling Older Adults")
    ann = UserFactory(display_name="Ann Author")
    add_member(community, ann)
    topic = start_topic(author=ann, community=community, title="Retirement and identity", body="Thoughts?").post.topic

    page = browser_as(ann)
    page.goto(url(live_server, "discussions:topic", topic.pk))
    composer_ready(page)
    reply_box(page).press_sequentially("Work gave structure; what replaces it?")
    status = page.get_by_role("region", name="Your reply").get_by_role("status")
    expect(status).to_have_text(re.compile(r"^Draft saved at \d\d:\d\d$"))
    audit(page)
    assert Draft.objects.get(user=ann, topic=topic).body == "Work gave structure; what replaces it?"

    page.reload()
    expect(reply_box(page)).to_have_value("Work gave structure; what replaces it?")
    expect(status).to_have_text(re.compile(r"^Draft saved at"))

    page.goto(url(live_server, "discussions:drafts"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your drafts")
    item = page.locator(".draft-list > li")
    expect(item).to_have_count(1)
    expect(item.get_by_role("link", name="Reply to “Retirement and identity”")).to_be_visible()
    expect(item).to_contain_text("Work gave structure; what replaces it?")
    audit(page)
    item.get_by_role("button", name="Discard this draft").click()
    expect(item).to_have_count(0)
    audit(page)
    assert not Draft.objects.filter(user=ann).exists()
    page.reload()
    expect(page.get_by_role("main")).to_contain_text("You have no drafts.")
    audit(page)


def test_a_champion_closes_a_topic_with_a_reason_and_pins_it(browser_as, live_server):
    community = CommunityFactory(name="Counselling Older Adults")
    champion = UserFactory(display_name="Cleo Champion")
    member = UserFactory(display_name="Ben Reader")
    add_member(community, champion, role="champion")
    add_member(community, member)
    topic = start_topic(author=member, community=community, title="Fees for home visits", body="What do you charge?")
    topic = topic.post.topic
    start_topic(author=member, community=community, title="A newer topic", body="Something else entirely.")

    champion_page = browser_as(champion)
    champion_page.goto(url(live_server, "discussions:topic", topic.pk))
    tools = champion_page.get_by_role("complementary", name="Champion and moderator tools")
    audit(champion_page)
    tools.get_by_role("link", name="Pin, close or archive").click()
    expect(champion_page).to_have_url(url(live_server, "discussions:moderate", topic.pk))
    audit(champion_page)
    close = champion_page.get_by_role("region", name="Close to new replies")
    close.get_by_label("Why is the topic closing?").fill("Fees are set by each practice; please ask locally.")
    close.get_by_role("button", name="Close the topic").click()
    expect(champion_page).to_have_url(url(live_server, "discussions:topic", topic.pk))
    expect(flash(champion_page)).to_contain_text("The topic is closed to new replies.")
    audit(champion_page)

    member_page = browser_as(member)
    member_page.goto(url(live_server, "discussions:topic", topic.pk))
    expect(member_page.locator("p.notice").first).to_have_text(
        "This topic is closed to new replies: Fees are set by each practice; please ask locally."
    )
    your_reply = member_page.get_by_role("region", name="Your reply")
    expect(your_reply.locator("form")).to_have_count(0)
    expect(your_reply.get_by_role("textbox")).to_have_count(0)
    expect(your_reply).to_contain_text("This topic is closed to new replies.")
    expect(member_page.get_by_role("link", name=re.compile(r"^(Reply to|Quote) #"))).to_have_count(0)
    audit(member_page)

    champion_page.goto(url(live_server, "discussions:moderate", topic.pk))
    champion_page.get_by_role("region", name="Pin").get_by_role("button", name="Pin the topic").click()
    expect(flash(champion_page)).to_contain_text("The topic is pinned in the community.")
    expect(champion_page.get_by_role("link", name="Topics", exact=True)).to_be_visible()
    champion_page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Topics").click()
    expect(champion_page).to_have_url(url(live_server, "discussions:topic-list", community.pk))
    rows = champion_page.locator(".topic-list > li")
    expect(rows).to_have_count(2)
    expect(rows.first.get_by_role("heading")).to_contain_text("Fees for home visits")
    expect(rows.first.locator(".topic-badges")).to_contain_text("Pinned")
    expect(rows.first.locator(".topic-badges")).to_contain_text("Closed")
    audit(champion_page)

    member_page.goto(url(live_server, "discussions:topic-list", community.pk))
    expect(member_page.locator(".topic-list > li").first).to_contain_text("Fees for home visits")
    audit(member_page)


def test_the_asker_marks_a_reply_as_the_answer(browser_as, live_server):
    community = CommunityFactory(name="Counselling Older Adults")
    asker = UserFactory(display_name="Ann Asker")
    first, second = UserFactory(display_name="Ben Reader"), UserFactory(display_name="Dina Doyle")
    for person in (asker, first, second):
        add_member(community, person)
    question = start_topic(
        author=asker, community=community, title="Which supervision model?", body="For older adults?", kind="question"
    ).post.topic
    reply(author=first, topic=question, body="Try the seven-eyed model.")
    answer = reply(author=second, topic=question, body="The process model works well for me.").post

    page = browser_as(asker)
    page.goto(url(live_server, "discussions:topic", question.pk))
    expect(page.locator(".topic-badges")).to_contain_text("Question")
    audit(page)
    post_article(page, 3).get_by_role("button", name="Accept as the answer post #3").click()
    expect(flash(page)).to_contain_text("Marked as the answer.")
    top = page.locator(".accepted-answer-link")
    expect(top).to_contain_text("This question has an accepted answer:")
    expect(top.get_by_role("link", name="#3 by Dina Doyle")).to_be_visible()
    # It comes before the posts, and the post itself is marked.
    assert top.evaluate("(element) => !!(element.compareDocumentPosition(document.querySelector('.posts')) & 4)"), (
        "the accepted answer's link should come before the posts"
    )
    expect(post_article(page, 3)).to_have_class(re.compile(r"\bis-answer\b"))
    expect(post_article(page, 3).locator(".badge-answer")).to_have_text("Accepted answer")
    expect(post_article(page, 2)).not_to_have_class(re.compile(r"\bis-answer\b"))
    expect(page.locator(".topic-badges")).to_contain_text("Answered")
    expect(post_article(page, 3).get_by_role("button", name="Unmark as the answer post #3")).to_be_visible()
    audit(page)
    question.refresh_from_db()
    assert question.accepted_answer_id == answer.pk
    top.get_by_role("link", name="#3 by Dina Doyle").click()
    expect(page).to_have_url(re.compile(r"#post-3$"))


def test_every_discussions_page_passes_the_audit(browser_as, live_server):
    community = CommunityFactory(name="Counselling Older Adults")
    other = CommunityFactory(name="Grief and Loss")
    member = UserFactory(display_name="Maya Member")
    champion = UserFactory(display_name="Cleo Champion")
    add_member(community, member)
    add_member(community, champion, role="champion")
    add_member(other, champion)
    topic = start_topic(
        author=member,
        community=community,
        title="Loneliness in care homes",
        body="What helps?",
        tags=["loneliness", "care homes"],
    ).post.topic
    opening = topic.posts.get(number=1)
    edit_post(editor=member, post=opening, body="What helps residents who feel alone?")
    answer = reply(author=champion, topic=topic, body="Regular **small** groups.").post
    reply(author=champion, topic=topic, body="And befriending schemes.")
    toggle_like(user=member, post=answer)
    start_topic(author=member, community=community, title="Loneliness at home", body="And outside care homes?")
    start_topic(
        author=champion,
        community=community,
        title="Study: loneliness in later life",
        body="Please take part.",
        kind="research",
        research=ResearchDetails(
            study_title="Loneliness in later life",
            ethics_reference="ETH-2026-01",
            eligibility="Counsellors working with adults over 70",
            involvement="A one-hour interview",
            closes_on=timezone.localdate() + datetime.timedelta(days=30),
            contact="study@example.org",
        ),
    )
    save_draft(user=member, community=community, title="Half a thought", body="Not finished yet.")
    problems = []

    def check(page, label: str) -> None:
        violations = axe_violations(page)
        if violations:
            problems.append(f"{label} ({page.url}):\n{format_violations(violations)}")

    def visit(page, name: str, *args, query: str = "") -> None:
        response = page.goto(url(live_server, name, *args) + query)
        if response is None or response.status != 200:
            problems.append(f"{name}: HTTP {response.status if response else 'no response'}")
            return
        check(page, name)

    page = browser_as(member)
    visit(page, "discussions:topic-list", community.pk)
    # The filters swap the results in place.
    filters = page.get_by_role("search", name="Filter topics")
    filters.get_by_label("Type").select_option(label="Research call")
    expect(page.locator("#topic-results .topic-list > li")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"kind=research"))
    check(page, "topic list filtered by type")
    visit(page, "discussions:topic-list", community.pk, query="?kind=discussion&tag=loneliness&unread=on")
    expect(page.locator(".topic-list > li")).to_have_count(1)
    check(page, "topic list with every filter")
    visit(page, "discussions:topic-list", community.pk, query="?kind=question")
    expect(page.get_by_role("main")).to_contain_text("No topics match these filters.")
    visit(page, "discussions:topic", topic.pk, query="?page=1")
    visit(page, "discussions:research")
    visit(page, "discussions:research", query="?archived=1")

    # Bookmark a post with a note, through its form.
    page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    post_article(page, 2).get_by_role("link", name="Bookmark post #2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bookmark a post")
    check(page, "bookmark form")
    page.get_by_label(re.compile(r"^Note")).fill("Try this with the Thursday group.")
    page.get_by_role("button", name="Save bookmark").click()
    expect(flash(page)).to_contain_text("Bookmark saved.")
    visit(page, "discussions:bookmarks")
    expect(page.locator(".bookmark-note")).to_have_text("Try this with the Thursday group.")
    visit(page, "discussions:bookmark", answer.pk)

    visit(page, "discussions:drafts")
    expect(page.locator(".draft-list > li")).to_have_count(1)
    visit(page, "discussions:post-history", opening.pk)
    visit(page, "discussions:post-edit", opening.pk)
    visit(page, "discussions:reply", topic.pk)
    visit(page, "discussions:reply", topic.pk, query=f"?quote={answer.pk}")
    visit(page, "discussions:linked-topic", answer.pk)
    visit(page, "discussions:poll-add", topic.pk)
    visit(page, "discussions:likers", answer.pk)

    visit(page, "discussions:topic-create", community.pk)  # restores the draft
    composer_ready(page)
    research = page.locator("[data-research-fields]")
    page.get_by_label("Discussion", exact=True).check()
    expect(research).to_be_hidden()
    page.get_by_label("Research call", exact=True).check()
    expect(research).to_be_visible()
    expect(research.get_by_label(re.compile(r"^Study title"))).to_be_visible()
    expect(research.get_by_label(re.compile(r"^Ethics approval reference"))).to_have_attribute("aria-required", "true")
    page.locator("summary", has_text="Add a poll").click()
    check(page, "new topic form as a research call, poll open")

    champion_page = browser_as(champion)
    visit(champion_page, "discussions:topic", topic.pk, query="?page=1")
    visit(champion_page, "discussions:moderate", topic.pk)
    visit(champion_page, "discussions:move", topic.pk)
    expect(champion_page.get_by_label("Move to")).to_be_visible()
    visit(champion_page, "discussions:split", topic.pk)
    visit(champion_page, "discussions:merge", topic.pk)
    visit(champion_page, "discussions:merge", topic.pk, query="?q=Loneliness")
    expect(champion_page.get_by_role("radio", name=re.compile("Loneliness at home"))).to_have_count(1)
    visit(champion_page, "discussions:post-delete", answer.pk)
    visit(champion_page, "discussions:post-history", opening.pk)

    assert not problems, "Discussions pages failing the audit:\n" + "\n".join(problems)


def test_a_topic_page_with_wide_content_does_not_scroll_sideways_at_320px(browser_as, live_server):
    community = CommunityFactory(name="Counselling Older Adults")
    member = UserFactory(display_name="Maya Member")
    add_member(community, member)
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
    long_url = "https://example.org/" + "/".join(["a-rather-long-path-segment"] * 6) + "?with=query&and=more"
    table = (
        "| Session | Focus | Technique | Homework | Outcome measure | Notes |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| 1 | Assessment | Genogram | Reflection diary | CORE-10 | Establish the contract |\n"
        "| 2 | Formulation | Timeline | Letter writing | PHQ-9 | Shared understanding |\n"
    )
    body = f"A word: {long_word}.\n\nA link: <{long_url}> and [{long_url}]({long_url})\n\n`{long_word}`\n\n{table}"
    topic = start_topic(author=member, community=community, title=f"Wide content {long_word}", body=body).post.topic
    reply(author=member, topic=topic, body=f"```\n{long_url} {long_word}\n```")

    page = browser_as(member, width=320, height=800)
    page.goto(url(live_server, "discussions:topic", topic.pk) + "?page=1")
    expect(post_article(page, 1).locator(".post-body table")).to_be_visible()
    composer_ready(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 320:
        culprits = page.evaluate(
            """() => Array.from(document.querySelectorAll("body *"))
                .filter((e) => e.getBoundingClientRect().right > 321)
                .slice(0, 8)
                .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""
        )
        pytest.fail(f"the page scrolls sideways at 320px: scrollWidth {width}; too wide: {culprits}", pytrace=False)
    audit(page)
