"""Domain events: the one vocabulary between layers.

A lower app's service calls `publish("post.created", post_id=...)` inside its transaction. The event is stored
as a task in the same transaction (the database task backend), so it is delivered after commit by the worker,
and a crash between the change and the delivery loses nothing. Higher apps react in their `handlers.py`:

    @subscribes("post.created")
    def notify_watchers(*, post_id: int) -> None: ...

Handlers take ids, reload what they need, and must be safe to run twice.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.tasks import task

logger = logging.getLogger(__name__)

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribes(event_name: str) -> Callable[[Handler], Handler]:
    """Register a function to run, in the worker, whenever `event_name` is published."""

    def register(handler: Handler) -> Handler:
        if handler not in _handlers[event_name]:
            _handlers[event_name].append(handler)
        return handler

    return register


def handlers_for(event_name: str) -> list[Handler]:
    return list(_handlers.get(event_name, ()))


def publish(event_name: str, **payload: object) -> None:
    """Store the event with the current transaction; the worker delivers it once the transaction commits."""
    deliver_event.enqueue(event_name, payload)


@task()
def deliver_event(event_name: str, payload: dict) -> int:
    delivered = 0
    for handler in handlers_for(event_name):
        handler(**payload)
        delivered += 1
    logger.info("event %s delivered to %d handler(s)", event_name, delivered)
    return delivered


def autodiscover_handlers() -> None:
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("practica."):
            continue
        try:
            import_module(f"{app_config.name}.handlers")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.handlers":
                raise
