"""`practica import-members FILE`: the same register import as the staff page, from the command line."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from practica.accounts.models import User
from practica.accounts.services.register import (
    RegisterFileError,
    apply_register_import,
    count_records,
    discard_register_import,
    plan_register_import,
    preview_register_import,
)


class Command(BaseCommand):
    help = (
        "Import the members register from a CSV file (membership number, e-mail, name, grade, division, "
        "membership expiry). Rows are matched on the membership number; importing the same file twice changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file (UTF-8, with or without a byte-order mark).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, and change nothing.")
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="Record the import in the audit log as done by this staff member (default: the command line).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, file: str, dry_run: bool, actor: str | None, no_progress: bool, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from None
        actor_user = None
        if actor:
            actor_user = User.objects.filter(email__iexact=actor).first()
            if actor_user is None:
                raise CommandError(f"No account has the e-mail address {actor}.")
        try:
            register_import = preview_register_import(actor=actor_user, data=data, filename=path.name)
        except (RegisterFileError, PermissionDenied) as error:
            raise CommandError(str(error)) from None

        total = count_records(register_import.content)
        with tqdm(
            total=total,
            unit="row",
            desc="Checking" if dry_run else "Importing",
            disable=no_progress or options["verbosity"] == 0,
            # The raw stream: Django's wrapper would end every progress update with a new line.
            file=self.stderr._out,
        ) as bar:
            try:
                if dry_run:
                    plan = plan_register_import(register_import.content, progress=bar.update)
                else:
                    plan = apply_register_import(actor=actor_user, register_import=register_import, progress=bar.update)
            except RegisterFileError:
                plan = plan_register_import(register_import.content)
        if dry_run or plan.errors:
            discard_register_import(actor=actor_user, register_import=register_import)
        if plan.errors:
            raise CommandError("The file cannot be imported: " + " ".join(plan.errors))

        for outcome in plan.rejected:
            number = f" ({outcome.membership_number})" if outcome.membership_number else ""
            self.stderr.write(f"Row {outcome.row}{number} rejected: {' '.join(str(r) for r in outcome.reasons)}")
        counts = plan.counts()
        prefix = "Dry run, nothing changed: would have " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged, {counts['rejected']} rejected."
            )
        )
