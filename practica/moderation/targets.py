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
