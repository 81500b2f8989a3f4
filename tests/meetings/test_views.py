"""Meeting pages for each persona: calendars, a meeting with its RSVP and joining link, arranging, changing,
cancelling, attendance, .ics files, the personal feed, time zones and suggestions."""

import itertools
from datetime import timedelta

import icalendar
from django.urls import reverse
from django.utils import timezone

from practica.meetings.choices import RsvpResponse
from practica.meetings.models import CalendarFeed, EventSuggestion, Occurrence
from practica.meetings.services.calendars import create_feed_token, revoke_feed_token, set_time_zone
from practica.meetings.services.meetings import create_meeting
from practica.meetings.services.rsvps import respond
from practica.meetings.services.suggestions import suggest_event
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import count_queries, queries_for
from tests.meetings.conftest import client_for, next_week, notices, one_off

_numbers = itertools.count(1)


def _closed_group():
    closed = CommunityFactory(name=f"Supervisors {next(_numbers)}", membership="closed")
    champion = UserFactory(display_name="Cleo Champion")
    add_member(closed, champion, role="champion")
    insider = UserFactory(display_name="Ian Insider")
    add_member(closed, insider)
    return closed, champion, insider


def _events(content: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(content)
    return list(calendar.walk("VEVENT"))


# Calendars and lists.


def test_my_meetings_lists_my_communities_and_site_events_in_my_time_zone(group, staff):
    one_off(group["community"], group["champion"], title="Rural peer meeting")
    create_meeting(community=None, title="Annual conference", starts_at=next_week(), created_by=staff)
    elsewhere = CommunityFactory()
    other_champion = UserFactory()
    add_member(elsewhere, other_champion, role="champion")
    one_off(elsewhere, other_champion, title="Not my community")
    response = client_for(group["member"]).get(reverse("meetings:mine"))
    assert response.status_code == 200
    assert "Rural peer meeting" in response.text and "Annual conference" in response.text
    assert "Not my community" not in response.text
    assert "18:00" in response.text


def test_times_are_shown_in_the_members_chosen_time_zone(group):
    occurrence = one_off(group["community"], group["champion"])
    set_time_zone(user=group["member"], time_zone="America/New_York")
    response = client_for(group["member"]).get(occurrence.get_absolute_url())
    assert "13:00" in response.text and "America/New_York" in response.text
    assert "18:00 in Europe/London" in response.text


def test_the_community_calendar_shows_a_month_of_meetings(group):
    occurrence = one_off(group["community"], group["champion"], title="Month meeting")
    month = timezone.localtime(occurrence.starts_at).strftime("%Y-%m")
    url = reverse("meetings:community-calendar", kwargs={"pk": group["community"].pk}) + f"?month={month}"
    response = client_for(group["member"]).get(url)
    assert response.status_code == 200 and "Month meeting" in response.text
    assert "Previous month" in response.text


def test_an_outsider_gets_404_for_everything_of_a_closed_communitys_meeting(db):
    closed, champion, _insider = _closed_group()
    occurrence = one_off(closed, champion, starts_at=timezone.now() - timedelta(hours=2))
    outsider = client_for(UserFactory())
    for name, kwargs in [
        ("meetings:community-calendar", {"pk": closed.pk}),
        ("meetings:create", {"pk": closed.pk}),
        ("meetings:occurrence", {"pk": occurrence.pk}),
        ("meetings:occurrence-ics", {"pk": occurrence.pk}),
        ("meetings:occurrence-edit", {"pk": occurrence.pk}),
        ("meetings:occurrence-cancel", {"pk": occurrence.pk}),
        ("meetings:attendance", {"pk": occurrence.pk}),
    ]:
        assert outsider.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    assert (
        outsider.post(reverse("meetings:rsvp", kwargs={"pk": occurrence.pk}), {"response": "going"}).status_code == 404
    )


def test_closed_meetings_stay_out_of_an_outsiders_lists_home_page_and_feed(db):
    closed, champion, _insider = _closed_group()
    one_off(closed, champion, title="Secret circle meeting")
    outsider = UserFactory()
    client = client_for(outsider)
    for url in [reverse("meetings:mine"), reverse("core:home"), reverse("meetings:events")]:
        assert "Secret circle meeting" not in client.get(url).text
    token = create_feed_token(user=outsider)
    feed = client_for(outsider).get(reverse("meetings:feed", kwargs={"token": token}))
    assert b"Secret circle meeting" not in feed.content


def test_the_home_page_and_community_page_show_the_next_meetings(group):
    one_off(group["community"], group["champion"], title="Next peer meeting")
    client = client_for(group["member"])
    home = client.get(reverse("core:home"))
    assert "Your next meetings" in home.text and "Next peer meeting" in home.text
    page = client.get(reverse("communities:detail", kwargs={"pk": group["community"].pk}))
    assert "Next meetings" in page.text and "Next peer meeting" in page.text


# One meeting: RSVP and the joining link.


def test_the_joining_link_is_for_members_and_people_who_answered(group):
    occurrence = one_off(group["community"], group["champion"])
    link = "https://meet.example.org/x"
    assert link in client_for(group["member"]).get(occurrence.get_absolute_url()).text
    visitor = UserFactory()
    client = client_for(visitor)
    page = client.get(occurrence.get_absolute_url())
    assert page.status_code == 200 and link not in page.text
    assert "people who answer going or maybe" in page.text
    response = client.post(reverse("meetings:rsvp", kwargs={"pk": occurrence.pk}), {"response": "maybe"}, follow=True)
    assert "You might go" in response.text and link in response.text


def test_going_to_a_full_meeting_offers_the_waiting_list(group):
    occurrence = one_off(group["community"], group["champion"], capacity=1)
    respond(user=group["champion"], occurrence=occurrence, response="going")
    client = client_for(group["member"])
    page = client.get(occurrence.get_absolute_url())
    assert "Join the waiting list" in page.text
    response = client.post(reverse("meetings:rsvp", kwargs={"pk": occurrence.pk}), {"response": "going"}, follow=True)
    assert "This meeting is full. You can join its waiting list below." in response.text
    response = client.post(reverse("meetings:rsvp", kwargs={"pk": occurrence.pk}), {"response": "waiting"}, follow=True)
    assert "You are on the waiting list" in response.text
    assert occurrence.rsvps.get(user=group["member"]).response == RsvpResponse.WAITING


def test_a_past_meeting_takes_no_answers(group):
    occurrence = one_off(group["community"], group["champion"], starts_at=timezone.now() - timedelta(hours=3))
    client = client_for(group["member"])
    assert "This meeting has finished." in client.get(occurrence.get_absolute_url()).text
    response = client.post(reverse("meetings:rsvp", kwargs={"pk": occurrence.pk}), {"response": "going"}, follow=True)
    assert "You can no longer answer" in response.text


# Arranging, changing, cancelling.


def test_a_champion_arranges_a_monthly_series_through_the_form(group):
    client = client_for(group["champion"])
    url = reverse("meetings:create", kwargs={"pk": group["community"].pk})
    assert client.get(url).status_code == 200
    start = next_week()
    response = client.post(
        url,
        {
            "title": "Monthly peer supervision",
            "date": start.date().isoformat(),
            "time": "18:00",
            "duration_minutes": "90",
            "time_zone": "Europe/London",
            "repeat": "monthly",
            "format": "online",
            "joining_link": "https://meet.example.org/monthly",
        },
    )
    occurrences = Occurrence.objects.filter(meeting__title="Monthly peer supervision").order_by("starts_at")
    assert response.status_code == 302 and response["Location"] == occurrences[0].get_absolute_url()
    assert occurrences.count() >= 12
    assert {timezone.localtime(o.starts_at).strftime("%H:%M") for o in occurrences} == {"18:00"}


def test_an_invalid_custom_rule_is_explained_next_to_its_field_keeping_what_was_typed(group):
    client = client_for(group["champion"])
    response = client.post(
        reverse("meetings:create", kwargs={"pk": group["community"].pk}),
        {
            "title": "Odd meeting",
            "date": next_week().date().isoformat(),
            "time": "18:00",
            "duration_minutes": "60",
            "time_zone": "Europe/London",
            "repeat": "custom",
            "custom_rule": "FREQ=FORTNIGHTLY",
            "format": "online",
        },
    )
    assert response.status_code == 200
    assert 'id="id_custom_rule_error"' in response.text
    assert "repeat daily, weekly, monthly or yearly" in response.text
    assert 'value="FREQ=FORTNIGHTLY"' in response.text and 'value="Odd meeting"' in response.text
    assert not Occurrence.objects.filter(title="Odd meeting").exists()


def test_a_plain_member_cannot_arrange_meetings(group):
    response = client_for(group["member"]).get(reverse("meetings:create", kwargs={"pk": group["community"].pk}))
    assert response.status_code == 403
    assert "champions and staff can arrange its meetings" in response.text


def test_staff_arrange_a_site_wide_event(staff_client):
    start = next_week()
    response = staff_client.post(
        reverse("meetings:event-create"),
        {
            "title": "Staying connected",
            "date": start.date().isoformat(),
            "time": "12:30",
            "duration_minutes": "60",
            "time_zone": "Europe/London",
            "repeat": "never",
            "format": "face_to_face",
            "venue": "Conference centre, Room 1",
        },
    )
    assert response.status_code == 302
    assert Occurrence.objects.get(title="Staying connected").community is None


def test_changing_a_meeting_tells_those_who_answered(group, published):
    occurrence = one_off(group["community"], group["champion"])
    respond(user=group["member"], occurrence=occurrence, response="going")
    client = client_for(group["champion"])
    url = reverse("meetings:occurrence-edit", kwargs={"pk": occurrence.pk})
    form = client.get(url)
    assert 'value="18:00"' in form.text
    local = timezone.localtime(occurrence.starts_at)
    response = client.post(
        url,
        {
            "title": "Peer meeting",
            "date": local.date().isoformat(),
            "time": "19:00",
            "duration_minutes": "60",
            "time_zone": "Europe/London",
            "format": "online",
            "joining_link": "https://meet.example.org/x",
        },
    )
    assert response.status_code == 302
    assert "Now starts" in notices(published)[-1]["snapshot"]["excerpt"]
    assert (
        client_for(group["member"]).get(reverse("meetings:occurrence-edit", kwargs={"pk": occurrence.pk})).status_code
        == 403
    )


def test_cancelling_a_meeting(group, published):
    occurrence = one_off(group["community"], group["champion"])
    respond(user=group["member"], occurrence=occurrence, response="going")
    client = client_for(group["champion"])
    url = reverse("meetings:occurrence-cancel", kwargs={"pk": occurrence.pk})
    assert "also cancel every later" not in client.get(url).text.lower()
    response = client.post(url, {"reason": "The chair is unwell."}, follow=True)
    assert "The meeting is cancelled" in response.text and "This meeting is cancelled." in response.text
    assert notices(published)[-1]["recipient_ids"] == [group["member"].pk]


def test_the_chair_records_attendance_and_notes_after_the_meeting(group, published):
    occurrence = one_off(group["community"], group["champion"], starts_at=timezone.now() - timedelta(hours=2))
    respond_late = UserFactory(display_name="Rae Rsvp")
    Occurrence.objects.filter(pk=occurrence.pk).update(starts_at=timezone.now() + timedelta(hours=1))
    respond(user=respond_late, occurrence=occurrence, response="going")
    Occurrence.objects.filter(pk=occurrence.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    client = client_for(group["champion"])
    url = reverse("meetings:attendance", kwargs={"pk": occurrence.pk})
    page = client.get(url)
    assert "Rae Rsvp" in page.text and "Mina Member" in page.text
    response = client.post(
        url,
        {"attendees": [respond_late.pk, group["member"].pk], "notes": "Endings.", "resource_links": "https://x.org/a"},
        follow=True,
    )
    assert "Attendance is recorded: 2 people" in response.text and "Endings." in response.text
    recorded = notices(published, "meeting.attendance_recorded")[-1]
    assert sorted(recorded["attendee_ids"]) == sorted([respond_late.pk, group["member"].pk])
    bad = client.post(url, {"attendees": [], "resource_links": "not a link"})
    assert bad.status_code == 200 and 'id="id_resource_links_error"' in bad.text


# Calendar files and the feed.


def test_the_ics_download_parses_and_carries_the_link_only_for_those_allowed(group):
    occurrence = one_off(group["community"], group["champion"], title="Download me")
    response = client_for(group["member"]).get(reverse("meetings:occurrence-ics", kwargs={"pk": occurrence.pk}))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    assert str(event["SUMMARY"]) == "Download me"
    assert event.decoded("DTSTART") == occurrence.starts_at
    assert str(event["DTSTART"].params["TZID"]) == "Europe/London"
    assert "https://meet.example.org/x" in str(event["DESCRIPTION"])
    visitor = client_for(UserFactory())
    (event,) = _events(visitor.get(reverse("meetings:occurrence-ics", kwargs={"pk": occurrence.pk})).content)
    assert "https://meet.example.org/x" not in str(event["DESCRIPTION"])


def test_the_feed_needs_no_session_parses_and_stops_when_revoked(group, anonymous_client):
    one_off(group["community"], group["champion"], title="Feed meeting")
    token = create_feed_token(user=group["member"])
    url = reverse("meetings:feed", kwargs={"token": token})
    response = anonymous_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    events = _events(response.content)
    assert [str(event["SUMMARY"]) for event in events] == ["Feed meeting"]
    assert events[0]["STATUS"] == "CONFIRMED"
    assert CalendarFeed.objects.get(user=group["member"]).last_used_at is not None
    revoke_feed_token(user=group["member"])
    assert anonymous_client.get(url).status_code == 404
    assert anonymous_client.get(reverse("meetings:feed", kwargs={"token": "guessed"})).status_code == 404


def test_a_new_feed_address_replaces_the_old_one(group, anonymous_client):
    old = create_feed_token(user=group["member"])
    new = create_feed_token(user=group["member"])
    assert anonymous_client.get(reverse("meetings:feed", kwargs={"token": old})).status_code == 404
    assert anonymous_client.get(reverse("meetings:feed", kwargs={"token": new})).status_code == 200


def test_a_lapsed_or_suspended_members_feed_answers_404(group, anonymous_client):
    token = create_feed_token(user=group["member"])
    group["member"].membership_expires_on = timezone.localdate() - timedelta(days=1)
    group["member"].save(update_fields=["membership_expires_on"])
    assert anonymous_client.get(reverse("meetings:feed", kwargs={"token": token})).status_code == 404


def test_leaving_a_closed_community_takes_its_meetings_out_of_the_feed(db, anonymous_client):
    from practica.communities.services.membership import leave_community

    closed, champion, insider = _closed_group()
    occurrence = one_off(closed, champion, title="Circle meeting")
    respond(user=insider, occurrence=occurrence, response="going")
    token = create_feed_token(user=insider)
    url = reverse("meetings:feed", kwargs={"token": token})
    assert b"Circle meeting" in anonymous_client.get(url).content
    leave_community(user=insider, community=closed)
    assert b"Circle meeting" not in anonymous_client.get(url).content


def test_a_feed_of_500_meetings_costs_a_fixed_number_of_queries(group, anonymous_client):
    token = create_feed_token(user=group["member"])
    url = reverse("meetings:feed", kwargs={"token": token})
    one_off(group["community"], group["champion"], title="The first")
    with count_queries() as one:
        assert anonymous_client.get(url).status_code == 200
    # Series are materialised a year ahead, so 499 more dates take two daily series.
    for title, count in (("Morning check-in", 250), ("Evening check-in", 249)):
        create_meeting(
            community=group["community"],
            title=title,
            starts_at=next_week() + timedelta(days=1),
            created_by=group["champion"],
            recurrence=f"FREQ=DAILY;COUNT={count}",
        )
    with count_queries() as many:
        response = anonymous_client.get(url)
    assert len(_events(response.content)) == 500
    assert len(many.captured_queries) == len(one.captured_queries) <= 6


def test_my_calendar_makes_shows_once_and_turns_off_the_feed_address(group):
    client = client_for(group["member"])
    assert "You have no feed address yet" in client.get(reverse("meetings:calendar")).text
    response = client.post(reverse("meetings:calendar"), {"action": "feed"})
    assert response.status_code == 200 and "/meetings/feed/" in response.text
    assert "/meetings/feed/" not in client.get(reverse("meetings:calendar")).text
    response = client.post(reverse("meetings:calendar"), {"action": "revoke"}, follow=True)
    assert "no longer works" in response.text
    assert not CalendarFeed.objects.filter(user=group["member"]).exists()


def test_choosing_a_time_zone(group):
    client = client_for(group["member"])
    response = client.post(
        reverse("meetings:calendar"), {"action": "time_zone", "time_zone": "Europe/Dublin"}, follow=True
    )
    assert "Meeting times are now shown in Europe/Dublin" in response.text
    bad = client.post(reverse("meetings:calendar"), {"action": "time_zone", "time_zone": "Mars/Olympus"})
    assert bad.status_code == 200 and 'id="id_time_zone_error"' in bad.text


# Suggestions.


def test_a_member_suggests_an_event_and_staff_review_it(member_client, member, staff_client):
    response = member_client.post(
        reverse("meetings:suggest"), {"what": "Ethics day", "why": "We need it", "format": "hybrid"}, follow=True
    )
    assert "Thank you" in response.text and "Ethics day" in response.text
    suggestion = EventSuggestion.objects.get(author=member)
    assert member_client.get(reverse("meetings:suggestions")).status_code == 403
    assert "Ethics day" in staff_client.get(reverse("meetings:suggestions")).text
    response = staff_client.post(
        reverse("meetings:suggestion-review", kwargs={"pk": suggestion.pk}), {"status": "planned", "note": "Autumn"}
    )
    assert response.status_code == 302
    assert "Planned" in member_client.get(reverse("meetings:suggest")).text


def test_a_suggestion_needs_what_and_why(member_client):
    response = member_client.post(reverse("meetings:suggest"), {"what": "", "why": "", "format": "online"})
    assert response.status_code == 200 and 'id="id_what_error"' in response.text


# Query budgets: the same number of queries with 1 item as with 50.


def _flat(client, url, add):
    add(1)
    with_one = queries_for(client, url)
    add(49)
    with_fifty = queries_for(client, url)
    assert with_one == with_fifty, f"{with_one} queries with 1 item, {with_fifty} with 50"


def test_my_meetings_costs_the_same_with_1_and_50_meetings(group):
    def add(n):
        for _ in range(n):
            occurrence = one_off(group["community"], group["champion"], chair=group["champion"])
            respond(user=group["member"], occurrence=occurrence, response="going")

    _flat(client_for(group["member"]), reverse("meetings:mine"), add)


def test_the_community_calendar_costs_the_same_with_1_and_50_meetings(group):
    start = next_week().replace(day=1) + timedelta(days=40)
    month = timezone.localtime(start).strftime("%Y-%m")

    def add(n):
        for i in range(n):
            one_off(group["community"], group["champion"], starts_at=start.replace(day=1) + timedelta(minutes=i))

    url = reverse("meetings:community-calendar", kwargs={"pk": group["community"].pk}) + f"?month={month}"
    _flat(client_for(group["member"]), url, add)


def test_site_events_cost_the_same_with_1_and_50_events(member_client, staff):
    start = next_week()
    month = timezone.localtime(start).strftime("%Y-%m")

    def add(n):
        for _ in range(n):
            create_meeting(community=None, title="Event", starts_at=start, created_by=staff)

    _flat(member_client, reverse("meetings:events") + f"?month={month}", add)


def test_the_suggestions_list_costs_the_same_with_1_and_50(staff_client):
    def add(n):
        for _ in range(n):
            suggest_event(author=UserFactory(), what="An event", why="Because")

    _flat(staff_client, reverse("meetings:suggestions"), add)


def test_the_home_page_costs_the_same_with_1_and_50_meetings(group):
    def add(n):
        for _ in range(n):
            one_off(group["community"], group["champion"])

    _flat(client_for(group["member"]), reverse("core:home"), add)


def test_a_nonsense_month_shows_this_month(group):
    client = client_for(group["member"])
    for month in ("nonsense", "2026-13", "99999-01", "0-1"):
        url = reverse("meetings:community-calendar", kwargs={"pk": group["community"].pk}) + f"?month={month}"
        assert client.get(url).status_code == 200, month
