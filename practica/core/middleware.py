from django.utils.cache import add_never_cache_headers, patch_cache_control


class PrivatePagesMiddleware:
    """Members' pages must never be cached by proxies or shown again from a shared computer's back button.

    Every response is private and no-store (static files are served before this by WhiteNoise), and search
    engines are told not to index anything. When a request ends a session (signing out, or the members-only
    gate signing out a deactivated account), the browser is told to forget this site's cache, cookies and
    storage too (SECURITY.md, channel 35: shared clinic computers).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # The members-only gate loads the user on every routed request anyway, so this costs no extra query.
        was_signed_in = user is not None and user.is_authenticated
        response = self.get_response(request)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        if was_signed_in and not request.user.is_authenticated:
            response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response
