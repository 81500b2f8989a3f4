"""The append-only audit log: every moderation and role change records one entry through `record`."""

from django.db import models

from practica.core.models import AuditEntry


def record(*, actor, action: str, target: models.Model | None = None, summary: str = "", data=None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary[:300],
        data=data or {},
    )
