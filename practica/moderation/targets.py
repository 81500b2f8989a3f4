"""How moderation shows, hides and purges each kind of thing members can flag.

Posts, topics and profiles are described here; apps above moderation (messaging) register their own
adapter from their AppConfig.ready(). Library items are registered here too (library sits below moderation).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class TargetAdapter:
    label: str  # the model's label_lower, e.g. "discussions.post"
    noun: str  # "post", "private message" ... for messages to people
    # {"title", "text", "url", "author_name"}: what a queue item or a report snapshot shows.
    describe: Callable[[models.Model], dict]
    author_of: Callable[[models.Model], object]
    community_of: Callable[[models.Model], object]
    # May this member see the thing (and therefore flag it)?
    can_view: Callable[[object, models.Model], bool]
    hide: Callable[..., None] | None = None  # hide(obj, *, actor, reason)
    unhide: Callable[..., None] | None = None  # unhide(obj, *, actor)
    delete: Callable[..., None] | None = None  # delete(obj, *, actor)
    # purge(obj, *, actor) -> dict: removes the text everywhere it is stored, returns it for the sealed copy.
    purge: Callable[..., dict] | None = None
    is_hidden: Callable[[models.Model], bool] = lambda obj: False


_adapters: dict[str, TargetAdapter] = {}


def register_target(adapter: TargetAdapter) -> None:
    _adapters[adapter.label] = adapter


def adapter_for(obj_or_label) -> TargetAdapter | None:
    label = obj_or_label if isinstance(obj_or_label, str) else obj_or_label._meta.label_lower
    return _adapters.get(label)


def registered_labels() -> list[str]:
    return sorted(_adapters)


# The adapters for things that live below moderation. Registered from ModerationConfig.ready(), so the apps'
# models are loaded; messaging registers its own.


def _post_describe(post) -> dict:
    from django.urls import reverse

    return {
        "title": post.topic.title,
        "text": post.body,
        "url": reverse("discussions:post", args=[post.pk]),
        "author_name": post.author.display_name,
        "number": post.number,
    }


def _post_can_view(user, post) -> bool:
    from practica.discussions.models import Post

    if post.removed_at is not None:
        return False
    return Post.objects.visible_to(user).filter(pk=post.pk).exists()


def _post_hide(post, **_kwargs) -> None:
    from practica.discussions.services import moderation

    moderation.hide_post(post=post)


def _post_unhide(post, **_kwargs) -> None:
    from practica.discussions.services import moderation

    moderation.unhide_post(post=post)


def _post_delete(post, *, actor, **_kwargs) -> None:
    from practica.discussions.services import moderation

    moderation.delete_post(actor=actor, post=post)


def _post_purge(post, **_kwargs) -> dict:
    from practica.discussions.services import moderation

    return moderation.purge_post(post=post)


def _opening_post(topic):
    from practica.discussions.models import Post

    return Post.objects.select_related("topic__community", "author").get(topic=topic, number=1)


def _topic_describe(topic) -> dict:
    from django.urls import reverse

    opening = _opening_post(topic)
    return {
        "title": topic.title,
        "text": opening.body,
        "url": reverse("discussions:topic", args=[topic.pk]),
        "author_name": topic.author.display_name,
    }


def _topic_can_view(user, topic) -> bool:
    from practica.discussions.models import Topic

    return Topic.objects.visible_to(user).filter(pk=topic.pk).exists()


def _profile_describe(person) -> dict:
    from django.urls import reverse

    profile = getattr(person, "profile", None)
    text = "\n\n".join(part for part in (getattr(profile, "headline", ""), getattr(profile, "bio", "")) if part)
    return {
        "title": person.display_name,
        "text": text,
        "url": reverse("accounts:profile", args=[person.pk]),
        "author_name": person.display_name,
    }


def _profile_can_view(user, person) -> bool:
    from practica.accounts.models import User

    return User.objects.visible_to(user).filter(pk=person.pk).exists()


def _item_describe(item) -> dict:
    from django.urls import reverse

    return {
        "title": item.title,
        "text": item.description,
        "url": reverse("library:item", args=[item.pk]),
        "author_name": item.created_by.display_name,
    }


def _item_can_view(user, item) -> bool:
    from practica.library.permissions import can_view_item

    return item.removed_at is None and can_view_item(user, item)


def _item_hide(item, *, actor=None, reason="", **_kwargs) -> None:
    from practica.library.services import items

    if actor is None:
        items.hide_flagged_item(item=item, hidden=True, reason=str(reason))
    else:
        items.set_hidden(actor=actor, item=item, hidden=True, reason=str(reason))


def _item_unhide(item, *, actor=None, **_kwargs) -> None:
    from practica.library.services import items

    if actor is None:
        items.hide_flagged_item(item=item, hidden=False)
    else:
        items.set_hidden(actor=actor, item=item, hidden=False)


def _item_remove(item, *, actor, **_kwargs) -> dict:
    """Removing a library item deletes its files; what it said is kept for the sealed copy."""
    from practica.library.services import items

    content = {"title": item.title, "description": item.description, "url": item.url}
    items.remove_item(actor=actor, item=item, reason="Removed by moderation")
    return content


def register_builtin_targets() -> None:
    register_target(
        TargetAdapter(
            label="discussions.post",
            noun="post",
            describe=_post_describe,
            author_of=lambda post: post.author,
            community_of=lambda post: post.topic.community,
            can_view=_post_can_view,
            hide=_post_hide,
            unhide=_post_unhide,
            delete=_post_delete,
            purge=_post_purge,
            is_hidden=lambda post: post.hidden_at is not None,
        )
    )
    # A flagged topic is moderated through its opening post: hiding the topic hides what it says.
    register_target(
        TargetAdapter(
            label="discussions.topic",
            noun="topic",
            describe=_topic_describe,
            author_of=lambda topic: topic.author,
            community_of=lambda topic: topic.community,
            can_view=_topic_can_view,
            hide=lambda topic, **kw: _post_hide(_opening_post(topic)),
            unhide=lambda topic, **kw: _post_unhide(_opening_post(topic)),
            purge=lambda topic, **kw: _post_purge(_opening_post(topic)),
            is_hidden=lambda topic: _opening_post(topic).hidden_at is not None,
        )
    )
    register_target(
        TargetAdapter(
            label="library.libraryitem",
            noun="library item",
            describe=_item_describe,
            author_of=lambda item: item.created_by,
            community_of=lambda item: item.community,
            can_view=_item_can_view,
            hide=_item_hide,
            unhide=_item_unhide,
            delete=lambda item, *, actor, **kw: _item_remove(item, actor=actor),
            purge=_item_remove,
            is_hidden=lambda item: item.hidden_at is not None,
        )
    )
    register_target(
        TargetAdapter(
            label="accounts.user",
            noun="profile",
            describe=_profile_describe,
            author_of=lambda person: person,
            community_of=lambda person: None,
            can_view=_profile_can_view,
        )
    )
