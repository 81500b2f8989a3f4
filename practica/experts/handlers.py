"""Reactions to other apps' events."""

from practica.core.events import subscribes


@subscribes("member.erased")
def erase_expert_entry(*, user_id, **_later_fields) -> None:
    """An erased member leaves the expert directory; their past speaker requests stay, attributed to a former
    member, because staff's record of what was asked for and scheduled belongs to the communities."""
    from practica.experts.models import ExpertProfile

    ExpertProfile.objects.filter(user_id=user_id).delete()
