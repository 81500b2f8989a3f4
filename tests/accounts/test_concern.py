"""The old concern service (the form now lives in moderation: tests/moderation/test_reports.py): stored in the
audit log and e-mailed to the Lead by a task stored with the same transaction."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from practica.accounts.services.legal import report_concern
from practica.core.models import AuditEntry, OutboxEmail
from tests.helpers import run_pending_tasks

URL = reverse("accounts:report-concern")
VALID = {"about": "safeguarding", "link": "/members/12/", "details": "A post names a client's school."}


def test_the_old_concern_address_redirects_to_the_report_form(member_client):
    response = member_client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("moderation:report")


def test_a_concern_is_stored_and_its_email_waits_for_the_worker(member, settings):
    settings.LEAD_EMAIL = "lead@association.example"

    report_concern(reporter=member, **VALID)

    entry = AuditEntry.objects.get(action="concern.reported")
    assert entry.actor == member
    assert entry.data == {"about": "safeguarding", "link": "/members/12/", "details": "A post names a client's school."}
    # The e-mail is a row in the outbox, with its delivery stored in the same transaction.
    assert OutboxEmail.objects.get().to_address == "lead@association.example"
    task = DBTaskResult.objects.get()
    assert task.task_path == "practica.core.tasks.deliver_outbox"
    assert task.queue_name == "email"
    # Nothing is sent from the request itself.
    assert mail.outbox == []

    assert run_pending_tasks() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead@association.example"]
    assert message.from_email == f"{settings.SITE_NAME} <{settings.DEFAULT_FROM_EMAIL}>"
    assert "Safeguarding or client confidentiality" in message.subject
    assert "\n" not in message.subject
    assert "A post names a client's school." in message.body
    assert member.email in message.body
    assert f"Reference: {entry.pk}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "A post names a client&#x27;s school." in html


def test_the_concern_email_and_audit_entry_exist_only_if_the_transaction_commits(member, db):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        report_concern(reporter=member, about="other", link="", details="Something")
        assert DBTaskResult.objects.count() == 1
        raise Boom

    assert not DBTaskResult.objects.exists()
    assert not AuditEntry.objects.filter(action="concern.reported").exists()


def test_lapsed_and_suspended_people_and_visitors_cannot_send_concerns_here(
    anonymous_client, lapsed_client, suspended_client
):
    assert anonymous_client.post(URL, VALID).status_code == 302
    assert lapsed_client.post(URL, VALID).status_code == 403
    assert suspended_client.post(URL, VALID).status_code == 403
    assert not AuditEntry.objects.filter(action="concern.reported").exists()
