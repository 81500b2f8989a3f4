"""Periodic upkeep for discussions: research calls past their closing date, community activity counts, and
attachment files that no post refers to."""

from datetime import timedelta

from django.tasks import task

from practica.core.scheduler import periodic
from practica.discussions.services.attachments import remove_orphan_files
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


@periodic("discussions.remove-orphan-attachments", every=timedelta(hours=6))
@task()
def remove_orphan_attachments() -> int:
    """A refused or rolled-back post leaves its files without an attachment row: delete them after a day."""
    return remove_orphan_files()
