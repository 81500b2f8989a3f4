from django.urls import reverse

from tests.factories import CommunityFactory, DivisionFactory, add_member
from tests.helpers import queries_for


def test_the_home_page_lists_my_communities_and_suggests_ones_in_my_division(member_client, member):
    division = DivisionFactory(name="Healthcare")
    member.profile.divisions = "Healthcare"
    member.profile.save()
    mine = CommunityFactory(name="Perinatal Mental Health", division=division)
    add_member(mine, member)
    suggestion = CommunityFactory(name="Talking Therapies in Primary Care", division=division)
    elsewhere = CommunityFactory(name="Play Therapy Network")
    page = member_client.get(reverse("core:home")).content.decode()
    assert "Your communities" in page and mine.name in page
    assert "Communities in your division" in page and suggestion.name in page
    assert elsewhere.name not in page


def test_suggestions_never_include_unlisted_communities(member_client, member):
    division = DivisionFactory(name="Healthcare")
    member.profile.divisions = "Healthcare"
    member.profile.save()
    CommunityFactory(name="Safeguarding Leads", division=division, membership="closed", unlisted=True)
    assert "Safeguarding Leads" not in member_client.get(reverse("core:home")).content.decode()


def test_the_home_page_query_count_does_not_grow_with_communities(member_client, member):
    division = DivisionFactory(name="Workplace")
    member.profile.divisions = "Workplace"
    member.profile.save()
    add_member(CommunityFactory(division=division), member)
    CommunityFactory(division=division)
    with_one = queries_for(member_client, reverse("core:home"))
    for _ in range(49):
        add_member(CommunityFactory(division=division), member)
        CommunityFactory(division=division)
    assert queries_for(member_client, reverse("core:home")) == with_one
