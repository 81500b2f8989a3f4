"""Search pages: the results with their tabs and filters, suggestions as you type, the anonymous click
redirect, a community's search setting, and the staff analytics.

Views parse and render; who sees what is decided in permissions.py and queries.py.
"""

from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from practica.accounts.queries import list_directory
from practica.communities import queries as community_queries
from practica.meetings.models import Occurrence
from practica.search import permissions, queries, services
from practica.search.choices import DocumentKind, Tab
from practica.search.forms import AnalyticsForm, SearchForm, SearchPolicyForm
from practica.search.models import SearchPolicy
from practica.search.parsing import parse_query

SEARCH_RATE = "60/m"
_CLICK_SALT = "practica.search.click"
_LOG_SALT = "practica.search.log"


def _click_url(log_id: int, kind: str, pk: int) -> str:
    token = signing.dumps([log_id, kind, pk], salt=_CLICK_SALT, compress=True)
    return reverse("search:open") + "?r=" + token


def _log_id_from(request) -> int:
    try:
        return int(signing.loads(request.GET.get("s", ""), salt=_LOG_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return 0


def _query_string(request, log_id: int) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    if log_id:
        params["s"] = signing.dumps(log_id, salt=_LOG_SALT)
    return params.urlencode()


def _tab_links(request) -> list[dict]:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("s", None)
    current = request.GET.get("tab") or Tab.POSTS
    links = []
    for value, label in Tab.choices:
        params["tab"] = value
        links.append({"value": value, "label": label, "query": params.urlencode(), "current": value == current})
    return links


@require_GET
@ratelimit(key="user", rate=SEARCH_RATE, method="GET", block=False)
def results(request):
    if getattr(request, "limited", False):
        response = render(request, "search/rate_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
    form = SearchForm(request.GET or None, user=request.user)
    criteria = form.criteria()
    found = queries.search(request.user, criteria, page_number=request.GET.get("page"))
    log_id = _log_id_from(request)
    if criteria.parsed.searchable and not request.GET.get("page") and not log_id:
        log_id = services.log_search(parsed=criteria.parsed, tab=criteria.tab, result_count=found.total).pk
    for result in found.results:
        result.url = _click_url(log_id, result.kind, result.pk)
    context = {
        "form": form,
        "criteria": criteria,
        "found": found,
        "page_obj": found.page_obj,
        "tabs": _tab_links(request),
        "query_string": _query_string(request, log_id),
        "index_tab": criteria.tab in {Tab.POSTS, Tab.LIBRARY},
    }
    template = "search/results.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@require_GET
@ratelimit(key="user", rate=SEARCH_RATE, method="GET", block=False)
def suggest(request):
    """Topics and members as you type (htmx); without JavaScript the form simply submits to the results."""
    suggestions = queries.Suggestions()
    if not getattr(request, "limited", False):
        suggestions = queries.suggest(request.user, parse_query(request.GET.get("q", "")[:100]))
    return render(request, "search/_suggestions.html", {"suggestions": suggestions, "q": request.GET.get("q", "")})


def _destination(user, kind: str, pk: int) -> str | None:
    """Where a result leads, when the reader may (still) open it."""
    if kind == DocumentKind.POST:
        return reverse("discussions:post", args=[pk]) if permissions.visible_posts_among(user, [pk]) else None
    if kind == DocumentKind.LIBRARY_ITEM:
        return reverse("library:item", args=[pk]) if permissions.visible_items_among(user, [pk]).exists() else None
    if kind == "meeting":
        return (
            reverse("meetings:occurrence", args=[pk])
            if Occurrence.objects.visible_to(user).filter(pk=pk).exists()
            else None
        )
    if kind in {"expert", "member"}:
        return reverse("accounts:profile", args=[pk]) if list_directory(user).filter(pk=pk).exists() else None
    return None


@require_GET
def open_result(request):
    """A result's link: counts the click on the (anonymous) search and sends the reader on. The destination
    comes from the signed token and is checked for this reader, so it is never an open redirect."""
    try:
        log_id, kind, pk = signing.loads(request.GET.get("r", ""), salt=_CLICK_SALT)
        pk = int(pk)
    except (signing.BadSignature, TypeError, ValueError):
        raise Http404 from None
    destination = _destination(request.user, str(kind), pk)
    if destination is None:
        raise Http404
    if log_id:
        services.record_click(log_id=int(log_id))
    return redirect(destination)


@require_http_methods(["GET", "POST"])
def policy(request, pk: int):
    community = community_queries.get_readable_community_for(request.user, pk)
    permissions.check(
        permissions.can_edit_search_policy(request.user, community),
        _("Only the community's champions and staff can change how it appears in search."),
    )
    current = SearchPolicy.objects.filter(community=community).first() or SearchPolicy(community=community)
    form = SearchPolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.save_search_policy(
            actor=request.user, community=community, confidential=form.cleaned_data["confidential"]
        )
        messages.success(request, _("Search settings saved."))
        return redirect("search:policy", pk=community.pk)
    return render(request, "search/policy.html", {"community": community, "form": form})


@require_GET
def analytics(request):
    permissions.check(permissions.can_view_search_analytics(request.user), _("Search analytics are for staff."))
    form = AnalyticsForm(request.GET or None)
    since, until = form.period()
    return render(
        request,
        "search/analytics.html",
        {"form": form, "since": since, "until": until, "stats": queries.search_analytics(since, until)},
    )
