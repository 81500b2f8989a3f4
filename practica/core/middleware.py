from django.utils.cache import add_never_cache_headers, patch_cache_control


class PrivatePagesMiddleware:
    """Members' pages must never be cached by proxies or shown again from a shared computer's back button.

    Every response is private and no-store (static files are served before this by WhiteNoise), and search
    engines are told not to index anything.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response
