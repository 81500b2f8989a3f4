"""Staff's targets: create, change and delete, each with an audit entry."""

from django.db import transaction
from django.utils.translation import gettext_lazy

from practica.core import audit
from practica.insights.models import Target
from practica.insights.permissions import can_manage_targets, check

STAFF_ONLY = gettext_lazy("Only staff set targets.")


@transaction.atomic
def create_target(*, actor, metric: str, value: int, starts_on, ends_on, note: str = "") -> Target:
    """Set a new target for the board."""
    check(can_manage_targets(actor), STAFF_ONLY)
    target = Target.objects.create(
        metric=metric, value=value, starts_on=starts_on, ends_on=ends_on, note=note, created_by=actor
    )
    audit.record(actor=actor, action="insights.target_created", target=target, summary=str(target))
    return target


@transaction.atomic
def update_target(*, actor, target: Target, metric: str, value: int, starts_on, ends_on, note: str = "") -> Target:
    """Change a target (the audit entry keeps what it was)."""
    check(can_manage_targets(actor), STAFF_ONLY)
    before = str(target)
    target.metric, target.value, target.starts_on, target.ends_on, target.note = metric, value, starts_on, ends_on, note
    target.save(update_fields=["metric", "value", "starts_on", "ends_on", "note", "updated_at"])
    audit.record(
        actor=actor, action="insights.target_changed", target=target, summary=str(target), data={"before": before}
    )
    return target


@transaction.atomic
def delete_target(*, actor, target: Target) -> None:
    """Remove a target."""
    check(can_manage_targets(actor), STAFF_ONLY)
    audit.record(actor=actor, action="insights.target_deleted", target=target, summary=str(target))
    target.delete()
