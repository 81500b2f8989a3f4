"""The members register: importing it from a CSV file, in two steps (preview, then apply).

Every row is validated in full before anything is written, and a file is applied in one transaction, so a
row is either imported whole or rejected with its reasons; it is never half-imported. Importing the same file
twice changes nothing the second time. Members missing from a file are left as they are.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practica.accounts.choices import ImportStatus
from practica.accounts.models import RegisterEntry, RegisterImport, User
from practica.accounts.permissions import can_manage_register, check
from practica.core.audit import record

# Columns we understand, keyed by the model field, with the header spellings we accept. Headers are compared
# after lower-casing and dropping everything but letters and digits, so "Membership number",
# "membership_number" and "MEMBERSHIP-NUMBER" are one spelling.
COLUMN_SPELLINGS: dict[str, tuple[str, ...]] = {
    "membership_number": (
        "membershipnumber",
        "membershipno",
        "membernumber",
        "memberno",
        "membershipid",
        "memberid",
        "number",
    ),
    "email": ("email", "emailaddress", "mail"),
    "full_name": ("name", "fullname", "membername"),
    "grade": ("grade", "membershipgrade", "membershiptype"),
    "division": ("division", "branch"),
    "expires_on": (
        "membershipexpiry",
        "membershipexpires",
        "membershipexpireson",
        "membershipexpirydate",
        "expiry",
        "expirydate",
        "expires",
        "expireson",
    ),
}
REQUIRED_COLUMNS = ("membership_number", "email", "full_name")
# Optional columns: when a file leaves one out, existing rows keep their value for it.
OPTIONAL_COLUMNS = ("grade", "division", "expires_on")
MAX_LENGTHS = {"membership_number": 40, "email": 254, "full_name": 200, "grade": 80, "division": 120}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# Enough reasons for staff to fix a file; the counts stay exact however many rows are rejected.
MAX_STORED_REJECTIONS = 1000
LOOKUP_CHUNK = 500

Progress = Callable[[int], object]


class RegisterFileError(Exception):
    """The file as a whole cannot be read (not UTF-8 text, not CSV, required columns missing)."""


def _normalise_header(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


_HEADER_TO_FIELD = {spelling: name for name, spellings in COLUMN_SPELLINGS.items() for spelling in spellings}


def decode_register_file(data: bytes) -> str:
    """Text from an uploaded file: UTF-8, with or without the byte-order mark spreadsheets add."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RegisterFileError(
            _(
                "The file is not UTF-8 text. In your spreadsheet, save it as \u201cCSV UTF-8 (comma delimited)\u201d "
                "and upload it again."
            )
        ) from None
    if "\x00" in text:
        raise RegisterFileError(_("The file is not a CSV text file."))
    return text


def parse_expiry(value: str) -> date | None:
    """A membership expiry date written as YYYY-MM-DD or DD/MM/YYYY; None when the cell is empty."""
    value = value.strip()
    if not value:
        return None
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    raise ValueError(value)


@dataclass
class RowOutcome:
    """What an import does (or would do) with one row of the file."""

    row: int
    membership_number: str
    action: str  # "create", "update", "unchanged" or "reject"
    values: dict = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)
    entry: RegisterEntry | None = None

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(column label, value now, value in the file) for each field an update would change."""
        return [
            (RegisterEntry._meta.get_field(name).verbose_name, getattr(self.entry, name), self.values[name])
            for name in self.changed_fields
        ]


@dataclass
class ImportPlan:
    """The outcome of every row of a file, worked out against the register as it is now."""

    errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    missing_optional_columns: list[str] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)

    def _with(self, action: str) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == action]

    @property
    def created(self) -> list[RowOutcome]:
        return self._with("create")

    @property
    def updated(self) -> list[RowOutcome]:
        return self._with("update")

    @property
    def unchanged(self) -> list[RowOutcome]:
        return self._with("unchanged")

    @property
    def rejected(self) -> list[RowOutcome]:
        return self._with("reject")

    @property
    def can_apply(self) -> bool:
        # A file that changes nothing may still be applied: its summary is the record that it was checked.
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
        }


def _sniff_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _read_rows(text: str) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """The header and then (spreadsheet row number, cells) for each record; the header is row 1."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_sniff_dialect(text))
    try:
        header = next(reader)
    except StopIteration:
        raise RegisterFileError(_("The file is empty.")) from None
    except csv.Error as error:
        raise RegisterFileError(_("The file could not be read as CSV: %(error)s") % {"error": error}) from None

    def records():
        number = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise RegisterFileError(
                    _("The file could not be read as CSV after row %(row)s: %(error)s")
                    % {"row": number, "error": error}
                ) from None
            number += 1
            yield number, cells

    return header, records()


def _map_columns(header: list[str], plan: ImportPlan) -> dict[str, int]:
    """Which cell index holds which field; file-level problems go into plan.errors."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = _HEADER_TO_FIELD.get(_normalise_header(raw))
        if name is None:
            if raw.strip():
                plan.ignored_columns.append(raw.strip())
        elif name in columns:
            plan.errors.append(
                _("The column \u201c%(column)s\u201d appears more than once in the header.") % {"column": raw.strip()}
            )
        else:
            columns[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        labels = {
            "membership_number": _("membership number"),
            "email": _("e-mail"),
            "full_name": _("name"),
        }
        plan.errors.append(
            _("The file needs these columns: %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(str(labels[name]) for name in missing)}
        )
    plan.missing_optional_columns = [
        str(RegisterEntry._meta.get_field(name).verbose_name) for name in OPTIONAL_COLUMNS if name not in columns
    ]
    return columns


def _validate_row(row_number: int, cells: list[str], header_length: int, columns: dict[str, int]) -> RowOutcome:
    """Check one record completely, before anything is written; collect every reason it cannot be used."""
    # Spreadsheets sometimes leave empty cells after the last column; those are harmless.
    while len(cells) > header_length and not cells[-1].strip():
        cells = cells[:-1]
    raw = {name: (cells[index] if index < len(cells) else "") for name, index in columns.items()}
    # Numbers are stored in capitals so that "m1" and "M1" are one member, as they are at sign-up.
    number = raw.get("membership_number", "").strip().upper()
    outcome = RowOutcome(row=row_number, membership_number=number, action="reject")
    if len(cells) != header_length:
        outcome.reasons.append(
            _("This row has %(found)s values but the header has %(expected)s columns.")
            % {"found": len(cells), "expected": header_length}
        )
        return outcome
    values: dict = {}
    if not number:
        outcome.reasons.append(_("The membership number is missing."))
    values["membership_number"] = number
    email = raw["email"].strip().lower()
    if not email:
        outcome.reasons.append(_("The e-mail address is missing."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            outcome.reasons.append(_("The e-mail address is not valid."))
    values["email"] = email
    full_name = " ".join(raw["full_name"].split())
    if not full_name:
        outcome.reasons.append(_("The name is missing."))
    values["full_name"] = full_name
    for name in ("grade", "division"):
        if name in raw:
            values[name] = " ".join(raw[name].split())
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            outcome.reasons.append(
                _("The %(column)s is longer than %(limit)s characters.")
                % {"column": RegisterEntry._meta.get_field(name).verbose_name, "limit": limit}
            )
    if "expires_on" in raw:
        try:
            values["expires_on"] = parse_expiry(raw["expires_on"])
        except ValueError:
            outcome.reasons.append(
                _("The membership expiry \u201c%(value)s\u201d is not a date: use YYYY-MM-DD or DD/MM/YYYY.")
                % {"value": raw["expires_on"].strip()[:40]}
            )
    outcome.values = values
    if not outcome.reasons:
        outcome.action = "create"
    return outcome


def _existing_entries(numbers: list[str]) -> dict[str, RegisterEntry]:
    """The register rows a file names, fetched in chunks so the query stays within database limits."""
    found: dict[str, RegisterEntry] = {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        for entry in RegisterEntry.objects.filter(membership_number__in=chunk):
            found[entry.membership_number] = entry
    return found


def plan_register_import(content: str, *, progress: Progress | None = None) -> ImportPlan:
    """Work out, without writing anything, what importing this CSV text would do to the register."""
    plan = ImportPlan()
    try:
        header, records = _read_rows(content)
        columns = _map_columns(header, plan)
        if plan.errors:
            return plan
        for row_number, cells in records:
            if progress is not None:
                progress(1)
            if not any(cell.strip() for cell in cells):
                continue  # Blank lines, and rows of empty cells spreadsheets leave at the end.
            plan.rows.append(_validate_row(row_number, cells, len(header), columns))
    except RegisterFileError as error:
        plan.errors.append(str(error))
        plan.rows = []
        return plan

    # One number, one member: when a number appears twice we cannot know which row is right, so neither is used.
    rows_by_number: dict[str, list[RowOutcome]] = {}
    for outcome in plan.rows:
        if outcome.membership_number:
            rows_by_number.setdefault(outcome.membership_number.casefold(), []).append(outcome)
    for duplicates in rows_by_number.values():
        if len(duplicates) > 1:
            row_numbers = ", ".join(str(outcome.row) for outcome in duplicates)
            for outcome in duplicates:
                outcome.action = "reject"
                outcome.reasons.append(
                    _("This membership number appears more than once in the file (rows %(rows)s).")
                    % {"rows": row_numbers}
                )

    valid = [outcome for outcome in plan.rows if outcome.action != "reject"]
    existing = _existing_entries([outcome.membership_number for outcome in valid])
    for outcome in valid:
        entry = existing.get(outcome.membership_number)
        if entry is None:
            continue
        outcome.entry = entry
        outcome.changed_fields = [
            name
            for name, value in outcome.values.items()
            if name != "membership_number" and getattr(entry, name) != value
        ]
        outcome.action = "update" if outcome.changed_fields else "unchanged"
    return plan


def count_records(content: str) -> int:
    """How many records follow the header (for a progress bar); 0 when the file cannot be read."""
    try:
        _header, records = _read_rows(content)
        return sum(1 for _record in records)
    except RegisterFileError:
        return 0


@transaction.atomic
def preview_register_import(*, actor: User | None, data: bytes, filename: str = "") -> RegisterImport:
    """Keep an uploaded file until staff have seen its preview and chosen to apply or discard it.

    `actor` is None only for the `import_members` management command, which runs with shell access.
    Raises RegisterFileError when the file cannot be read as text at all.
    """
    if actor is not None:
        check(can_manage_register(actor), _("Only staff can import the members register."))
    content = decode_register_file(data)
    return RegisterImport.objects.create(
        created_by=actor, filename=filename[:255], content=content, status=ImportStatus.PREVIEWED
    )


@transaction.atomic
def apply_register_import(
    *, actor: User | None, register_import: RegisterImport, progress: Progress | None = None
) -> ImportPlan:
    """Write a previewed import to the register in one transaction, and record what it did.

    The plan is worked out again inside the transaction, against the register as it is now, so a preview
    that has gone stale cannot write stale values. Linked members get the new expiry date on their account,
    which is where the lapsed-membership check reads it.
    """
    if actor is not None:
        check(can_manage_register(actor), _("Only staff can import the members register."))
    # The lock makes a double-clicked "Apply" run once.
    register_import = RegisterImport.objects.select_for_update().get(pk=register_import.pk)
    if register_import.status != ImportStatus.PREVIEWED:
        raise ValueError("this import has already been applied or discarded")
    plan = plan_register_import(register_import.content, progress=progress)
    if plan.errors:
        raise RegisterFileError(" ".join(plan.errors))
    now = timezone.now()

    RegisterEntry.objects.bulk_create(
        [RegisterEntry(**outcome.values) for outcome in plan.created], batch_size=LOOKUP_CHUNK
    )
    changed_entries = []
    changed_fields: set[str] = set()
    expiry_by_user: dict[date | None, list[int]] = {}
    for outcome in plan.updated:
        entry = outcome.entry
        for name in outcome.changed_fields:
            setattr(entry, name, outcome.values[name])
        entry.updated_at = now
        changed_entries.append(entry)
        changed_fields.update(outcome.changed_fields)
        if entry.user_id is not None and "expires_on" in outcome.changed_fields:
            expiry_by_user.setdefault(entry.expires_on, []).append(entry.user_id)
    if changed_entries:
        RegisterEntry.objects.bulk_update(
            changed_entries, sorted(changed_fields | {"updated_at"}), batch_size=LOOKUP_CHUNK
        )
    # One UPDATE per distinct date rather than one per member.
    for expires_on, user_ids in expiry_by_user.items():
        for start in range(0, len(user_ids), LOOKUP_CHUNK):
            User.objects.filter(pk__in=user_ids[start : start + LOOKUP_CHUNK]).update(membership_expires_on=expires_on)

    counts = plan.counts()
    register_import.status = ImportStatus.APPLIED
    register_import.applied_at = now
    register_import.created_count = counts["created"]
    register_import.updated_count = counts["updated"]
    register_import.unchanged_count = counts["unchanged"]
    register_import.rejected_count = counts["rejected"]
    register_import.rejections = [
        {"row": outcome.row, "membership_number": outcome.membership_number[:40], "reasons": outcome.reasons}
        for outcome in plan.rejected[:MAX_STORED_REJECTIONS]
    ]
    # The file holds members' personal data: once applied it is not kept (the register itself is the record).
    register_import.content = ""
    register_import.save(
        update_fields=[
            "status",
            "applied_at",
            "created_count",
            "updated_count",
            "unchanged_count",
            "rejected_count",
            "rejections",
            "content",
        ]
    )
    record(
        actor=actor,
        action="register.imported",
        target=register_import,
        summary=ngettext(
            "Members register imported from %(filename)s: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged, %(rejected)s row rejected",
            "Members register imported from %(filename)s: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged, %(rejected)s rows rejected",
            counts["rejected"],
        )
        % {"filename": register_import.filename or _("a file"), **counts},
        data={**counts, "filename": register_import.filename},
    )
    return plan


@transaction.atomic
def discard_register_import(*, actor: User | None, register_import: RegisterImport) -> RegisterImport:
    """Throw away a previewed file without touching the register."""
    if actor is not None:
        check(can_manage_register(actor), _("Only staff can import the members register."))
    updated = RegisterImport.objects.filter(pk=register_import.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.DISCARDED, content=""
    )
    if not updated:
        raise ValueError("this import has already been applied or discarded")
    register_import.refresh_from_db()
    return register_import


def search_register(queryset: QuerySet, query: str) -> QuerySet:
    """Register rows whose membership number, name or e-mail contains the search words (all of them)."""
    for word in query.split()[:5]:
        queryset = queryset.filter(
            Q(membership_number__icontains=word) | Q(full_name__icontains=word) | Q(email__icontains=word)
        )
    return queryset


def list_register_entries(actor: User, *, query: str = "") -> QuerySet:
    """The staff view of the register, searched; staff only."""
    check(can_manage_register(actor), _("Only staff can see the members register."))
    return search_register(RegisterEntry.objects.order_by("membership_number"), query.strip())
