"""Layout and keyboard: small screens and the skip link."""

from playwright.sync_api import expect

from tests.browser.conftest import audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, UserFactory


def test_home_page_has_no_horizontal_scroll_at_320px(page, live_server):
    member = UserFactory(display_name="Maximiliana Wolfeschlegelsteinhausen-Bergerdorff")
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, live_server, member.email, DEFAULT_PASSWORD)
    expect(page).to_have_url(url(live_server, "core:home"))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"the home page is {scroll_width}px wide at a 320px viewport"
    audit(page)


def test_skip_link_is_the_first_focusable_element_and_moves_focus_to_main(page, live_server):
    member = UserFactory()
    sign_in(page, live_server, member.email, DEFAULT_PASSWORD)
    expect(page).to_have_url(url(live_server, "core:home"))

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_class("skip-link")
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def test_static_styles_are_served(page, live_server):
    page.goto(url(live_server, "account_login"))
    background = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert background == "rgb(11, 85, 99)"
