"""The CPD log in the browser: private to its member, adding, editing, reflecting, deleting, exporting."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from practica.development.models import CpdEntry
from practica.development.services.log import add_cpd_entry, record_meeting_attendance
from tests.factories import UserFactory
from tests.helpers import queries_for


def _entry(member, **overrides):
    fields = {
        "date": timezone.localdate(),
        "title": "Read 'The Body Keeps the Score'",
        "hours": Decimal("3"),
        "category": "reading",
        "learned": "Trauma lives in the body.",
        "practice_change": "I will notice breathing more.",
    }
    return add_cpd_entry(member=member, **{**fields, **overrides})


def test_member_sees_only_their_own_entries(member_client, member):
    _entry(member, title="My own reading")
    _entry(UserFactory(), title="Someone else's course")
    response = member_client.get(reverse("development:log"))
    assert "My own reading" in response.text
    assert "Someone else&#x27;s course" not in response.text
    assert "Someone else" not in response.text


@pytest.mark.parametrize("persona", ["member", "moderator", "staff", "admin"])
def test_nobody_else_can_open_an_entry_not_even_staff(persona, persona_clients):
    owner = UserFactory()
    entry = _entry(owner)
    client = persona_clients[persona]
    assert client.get(reverse("development:entry-edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("development:entry-edit", args=[entry.pk]), {"title": "x"}).status_code == 404
    assert client.post(reverse("development:entry-delete", args=[entry.pk])).status_code == 404
    assert CpdEntry.objects.filter(pk=entry.pk, title=entry.title).exists()


def test_the_log_shows_this_years_hours(member_client, member):
    _entry(member, hours=Decimal("1.5"))
    _entry(member, hours=Decimal("2"))
    _entry(member, hours=Decimal("9"), date=timezone.localdate().replace(year=timezone.localdate().year - 1))
    response = member_client.get(reverse("development:log"))
    assert f"3.5 hours in {timezone.localdate().year}" in response.text


def test_member_adds_an_entry_by_hand(member_client, member):
    response = member_client.post(
        reverse("development:entry-create"),
        {
            "date": "2025-02-03",
            "title": "Online course on working with grief",
            "category": "course",
            "hours": "6.5",
            "learned": "Continuing bonds.",
            "practice_change": "Less rushing towards closure.",
        },
        follow=True,
    )
    assert "Added to your CPD log." in response.text
    entry = CpdEntry.objects.get(member=member)
    assert entry.hours == Decimal("6.5")
    assert entry.source == "manual"


@pytest.mark.parametrize(
    ("hours", "message"),
    [("0", "Enter more than 0 hours."), ("24.5", "Enter no more than 24 hours for one entry."), ("", "required")],
)
def test_hours_out_of_range_are_explained_next_to_the_field_and_input_kept(member_client, hours, message):
    response = member_client.post(
        reverse("development:entry-create"),
        {"date": "2025-02-03", "title": "Reading about shame", "category": "reading", "hours": hours},
    )
    assert response.status_code == 200
    assert message in response.text
    assert 'value="Reading about shame"' in response.text
    assert not CpdEntry.objects.exists()


def test_a_future_date_is_refused(member_client):
    future = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = member_client.post(
        reverse("development:entry-create"), {"date": future, "title": "x", "category": "reading", "hours": "1"}
    )
    assert "cannot be in the future" in response.text


def test_an_automatic_entry_stays_in_the_meeting_category(member_client, member):
    record_meeting_attendance(
        occurrence_id=9,
        attendee_ids=[member.pk],
        title="Peer meeting",
        starts_at="2025-05-01T10:00:00+00:00",
        duration_minutes=60,
    )
    entry = CpdEntry.objects.get(member=member)
    response = member_client.post(
        reverse("development:entry-edit", args=[entry.pk]),
        {"date": "2025-05-01", "title": "Peer meeting", "category": "reading", "hours": "1"},
    )
    assert "Select a valid choice" in response.text


def test_member_adds_a_reflection_to_an_automatic_entry(member_client, member):
    record_meeting_attendance(
        occurrence_id=5,
        attendee_ids=[member.pk],
        title="Peer meeting",
        starts_at="2025-05-01T10:00:00+00:00",
        duration_minutes=60,
    )
    entry = CpdEntry.objects.get(member=member)
    page = member_client.get(reverse("development:entry-edit", args=[entry.pk]))
    assert "added when the meeting" in page.text
    response = member_client.post(
        reverse("development:entry-edit", args=[entry.pk]),
        {
            "date": "2025-05-01",
            "title": "Peer meeting",
            "category": "meeting",
            "hours": "1",
            "learned": "Others struggle with endings too.",
            "practice_change": "",
        },
        follow=True,
    )
    assert "Your CPD entry is saved." in response.text
    entry.refresh_from_db()
    assert entry.learned == "Others struggle with endings too."
    assert entry.edited_at is not None
    assert entry.category == "meeting"


def test_member_deletes_an_entry_after_confirming(member_client, member):
    entry = _entry(member)
    page = member_client.get(reverse("development:entry-delete", args=[entry.pk]))
    assert "This cannot be undone." in page.text
    response = member_client.post(reverse("development:entry-delete", args=[entry.pk]), follow=True)
    assert "is removed from your CPD log" in response.text
    assert not CpdEntry.objects.exists()


def test_the_log_costs_the_same_queries_with_one_entry_and_with_fifty(member_client, member):
    _entry(member)
    with_one = queries_for(member_client, reverse("development:log"))
    for number in range(49):
        _entry(member, title=f"Entry {number}")
    with_fifty = queries_for(member_client, reverse("development:log"))
    assert with_one == with_fifty


# Export.


def _export(client, **params):
    return client.get(reverse("development:export"), params)


def test_the_export_form_offers_this_year_by_default(member_client):
    response = _export(member_client)
    assert response.status_code == 200
    assert f'value="{timezone.localdate().replace(month=1, day=1).isoformat()}"' in response.text


def test_csv_export_has_a_bom_the_entries_in_range_and_a_total(member_client, member):
    _entry(member, date=datetime.date(2025, 1, 31), title="Before the range")
    _entry(member, date=datetime.date(2025, 2, 1), title="Café supervision reading", hours=Decimal("1.25"))
    _entry(member, date=datetime.date(2025, 2, 28), title="Course — ethics", hours=Decimal("2"), category="course")
    _entry(member, date=datetime.date(2025, 3, 1), title="After the range")
    _entry(UserFactory(), date=datetime.date(2025, 2, 10), title="Someone else's")
    response = _export(member_client, start="2025-02-01", end="2025-02-28", format="csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="cpd-log-2025-02-01-to-2025-02-28.csv"' in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Date", "Title", "Category", "Hours"]
    assert [row[1] for row in rows[1:-1]] == ["Café supervision reading", "Course — ethics"]
    assert rows[1][2] == "Reading"
    assert rows[2][2] == "Course or workshop"
    assert rows[-1][1:4] == ["Total", "", "3.25"]


def test_csv_export_keeps_formulas_as_text(member_client, member):
    _entry(member, date=datetime.date(2025, 2, 1), title='=HYPERLINK("http://evil")')
    response = _export(member_client, start="2025-02-01", end="2025-02-01", format="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1].startswith("'=")


def test_an_end_before_the_start_is_explained_next_to_the_field(member_client):
    response = _export(member_client, start="2025-03-01", end="2025-02-01", format="csv")
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.text
    assert 'id="id_end_error"' in response.text
    assert 'value="2025-03-01"' in response.text


def test_print_ready_page_totals_hours_by_category(member_client, member):
    _entry(member, date=datetime.date(2025, 2, 1), hours=Decimal("1.5"), category="reading")
    _entry(member, date=datetime.date(2025, 2, 2), hours=Decimal("2"), category="reading")
    _entry(member, date=datetime.date(2025, 2, 3), hours=Decimal("6"), category="course", title="Ethics course")
    response = _export(member_client, start="2025-02-01", end="2025-02-28", format="print")
    assert response.status_code == 200
    text = response.text
    assert "Continuing professional development record" in text
    assert "Ethics course" in text
    assert "9.5 hours" in text
    assert '<th scope="row">Reading</th><td class="number">3.5</td>' in text
    assert "Maya Member" in text
