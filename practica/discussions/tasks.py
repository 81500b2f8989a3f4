"""Periodic upkeep for discussions: research calls past their closing date, and community activity counts."""

from datetime import timedelta

from django.tasks import task

from practica.core.scheduler import periodic
from practica.discussions.services.posting import archive_closed_research_calls, recount_community_activity


@periodic("discussions.archive-research-calls", every=timedelta(hours=1))
@task()
def archive_research_calls() -> int:
    return archive_closed_research_calls()


@periodic("discussions.community-activity", every=timedelta(hours=6))
@task()
def refresh_community_activity() -> int:
    """Posts age out of the 30-day window without anyone posting, so the counter is recomputed regularly."""
    return recount_community_activity()
