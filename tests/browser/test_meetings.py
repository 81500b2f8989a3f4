"""Meetings through the real UI: a champion arranges a monthly online series, a member answers going and
downloads the .ics file, the chair records attendance afterwards, and the member finds the hours in their CPD
log (through the task worker) and exports it; the calendars, My calendar and the suggestion form too. Every
page is audited with axe.

Each person signs in in a browser context of their own (cookies apart); only the starting data comes from
factories and services.
"""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from practica.meetings.models import Attendance, Occurrence
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks
from tests.library.factories import add_link_item


@pytest.fixture
def browser_as(browser, live_server):
    contexts = []
    blocked = []

    def open_as(user):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        new_page = context.new_page()
        new_page.on(
            "console",
            lambda message: (
                blocked.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        sign_in(new_page, live_server, user.email, DEFAULT_PASSWORD)
        return new_page

    yield open_as
    for context in contexts:
        context.close()
    assert not blocked, "The Content-Security-Policy blocked something:\n" + "\n".join(blocked)


def test_a_monthly_series_from_arranging_to_attendance_and_the_cpd_log(browser_as, live_server):
    community = CommunityFactory(name="Rural Isolation")
    champion = UserFactory(display_name="Chloe Champion")
    add_member(community, champion, role="champion")
    member = UserFactory(display_name="Maya Member")
    add_member(community, member)
    add_link_item(author=champion, community=community, title="Winter isolation checklist")

    # The champion arranges a monthly online series from the community's calendar.
    chair_page = browser_as(champion)
    chair_page.goto(url(live_server, "communities:detail", pk=community.pk))
    expect(chair_page.get_by_role("heading", name="Next meetings")).to_be_visible()
    audit(chair_page)
    chair_page.get_by_role("link", name="The community's calendar").click()
    audit(chair_page)
    chair_page.get_by_role("link", name="Arrange a meeting").click()
    audit(chair_page)
    start = timezone.localtime(timezone.now() + timedelta(days=10))
    chair_page.get_by_label("Title").fill("Monthly peer support")
    chair_page.get_by_label("Date").fill(start.date().isoformat())
    chair_page.get_by_label("Start time").fill("18:00")
    chair_page.get_by_label("Length in minutes").fill("90")
    chair_page.get_by_label("Repeats").select_option("monthly")
    chair_page.get_by_label("Format").select_option("online")
    chair_page.get_by_label("Joining link").fill("https://meet.example.org/rural")
    chair_page.get_by_label("Chair").select_option(label="Chloe Champion")
    chair_page.get_by_role("button", name="Arrange the meeting").click()
    expect(chair_page.get_by_role("heading", level=1, name="Monthly peer support")).to_be_visible()
    expect(chair_page.get_by_text("Every month on the")).to_be_visible()
    audit(chair_page)
    first = Occurrence.objects.filter(meeting__title="Monthly peer support").order_by("starts_at").first()
    assert Occurrence.objects.filter(meeting=first.meeting).count() >= 12
    chair_page.get_by_role("link", name="Change this meeting").click()
    expect(chair_page.get_by_label("Also change every later meeting of this series")).to_be_visible()
    audit(chair_page)
    chair_page.go_back()
    chair_page.get_by_role("link", name="Cancel this meeting").click()
    audit(chair_page)
    chair_page.get_by_role("link", name="Keep it").click()

    # The member answers going, sees the joining link, and downloads the .ics file.
    member_page = browser_as(member)
    member_page.goto(url(live_server, "core:home"))
    expect(member_page.get_by_role("heading", name="Your next meetings")).to_be_visible()
    member_page.get_by_role("link", name="Monthly peer support").first.click()
    member_page.get_by_role("button", name="Going", exact=True).click()
    expect(member_page.locator(".flash")).to_contain_text("You are going")
    expect(member_page.get_by_role("link", name="https://meet.example.org/rural")).to_be_visible()
    audit(member_page)
    with member_page.expect_download() as download_info:
        member_page.get_by_role("link", name="Add to your calendar (.ics file)").click()
    (event,) = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Monthly peer support"
    assert event.decoded("DTSTART") == first.starts_at
    member_page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    expect(member_page.get_by_role("heading", level=1, name="My meetings")).to_be_visible()
    expect(member_page.get_by_text("You are going").first).to_be_visible()
    audit(member_page)

    # The meeting takes place; the chair records attendance and notes.
    took_place = timezone.now() - timedelta(hours=2)
    Occurrence.objects.filter(pk=first.pk).update(starts_at=took_place)
    chair_page.goto(url(live_server, "meetings:occurrence", pk=first.pk))
    chair_page.get_by_role("link", name="Record attendance and notes").click()
    audit(chair_page)
    chair_page.get_by_label("Maya Member").check()
    chair_page.get_by_label("Notes").fill("We talked about isolation in winter.")
    # The chair attaches an item of the community's library to the record.
    chair_page.get_by_label("Winter isolation checklist").check()
    chair_page.get_by_role("button", name="Save the attendance record").click()
    expect(chair_page.locator(".flash")).to_contain_text("Attendance is recorded: 1 people")
    expect(chair_page.get_by_text("We talked about isolation in winter.")).to_be_visible()
    expect(chair_page.get_by_role("heading", name="From the library")).to_be_visible()
    audit(chair_page)
    member_page.goto(url(live_server, "meetings:occurrence", pk=first.pk))
    member_page.get_by_role("link", name="Winter isolation checklist").click()
    expect(member_page.get_by_role("heading", level=1, name="Winter isolation checklist")).to_be_visible()
    assert list(Attendance.objects.filter(occurrence=first).values_list("user_id", flat=True)) == [member.pk]

    # The attendance reaches the member's CPD log through the task worker: 90 minutes are 1.5 hours.
    run_pending_tasks()
    day = timezone.localtime(took_place).date()
    member_page.goto(url(live_server, "core:home"))
    member_page.locator(".member-menu summary").click()
    member_page.get_by_role("link", name="My CPD log").click()
    expect(member_page.get_by_role("heading", level=1, name="My CPD log")).to_be_visible()
    expect(member_page.get_by_text(f"1.5 hours in {day.year}")).to_be_visible()
    expect(member_page.get_by_role("link", name="Reflect Monthly peer support")).to_be_visible()
    audit(member_page)

    # The member exports the year so far as a spreadsheet.
    member_page.get_by_role("navigation", name="Professional development").get_by_role("link", name="Export").click()
    expect(member_page.get_by_role("heading", level=1, name="Export your CPD log")).to_be_visible()
    audit(member_page)
    member_page.get_by_label("From").fill(day.replace(month=1, day=1).isoformat())
    member_page.get_by_label("To").fill(day.isoformat())
    with member_page.expect_download() as download_info:
        member_page.get_by_role("button", name="Export").click()
    rows = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_bytes().decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:-1]] == ["Monthly peer support"]
    assert rows[-1][3] == "1.50"


def test_my_calendar_events_and_suggestions_pass_the_audit(browser_as, live_server):
    member = UserFactory(display_name="Maya Member")
    page = browser_as(member)
    page.goto(url(live_server, "meetings:calendar"))
    audit(page)
    page.get_by_role("button", name="Make my feed address").click()
    feed_address = page.get_by_label("Your feed address (copy it now: it is shown only once)")
    expect(feed_address).to_have_value(re.compile(r"/meetings/feed/[\w-]+\.ics$"))
    audit(page)
    page.goto(url(live_server, "meetings:events"))
    audit(page)
    page.get_by_role("link", name="Suggest an event you would like to see").click()
    page.get_by_label("What event would you like?").fill("A day on ethics")
    page.get_by_label("Why would it help you and other members?").fill("We all meet dilemmas.")
    page.get_by_role("button", name="Send the suggestion").click()
    expect(page.locator(".flash")).to_contain_text("Thank you")
    audit(page)


def test_staff_pages_of_meetings_pass_the_audit(page, live_server):
    from practica.accounts.choices import Role
    from practica.meetings.services.suggestions import suggest_event

    lead = UserFactory(role=Role.STAFF, display_name="Leah Lead")
    suggestion = suggest_event(author=UserFactory(), what="Interpreters workshop", why="Needed")
    sign_in(page, live_server, lead.email, DEFAULT_PASSWORD, totp_secret="JBSWY3DPEHPK3PXP")
    for name, kwargs in [
        ("meetings:event-create", {}),
        ("meetings:suggestions", {}),
        ("meetings:suggestion-review", {"pk": suggestion.pk}),
        ("meetings:mine", {}),
    ]:
        page.goto(url(live_server, name, **kwargs))
        audit(page)
