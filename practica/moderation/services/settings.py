"""Staff edit the site's moderation settings; every change is recorded in the audit log with before and after."""

from django.db import transaction
from django.utils.translation import gettext as _

from practica.core import audit
from practica.moderation.models import ModerationSettings
from practica.moderation.permissions import can_edit_settings, check

EDITABLE_FIELDS = (
    "hide_threshold",
    "member_flag_weight",
    "trusted_flag_weight",
    "client_flag_hides_at_once",
    "hidden_removal_days",
    "sealed_copy_retention_days",
    "repeat_infringer_count",
    "advertising_words",
    "advertising_domains",
    "pile_on_members",
    "pile_on_minutes",
    "slow_mode_minutes",
    "slow_mode_hours",
)


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a one-per-line setting, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@transaction.atomic
def update_moderation_settings(*, actor, changes: dict) -> ModerationSettings:
    """Save the settings staff changed; a save that changes nothing records nothing."""
    check(can_edit_settings(actor), _("Only staff can change the moderation settings."))
    current = ModerationSettings.objects.select_for_update().get(pk=ModerationSettings.current().pk)
    before, after = {}, {}
    for name in EDITABLE_FIELDS:
        if name in changes and getattr(current, name) != changes[name]:
            before[name], after[name] = getattr(current, name), changes[name]
            setattr(current, name, changes[name])
    if not after:
        return current
    current.updated_by = actor
    current.save()
    audit.record(
        actor=actor,
        action="moderation.settings_changed",
        target=current,
        summary=_("Moderation settings changed: %(fields)s") % {"fields": ", ".join(sorted(after))},
        data={"before": before, "after": after},
    )
    return current
