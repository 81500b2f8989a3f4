"""Reading discussions: topic lists, topic pages, likes, polls, bookmarks, research calls.

Who may see what is decided in permissions.py and queries.py: every view starts from a `queries.get_*_for`
or a `visible_to` queryset (404 for people who may not see the thing, exactly as if it did not exist) and
asks `permissions.can_*` before acting (403 with a reason for people who may see but not act).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.communities import queries as community_queries
from practica.communities.permissions import membership_role
from practica.core.pagination import paginate
from practica.discussions import permissions, queries
from practica.discussions.forms.reading import BookmarkForm, TopicFilterForm
from practica.discussions.models import Bookmark, Poll, Post, ResearchCall, Topic
from practica.discussions.services import engagement
from practica.discussions.services import posting as posting_services
from practica.discussions.services.posting import PostingError

LIKERS_PER_PAGE = 100
RESEARCH_PER_PAGE = 30
BOOKMARKS_PER_PAGE = 30


def _remember_viewer_role(user, community) -> None:
    """Look the viewer's role up once, so the per-post permission checks below cost no query each."""
    if not hasattr(community, "viewer_role"):
        community.viewer_role = membership_role(user, community)


def _query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _visible_post(user, pk: int) -> Post:
    """A post the user may see, with its topic and community, or 404."""
    post = get_object_or_404(Post.objects.visible_to(user).select_related("topic__community", "author"), pk=pk)
    _remember_viewer_role(user, post.topic.community)
    return post


def post_url(post: Post) -> str:
    """The page of the topic holding the post, with the post's anchor."""
    page = queries.page_of_post(post.topic, post.number)
    return f"{reverse('discussions:topic', args=[post.topic_id])}?page={page}#post-{post.number}"


# The topic list of a community.


@require_GET
def topic_list(request, pk: int):
    user = request.user
    community = community_queries.get_readable_community_for(user, pk)
    form = TopicFilterForm(request.GET or None, tags=queries.list_community_tags(user, community))
    filters = form.filters()
    topics = queries.list_community_topics(user, community, **filters)
    page = paginate(topics, request.GET.get("page"), per_page=queries.TOPICS_PER_PAGE)
    context = {
        "community": community,
        "form": form,
        "page_obj": page,
        "topics": queries.with_unread_counts(page.object_list),
        "filtered": any(filters.values()),
        "query_string": _query_string_without_page(request),
        "can_post": permissions.can_post_in(user, community),
    }
    template = "discussions/topic_list.html"
    if request.htmx and not request.htmx.boosted:
        # The filter form swaps only the results; without JavaScript it is the same URL as a full page.
        template += "#results"
    return render(request, template, context)


@require_POST
def mark_community_read(request, pk: int):
    community = community_queries.get_readable_community_for(request.user, pk)
    engagement.mark_community_read(user=request.user, community=community)
    messages.success(request, _("Every topic in %(name)s is marked as read.") % {"name": community.name})
    return redirect("discussions:topic-list", pk=community.pk)


# The topic page.


def _post_rows(user, topic, posts) -> list:
    """Per-post facts the templates need, decided by permissions.py without a query per post."""
    for post in posts:
        post.topic = topic  # the page's topic: no query per post when permissions read post.topic
        post.viewer_can_like = permissions.can_like(user, post)
        post.viewer_can_view_history = post.revision_count > 0 and permissions.can_view_history(user, post)
        post.viewer_can_edit = permissions.can_edit_post(user, post)
        post.viewer_sees_hidden = permissions.can_see_hidden_post(user, post)
    return posts


def _poll_context(user, topic) -> dict | None:
    poll = queries.poll_for(user, topic)
    if poll is None:
        return None
    poll.topic = topic
    has_voted = bool(poll.viewer_option_ids)
    show_results = engagement.can_see_poll_results(user, poll, has_voted=has_voted)
    voters = queries.poll_voters(poll) if show_results and poll.public_voters else {}
    options = []
    for option in poll.options.all():
        percent = round(option.vote_count * 100 / poll.voter_count) if poll.voter_count else 0
        options.append(
            {
                "option": option,
                "chosen": option.pk in poll.viewer_option_ids,
                "percent": percent,
                "voters": voters.get(option.pk, []),
            }
        )
    closed = engagement.poll_is_closed(poll)
    return {
        "poll": poll,
        "options": options,
        "has_voted": has_voted,
        "show_results": show_results,
        "is_closed": closed,
        "can_vote": not closed and permissions.can_vote(user, poll),
    }


def topic_page_context(request, topic: Topic, page_number) -> dict:
    """Everything the topic page shows; the writing views reuse it to show the page again with a form's errors."""
    user = request.user
    _remember_viewer_role(user, topic.community)
    page = queries.posts_page(user, topic, page_number)
    posts = _post_rows(user, topic, list(page.object_list))
    research = None
    if topic.kind == "research":
        research = ResearchCall.objects.filter(topic=topic).first()
    linked_from = topic.linked_from
    if linked_from is not None and (linked_from.deleted_at or not permissions.can_view_topic(user, linked_from.topic)):
        linked_from = None  # continued from a place this reader cannot see: say nothing about it
    accepted = topic.accepted_answer
    if accepted is not None and accepted.deleted_at is not None:
        accepted = None
    return {
        "topic": topic,
        "community": topic.community,
        "page_obj": page,
        "posts": posts,
        "query_string": "",
        "research": research,
        "poll_state": _poll_context(user, topic),
        "linked_from": linked_from,
        "accepted_answer": accepted,
        "can_reply": permissions.can_reply(user, topic),
        "can_moderate": permissions.can_moderate_topic(user, topic),
        "can_accept_answer": permissions.can_accept_answer(user, topic),
        "can_post": permissions.can_post_in(user, topic.community),
    }


@require_GET
def topic_detail(request, pk: int):
    user = request.user
    topic = queries.get_topic_for(user, pk)
    if topic.pk != pk:
        return redirect("discussions:topic", pk=topic.pk)  # merged into another topic
    page_number = request.GET.get("page")
    if page_number is None:
        # Returning readers land on the first post they have not read.
        first_unread = queries.first_unread_number(user, topic)
        if first_unread is not None:
            page = queries.page_of_post(topic, first_unread)
            return redirect(f"{reverse('discussions:topic', args=[topic.pk])}?page={page}#post-{first_unread}")
    context = topic_page_context(request, topic, page_number)
    if context["posts"]:
        engagement.mark_read(user=user, topic=topic, up_to=max(post.number for post in context["posts"]))
    return render(request, "discussions/topic_detail.html", context)


@require_GET
def post_permalink(request, pk: int):
    post = _visible_post(request.user, pk)
    topic = queries.get_topic_for(request.user, post.topic_id)
    if topic.pk != post.topic_id:
        raise Http404
    return redirect(post_url(post))


# Likes.


@require_POST
def like_toggle(request, pk: int):
    user = request.user
    post = _visible_post(user, pk)
    permissions.check(
        permissions.can_like(user, post),
        _("You cannot like your own post.") if post.author_id == user.pk else _("You cannot like this post."),
    )
    liked = engagement.toggle_like(user=user, post=post)
    if request.htmx:
        post.refresh_from_db(fields=["like_count"])
        post.viewer_liked = liked
        post.viewer_can_like = True
        return render(request, "discussions/_post.html#like", {"post": post, "topic": post.topic})
    return redirect(post_url(post))


@require_GET
def post_likers(request, pk: int):
    post = _visible_post(request.user, pk)
    page = paginate(queries.list_post_likers(post), request.GET.get("page"), per_page=LIKERS_PER_PAGE)
    return render(
        request,
        "discussions/post_likers.html",
        {"post": post, "topic": post.topic, "page_obj": page, "query_string": "", "post_url": post_url(post)},
    )


# Bookmarks.


@require_http_methods(["GET", "POST"])
def bookmark_edit(request, pk: int):
    user = request.user
    post = _visible_post(user, pk)
    existing = Bookmark.objects.filter(user=user, post=post).first()
    if request.method == "POST":
        form = BookmarkForm(request.POST)
        if form.is_valid():
            try:
                engagement.save_bookmark(
                    user=user, post=post, note=form.cleaned_data["note"], remind_at=form.cleaned_data["remind_at"]
                )
            except PostingError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Bookmark saved."))
                return redirect(post_url(post))
    else:
        initial = {"note": existing.note, "remind_at": existing.remind_at} if existing else {}
        form = BookmarkForm(initial=initial)
    return render(
        request,
        "discussions/bookmark_form.html",
        {"post": post, "topic": post.topic, "form": form, "bookmark": existing, "post_url": post_url(post)},
    )


@require_GET
def bookmark_list(request):
    page = paginate(queries.list_bookmarks(request.user), request.GET.get("page"), per_page=BOOKMARKS_PER_PAGE)
    return render(request, "discussions/bookmark_list.html", {"page_obj": page, "query_string": ""})


@require_POST
def bookmark_remove(request, pk: int):
    # Someone else's bookmark is a 404, exactly as if it did not exist.
    bookmark = get_object_or_404(Bookmark, pk=pk, user=request.user)
    engagement.remove_bookmark(user=request.user, bookmark=bookmark)
    messages.success(request, _("Bookmark removed."))
    return redirect("discussions:bookmarks")


# Answers and polls.


@require_POST
def accept_answer(request, pk: int):
    user = request.user
    post = _visible_post(user, pk)
    topic = post.topic
    permissions.check(
        permissions.can_accept_answer(user, topic),
        _("Only the person who asked, or a champion, can choose the answer to a question."),
    )
    clearing = topic.accepted_answer_id == post.pk
    try:
        posting_services.accept_answer(actor=user, post=None if clearing else post, topic=topic)
    except PostingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The answer is no longer marked.") if clearing else _("Marked as the answer."))
    return redirect(post_url(post))


@require_POST
def poll_vote(request, pk: int):
    user = request.user
    topic = queries.get_topic_for(user, pk)
    poll = get_object_or_404(Poll, topic=topic)
    option_ids = []
    for value in request.POST.getlist("option")[:50]:
        try:
            option_ids.append(int(value))
        except ValueError:
            continue
    error = None
    try:
        engagement.vote(user=user, poll=poll, option_ids=option_ids)
    except PostingError as refusal:
        error = str(refusal)
    if request.htmx:
        _remember_viewer_role(user, topic.community)
        context = {"topic": topic, "poll_state": _poll_context(user, topic), "poll_error": error}
        return render(request, "discussions/_poll.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your vote is counted."))
    return redirect(f"{reverse('discussions:topic', args=[topic.pk])}?page=1#poll")


# Research calls.


@require_GET
def research_list(request):
    archived = request.GET.get("archived") == "1"
    calls = queries.list_research_calls(request.user, archived=archived)
    page = paginate(calls, request.GET.get("page"), per_page=RESEARCH_PER_PAGE)
    return render(
        request,
        "discussions/research_list.html",
        {"page_obj": page, "archived": archived, "query_string": "archived=1" if archived else ""},
    )
