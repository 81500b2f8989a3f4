"""Visibility of communities through everything that exists now: the one place is permissions.py."""

import pytest

from practica.communities import permissions
from practica.communities.models import Community
from practica.communities.queries import list_communities, list_community_members
from tests.factories import CommunityFactory, UserFactory, add_member


@pytest.fixture
def unlisted_community(db):
    return CommunityFactory(name="Safeguarding Leads", membership="closed", unlisted=True)


def test_every_member_knows_of_listed_communities_open_or_closed(open_community, closed_community, outsider):
    visible = set(Community.objects.visible_to(outsider))
    assert {open_community, closed_community} <= visible


def test_an_unlisted_community_is_invisible_to_non_members_everywhere(unlisted_community, outsider):
    assert unlisted_community not in Community.objects.visible_to(outsider)
    assert unlisted_community not in list_communities(outsider)
    assert not permissions.can_know_community(outsider, unlisted_community)


def test_an_unlisted_community_is_visible_to_its_members_and_staff(unlisted_community, staff):
    insider = UserFactory()
    add_member(unlisted_community, insider)
    assert unlisted_community in Community.objects.visible_to(insider)
    assert unlisted_community in Community.objects.visible_to(staff)


def test_only_members_and_staff_read_inside_a_closed_community(
    closed_community, community_member, outsider, applicant, staff, moderator
):
    assert permissions.can_read_community(community_member, closed_community)
    assert permissions.can_read_community(staff, closed_community)
    for person in (outsider, applicant, moderator):
        assert not permissions.can_read_community(person, closed_community)
    readable = permissions.readable_communities(outsider, Community.objects.all())
    assert closed_community not in readable


def test_every_member_reads_inside_an_open_community(open_community, outsider):
    assert permissions.can_read_community(outsider, open_community)


def test_a_former_member_loses_access_at_once(closed_community, community_member):
    from practica.communities.services.membership import leave_community

    leave_community(user=community_member, community=closed_community)
    assert not permissions.can_read_community(community_member, closed_community)


def test_archived_communities_are_read_only_but_still_visible_to_their_members(closed_community, champion, staff):
    from practica.communities.services.communities import set_community_archived

    set_community_archived(actor=staff, community=closed_community, archived=True)
    closed_community.refresh_from_db()
    assert closed_community in list_communities(champion)
    assert not permissions.can_lead(champion, closed_community)
    assert closed_community not in list_communities(UserFactory())


def test_the_member_list_respects_each_members_directory_choice(open_community, outsider):
    shy, listed = UserFactory(), UserFactory()
    shy.profile.listed_in_directory = False
    shy.profile.save()
    add_member(open_community, shy)
    add_member(open_community, listed)
    people = {m.user for m in list_community_members(outsider, open_community)}
    assert listed in people and shy not in people


def test_sharing_a_community_lets_members_see_community_only_profile_fields(
    closed_community, champion, community_member, outsider
):
    assert permissions.shares_community(community_member, champion)
    assert not permissions.shares_community(outsider, champion)
    from practica.accounts.permissions import can_view_profile_field

    assert can_view_profile_field(community_member, champion, "location", visibility="communities")
    assert not can_view_profile_field(outsider, champion, "location", visibility="communities")
