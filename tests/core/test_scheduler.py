import datetime

import pytest
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practica.core import scheduler
from practica.core.models import PeriodicJob


@task()
def tidy_up() -> None:
    return None


@pytest.fixture
def hourly_job(monkeypatch):
    monkeypatch.setattr(scheduler, "_registry", {})
    scheduler.periodic("tests.tidy-up", every=datetime.timedelta(hours=1))(tidy_up)
    return "tests.tidy-up"


@pytest.mark.django_db
def test_a_due_job_is_enqueued_once_and_not_again_until_its_period_has_passed(hourly_job):
    now = timezone.now()
    assert scheduler.tick(now) == [hourly_job]
    assert scheduler.tick(now + datetime.timedelta(minutes=30)) == []
    assert scheduler.tick(now + datetime.timedelta(minutes=61)) == [hourly_job]
    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db
def test_two_schedulers_ticking_at_the_same_moment_enqueue_the_job_once(hourly_job):
    now = timezone.now()
    PeriodicJob.objects.create(name=hourly_job, next_run_at=now - datetime.timedelta(seconds=1))
    stale_view = PeriodicJob.objects.get(name=hourly_job)
    assert scheduler.tick(now) == [hourly_job]
    # A second scheduler that read the job before the first one claimed it loses the conditional update.
    claimed = PeriodicJob.objects.filter(pk=stale_view.pk, next_run_at=stale_view.next_run_at).update(next_run_at=now)
    assert claimed == 0
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_the_database_upkeep_job_is_registered_and_runs():
    from practica.core.tasks import optimize_database

    assert "core.optimize-database" in scheduler.registered_jobs()
    assert optimize_database.call() in {"optimized", "skipped"}
