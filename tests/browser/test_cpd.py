"""The CPD log through the real UI: a member adds learning by hand, reflects on a meeting added for them,
plans a goal, and exports the year as a spreadsheet and as a print-ready page. Every page is audited with axe."""

import csv
import io
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from practica.development.models import CpdEntry
from practica.development.services.log import record_meeting_attendance
from tests.browser.conftest import audit, sign_in
from tests.factories import DEFAULT_PASSWORD, UserFactory


def test_a_member_adds_a_cpd_entry_reflects_plans_and_exports(page, live_server):
    member = UserFactory(display_name="Maya Member")
    today = timezone.localdate()
    record_meeting_attendance(
        occurrence_id=1,
        attendee_ids=[member.pk],
        title="Monthly peer support",
        starts_at=timezone.now().isoformat(),
        duration_minutes=90,
    )
    sign_in(page, live_server, member.email, DEFAULT_PASSWORD)

    # From the account menu to the log, which already holds the meeting attended.
    page.locator(".member-menu summary").click()
    page.get_by_role("link", name="My CPD log").click()
    expect(page.get_by_role("heading", level=1, name="My CPD log")).to_be_visible()
    expect(page.get_by_text(f"1.5 hours in {today.year}")).to_be_visible()
    audit(page)

    # A reflection on the meeting.
    page.get_by_role("link", name="Reflect Monthly peer support").click()
    expect(page.get_by_text("added when the meeting's chair recorded your attendance")).to_be_visible()
    audit(page)
    page.get_by_label("What did I learn?").fill("Others find endings hard too.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your CPD entry is saved.")).to_be_visible()

    # Learning added by hand; a mistake in the hours is explained next to the field, and the rest is kept.
    page.get_by_role("link", name="Add learning").first.click()
    audit(page)
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Title").fill("Read a book on grief")
    page.get_by_label("Category").select_option("reading")
    page.get_by_label("Hours").fill("30")
    page.get_by_label("How will it change my practice?").fill("More patience with oscillation.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter no more than 24 hours for one entry.").first).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Read a book on grief")
    audit(page)
    page.get_by_label("Hours").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added to your CPD log.")).to_be_visible()
    expect(page.get_by_text(f"4.5 hours in {today.year}")).to_be_visible()
    assert CpdEntry.objects.get(title="Read a book on grief").hours == Decimal("3")
    audit(page)

    # A goal in the development plan.
    page.get_by_role("navigation", name="Professional development").get_by_role("link", name="Development plan").click()
    audit(page)
    page.get_by_role("link", name="Add a goal").click()
    audit(page)
    page.get_by_label("Goal").fill("Train in working with trauma")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Progress (%)").fill("30")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The goal is added to your plan.")).to_be_visible()
    audit(page)

    # Export: an end before the start is explained next to the field.
    page.get_by_role("navigation", name="Professional development").get_by_role("link", name="Export").click()
    audit(page)
    page.get_by_label("From").fill(today.isoformat())
    page.get_by_label("To").fill(today.replace(year=today.year - 1).isoformat())
    page.get_by_role("button", name="Export").click()
    expect(page.get_by_text("The end date must be on or after the start date.").first).to_be_visible()
    audit(page)
    start = today.replace(month=1, day=1).isoformat()
    page.get_by_label("From").fill(start)
    page.get_by_label("To").fill(today.isoformat())
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export").click()
    download = download_info.value
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert {row[1] for row in rows[1:-1]} == {"Monthly peer support", "Read a book on grief"}
    assert rows[-1][3] == "4.50"

    # The print-ready page, with totals by category.
    page.get_by_label("Print-ready page").check()
    page.get_by_role("button", name="Export").click()
    expect(page.get_by_role("heading", level=1, name="Continuing professional development record")).to_be_visible()
    expect(page.get_by_role("row", name="Reading 3")).to_be_visible()
    expect(page.get_by_role("row", name="Total 4.5")).to_be_visible()
    audit(page)


def test_the_other_cpd_pages_pass_the_audit(page, live_server):
    from practica.development.services.log import add_cpd_entry
    from practica.development.services.plan import add_goal
    from tests.browser.conftest import url

    member = UserFactory(display_name="Maya Member")
    sign_in(page, live_server, member.email, DEFAULT_PASSWORD)
    for name in ("development:log", "development:plan", "development:export"):
        page.goto(url(live_server, name))  # empty states
        audit(page)
    entry = add_cpd_entry(
        member=member, date=timezone.localdate(), title="Reading", hours=Decimal("1"), category="reading"
    )
    goal = add_goal(member=member, title="A goal", progress=50, notes="Notes")
    for name, pk in (
        ("development:entry-edit", entry.pk),
        ("development:entry-delete", entry.pk),
        ("development:goal-edit", goal.pk),
        ("development:goal-delete", goal.pk),
    ):
        page.goto(url(live_server, name, pk=pk))
        audit(page)
    page.goto(url(live_server, "development:entry-delete", pk=entry.pk))
    page.get_by_role("button", name="Delete entry").click()
    expect(page.get_by_text("is removed from your CPD log")).to_be_visible()
    page.goto(url(live_server, "core:home"))
    expect(page.get_by_text("CPD this year: 0 hours")).to_be_visible()
    audit(page)
