"""Periodic work for meetings: keeping series a year ahead, and sending reminders."""

from datetime import timedelta

from django.tasks import task

from practica.core.scheduler import periodic
from practica.meetings.services.meetings import extend_series
from practica.meetings.services.reminders import send_due_reminders


@periodic("meetings.extend-series", every=timedelta(days=1))
@task()
def extend_meeting_series() -> int:
    return extend_series()


@periodic("meetings.reminders", every=timedelta(minutes=5))
@task()
def send_meeting_reminders() -> int:
    return send_due_reminders()
