"""Members only: the gate every request passes before any member page is rendered.

The common case (a current member who has accepted the current terms) costs no query beyond loading the
session and the user: the expiry date lives on the user row and the current legal key is cached.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from practica.accounts.legal import current_legal_key

# Pages anyone may open: signing in and up, password reset, invitations, legal pages, robots.txt, health.
PUBLIC_URL_NAMES = frozenset(
    {
        "account_login",
        "account_signup",
        "account_logout",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_confirm_email",
        "account_email_verification_sent",
        "account_inactive",
        "account_login_code_confirm",
        "mfa_authenticate",
        "socialaccount_signup",
        "socialaccount_login_error",
        "socialaccount_login_cancelled",
        "openid_connect_login",
        "openid_connect_callback",
        "accounts:invitation-accept",
        "accounts:legal-document",
        "accounts:legal-version",
        "core:robots",
        "core:health",
        # One-click unsubscribe from an e-mail: the signed link is the permission (RFC 8058).
        "notifications:unsubscribe",
        # A member's iCal feed: calendar apps have no session; the secret token in the URL is the key, and the
        # view checks that its member is still current and shows only what they may see.
        "meetings:feed",
        # Routed only when PRACTICA_BENCH is set, for the benchmark's bare response.
        "bench-hello",
    }
)
# Pages a signed-in person may still reach while something stops them using the site (lapsed, suspended,
# terms not yet accepted, second factor not yet set up).
GATE_URL_NAMES = frozenset(
    {"account_logout", "accounts:legal-accept", "accounts:legal-document", "accounts:legal-version"}
)
# allauth asks for the password again before a second factor is set up (account_reauthenticate), so that page
# must stay reachable too, or staff without a second factor would loop between it and the set-up page.
MFA_SETUP_URL_NAMES = frozenset(
    {"mfa_index", "mfa_activate_totp", "mfa_view_recovery_codes", "mfa_reauthenticate", "account_reauthenticate"}
)
MFA_CONFIRMED_SESSION_KEY = "practica_mfa_confirmed"
# Forms where members write at length. A post that arrives after the session has expired would be lost at the
# sign-in redirect, so its title and body wait in the (new, anonymous) session under this key; the writing
# views put them back into the form after sign-in (DESIGN.md: nothing is lost). Kept for an hour at most.
PENDING_POST_SESSION_KEY = "practica_pending_post"
COMPOSER_URL_NAMES = frozenset(
    {
        "discussions:topic-create",
        "discussions:reply",
        "discussions:post-edit",
        "discussions:linked-topic",
        "discussions:draft-save",
    }
)


def _url_name(request) -> str:
    match = request.resolver_match
    if match is None:
        return ""
    return f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or "")


class MembersOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = _url_name(request)
        if name in PUBLIC_URL_NAMES or name.startswith("django.contrib.staticfiles"):
            if request.user.is_authenticated and name not in {"account_logout"}:
                self._refresh_session(request)
            return None
        user = request.user
        if not user.is_authenticated:
            if request.method == "POST" and name in COMPOSER_URL_NAMES:
                return self._keep_unsent_text(request, name)
            # Only the path goes into ?next=, never a title: paths carry ids (SECURITY.md, channel 21).
            return redirect_to_login(request.get_full_path())
        if not user.is_active or user.is_erased:
            logout(request)
            return redirect_to_login(request.get_full_path())
        self._refresh_session(request)
        if name in GATE_URL_NAMES:
            return None
        if user.is_suspended():
            return render(request, "accounts/suspended.html", {"suspended_user": user}, status=403)
        if user.membership_lapsed():
            return render(request, "accounts/lapsed.html", status=403)
        if user.is_lead and name not in MFA_SETUP_URL_NAMES and not self._has_second_factor(request):
            return redirect("mfa_activate_totp")
        if user.accepted_legal_key != current_legal_key():
            return redirect_to_login(request.get_full_path(), login_url="accounts:legal-accept")
        return None

    @staticmethod
    def _keep_unsent_text(request, name: str):
        """The session expired while someone was writing: keep their text for after sign-in, then sign in.

        An autosaved draft names the form it came from in `next`; sign-in returns there, not to the endpoint.
        """
        path, next_url = request.path, request.get_full_path()
        if name == "discussions:draft-save":
            candidate = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(candidate, allowed_hosts=None) and candidate.startswith("/"):
                path, next_url = candidate.split("?", 1)[0], candidate
        request.session[PENDING_POST_SESSION_KEY] = {
            "path": path,
            "title": request.POST.get("title", "")[:200],
            "body": request.POST.get("body", "")[:30_000],
            "saved_at": timezone.now().isoformat(),
        }
        response = redirect_to_login(next_url)
        if request.headers.get("HX-Request") == "true":
            # An autosave or preview from htmx: go to the sign-in page rather than swap it into the form.
            return HttpResponse(status=204, headers={"HX-Redirect": response["Location"]})
        return response

    @staticmethod
    def _has_second_factor(request) -> bool:
        """Staff and admins must use a second factor; remembered in the session once seen, to save a query."""
        if request.session.get(MFA_CONFIRMED_SESSION_KEY):
            return True
        from allauth.mfa.models import Authenticator

        confirmed = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        if confirmed:
            request.session[MFA_CONFIRMED_SESSION_KEY] = True
        return confirmed

    @staticmethod
    def _refresh_session(request) -> None:
        """A sliding expiry: staff 12 hours, members 14 days of inactivity.

        The session is saved only when less than half of its lifetime is left, so an active member costs one
        session write every few days, not one per request.
        """
        age = timedelta(seconds=settings.STAFF_SESSION_AGE if request.user.is_lead else settings.SESSION_COOKIE_AGE)
        now = timezone.now()
        # Django keeps an absolute expiry as an ISO string under this key when set_expiry() gets a datetime.
        stored = request.session.get("_session_expiry")
        if isinstance(stored, str):
            remaining = datetime.fromisoformat(stored) - now
            if age / 2 <= remaining <= age:
                return
        request.session.set_expiry(now + age)
