import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from practica.core import events
from tests.helpers import run_pending_tasks

received = []


@events.subscribes("test.something_happened")
def remember(*, thing_id: int) -> None:
    received.append(thing_id)


@pytest.fixture(autouse=True)
def _reset():
    received.clear()


@pytest.mark.django_db(transaction=True)
def test_an_event_is_stored_with_the_transaction_and_delivered_by_the_worker():
    with transaction.atomic():
        events.publish("test.something_happened", thing_id=7)
        assert received == [], "handlers must not run inside the publishing transaction"
    assert DBTaskResult.objects.ready().count() == 1
    assert run_pending_tasks() == 1
    assert received == [7]


@pytest.mark.django_db(transaction=True)
def test_an_event_published_in_a_rolled_back_transaction_is_never_delivered():
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("test.something_happened", thing_id=8)
        raise RuntimeError("the change failed")
    assert DBTaskResult.objects.count() == 0
    run_pending_tasks()
    assert received == []


def test_registering_the_same_handler_twice_delivers_once():
    events.subscribes("test.something_happened")(remember)
    assert events.handlers_for("test.something_happened").count(remember) == 1
