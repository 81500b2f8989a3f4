"""Who sees which notification, and who may change a community's e-mail policy.

A notification is the recipient's alone, and it is shown only while the recipient may still see what it is
about: the community filter runs in SQL (every list and count), the target's own check runs per row when a
page is shown (`mark_visibility`), and again when an e-mail is sent (services.email). Excerpts appear only
when the target's text may travel (core.visibility.can_see_text; never for hidden, held, removed or deleted
posts).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.communities.permissions import can_lead, readable_communities
from practica.core import visibility


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def visible_notifications(user, queryset: QuerySet) -> QuerySet:
    """The user's own notifications, without those from communities they may no longer read inside."""
    if not _signed_in(user):
        return queryset.none()
    queryset = queryset.filter(recipient=user)
    if user.is_lead:
        return queryset
    readable = readable_communities(user, Community.objects.all())
    return queryset.filter(Q(community__isnull=True) | Q(community__in=readable))


def _post_states(user, ids: set[int]) -> dict[int, tuple[bool, bool, bool]]:
    """{post id: (may see it, may see its text, still there)} for a page of notifications, in two queries."""
    from practica.discussions.models import Post, Topic
    from practica.discussions.permissions import post_text_may_travel

    posts = list(
        Post.objects.filter(pk__in=ids).only(
            "pk", "topic_id", "deleted_at", "hidden_at", "awaiting_review", "removed_at"
        )
    )
    readable_topics = set(
        Topic.objects.visible_to(user).filter(pk__in={p.topic_id for p in posts}).values_list("pk", flat=True)
    )
    return {
        post.pk: (post.topic_id in readable_topics, post_text_may_travel(post), post.deleted_at is None)
        for post in posts
    }


def mark_visibility(user, notifications: list) -> list:
    """Keep the notifications the user may still see, each marked with `show_excerpt` and `available`.

    A target that is gone (a deleted post in a topic the user still reads) leaves its notification as a
    title without a link or excerpt; a target the user may no longer see removes the notification from view.
    Posts (the great majority) cost two queries for the page; other kinds ask core.visibility per object.
    """
    by_type: dict[int, list] = defaultdict(list)
    for notification in notifications:
        if notification.content_type_id:
            by_type[notification.content_type_id].append(notification)
    verdicts: dict[tuple[int, int], tuple[bool, bool, bool]] = {}
    for type_id, group in by_type.items():
        content_type = ContentType.objects.get_for_id(type_id)
        ids = {n.object_id for n in group}
        if content_type.app_label == "discussions" and content_type.model == "post":
            for pk, verdict in _post_states(user, ids).items():
                verdicts[(type_id, pk)] = verdict
            continue
        model = content_type.model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            seen = visibility.can_see(user, obj)
            verdicts[(type_id, obj.pk)] = (seen, seen and visibility.can_see_text(user, obj), True)
    shown = []
    for notification in notifications:
        if not notification.content_type_id:
            notification.show_excerpt, notification.available = False, True
            shown.append(notification)
            continue
        verdict = verdicts.get((notification.content_type_id, notification.object_id))
        if verdict is None:
            # The target was deleted for good; the community filter already decided the place is readable.
            notification.show_excerpt, notification.available = False, False
            shown.append(notification)
            continue
        may_see, text, present = verdict
        if not may_see:
            continue
        notification.available = present
        notification.show_excerpt = notification.available and text and bool(notification.snapshot.get("excerpt"))
        shown.append(notification)
    return shown


def can_edit_email_policy(user, community) -> bool:
    """Champions of a community (and staff) decide what its e-mails may carry."""
    return _signed_in(user) and can_lead(user, community)


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
