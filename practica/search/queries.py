"""Reads for the search pages: results per tab, suggestions as you type, and the staff analytics.

Every read starts from the reader's scope (permissions.readable_community_ids) and ends with each app's own
visibility rules on the hits of the page (permissions.visible_*_among), so the index alone never decides.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practica.accounts.models import User
from practica.accounts.queries import list_directory
from practica.communities.models import Community
from practica.discussions.models import Topic
from practica.experts.models import ExpertProfile
from practica.meetings.models import Occurrence
from practica.search import permissions
from practica.search.backends import Candidates, Filters, get_backend
from practica.search.backends.base import MARK_END, MARK_START
from practica.search.choices import DocumentKind, SortOrder, Tab
from practica.search.models import SearchLog, SearchPolicy
from practica.search.parsing import ParsedQuery
from practica.search.ranking import RANKING

RESULTS_PER_PAGE = 20
# Nobody reads past the fiftieth page of results; counting further is wasted work on common words.
MAX_RESULTS = 1000
SUGGESTIONS = 6
# Titles looked at before the reader's rules pick the ones to show (a best effort: suggestions, not results).
SUGGESTION_CANDIDATES = 100
EXCERPT_LENGTH = 220


def marked(text: str) -> SafeString:
    """Escape a snippet, then turn the engine's match markers into <mark> (markers never occur in content)."""
    escaped = str(escape(text))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def excerpt(text: str, words: list[str], length: int = EXCERPT_LENGTH) -> SafeString:
    """A short excerpt around the first matched word, matched words highlighted (for the small lists searched
    without the index: meetings, experts)."""
    text = " ".join((text or "").replace(MARK_START, "").replace(MARK_END, "").split())
    if not text:
        return mark_safe("")
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE) if words else None
    start = 0
    if pattern and (found := pattern.search(text)):
        start = max(found.start() - length // 3, 0)
    piece = text[start : start + length]
    if pattern:
        piece = pattern.sub(lambda m: MARK_START + m.group(0) + MARK_END, piece)
    prefix = "…" if start else ""
    suffix = "…" if start + length < len(text) else ""
    return marked(prefix + piece + suffix)


@dataclass
class SearchCriteria:
    """What the results form asked for (forms.SearchForm.criteria())."""

    parsed: ParsedQuery
    tab: str = Tab.POSTS
    sort: str = SortOrder.RELEVANCE
    community: Community | None = None
    division_id: int | None = None
    author: str = ""
    subtype: str = ""
    tag: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    answered_only: bool = False

    @property
    def filtered(self) -> bool:
        return bool(
            self.community or self.division_id or self.author or self.subtype or self.tag or self.since
        ) or bool(self.until or self.answered_only)


@dataclass
class Result:
    kind: str
    pk: int
    title: str
    url: str
    snippet: SafeString | str = ""
    place: str = ""
    when: datetime.datetime | None = None
    who: str = ""
    why: list[str] = field(default_factory=list)
    label: str = ""


class _IndexHits:
    """The index's matches as a sequence the paginator can slice: the candidates once (with the capped count),
    then a page of them: a ranked query, or a slice of the candidates when the backend scored them already."""

    def __init__(self, parsed: ParsedQuery, filters: Filters, sort: str):
        self.parsed, self.filters, self.sort = parsed, filters, sort
        self.backend = get_backend()
        self._candidates: Candidates | None = None

    def candidates(self) -> Candidates:
        """The capped count and, past the cap, the newest matches that are ranked (ranking.py explains why)."""
        if self._candidates is None:
            # Never fewer candidates than the count's cap: every page the count offers must have its results.
            limit = max(RANKING["CANDIDATES"], MAX_RESULTS)
            self._candidates = self.backend.candidates(self.parsed, self.filters, cap=MAX_RESULTS, limit=limit)
        return self._candidates

    def count(self) -> int:
        return self.candidates().count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice):
        start, stop = window.start or 0, window.stop or MAX_RESULTS
        if not self.count():
            return []
        return self.backend.search(
            self.parsed, self.filters, sort=self.sort, limit=stop - start, offset=start, candidates=self.candidates()
        )


def _aware_start(day: datetime.date | None, *, next_day: bool = False) -> datetime.datetime | None:
    if day is None:
        return None
    if next_day:
        day = day + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _author_ids(author: str) -> list[int] | None:
    """Authors whose name contains the text (at most 200): results are only ever things the reader may see,
    so filtering them by an author's name tells nothing new."""
    author = author.strip()
    if not author:
        return None
    return list(User.objects.filter(display_name__icontains=author).values_list("pk", flat=True)[:200])


def _community_scope(user, criteria: SearchCriteria) -> list[int] | None:
    scope = permissions.readable_community_ids(user)
    wanted: set[int] | None = None
    if criteria.community is not None:
        wanted = {criteria.community.pk}
    if criteria.division_id:
        in_division = set(Community.objects.filter(division_id=criteria.division_id).values_list("pk", flat=True))
        wanted = in_division if wanted is None else wanted & in_division
    if wanted is None:
        return scope
    return sorted(wanted if scope is None else wanted & set(scope))


def _filters(user, criteria: SearchCriteria, kind: str) -> Filters:
    community_ids = _community_scope(user, criteria)
    site_wide = kind == DocumentKind.LIBRARY_ITEM and criteria.community is None and not criteria.division_id
    return Filters(
        kind=kind,
        community_ids=community_ids,
        include_site_wide=site_wide,
        author_ids=_author_ids(criteria.author),
        subtype=criteria.subtype,
        tag=criteria.tag.strip(),
        since=_aware_start(criteria.since),
        until=_aware_start(criteria.until, next_day=True),
        answered_only=criteria.answered_only and kind == DocumentKind.POST,
    )


def _confidential(community_ids: set[int]) -> set[int]:
    ids = {pk for pk in community_ids if pk is not None}
    if not ids:
        return set()
    return set(
        SearchPolicy.objects.filter(community_id__in=ids, confidential=True).values_list("community_id", flat=True)
    )


def _why(*, title_matched: bool, likes: int, answered: bool = False, accepted: bool = False) -> list[str]:
    reasons = [_("matched title") if title_matched else _("matched text")]
    if likes:
        reasons.append(ngettext("%(count)s like", "%(count)s likes", likes) % {"count": likes})
    if accepted:
        reasons.append(_("accepted answer"))
    elif answered:
        reasons.append(_("answered"))
    return reasons


def _post_results(user, parsed: ParsedQuery, hits) -> list[Result]:
    ids = [hit.object_id for hit in hits]
    posts = {post.pk: post for post in permissions.visible_posts_among(user, ids)}
    shown = [hit for hit in hits if hit.object_id in posts]
    confidential = _confidential({posts[hit.object_id].topic.community_id for hit in shown})
    open_ids = [hit.document_id for hit in shown if posts[hit.object_id].topic.community_id not in confidential]
    snippets = get_backend().snippets(parsed, open_ids)
    results = []
    for hit in shown:
        post, snippet = posts[hit.object_id], snippets.get(hit.document_id)
        topic = post.topic
        title = (
            topic.title
            if post.number == 1
            else _("Reply #%(number)s in “%(title)s”")
            % {
                "number": post.number,
                "title": topic.title,
            }
        )
        results.append(
            Result(
                kind=DocumentKind.POST,
                pk=post.pk,
                title=title,
                url="",
                snippet=marked(snippet.text) if snippet else "",
                place=topic.community.name,
                when=post.created_at,
                who=post.author.display_name,
                label=topic.get_kind_display() if post.number == 1 else "",
                why=_why(
                    title_matched=bool(snippet and snippet.title_matched) or (snippet is None and post.number == 1),
                    likes=post.like_count,
                    answered=post.number == 1 and topic.accepted_answer_id is not None,
                    accepted=topic.accepted_answer_id == post.pk,
                ),
            )
        )
    return results


def _library_results(user, parsed: ParsedQuery, hits) -> list[Result]:
    ids = [hit.object_id for hit in hits]
    items = {
        item.pk: item for item in permissions.visible_items_among(user, ids).select_related("community", "created_by")
    }
    shown = [hit for hit in hits if hit.object_id in items and permissions.item_may_appear(user, items[hit.object_id])]
    confidential = _confidential({items[hit.object_id].community_id for hit in shown})
    open_ids = [hit.document_id for hit in shown if items[hit.object_id].community_id not in confidential]
    snippets = get_backend().snippets(parsed, open_ids)
    results = []
    for hit in shown:
        item, snippet = items[hit.object_id], snippets.get(hit.document_id)
        results.append(
            Result(
                kind=DocumentKind.LIBRARY_ITEM,
                pk=item.pk,
                title=item.title,
                url="",
                snippet=marked(snippet.text) if snippet else "",
                place=item.community.name if item.community_id else _("Site library"),
                when=item.created_at,
                who=item.created_by.display_name,
                label=item.get_resource_type_display(),
                why=_why(title_matched=bool(snippet and snippet.title_matched), likes=item.like_count),
            )
        )
    return results


def _each_word(queryset, parsed: ParsedQuery, fields: list[str]):
    for word in parsed.words:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    for word in parsed.excluded:
        for name in fields:
            queryset = queryset.exclude(**{f"{name}__icontains": word})
    return queryset


def _meeting_results(user, parsed: ParsedQuery, page) -> list[Result]:
    occurrences = list(page.object_list)
    confidential = _confidential({o.community_id for o in occurrences})
    return [
        Result(
            kind="meeting",
            pk=occurrence.pk,
            title=occurrence.title,
            url="",
            snippet="" if occurrence.community_id in confidential else excerpt(occurrence.agenda, parsed.words),
            place=occurrence.community.name if occurrence.community_id else _("Site-wide event"),
            when=occurrence.starts_at,
            label=occurrence.get_status_display(),
            why=[_("meeting")],
        )
        for occurrence in occurrences
    ]


def _expert_results(user, parsed: ParsedQuery, page) -> list[Result]:
    return [
        Result(
            kind="expert",
            pk=profile.user_id,
            title=profile.user.display_name,
            url="",
            snippet=excerpt(profile.areas, parsed.words),
            why=[_("expert")],
        )
        for profile in page.object_list
    ]


def _member_results(user, parsed: ParsedQuery, page) -> list[Result]:
    return [
        Result(kind="member", pk=member.pk, title=member.display_name, url="", why=[_("member")])
        for member in page.object_list
    ]


@dataclass
class SearchPage:
    criteria: SearchCriteria
    page_obj: object = None
    results: list[Result] = field(default_factory=list)
    total: int = 0

    @property
    def capped(self) -> bool:
        return self.total >= MAX_RESULTS


def _paginate(sequence, page_number) -> object:
    paginator = Paginator(sequence, RESULTS_PER_PAGE)
    try:
        number = int(page_number or 1)
    except (TypeError, ValueError):
        number = 1
    return paginator.get_page(max(1, min(number, MAX_RESULTS // RESULTS_PER_PAGE)))


def search(user, criteria: SearchCriteria, *, page_number=None) -> SearchPage:
    """One page of results for one tab, for this reader."""
    result = SearchPage(criteria=criteria)
    parsed = criteria.parsed
    if not parsed.searchable:
        return result
    tab = criteria.tab
    if tab in {Tab.POSTS, Tab.LIBRARY}:
        kind = DocumentKind.POST if tab == Tab.POSTS else DocumentKind.LIBRARY_ITEM
        hits = _IndexHits(parsed, _filters(user, criteria, kind), criteria.sort)
        page = _paginate(hits, page_number)
        build = _post_results if kind == DocumentKind.POST else _library_results
        result.page_obj, result.results, result.total = page, build(user, parsed, list(page.object_list)), hits.count()
        return result
    if tab == Tab.MEETINGS:
        occurrences = Occurrence.objects.visible_to(user).select_related("community")
        scope = _community_scope(user, criteria)
        if criteria.community is not None or criteria.division_id:
            occurrences = occurrences.filter(community_id__in=scope or [])
        if criteria.since:
            occurrences = occurrences.filter(starts_at__gte=_aware_start(criteria.since))
        if criteria.until:
            occurrences = occurrences.filter(starts_at__lt=_aware_start(criteria.until, next_day=True))
        queryset = _each_word(occurrences, parsed, ["title", "agenda"]).order_by("-starts_at", "-pk")
        build = _meeting_results
    elif tab == Tab.EXPERTS:
        experts = ExpertProfile.objects.visible_to(user).select_related("user")
        if criteria.division_id:
            experts = experts.filter(divisions=criteria.division_id)
        queryset = _each_word(experts, parsed, ["areas", "user__display_name"]).order_by("user__display_name", "pk")
        build = _expert_results
    else:
        # The directory's own search: names only, among members the reader may find (channel 5).
        queryset = _each_word(list_directory(user), parsed, ["display_name"])
        build = _member_results
    page = _paginate(queryset[:MAX_RESULTS], page_number)
    result.page_obj, result.results, result.total = page, build(user, parsed, page), page.paginator.count
    return result


# Suggestions as you type.


@dataclass
class Suggestions:
    topics: list = field(default_factory=list)
    members: list = field(default_factory=list)


def suggest(user, parsed: ParsedQuery) -> Suggestions:
    """Topics whose title starts with what was typed, and members the reader may find in the directory."""
    suggestions = Suggestions()
    words = parsed.terms + [w for phrase in parsed.phrases for w in phrase]
    if not words or len("".join(words)) < 2:
        return suggestions
    # Straight from the topics, not the index: the index stems words, and a half-typed word has no stem. The
    # newest matching titles first (cheap on a large site), then the reader's rules decide which may be shown.
    candidates = Topic.objects.all()
    for word in words:
        candidates = candidates.filter(title__icontains=word)
    candidate_ids = list(candidates.order_by("-last_posted_at").values_list("pk", flat=True)[:SUGGESTION_CANDIDATES])
    topics = permissions.suggestible_topics(user).filter(pk__in=candidate_ids)
    suggestions.topics = list(topics.order_by("-last_posted_at", "-pk")[:SUGGESTIONS])
    members = list_directory(user)
    for word in words:
        members = members.filter(display_name__icontains=word)
    suggestions.members = list(members[:SUGGESTIONS])
    return suggestions


# Staff analytics: anonymous counts per normalised query.


def search_analytics(since: datetime.date, until: datetime.date, *, limit: int = 25) -> dict:
    logs = SearchLog.objects.filter(day__gte=since, day__lte=until)
    grouped = logs.values("query").annotate(
        searches=Count("id"),
        clicks=Sum(Cast("clicked", IntegerField())),
    )
    totals = logs.aggregate(searches=Count("id"), clicked=Sum(Cast("clicked", IntegerField())))
    return {
        "total": totals["searches"] or 0,
        "clicked": totals["clicked"] or 0,
        "top": list(grouped.order_by("-searches", "query")[:limit]),
        "no_results": list(
            logs.filter(result_count=0)
            .values("query")
            .annotate(searches=Count("id"))
            .order_by("-searches", "query")[:limit]
        ),
        "no_clicks": list(
            logs.filter(result_count__gt=0)
            .values("query")
            .annotate(searches=Count("id"), clicks=Sum(Cast("clicked", IntegerField())))
            .filter(clicks=0)
            .order_by("-searches", "query")[:limit]
        ),
    }
