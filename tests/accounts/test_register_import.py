"""The members register import service: preview, apply, idempotence and rejected rows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from practica.accounts.choices import ImportStatus
from practica.accounts.models import RegisterEntry, RegisterImport
from practica.accounts.services.register import (
    RegisterFileError,
    apply_register_import,
    discard_register_import,
    plan_register_import,
    preview_register_import,
)
from practica.core.models import AuditEntry
from tests.factories import RegisterEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "membership_number,email,name,grade,division,membership_expiry\n"


def import_csv(actor, text: str | bytes, filename: str = "register.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    register_import = preview_register_import(actor=actor, data=data, filename=filename)
    return apply_register_import(actor=actor, register_import=register_import), register_import


def test_import_creates_new_members_with_every_column(staff):
    plan, register_import = import_csv(
        staff,
        HEADER + "M1,Ann@Example.org,Ann Able,Registered,North,2030-01-31\n" + "M2,bob@example.org,Bob Baker,,,\n",
    )

    assert plan.counts() == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    ann = RegisterEntry.objects.get(membership_number="M1")
    assert (ann.email, ann.full_name, ann.grade, ann.division, ann.expires_on) == (
        "ann@example.org",
        "Ann Able",
        "Registered",
        "North",
        datetime.date(2030, 1, 31),
    )
    assert RegisterEntry.objects.get(membership_number="M2").expires_on is None
    register_import.refresh_from_db()
    assert register_import.status == ImportStatus.APPLIED
    assert register_import.created_count == 2
    assert register_import.content == ""


def test_reimporting_the_same_file_changes_nothing(staff):
    text = HEADER + "M1,ann@example.org,Ann Able,Registered,North,2030-01-31\n"
    import_csv(staff, text)
    before = RegisterEntry.objects.get().updated_at

    plan, register_import = import_csv(staff, text)

    assert plan.counts() == {"created": 0, "updated": 0, "unchanged": 1, "rejected": 0}
    assert RegisterEntry.objects.get().updated_at == before
    register_import.refresh_from_db()
    assert register_import.unchanged_count == 1


def test_changed_row_updates_the_entry_and_the_linked_members_expiry(staff):
    member = UserFactory(membership_expires_on=datetime.date(2025, 1, 1))
    RegisterEntryFactory(
        membership_number="M1", email="ann@example.org", full_name="Ann Able", grade="Student", user=member
    )

    plan, _ = import_csv(staff, HEADER + "M1,ann@example.org,Ann Able,Registered,North,2031-12-31\n")

    assert plan.counts()["updated"] == 1
    entry = RegisterEntry.objects.get()
    assert (entry.grade, entry.division, entry.expires_on) == ("Registered", "North", datetime.date(2031, 12, 31))
    member.refresh_from_db()
    assert member.membership_expires_on == datetime.date(2031, 12, 31)


def test_a_file_without_optional_columns_leaves_those_values_alone(staff):
    RegisterEntryFactory(membership_number="M1", email="ann@example.org", full_name="Ann Able", grade="Fellow")

    plan, _ = import_csv(staff, "Membership number,E-mail,Name\nM1,ann@example.org,Ann Able\n")

    assert plan.counts()["unchanged"] == 1
    assert RegisterEntry.objects.get().grade == "Fellow"


def test_common_header_spellings_are_accepted(staff):
    plan, _ = import_csv(
        staff,
        "Membership Number,E-mail address,Full name,Grade,Division,Membership expiry\n"
        "M1,ann@example.org,Ann Able,,,31/01/2030\n",
    )

    assert plan.counts()["created"] == 1
    assert RegisterEntry.objects.get().expires_on == datetime.date(2030, 1, 31)


def test_both_date_formats_are_read_and_a_bad_date_rejects_only_its_row(staff):
    plan, register_import = import_csv(
        staff,
        HEADER
        + "M1,a@example.org,Ann Able,,,2030-01-31\n"
        + "M2,b@example.org,Bob Baker,,,31/01/2030\n"
        + "M3,c@example.org,Cat Cole,,,31/13/2030\n",
    )

    assert plan.counts() == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert set(RegisterEntry.objects.values_list("expires_on", flat=True)) == {datetime.date(2030, 1, 31)}
    register_import.refresh_from_db()
    [rejection] = register_import.rejections
    assert rejection["row"] == 4
    assert rejection["membership_number"] == "M3"
    assert "31/13/2030" in rejection["reasons"][0]


def test_a_row_with_an_invalid_email_is_rejected_with_its_row_number(staff):
    plan, _ = import_csv(staff, HEADER + "M1,not-an-email,Ann Able,,,\nM2,b@example.org,Bob,,,\n")

    [rejected] = plan.rejected
    assert rejected.row == 2
    assert "e-mail address is not valid" in rejected.reasons[0]
    assert list(RegisterEntry.objects.values_list("membership_number", flat=True)) == ["M2"]


def test_a_malformed_row_is_rejected_whole_and_never_half_imported(staff):
    RegisterEntryFactory(membership_number="M1", email="ann@example.org", full_name="Ann Able", grade="Student")

    # The grade is fine but the e-mail is not: nothing of the row is written, not even the grade.
    plan, _ = import_csv(staff, HEADER + "M1,broken@,Ann Able,Fellow,North,2030-01-01\n")

    assert plan.counts()["rejected"] == 1
    entry = RegisterEntry.objects.get()
    assert (entry.email, entry.grade, entry.division) == ("ann@example.org", "Student", "Private Practice")


def test_rows_with_missing_fields_or_the_wrong_number_of_values_are_rejected(staff):
    plan, _ = import_csv(
        staff,
        HEADER
        + ",a@example.org,Ann Able,,,\n"
        + "M2,,Bob Baker,,,\n"
        + "M3,c@example.org,,,,\n"
        + "M4,d@example.org,Dan Dee\n"
        + "M5,e@example.org,Eve East,,,,extra\n"
        + "M6,f@example.org,Fay Fox,,,,\n",
    )

    reasons = {outcome.row: " ".join(outcome.reasons) for outcome in plan.rejected}
    assert set(reasons) == {2, 3, 4, 5, 6}
    assert "membership number is missing" in reasons[2]
    assert "e-mail address is missing" in reasons[3]
    assert "name is missing" in reasons[4]
    assert "3 values" in reasons[5]
    assert "7 values" in reasons[6]
    # A trailing empty cell is harmless.
    assert [outcome.membership_number for outcome in plan.created] == ["M6"]


def test_duplicate_membership_numbers_in_one_file_are_all_rejected(staff):
    plan, _ = import_csv(
        staff,
        HEADER + "M1,a@example.org,Ann Able,,,\nM2,b@example.org,Bob,,,\nm1,other@example.org,Someone Else,,,\n",
    )

    assert {outcome.row for outcome in plan.rejected} == {2, 4}
    assert "rows 2, 4" in plan.rejected[0].reasons[0]
    assert list(RegisterEntry.objects.values_list("membership_number", flat=True)) == ["M2"]


def test_utf8_with_a_byte_order_mark_is_read(staff):
    plan, _ = import_csv(staff, ("\ufeff" + HEADER + "M1,zoe@example.org,Zoë Ørsted,,,\n").encode("utf-8"))

    assert plan.counts()["created"] == 1
    assert RegisterEntry.objects.get().full_name == "Zoë Ørsted"


def test_a_file_that_is_not_utf8_is_refused_before_anything_is_stored(staff):
    with pytest.raises(RegisterFileError, match="UTF-8"):
        preview_register_import(actor=staff, data=(HEADER + "M1,a@example.org,Zoë,,,\n").encode("latin-1"))

    assert not RegisterImport.objects.exists()


def test_a_file_missing_required_columns_is_refused_as_a_whole(staff):
    register_import = preview_register_import(actor=staff, data=b"membership_number,name\nM1,Ann\n")

    plan = plan_register_import(register_import.content)
    assert plan.errors and "e-mail" in plan.errors[0]
    with pytest.raises(RegisterFileError):
        apply_register_import(actor=staff, register_import=register_import)
    assert not RegisterEntry.objects.exists()


def test_semicolon_separated_files_are_read(staff):
    plan, _ = import_csv(staff, "membership_number;email;name\nM1;a@example.org;Ann Able\n")

    assert plan.counts()["created"] == 1


def test_blank_lines_are_skipped_and_row_numbers_match_the_spreadsheet(staff):
    plan, _ = import_csv(staff, HEADER + "M1,a@example.org,Ann,,,\n,,,,,\n\nM2,bad,Bob,,,\n")

    assert [outcome.row for outcome in plan.rejected] == [5]


def test_preview_writes_nothing_to_the_register(staff):
    register_import = preview_register_import(actor=staff, data=(HEADER + "M1,a@example.org,Ann,,,\n").encode())

    plan = plan_register_import(register_import.content)
    assert plan.counts()["created"] == 1
    assert not RegisterEntry.objects.exists()
    assert register_import.status == ImportStatus.PREVIEWED


def test_an_import_cannot_be_applied_twice(staff):
    _, register_import = import_csv(staff, HEADER + "M1,a@example.org,Ann,,,\n")

    with pytest.raises(ValueError):
        apply_register_import(actor=staff, register_import=register_import)


def test_discarding_an_import_forgets_the_file_and_changes_nothing(staff):
    register_import = preview_register_import(actor=staff, data=(HEADER + "M1,a@example.org,Ann,,,\n").encode())

    discard_register_import(actor=staff, register_import=register_import)

    register_import.refresh_from_db()
    assert (register_import.status, register_import.content) == (ImportStatus.DISCARDED, "")
    assert not RegisterEntry.objects.exists()


def test_applying_an_import_records_an_audit_entry(staff):
    _, register_import = import_csv(staff, HEADER + "M1,a@example.org,Ann,,,\nM2,bad,Bob,,,\n")

    entry = AuditEntry.objects.get(action="register.imported")
    assert entry.actor == staff
    assert entry.target_id == str(register_import.pk)
    assert entry.data["created"] == 1
    assert entry.data["rejected"] == 1


def test_members_cannot_import_the_register(member):
    with pytest.raises(PermissionDenied):
        preview_register_import(actor=member, data=(HEADER + "M1,a@example.org,Ann,,,\n").encode())
