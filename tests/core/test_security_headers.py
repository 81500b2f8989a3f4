"""Security headers on every page: CSP with nonces, no caching of member pages, no indexing, no framing."""

import re

import pytest
from django.urls import reverse


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


def test_member_pages_have_a_strict_content_security_policy_with_a_nonce(member_client):
    response = member_client.get(reverse("core:home"))
    directives = _directives(response)

    assert directives["default-src"] == ["'self'"]
    assert "'self'" in directives["script-src"]
    assert any(re.fullmatch(r"'nonce-[A-Za-z0-9+/_=-]{16,}'", source) for source in directives["script-src"])
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_the_csp_nonce_is_fresh_on_every_response(member_client):
    first = _directives(member_client.get(reverse("core:home")))["script-src"]
    second = _directives(member_client.get(reverse("core:home")))["script-src"]
    assert first != second


def test_every_script_on_a_page_carries_the_nonce_and_no_inline_styles_are_used(member_client):
    response = member_client.get(reverse("core:home"))
    nonce = next(s for s in _directives(response)["script-src"] if s.startswith("'nonce-"))[7:-1]
    page = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert f'nonce="{nonce}"' in tag, tag
    assert " style=" not in page
    assert "<style" not in page


@pytest.mark.parametrize("persona", ["anonymous", "member", "staff"])
def test_pages_tell_browsers_not_to_leak_frame_or_sniff(persona, persona_clients, db):
    client = persona_clients[persona]
    response = client.get(reverse("core:home") if persona != "anonymous" else reverse("account_login"))

    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_member_pages_are_never_stored_by_browsers_or_proxies(member_client):
    response = member_client.get(reverse("core:home"))
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


def test_pages_ask_not_to_be_indexed_and_robots_txt_disallows_everything(anonymous_client, member_client, db):
    assert '<meta name="robots" content="noindex, nofollow">' in member_client.get("/").content.decode()
    robots = anonymous_client.get(reverse("core:robots"))
    assert robots.content.decode() == "User-agent: *\nDisallow: /\n"
    assert robots["X-Robots-Tag"] == "noindex, nofollow"


def test_redirects_and_error_pages_carry_the_same_headers(anonymous_client, member_client, db):
    redirect = anonymous_client.get(reverse("core:home"))
    missing = member_client.get("/no-such-page/")
    for response in (redirect, missing):
        assert "no-store" in response["Cache-Control"]
        assert response["X-Frame-Options"] == "DENY"
        assert "Content-Security-Policy" in response


def test_signing_out_tells_the_browser_to_clear_the_sites_cache_cookies_and_storage(member_client):
    response = member_client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "_auth_user_id" not in member_client.session


def test_an_erased_account_signed_out_by_the_gate_also_clears_site_data(member_client, member):
    from django.utils import timezone

    member.erased_at = timezone.now()
    member.save(update_fields=["erased_at"])
    response = member_client.get(reverse("core:home"))
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_ordinary_pages_do_not_clear_site_data(member_client, anonymous_client, db):
    assert "Clear-Site-Data" not in member_client.get(reverse("core:home"))
    assert "Clear-Site-Data" not in anonymous_client.get(reverse("account_login"))
    # Signing out when not signed in has nothing to clear.
    assert "Clear-Site-Data" not in anonymous_client.post(reverse("account_logout"))


def test_the_axes_lockout_page_explains_the_wait_and_the_way_out(client, member, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong password"})
    response = client.post(reverse("account_login"), {"login": member.email, "password": "wrong password"})

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts to sign in" in page
    assert "Please wait 15 minutes" in page
    assert reverse("account_reset_password") in page
    assert member.email not in page
