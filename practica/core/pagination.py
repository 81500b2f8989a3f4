"""Pagination shared by every list page: numbered pages, with offsets bounded so deep pages stay cheap."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

# Nobody reads page 400 of a list, and deep OFFSETs are slow on large tables.
MAX_PAGE = 200


def paginate(queryset: QuerySet, page: str | int | None, *, per_page: int, max_page: int = MAX_PAGE) -> Page:
    """A page of a list, with the page number clamped to the first `max_page` pages."""
    paginator = Paginator(queryset, per_page)
    try:
        number = int(page or 1)
    except (TypeError, ValueError):
        number = 1
    return paginator.get_page(max(1, min(number, max_page)))
