"""Periodic work for surveys: inviting each survey's audience on its opening day."""

from datetime import timedelta

from django.tasks import task

from practica.core.scheduler import periodic
from practica.surveys.services.surveys import send_due_invitations


@periodic("surveys.send-invitations", every=timedelta(hours=1))
@task()
def send_survey_invitations() -> int:
    """Surveys published ahead of their opening date are announced once that day comes."""
    return send_due_invitations()
