from django.utils import timezone

from practica.insights.counting import record_view
from practica.insights.page_kinds import community_key_for


class PageViewMiddleware:
    """Counts successful page loads by day, community and page kind (the URL's name), in memory.

    Only GETs answered 200 count: not redirects, errors, form posts, or htmx's in-page updates (those are not
    page loads). Runs after the members-only gate, so a refused request is never counted.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.view_name
            and not request.headers.get("HX-Request")
        ):
            user = getattr(request, "user", None)
            record_view(
                day=timezone.localdate(),
                page_kind=match.view_name,
                user_id=user.pk if user is not None and user.is_authenticated else None,
                community_id=community_key_for(match),
            )
        return response
