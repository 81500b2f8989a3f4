"""Writing the personal development plan: goals with target dates and progress."""

from django.db import transaction

from practica.development.choices import GoalStatus
from practica.development.models import DevelopmentGoal

GOAL_FIELDS = ("title", "target_date", "status", "progress", "notes")


def _consistent(status: str, progress: int) -> tuple[str, int]:
    """Status and percentage tell one story: done is 100 %, and any progress means the goal has started."""
    progress = max(0, min(int(progress or 0), 100))
    if status == GoalStatus.DONE or progress == 100:
        return GoalStatus.DONE, 100
    if status == GoalStatus.NOT_STARTED and progress > 0:
        return GoalStatus.IN_PROGRESS, progress
    return status, progress


@transaction.atomic
def add_goal(
    *, member, title: str, target_date=None, status: str = GoalStatus.NOT_STARTED, progress: int = 0, notes: str = ""
) -> DevelopmentGoal:
    status, progress = _consistent(status, progress)
    return DevelopmentGoal.objects.create(
        member=member,
        title=title.strip(),
        target_date=target_date,
        status=status,
        progress=progress,
        notes=notes.strip(),
    )


@transaction.atomic
def update_goal(*, member, goal: DevelopmentGoal, **fields) -> DevelopmentGoal:
    if goal.member_id != member.pk:
        raise DevelopmentGoal.DoesNotExist
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise ValueError(f"unknown goal fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(goal, name, value.strip() if isinstance(value, str) and name != "status" else value)
    goal.status, goal.progress = _consistent(goal.status, goal.progress)
    goal.save()
    return goal


@transaction.atomic
def delete_goal(*, member, goal: DevelopmentGoal) -> None:
    if goal.member_id != member.pk:
        raise DevelopmentGoal.DoesNotExist
    goal.delete()
