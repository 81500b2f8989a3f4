"""The audit itself: it must find problems when there are some, or every green journey proves nothing."""

import pytest

from tests.browser.conftest import audit, format_violations, url

BROKEN_PAGE = """<!doctype html>
<html><head><title>Broken on purpose</title></head>
<body><main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body>
</html>"""


def test_axe_reports_violations_on_a_deliberately_broken_page(page):
    from axe_playwright_python.sync_playwright import Axe

    page.set_content(BROKEN_PAGE)
    violations = Axe().run(page).response["violations"]
    rules = {violation["id"] for violation in violations}
    assert {"image-alt", "label", "html-has-lang"} <= rules, format_violations(violations)


def test_audit_helper_fails_the_test_on_a_broken_page(page):
    page.set_content(BROKEN_PAGE)
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        audit(page)


def test_audit_runs_on_the_live_sites_csp_protected_pages(page, live_server):
    # Our pages send a strict Content-Security-Policy; axe must still be injected and report a planted fault.
    response = page.goto(url(live_server, "account_login"))
    assert "script-src" in response.headers["content-security-policy"]
    audit(page)
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    with pytest.raises(pytest.fail.Exception, match="label"):
        audit(page)
