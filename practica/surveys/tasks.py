"""Periodic work for surveys: inviting each survey's audience on its opening day, and writing answered surveys'
participations again in random order so that nothing pairs them with the anonymous responses."""

from datetime import timedelta

from django.tasks import task

from practica.core.scheduler import periodic
from practica.surveys.services.surveys import send_due_invitations, shuffle_participations


@periodic("surveys.send-invitations", every=timedelta(hours=1))
@task()
def send_survey_invitations() -> int:
    """Surveys published ahead of their opening date are announced once that day comes."""
    return send_due_invitations()


@periodic("surveys.shuffle-participations", every=timedelta(hours=1))
@task()
def shuffle_survey_participations() -> int:
    """Who answered is stored apart from what was answered; this keeps their order apart too (models.py)."""
    return shuffle_participations()
