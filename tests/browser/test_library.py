"""The library through the real UI: a member uploads a PDF to their community's library (after one refused
upload that keeps the form), another member finds it with the filters and downloads it; every library page
is audited with axe."""

import re

import pytest
from playwright.sync_api import expect

from practica.library.models import LibraryItem
from practica.library.services.collections import add_to_collection, create_collection
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, UserFactory, add_member
from tests.library.corpus import HTML, minimal_pdf
from tests.library.factories import add_file_item, add_link_item


@pytest.fixture
def browser_as(browser, live_server):
    contexts = []

    def open_as(user):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server, user.email, DEFAULT_PASSWORD)
        expect(page).to_have_url(url(live_server, "core:home"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_member_shares_a_pdf_and_another_finds_it_by_filter_and_downloads_it(browser_as, live_server):
    community = CommunityFactory(name="Palliative and Bereavement Care", membership="closed")
    uploader = UserFactory(display_name="Uma Uploader")
    reader = UserFactory(display_name="Rhys Reader")
    add_member(community, uploader, role="champion")
    add_member(community, reader)
    add_link_item(author=uploader, community=community, title="A guide that is not a template", resource_type="guide")

    page = browser_as(uploader)
    page.goto(url(live_server, "library:community", pk=community.pk))
    audit(page)
    page.get_by_role("link", name="Add to the library").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add to the library")
    audit(page)
    page.get_by_label("Title").fill("Planned endings: session outline")
    page.get_by_label("Description").fill("A structure for the last three sessions.")
    page.get_by_label("Type").select_option("template")
    page.get_by_label("Tags").fill("endings")
    page.get_by_label("I have the right to share this").check()
    # First a web page pretending to be a PDF: refused next to the file field, the rest kept.
    page.locator("#id_file").set_input_files(
        files=[{"name": "outline.pdf", "mimeType": "application/pdf", "buffer": HTML}]
    )
    page.get_by_role("button", name="Add to the library").click()
    expect(page.locator("#id_file_error")).to_contain_text("Web pages, SVG images and files with scripts")
    expect(page.get_by_label("Title")).to_have_value("Planned endings: session outline")
    audit(page)
    page.locator("#id_file").set_input_files(
        files=[{"name": "Planned endings.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("Endings")}]
    )
    page.get_by_label("I have the right to share this").check()
    page.get_by_role("button", name="Add to the library").click()
    expect(page.locator(".flash")).to_contain_text("is in the library")
    expect(page.get_by_role("heading", level=1)).to_have_text("Planned endings: session outline")
    audit(page)
    item = LibraryItem.objects.get(title="Planned endings: session outline")
    assert item.community == community

    other = browser_as(reader)
    other.goto(url(live_server, "library:index"))
    audit(other)
    other.get_by_label("Type").select_option("template")
    other.get_by_role("button", name="Show resources").click()
    results = other.locator("#library-results")
    expect(results).to_contain_text("Planned endings: session outline")
    expect(results).not_to_contain_text("A guide that is not a template")
    other.get_by_role("link", name="Planned endings: session outline").click()
    expect(other).to_have_url(re.compile(rf"/library/items/{item.pk}/$"))
    with other.expect_download() as download_info:
        other.get_by_role("link", name=re.compile("^Download Planned endings.pdf")).click()
    download = download_info.value
    assert download.suggested_filename == "Planned endings.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read().startswith(b"%PDF-")
    item.refresh_from_db()
    assert item.download_count == 1


def test_every_library_page_passes_axe(browser_as, live_server, staff):
    community = CommunityFactory(name="Research in Practice")
    champion = UserFactory(display_name="Cleo Champion")
    add_member(community, champion, role="champion")
    item = add_file_item(author=champion, community=community, title="Outcome measures primer", image=True)
    collection = create_collection(actor=champion, community=community, title="Getting started")
    add_to_collection(actor=champion, collection=collection, item=item)

    page = browser_as(champion)
    for name, kwargs in (
        ("library:index", {}),
        ("library:community", {"pk": community.pk}),
        ("library:item", {"pk": item.pk}),
        ("library:item-create", {}),
        ("library:item-edit", {"pk": item.pk}),
        ("library:version-create", {"pk": item.pk}),
        ("library:item-remove", {"pk": item.pk}),
        ("library:collections", {}),
        ("library:collection", {"pk": collection.pk}),
        ("library:collection-edit", {"pk": collection.pk}),
    ):
        page.goto(url(live_server, name, **kwargs))
        expect(page.locator("main h1")).to_be_visible()
        audit(page)
    page.goto(url(live_server, "library:collection-create") + f"?community={community.pk}")
    audit(page)
    page.goto(url(live_server, "communities:detail", pk=community.pk))
    expect(page.locator("#community-library-heading")).to_be_visible()
    audit(page)


def test_a_member_filters_the_library_by_a_range_of_dates_and_is_told_when_the_range_is_back_to_front(
    browser_as, live_server, staff
):
    import datetime

    import time_machine

    member = UserFactory(display_name="Dora Dates")
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)):
        add_link_item(author=staff, community=None, title="March reading list", resource_type="guide")
    add_link_item(author=staff, community=None, title="Recent reading list", resource_type="guide")

    page = browser_as(member)
    page.goto(url(live_server, "library:index"))
    page.get_by_label("Added from").fill("2026-03-01")
    page.get_by_label("Added to").fill("2026-03-31")
    page.get_by_role("button", name="Show resources").click()
    results = page.locator("#library-results")
    expect(results).to_contain_text("March reading list")
    expect(results).not_to_contain_text("Recent reading list")
    audit(page)
    # A choice in a list applies at once (htmx), keeping the dates.
    page.get_by_label("Type").select_option("template")
    expect(page.locator("#library-results")).to_contain_text("No resources match these filters.")
    expect(page).to_have_url(re.compile(r"resource_type=template.*added_from=2026-03-01"))
    page.get_by_label("Type").select_option("")
    expect(page.locator("#library-results")).to_contain_text("March reading list")

    page.get_by_label("Added from").fill("2026-04-01")
    page.get_by_label("Type").select_option("guide")
    page.get_by_role("button", name="Show resources").click()
    expect(page.locator("#id_added_to_error")).to_contain_text("This date is before the “Added from” date.")
    expect(page.get_by_label("Added from")).to_have_value("2026-04-01")
    expect(page.get_by_label("Added to")).to_have_value("2026-03-31")
    expect(page.get_by_label("Type")).to_have_value("guide")
    audit(page)


def test_a_picture_waiting_for_its_thumbnail_shows_its_type_and_passes_axe(browser_as, live_server):
    from practica.library.services.items import create_item
    from tests.library.corpus import image_bytes
    from tests.library.factories import checked, details

    community = CommunityFactory(name="Creative Therapies")
    champion = UserFactory(display_name="Cass Champion")
    add_member(community, champion, role="champion")
    item = create_item(
        author=champion,
        community=community,
        kind="file",
        details=details("Sand tray photograph"),
        upload=checked("tray.png", image_bytes("PNG", size=(600, 400))),
    )
    page = browser_as(champion)
    page.goto(url(live_server, "library:community", pk=community.pk))
    expect(page.locator(".library-thumb-pending")).to_have_text("PNG")
    audit(page)
    page.goto(url(live_server, "library:item", pk=item.pk))
    expect(page.get_by_text("The preview is still being made.")).to_be_visible()
    audit(page)
