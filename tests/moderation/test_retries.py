"""A double click or a retried request on the composer forms (report a concern, copyright notice, open a case,
add a case note) stores one row: each form carries a one-time key, as the discussions composer does."""

import re

import pytest
from django.urls import reverse

from practica.core.models import OutboxEmail
from practica.moderation.choices import ItemKind
from practica.moderation.models import Case, CaseNote, CopyrightNotice, Report, ReviewItem
from practica.moderation.services.cases import open_case
from tests.factories import UserFactory


def _key(client, url) -> str:
    page = client.get(url).content.decode()
    found = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page)
    assert found, "the form carries a one-time key"
    return found.group(1)


def _twice(client, url, data):
    return [client.post(url, data) for _ in range(2)]


def test_sending_a_concern_twice_stores_one_report_and_one_email(member_client, member, settings):
    settings.LEAD_EMAIL = "lead@association.example"
    url = reverse("moderation:report")
    data = {"category": "bullying", "details": "Someone keeps belittling me.", "links": ""}
    first, second = _twice(member_client, url, {**data, "idempotency_key": _key(member_client, url)})
    assert first.status_code == second.status_code == 302
    assert Report.objects.filter(reporter=member).count() == 1
    assert ReviewItem.objects.filter(kind=ItemKind.REPORT).count() == 1
    assert OutboxEmail.objects.filter(to_address="lead@association.example").count() == 1
    # A fresh form is a new concern.
    member_client.post(url, {**data, "idempotency_key": _key(member_client, url)})
    assert Report.objects.filter(reporter=member).count() == 2


def test_sending_a_copyright_notice_twice_stores_one_notice(member_client, member):
    url = reverse("moderation:copyright")
    data = {
        "work": "Chapter 3 of my book",
        "location": "/posts/1/",
        "claimant_name": "Maya Member",
        "claimant_email": "maya@example.org",
        "statement": "I hold the copyright.",
        "idempotency_key": _key(member_client, url),
    }
    first, second = _twice(member_client, url, data)
    assert first.status_code == second.status_code == 302
    assert CopyrightNotice.objects.filter(submitted_by=member).count() == 1
    assert ReviewItem.objects.filter(kind=ItemKind.COPYRIGHT).count() == 1


def test_opening_a_case_twice_opens_one(staff_client, db):
    UserFactory(email="sam@example.org")
    url = reverse("moderation:case-create")
    data = {"member": "sam@example.org", "title": "Spam", "idempotency_key": _key(staff_client, url)}
    first, second = _twice(staff_client, url, data)
    assert Case.objects.count() == 1
    assert first.url == second.url == reverse("moderation:case", args=[Case.objects.get().pk])


def test_adding_a_case_note_twice_adds_one(staff_client, staff, db):
    case = open_case(actor=staff, member=UserFactory(), title="Remarks")
    key = _key(staff_client, reverse("moderation:case", args=[case.pk]))
    _twice(
        staff_client, reverse("moderation:case-note", args=[case.pk]), {"text": "Called them.", "idempotency_key": key}
    )
    assert CaseNote.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("submits", [1, 2])
def test_the_service_returns_the_first_report_for_a_repeated_key(member, submits, db):
    from practica.moderation.services.reports import submit_report

    reports = [
        submit_report(reporter=member, category="other", details="Once.", links=[], idempotency_key="k" * 32)
        for _ in range(submits)
    ]
    assert len({report.pk for report in reports}) == 1
