"""Browser tests: real journeys in Debian's headless Chromium, each page audited with axe-core.

Run them in their own pytest invocation (STACK.md, trap 7):

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest -m browser tests/browser

One Chromium is started for the whole session and every test gets a fresh context (cookies, storage), so a
test costs a page load or two, not a browser start. Data comes from factories; only the journey under test
goes through the UI. If Chromium cannot start, the session fails loudly: `./run test` decides whether the
browser tests are skipped on a machine without it.
"""

import os
import time
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from django.utils import timezone

from practica.accounts.demo import LEGAL_TEXTS
from practica.accounts.legal import forget_current_legal_key
from practica.accounts.models import LegalDocument
from practica.core.text import render_markdown

CHROMIUM = "/usr/bin/chromium"
# Chromium flags verified on these machines (STACK.md, trap 8): no sandbox as root, no GPU, and nothing that
# phones home, so a test run needs no network beyond the live server on 127.0.0.1.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
BROWSER_DIR = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_MS = 10_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser `browser`, before `-m` deselects anything (hence tryfirst)."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django then refuses database calls from it
    # unless told the test thread is safe (STACK.md, trap 7). `./run test` sets this too.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        pytest.fail(f"Chromium could not be started from {CHROMIUM}: {error}", pytrace=False)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    new_page = context.new_page()
    # A script or style the Content-Security-Policy blocks is a broken feature that no assertion may notice.
    blocked = []
    new_page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield new_page
    context.close()
    assert not blocked, "The Content-Security-Policy blocked something:\n" + "\n".join(blocked)


@pytest.fixture(autouse=True)
def legal_documents(transactional_db):
    """The terms, guidelines and privacy notice in force, as on every real site (created before any person,
    so the factories' people have accepted them)."""
    documents = [
        LegalDocument.objects.create(
            kind=kind,
            version=1,
            title=title,
            body=body,
            body_html=render_markdown(body),
            published_at=timezone.now(),
        )
        for kind, (title, body) in LEGAL_TEXTS.items()
    ]
    forget_current_legal_key()
    yield documents
    forget_current_legal_key()


def url(live_server, name: str, *args, **kwargs) -> str:
    return live_server.url + reverse(name, args=args or None, kwargs=kwargs or None)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(map(str, node.get("target", []))) for node in violation.get("nodes", []))
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation.get('help')} -> {targets}")
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it stands (every rule: WCAG 2.x A/AA and best practices)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    # A click that navigates returns before the new page has loaded: audit the page that arrives,
    # not the one that is leaving (whose script context the navigation destroys mid-audit).
    page.wait_for_load_state()
    try:
        return Axe().run(page).response.get("violations", [])
    except PlaywrightError as error:
        if "context was destroyed" not in str(error):
            raise
        page.wait_for_load_state()
        return Axe().run(page).response.get("violations", [])


def audit(page) -> None:
    """Run axe-core on the page as it stands; fail with one readable line per violation."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n{format_violations(violations)}",
            pytrace=False,
        )


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now. Near the end of a period, wait for the next one, so the code
    is still valid when the form reaches the server (allauth may accept no earlier period)."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def sign_in(page, live_server, email: str, password: str, totp_secret: str | None = None) -> None:
    """Sign in through the real form, and the second step for staff and admins."""
    page.goto(url(live_server, "account_login"))
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("[type=submit]").first.click()
    page.wait_for_load_state()
    if totp_secret is not None:
        page.wait_for_url("**" + reverse("mfa_authenticate"))
        code_form = page.locator("form:has(input[name=code])")
        code_form.locator("input[name=code]").fill(current_totp_code(totp_secret))
        code_form.locator("[type=submit]").first.click()
        page.wait_for_url(lambda address: reverse("mfa_authenticate") not in address)
        page.wait_for_load_state()
