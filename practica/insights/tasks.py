"""The roll-up runs in the worker: every hour it checks whether a day has ended, and if so closes it (and
rolls up again the days still settling). Safe to run twice: each day's figures are replaced as a whole."""

from datetime import timedelta

from django.tasks import task

from practica.core.scheduler import periodic
from practica.insights.services.rollup import rollup_pending


@periodic("insights.rollup", every=timedelta(hours=1))
@task()
def roll_up_engagement() -> int:
    return len(rollup_pending())
