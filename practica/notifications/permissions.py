"""Who sees which notification, and who may change a community's e-mail policy.

A notification is the recipient's alone, and it is shown only while the recipient may still see what it is
about: the community and the target's visibility are filtered in SQL (every list and count), the target is
checked again when a page is shown (`mark_visibility`, a fixed number of queries per page), and again when an
e-mail is written and just before it is sent (services.email, services.send_checks). Excerpts appear only
when the target's text may travel (core.visibility.can_see_text; never for hidden, held, removed or deleted
posts).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.communities.permissions import can_lead, readable_communities
from practica.core import visibility


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def visible_notifications(user, queryset: QuerySet) -> QuerySet:
    """The user's own notifications, without those from communities they may no longer read inside, nor those
    about a post, message, meeting or speaker request they may no longer see (all in SQL, so that every list
    and count agrees: the bell counts what the page lists)."""
    if not _signed_in(user):
        return queryset.none()
    queryset = queryset.filter(recipient=user).exclude(hidden_targets(user))
    if user.is_lead:
        return queryset
    readable = readable_communities(user, Community.objects.all())
    return queryset.filter(Q(community__isnull=True) | Q(community__in=readable))


# Targets whose queryset filter (`Model.objects.visible_to`, from the owning app's permissions module) decides
# exactly what its core.visibility check decides, named by label so that no app of this layer is imported: a
# page of their notifications costs one query per kind of target, and the bell's count a subquery, instead of
# one check per notification. Any other target is asked through core.visibility, one object at a time.
BATCH_CHECKED = ("messaging.message", "messaging.conversation", "meetings.occurrence", "experts.speakerrequest")


def _visible_posts_of(user, posts: QuerySet) -> QuerySet:
    """A post's notification is shown while its topic may be seen; a hidden post shows as a title only."""
    from practica.discussions.models import Topic

    return posts.filter(topic__in=Topic.objects.visible_to(user))


def _batch_models() -> list:
    from django.apps import apps

    from practica.discussions.models import Post

    models = [(Post, _visible_posts_of)]
    for label in BATCH_CHECKED:
        try:
            models.append((apps.get_model(label), lambda user, queryset: queryset.visible_to(user)))
        except LookupError:  # an app not installed on this site
            continue
    return models


def hidden_targets(user) -> Q:
    """Notifications whose target still exists but the user may no longer see, as one condition to exclude:
    the bell counts exactly what the notifications page lists, in the same single query (SECURITY.md, channel
    2). A target deleted for good still lists (as "no longer available"), so it still counts."""
    condition = Q()
    for model, visible in _batch_models():
        content_type = ContentType.objects.get_for_model(model)
        same = model._default_manager.filter(pk=OuterRef("object_id"))
        condition |= Q(Q(content_type_id=content_type.pk), Exists(same), ~Exists(visible(user, same)))
    return condition


def _batch_states(user, model, visible, ids: set[int]) -> dict[int, bool]:
    """{object id: whether the user may see it} for the objects still there, in one query."""
    seen = Exists(visible(user, model._default_manager.filter(pk=OuterRef("pk"))))
    return dict(model._default_manager.filter(pk__in=ids).annotate(seen=seen).values_list("pk", "seen"))


def _post_texts(ids: set[int]) -> dict[int, tuple[bool, bool]]:
    """{post id: (its text may travel, still there)}, in one query."""
    from practica.discussions.models import Post
    from practica.discussions.permissions import post_text_may_travel

    posts = Post.objects.filter(pk__in=ids).only("pk", "deleted_at", "hidden_at", "awaiting_review", "removed_at")
    return {post.pk: (post_text_may_travel(post), post.deleted_at is None) for post in posts}


def mark_visibility(user, notifications: list) -> list:
    """Keep the notifications the user may still see, each marked with `show_excerpt` and `available`.

    A target that is gone (a deleted post in a topic the user still reads) leaves its notification as a
    title without a link or excerpt; a target the user may no longer see removes the notification from view.
    Posts, messages, meetings and speaker requests cost one or two queries per kind for the whole page,
    whatever its length; other targets ask core.visibility per object.
    """
    by_type: dict[int, list] = defaultdict(list)
    for notification in notifications:
        if notification.content_type_id:
            by_type[notification.content_type_id].append(notification)
    batch = {ContentType.objects.get_for_model(model).pk: (model, visible) for model, visible in _batch_models()}
    verdicts: dict[tuple[int, int], tuple[bool, bool, bool]] = {}
    for type_id, group in by_type.items():
        ids = {n.object_id for n in group}
        if type_id in batch:
            model, visible = batch[type_id]
            seen = _batch_states(user, model, visible, ids)
            if model._meta.label_lower == "discussions.post":
                for pk, (text, present) in _post_texts(set(seen)).items():
                    verdicts[(type_id, pk)] = (seen[pk], seen[pk] and text, present)
                continue
            wants_text = {n.object_id for n in group if n.snapshot.get("excerpt")}
            checks_text = visibility.has_text_check(model._meta.label_lower)
            objects = (
                {obj.pk: obj for obj in model._default_manager.filter(pk__in=wants_text & {pk for pk in seen})}
                if checks_text
                else {}
            )
            for pk, may_see in seen.items():
                text = may_see and (visibility.can_see_text(user, objects[pk]) if pk in objects else not checks_text)
                verdicts[(type_id, pk)] = (may_see, text, True)
            continue
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            seen_one = visibility.can_see(user, obj)
            verdicts[(type_id, obj.pk)] = (seen_one, seen_one and visibility.can_see_text(user, obj), True)
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
