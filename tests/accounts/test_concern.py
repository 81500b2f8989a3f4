"""Report a concern: stored in the audit log and e-mailed to the Lead by a task stored with the same transaction."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from practica.accounts.services.legal import report_concern
from practica.core.models import AuditEntry
from tests.helpers import run_pending_tasks

URL = reverse("accounts:report-concern")
VALID = {"about": "safeguarding", "link": "/members/12/", "details": "A post names a client's school."}


def test_members_see_the_concern_form(member_client):
    response = member_client.get(URL)
    assert response.status_code == 200
    assert "Report a concern" in response.content.decode()


def test_a_concern_is_stored_and_its_email_waits_for_the_worker(member_client, member, settings):
    settings.LEAD_EMAIL = "lead@association.example"

    response = member_client.post(URL, VALID)

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="concern.reported")
    assert entry.actor == member
    assert entry.data == {"about": "safeguarding", "link": "/members/12/", "details": "A post names a client's school."}
    task = DBTaskResult.objects.get()
    assert task.task_path == "practica.core.email.send_templated_email"
    assert task.queue_name == "email"
    # Nothing is sent from the request itself.
    assert mail.outbox == []

    assert run_pending_tasks() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead@association.example"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
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


def test_form_errors_keep_what_was_typed_and_sit_next_to_each_field(member_client):
    response = member_client.post(URL, {"about": "member", "link": "javascript:alert(1)", "details": "  "})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_link_error"' in page
    assert 'id="id_details_error"' in page
    assert 'aria-describedby="id_link_helptext id_link_error"' in page
    assert 'value="javascript:alert(1)"' in page
    assert '<option value="member" selected>' in page
    assert not DBTaskResult.objects.exists()


def test_the_link_may_be_a_web_address(member_client):
    response = member_client.post(URL, {**VALID, "link": "https://example.org/page"})
    assert response.status_code == 302


def test_lapsed_and_suspended_people_and_visitors_cannot_send_concerns_here(
    anonymous_client, lapsed_client, suspended_client
):
    assert anonymous_client.post(URL, VALID).status_code == 302
    assert lapsed_client.post(URL, VALID).status_code == 403
    assert suspended_client.post(URL, VALID).status_code == 403
    assert not AuditEntry.objects.filter(action="concern.reported").exists()


def test_a_member_sending_many_concerns_is_asked_to_email_instead(member_client):
    for _ in range(10):
        assert member_client.post(URL, VALID).status_code == 302
    response = member_client.post(URL, VALID)
    assert response.status_code == 200
    assert "Please e-mail us instead" in response.content.decode()
    assert AuditEntry.objects.filter(action="concern.reported").count() == 10
