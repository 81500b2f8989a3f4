"""`practica import-members FILE`: the management command for the register import."""

import io

import pytest
from django.core.management import CommandError, call_command

from practica.accounts.choices import ImportStatus
from practica.accounts.models import RegisterEntry, RegisterImport
from practica.core.models import AuditEntry

pytestmark = pytest.mark.django_db

CSV = (
    "\ufeffMembership number,Email,Name,Grade,Division,Membership expiry\n"
    "M1,ann@example.org,Ann Able,Registered,North,31/01/2030\n"
    "M2,bob@example.org,Bob Baker,,,2030-02-28\n"
    "M3,nope,Cat Cole,,,\n"
)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_members", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def register_file(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_command_imports_the_file_and_reports_the_summary(register_file):
    out, err = run(str(register_file))

    assert "2 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert "Row 4 (M3) rejected" in err
    assert set(RegisterEntry.objects.values_list("membership_number", flat=True)) == {"M1", "M2"}
    register_import = RegisterImport.objects.get()
    assert register_import.status == ImportStatus.APPLIED
    assert register_import.created_by is None
    assert AuditEntry.objects.filter(action="register.imported").count() == 1


def test_running_the_command_twice_changes_nothing_the_second_time(register_file):
    run(str(register_file))

    out, _ = run(str(register_file))

    assert "0 created, 0 updated, 2 unchanged, 1 rejected" in out
    assert RegisterEntry.objects.count() == 2


def test_command_shows_a_progress_bar(register_file):
    _, err = run(str(register_file))

    assert "Importing" in err
    assert "3/3" in err


def test_dry_run_changes_nothing(register_file):
    out, _ = run(str(register_file), "--dry-run", "--no-progress")

    assert "would have 2 created" in out
    assert not RegisterEntry.objects.exists()
    assert RegisterImport.objects.get().status == ImportStatus.DISCARDED


def test_command_records_the_staff_member_named_as_actor(register_file, staff):
    run(str(register_file), "--actor", staff.email, "--no-progress")

    assert AuditEntry.objects.get(action="register.imported").actor == staff


def test_command_refuses_a_member_as_actor(register_file, member):
    with pytest.raises(CommandError, match="Only staff"):
        run(str(register_file), "--actor", member.email)
    assert not RegisterEntry.objects.exists()


def test_command_fails_clearly_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"))


def test_command_fails_clearly_when_required_columns_are_missing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("number,name\nM1,Ann\n", encoding="utf-8")

    with pytest.raises(CommandError, match="cannot be imported"):
        run(str(path), "--no-progress")
    assert not RegisterEntry.objects.exists()
    assert RegisterImport.objects.get().status == ImportStatus.DISCARDED
