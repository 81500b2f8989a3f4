"""Cases: staff open a case on a member, add notes, change its status, and export it (print view and JSON)
gathering flags, reports, warnings, actions, notes and sealed copies. Everyone else gets 404."""

import datetime
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from practica.core.models import AuditEntry
from practica.moderation.choices import ActionKind, CaseStatus
from practica.moderation.models import Case, CaseNote, ModerationAction, Report, SealedCopy
from practica.moderation.services.cases import add_case_note, change_case_status, open_case
from practica.moderation.services.queue import record_action
from practica.moderation.services.reports import submit_report
from tests.factories import UserFactory


@pytest.fixture
def case(db, staff, member):
    subject = UserFactory(display_name="Rory Rude", email="rory@example.org")
    case = open_case(actor=staff, member=subject, title="Repeated personal remarks")
    add_case_note(actor=staff, case=case, text="Called Rory; agreed to be kinder.")
    record_action(actor=staff, action=ActionKind.WARN, subject=subject, reason="Be kind: personal remarks")
    submit_report(reporter=member, category="bullying", details="Rory belittles me.", links=[f"/members/{subject.pk}/"])
    SealedCopy.objects.create(
        case=case,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        member=subject,
        content={"texts": {"body": "The removed defamatory words", "revisions": []}, "snapshot": {}},
        purge_after=timezone.localdate() + datetime.timedelta(days=30),
    )
    return case


def test_the_case_page_gathers_notes_warnings_reports_actions_and_sealed_copies(case, staff_client):
    page = staff_client.get(reverse("moderation:case", args=[case.pk])).content.decode()
    assert "Repeated personal remarks" in page
    assert "Called Rory; agreed to be kinder." in page
    assert "Be kind: personal remarks" in page
    assert "Rory belittles me." in page
    assert "The removed defamatory words" in page


def test_staff_open_a_case_from_the_form(staff_client, db):
    subject = UserFactory(email="sam@example.org")
    response = staff_client.post(reverse("moderation:case-create"), {"member": "sam@example.org", "title": "Spam"})
    case = Case.objects.get()
    assert response.url == reverse("moderation:case", args=[case.pk])
    assert case.member == subject
    assert ModerationAction.objects.filter(case=case, action=ActionKind.CASE_STATUS).exists()


def test_the_open_form_keeps_what_was_typed_and_says_what_is_wrong(staff_client, db):
    response = staff_client.post(reverse("moderation:case-create"), {"member": "nobody@example.org", "title": ""})
    page = response.content.decode()
    assert "No member has that e-mail address or handle." in page
    assert 'id="id_member_error"' in page and 'id="id_title_error"' in page
    assert 'value="nobody@example.org"' in page


def test_each_status_change_is_recorded_once(case, staff):
    change_case_status(actor=staff, case=case, status=CaseStatus.REFERRED, reason="Serious concern")
    change_case_status(actor=staff, case=case, status=CaseStatus.REFERRED)
    changes = ModerationAction.objects.filter(case=case, action=ActionKind.CASE_STATUS).exclude(before={})
    assert changes.count() == 1
    assert changes.get().after == {"status": "referred"}


def test_notes_are_added_through_the_page_and_never_edited(case, staff_client):
    response = staff_client.post(reverse("moderation:case-note", args=[case.pk]), {"text": "Second call held."})
    assert response.status_code == 302
    assert list(CaseNote.objects.filter(case=case).values_list("text", flat=True)) == [
        "Called Rory; agreed to be kinder.",
        "Second call held.",
    ]


def test_the_json_export_holds_the_whole_record(case, staff_client):
    response = staff_client.get(reverse("moderation:case-json", args=[case.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="case-{case.pk}.json"'
    data = json.loads(response.content)
    assert data["case"]["title"] == "Repeated personal remarks"
    assert data["member"]["email"] == "rory@example.org"
    assert [note["text"] for note in data["notes"]] == ["Called Rory; agreed to be kinder."]
    assert [warning["reason"] for warning in data["warnings"]] == ["Be kind: personal remarks"]
    assert data["reports"][0]["details"] == "Rory belittles me."
    assert data["sealed_copies"][0]["content"]["texts"]["body"] == "The removed defamatory words"
    assert AuditEntry.objects.filter(action="moderation.case_exported", data={"format": "json"}).exists()


def test_the_print_view_has_the_record_and_no_navigation(case, staff_client):
    page = staff_client.get(reverse("moderation:case-print", args=[case.pk])).content.decode()
    assert "Called Rory; agreed to be kinder." in page
    assert "Rory belittles me." in page
    assert 'class="site-nav"' not in page and "<footer" not in page


def test_the_case_list_filters_by_status(case, staff, staff_client):
    other = open_case(actor=staff, member=UserFactory(), title="Closed matter")
    change_case_status(actor=staff, case=other, status=CaseStatus.CLOSED)
    page = staff_client.get(reverse("moderation:cases"), {"status": "closed"}).content.decode()
    assert "Closed matter" in page and "Repeated personal remarks" not in page


@pytest.mark.parametrize("persona", ["member", "moderator"])
def test_cases_do_not_exist_for_members_and_moderators(case, persona, persona_clients):
    client = persona_clients[persona]
    for name in ("moderation:case", "moderation:case-print", "moderation:case-json"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 404
    assert client.get(reverse("moderation:cases")).status_code == 404
    assert client.post(reverse("moderation:case-note", args=[case.pk]), {"text": "x"}).status_code == 404
    assert CaseNote.objects.filter(case=case).count() == 1


def test_the_case_list_costs_the_same_with_one_and_fifty_cases(staff, staff_client, db):
    from tests.helpers import queries_for

    open_case(actor=staff, member=UserFactory(), title="First")
    one = queries_for(staff_client, reverse("moderation:cases"))
    for n in range(49):
        open_case(actor=staff, member=UserFactory(), title=f"Case {n}")
    assert queries_for(staff_client, reverse("moderation:cases")) == one


def test_the_demo_data_adds_an_open_report_with_a_snapshot_and_a_case_with_notes(discussion_world, member, staff):
    from practica.moderation.demo_cases import load_cases

    load_cases()
    load_cases()
    report = Report.objects.get()
    assert report.links.get().snapshot["text"]
    assert Case.objects.get().notes.count() == 2
