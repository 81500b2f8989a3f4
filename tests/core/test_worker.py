import datetime
import threading

import pytest
import time_machine
from django.core import checks
from django.utils import timezone

from practica.core import events
from practica.core.management.commands.worker import run_periodic_loop
from practica.core.models import WorkerHeartbeat
from practica.core.worker import record_heartbeat, tasks_are_stuck


def _worker_warnings():
    return [m for m in checks.run_checks(databases=["default"]) if m.id == "practica.W001"]


@pytest.mark.django_db
def test_no_warning_when_nothing_is_waiting():
    assert not tasks_are_stuck()
    assert _worker_warnings() == []


@pytest.mark.django_db
def test_waiting_tasks_without_a_recent_worker_raise_a_system_check_warning():
    events.publish("test.nobody_listens", thing_id=1)
    assert tasks_are_stuck()
    assert len(_worker_warnings()) == 1


@pytest.mark.django_db
def test_a_recent_heartbeat_clears_the_warning_and_an_old_one_does_not():
    events.publish("test.nobody_listens", thing_id=1)
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=30)):
        record_heartbeat(worker_id="old", started_at=timezone.now())
    assert tasks_are_stuck()
    record_heartbeat(worker_id="current", started_at=timezone.now())
    assert not tasks_are_stuck()


@pytest.fixture
def _keep_test_connection(monkeypatch):
    # The loop closes stale connections between rounds; inside a test that would close the test's own.
    from practica.core.management.commands import worker

    monkeypatch.setattr(worker, "close_old_connections", lambda: None)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
def test_the_periodic_loop_writes_a_heartbeat_until_stopped():
    stop = threading.Event()
    stop.set()  # one round, then stop
    run_periodic_loop(worker_id="loop-test", interval=0, stop=stop, schedule=False)
    assert WorkerHeartbeat.objects.filter(worker_id="loop-test").exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
def test_the_scheduler_alone_writes_no_heartbeat_so_it_never_hides_a_missing_worker():
    stop = threading.Event()
    stop.set()
    run_periodic_loop(worker_id="scheduler-only", interval=0, stop=stop, schedule=True, heartbeat=False)
    assert not WorkerHeartbeat.objects.exists()
