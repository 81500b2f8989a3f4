"""The member directory: only visible members, only the fields each allows, filters that cannot find hidden fields."""

import pytest
from django.urls import reverse

from practica.accounts.choices import FieldVisibility
from practica.accounts.models import Profile, User
from practica.accounts.permissions import can_view_profile_field
from practica.accounts.queries import list_directory
from tests.accounts.test_profiles import give_photo, set_fields
from tests.conftest import _client_for
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for

URL = reverse("accounts:directory")


def directory_page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_directory_lists_listed_members_and_not_unlisted_deactivated_or_erased_ones(member_client, db):
    UserFactory(display_name="Listed Lucy")
    unlisted = UserFactory(display_name="Unlisted Uma")
    Profile.objects.filter(user=unlisted).update(listed_in_directory=False)
    UserFactory(display_name="Gone Greta", is_active=False)
    page = directory_page(member_client)
    assert "Listed Lucy" in page
    assert "Unlisted Uma" not in page
    assert "Gone Greta" not in page


def test_staff_find_members_who_chose_not_to_be_listed(staff_client, db):
    unlisted = UserFactory(display_name="Unlisted Uma")
    Profile.objects.filter(user=unlisted).update(listed_in_directory=False)
    assert "Unlisted Uma" in directory_page(staff_client)


def test_a_card_shows_only_the_fields_its_member_shares_with_the_viewer(member_client, staff_client, db):
    owner = UserFactory(display_name="Olive Owner")
    give_photo(owner, FieldVisibility.STAFF)
    set_fields(owner, FieldVisibility.MEMBERS, headline="Open headline")
    Profile.objects.filter(user=owner).update(
        location="Secret town", location_visibility=FieldVisibility.STAFF, photo_visibility=FieldVisibility.STAFF
    )
    page = directory_page(member_client)
    assert "Open headline" in page
    assert "Secret town" not in page
    assert reverse("accounts:profile-photo", kwargs={"pk": owner.pk}) not in page
    staff_page = directory_page(staff_client)
    assert "Secret town" in staff_page
    assert reverse("accounts:profile-photo", kwargs={"pk": owner.pk}) in staff_page


def test_search_by_name_finds_members(member_client, db):
    UserFactory(display_name="Priya Patel")
    UserFactory(display_name="Tom Jones")
    page = directory_page(member_client, q="priya")
    assert "Priya Patel" in page and "Tom Jones" not in page


@pytest.mark.parametrize(
    ("param", "field"), [("location", "location"), ("division", "divisions"), ("area", "areas_of_practice")]
)
def test_a_member_who_hides_a_field_cannot_be_found_by_it_by_people_who_cannot_see_it(
    param, field, member, member_client, staff_client, db
):
    hider = UserFactory(display_name="Hannah Hider")
    Profile.objects.filter(user=hider).update(**{field: "Whitby", f"{field}_visibility": FieldVisibility.STAFF})
    sharer = UserFactory(display_name="Sid Sharer")
    Profile.objects.filter(user=sharer).update(**{field: "Whitby", f"{field}_visibility": FieldVisibility.MEMBERS})

    page = directory_page(member_client, **{param: "whitby"})
    assert "Sid Sharer" in page
    assert "Hannah Hider" not in page
    assert "Hannah Hider" in directory_page(staff_client, **{param: "whitby"})
    assert "Hannah Hider" in directory_page(_client_for(hider), **{param: "whitby"})


def test_a_field_for_members_of_my_communities_is_searchable_only_by_them(member, member_client, db):
    owner = UserFactory(display_name="Olive Owner")
    Profile.objects.filter(user=owner).update(location="Harrogate", location_visibility=FieldVisibility.COMMUNITIES)
    outsider_client = _client_for(UserFactory())
    community = CommunityFactory(name="Supervision circle")
    add_member(community, owner)
    add_member(community, member)

    assert "Olive Owner" in directory_page(member_client, location="harrogate")
    assert "Harrogate" in directory_page(member_client)
    assert "Olive Owner" not in directory_page(outsider_client, location="harrogate")
    assert "Harrogate" not in directory_page(outsider_client)


def test_the_directory_filter_agrees_with_can_view_profile_field_for_every_viewer_and_visibility(member, staff, db):
    community = CommunityFactory(name="Shared")
    add_member(community, member)
    owners = {}
    for visibility in FieldVisibility.values:
        for shares in (True, False):
            owner = UserFactory()
            Profile.objects.filter(user=owner).update(location="Kendal", location_visibility=visibility)
            if shares:
                add_member(community, owner)
            owners[owner.pk] = owner
    for viewer in (member, staff, UserFactory()):
        found = set(list_directory(viewer, location="kendal").values_list("pk", flat=True))
        for owner in owners.values():
            expected = can_view_profile_field(
                viewer, owner, "location", visibility=Profile.objects.get(user=owner).location_visibility
            )
            assert (owner.pk in found) is expected, (viewer, owner.profile.location_visibility)


def test_the_directory_is_paginated_and_a_far_page_number_is_bounded(member_client, db):
    UserFactory.create_batch(30)
    first = member_client.get(URL)
    assert first.context["page_obj"].paginator.num_pages == 2
    assert len(first.context["cards"]) == 24
    assert member_client.get(URL, {"page": "99999"}).context["page_obj"].number == 2
    assert member_client.get(URL, {"page": "x"}).context["page_obj"].number == 1


def test_filters_are_kept_in_the_pagination_links(member_client, db):
    for _ in range(30):
        user = UserFactory()
        Profile.objects.filter(user=user).update(location="York", location_visibility=FieldVisibility.MEMBERS)
    page = directory_page(member_client, location="York")
    assert "location=York&amp;page=2" in page
    assert 'value="York"' in page


def _varied_members(count: int) -> None:
    community = CommunityFactory()
    for index, user in enumerate(UserFactory.create_batch(count)):
        visibility = FieldVisibility.values[index % 3]
        set_fields(user, visibility, headline="Hi", location="Leeds", divisions="Adults")
        if index % 2:
            add_member(community, user)
            give_photo(user, visibility)


def test_the_directory_costs_the_same_number_of_queries_with_1_and_50_members(member, member_client, db):
    community = CommunityFactory(name="Mine")
    add_member(community, member)
    _varied_members(1)
    with_one = queries_for(member_client, URL + "?location=leeds")
    assert User.objects.count() < 10
    _varied_members(49)
    with_fifty = queries_for(member_client, URL + "?location=leeds")
    assert with_one == with_fifty
    assert with_one <= 6
