"""Search through the real UI: a member searches from the header's box, sees suggestions as they type, filters
the results by type, opens a result; the results page is audited with axe with and without filters."""

import re

import pytest
from playwright.sync_api import expect

from practica.discussions.services.posting import reply, start_topic
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in_member(browser, live_server):
    community = CommunityFactory(name="Open Practice")
    closed = CommunityFactory(name="Closed Circle", membership="closed")
    author = UserFactory(display_name="Alex Author")
    reader = UserFactory(display_name="Rhys Reader")
    add_member(community, author, role="champion")
    add_member(closed, author, role="champion")
    add_member(community, reader)
    question = start_topic(
        author=author,
        community=community,
        title="How do you prepare for supervision?",
        body="I bring notes about my supervision questions.",
        kind="question",
    ).post.topic
    reply(author=reader, topic=question, body="A list of three things to bring to supervision.")
    start_topic(author=author, community=community, title="Supervision in groups", body="Group supervision works.")
    start_topic(author=author, community=closed, title="Secret supervision case", body="Closed supervision notes.")
    run_pending_tasks()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, live_server, reader.email, DEFAULT_PASSWORD)
    expect(page).to_have_url(url(live_server, "core:home"))
    yield page
    context.close()


def test_a_member_searches_filters_and_opens_a_result(signed_in_member, live_server):
    page = signed_in_member
    box = page.get_by_role("searchbox", name="Search discussions, library, meetings, experts and members")
    box.fill("supervis")
    # Suggestions as you type (htmx): topics the reader may see, never the closed community's.
    suggestions = page.locator("#header-search-suggestions")
    expect(suggestions.get_by_role("link", name="How do you prepare for supervision?", exact=True)).to_be_visible()
    expect(suggestions).not_to_contain_text("Secret supervision case")
    box.fill("supervision")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=supervision"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name="How do you prepare for supervision?", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Supervision in groups")).to_be_visible()
    expect(results).not_to_contain_text("Secret supervision case")
    expect(results.locator("mark").first).to_be_visible()
    audit(page)

    page.get_by_text("Filters and sorting").click()
    page.get_by_label("Type").select_option("question")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(results.get_by_role("link", name="How do you prepare for supervision?", exact=True)).to_be_visible()
    expect(results).not_to_contain_text("Supervision in groups")
    audit(page)

    page.get_by_role("link", name="Members").last.click()
    expect(page.locator("#search-results")).to_be_visible()
    audit(page)
    page.go_back()

    page.locator("#search-results").get_by_role("link", name="How do you prepare for supervision?", exact=True).click()
    expect(page).to_have_url(re.compile(r"/topics/\d+/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("How do you prepare for supervision?")


def test_a_search_with_nothing_to_search_for_explains_itself(signed_in_member, live_server):
    page = signed_in_member
    page.goto(url(live_server, "search:results") + "?q=the+of+and")
    expect(page.locator("#search-results")).to_contain_text("too common to search for")
    audit(page)
