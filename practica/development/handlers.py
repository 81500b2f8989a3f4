"""Reactions to other apps' events: attended meetings become CPD entries."""

from practica.core.events import subscribes
from practica.development.services.log import record_meeting_attendance


@subscribes("meeting.attendance_recorded")
def add_meeting_to_cpd_logs(
    *, occurrence_id, attendee_ids, title, starts_at, duration_minutes, community_id=None, **_later_fields
) -> None:
    """Each attendee gets (or keeps) one entry for the occurrence; re-recorded attendance updates them."""
    record_meeting_attendance(
        occurrence_id=occurrence_id,
        attendee_ids=attendee_ids,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        community_id=community_id,
    )


@subscribes("member.erased")
def erase_development_record(*, user_id, **_later_fields) -> None:
    """An erased member's CPD log and plan are theirs alone: nothing of them is kept."""
    from practica.development.models import CpdEntry, DevelopmentGoal

    CpdEntry.objects.filter(member_id=user_id).delete()
    DevelopmentGoal.objects.filter(member_id=user_id).delete()
