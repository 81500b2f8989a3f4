"""After a meeting the chair attaches items of the community's library to its record; the meeting page shows
each one only to readers the library itself lets see it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from practica.library.services.items import remove_item, set_hidden
from practica.meetings.models import Occurrence, OccurrenceResource
from practica.meetings.services.errors import MeetingError
from practica.meetings.services.meetings import record_attendance
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for
from tests.library.factories import add_file_item, add_link_item
from tests.meetings.conftest import client_for, one_off


@pytest.fixture
def circle(db):
    """A closed community with its champion (who chairs), a member, its library, and a past meeting."""
    community = CommunityFactory(name="Supervisors' Circle", membership="closed")
    champion = UserFactory(display_name="Chloe Champion")
    add_member(community, champion, role="champion")
    member = UserFactory(display_name="Cai Member")
    add_member(community, member)
    outsider = UserFactory(display_name="Oli Outsider")
    handout = add_file_item(author=champion, community=community, title="Contracting handout")
    guidance = add_link_item(author=member, community=community, title="Guidance on notes")
    occurrence = one_off(community, champion, chair=champion, starts_at=timezone.now() - timedelta(hours=2))
    return {
        "community": community,
        "champion": champion,
        "member": member,
        "outsider": outsider,
        "handout": handout,
        "guidance": guidance,
        "occurrence": occurrence,
    }


def _attendance_url(occurrence) -> str:
    return reverse("meetings:attendance", kwargs={"pk": occurrence.pk})


def _attach(circle, *items):
    record_attendance(
        actor=circle["champion"],
        occurrence=circle["occurrence"],
        attendee_ids=[circle["member"].pk],
        library_item_ids=[item.pk for item in items],
    )


def test_the_chair_chooses_items_from_the_communitys_library_on_the_attendance_form(circle):
    other = CommunityFactory(name="Elsewhere")
    add_member(other, circle["champion"], role="champion")
    add_link_item(author=circle["champion"], community=other, title="Another community's item")
    client = client_for(circle["champion"])
    url = _attendance_url(circle["occurrence"])
    form = client.get(url).text
    assert "From the community&#x27;s library" in form
    assert "Contracting handout" in form and "Guidance on notes" in form
    assert "Another community's item" not in form
    response = client.post(
        url,
        {"attendees": [circle["member"].pk], "notes": "Contracting.", "library_items": [circle["handout"].pk]},
        follow=True,
    )
    assert "Attendance is recorded" in response.text
    assert "From the library" in response.text
    assert f'href="/library/items/{circle["handout"].pk}/">Contracting handout</a>' in response.text
    assert "Guidance on notes" not in response.text
    # Opening the form again shows what is attached, ticked.
    again = client.get(url).text
    assert f'value="{circle["handout"].pk}" id="id_library_items_' in again
    assert again.count("checked") >= 2  # the attendee and the item


def test_an_item_of_another_communitys_library_is_refused(circle):
    other = CommunityFactory(name="Elsewhere")
    add_member(other, circle["champion"], role="champion")
    foreign = add_link_item(author=circle["champion"], community=other, title="Elsewhere item")
    with pytest.raises(MeetingError, match=r"Choose items from this community's library\."):
        _attach(circle, foreign)
    assert not OccurrenceResource.objects.exists()
    response = client_for(circle["champion"]).post(
        _attendance_url(circle["occurrence"]), {"attendees": [], "library_items": [foreign.pk]}
    )
    assert response.status_code == 200 and 'id="id_library_items_error"' in response.text


def test_recording_again_replaces_the_attached_items(circle):
    _attach(circle, circle["handout"], circle["guidance"])
    _attach(circle, circle["guidance"])
    attached = OccurrenceResource.objects.filter(occurrence=circle["occurrence"])
    assert [resource.item_id for resource in attached] == [circle["guidance"].pk]


def test_only_whoever_records_attendance_can_attach_items(circle):
    with pytest.raises(PermissionDenied):
        record_attendance(
            actor=circle["member"],
            occurrence=circle["occurrence"],
            attendee_ids=[],
            library_item_ids=[circle["handout"].pk],
        )
    assert client_for(circle["member"]).get(_attendance_url(circle["occurrence"])).status_code == 403


def test_each_persona_sees_the_attached_items_the_library_lets_them_see(circle, moderator):
    _attach(circle, circle["handout"], circle["guidance"])
    # The champion hides the member's item while it is reviewed: only its author, champions and moderators see it.
    set_hidden(actor=circle["champion"], item=circle["guidance"], hidden=True, reason="Checking")
    url = circle["occurrence"].get_absolute_url()

    member_page = client_for(circle["member"]).get(url).text
    assert "Contracting handout" in member_page
    assert "Guidance on notes" in member_page  # its author still sees it

    other_member = UserFactory(display_name="Ola Other")
    add_member(circle["community"], other_member)
    other_page = client_for(other_member).get(url).text
    assert "Contracting handout" in other_page and "Guidance on notes" not in other_page

    champion_page = client_for(circle["champion"]).get(url).text
    assert "Contracting handout" in champion_page and "Guidance on notes" in champion_page

    # Outside a closed community the meeting itself does not exist, nor anything attached to it.
    assert client_for(circle["outsider"]).get(url).status_code == 404


def test_a_removed_item_disappears_from_the_meeting_page(circle):
    _attach(circle, circle["handout"])
    remove_item(actor=circle["champion"], item=circle["handout"])
    page = client_for(circle["member"]).get(circle["occurrence"].get_absolute_url()).text
    assert "Contracting handout" not in page


def test_in_an_open_community_any_member_of_the_site_sees_the_attached_items(db):
    community = CommunityFactory(name="Working Online")
    champion = UserFactory()
    add_member(community, champion, role="champion")
    item = add_link_item(author=champion, community=community, title="Video platforms compared")
    occurrence = one_off(community, champion, starts_at=timezone.now() - timedelta(hours=2))
    record_attendance(actor=champion, occurrence=occurrence, attendee_ids=[], library_item_ids=[item.pk])
    visitor_page = client_for(UserFactory()).get(occurrence.get_absolute_url()).text
    assert "Video platforms compared" in visitor_page


def test_a_site_wide_event_takes_items_of_the_site_library(staff):
    from practica.meetings.services.meetings import create_meeting
    from tests.meetings.conftest import next_week

    item = add_link_item(author=staff, community=None, title="Ethical framework")
    meeting = create_meeting(community=None, created_by=staff, title="Annual gathering", starts_at=next_week())
    occurrence = meeting.occurrences.get()
    Occurrence.objects.filter(pk=occurrence.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    occurrence.refresh_from_db()
    form = client_for(staff).get(_attendance_url(occurrence)).text
    assert "From the site library" in form and "Ethical framework" in form
    record_attendance(actor=staff, occurrence=occurrence, attendee_ids=[], library_item_ids=[item.pk])
    assert "Ethical framework" in client_for(UserFactory()).get(occurrence.get_absolute_url()).text


def test_the_meeting_page_costs_the_same_with_1_and_50_attached_items(circle):
    client = client_for(circle["member"])
    url = circle["occurrence"].get_absolute_url()
    items = [add_link_item(author=circle["champion"], community=circle["community"], title="Item 0")]
    _attach(circle, *items)
    with_one = queries_for(client, url)
    items += [
        add_link_item(author=circle["champion"], community=circle["community"], title=f"Item {n}") for n in range(1, 50)
    ]
    _attach(circle, *items)
    with_fifty = queries_for(client, url)
    assert with_one == with_fifty, f"{with_one} queries with 1 item, {with_fifty} with 50"
