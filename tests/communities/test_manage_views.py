"""Staff managing communities and divisions in the product: list, create, archive and restore."""

import pytest
from django.test import Client
from django.urls import reverse

from practica.communities.choices import CommunityStatus
from practica.communities.models import CharterVersion, Community, Division
from practica.communities.permissions import can_read_community
from practica.communities.services.communities import set_community_archived
from practica.core.models import AuditEntry
from tests.factories import CommunityFactory, DivisionFactory
from tests.helpers import queries_for


@pytest.fixture
def client_for(request):
    def get(persona: str) -> Client:
        if persona == "anonymous":
            return Client()
        return request.getfixturevalue(f"{persona}_client")

    return get


STAFF_PAGES = ("communities:manage", "communities:create", "communities:divisions", "communities:division-create")
STAFF_ONLY = [
    ("anonymous", 302),
    ("member", 403),
    ("moderator", 403),
    ("community_member", 403),
    ("champion", 403),
    ("lapsed", 403),
    ("staff", 200),
    ("admin", 200),
]


@pytest.mark.parametrize("url_name", STAFF_PAGES)
@pytest.mark.parametrize(("persona", "expected"), STAFF_ONLY)
def test_only_staff_and_admins_open_the_management_pages(url_name, persona, expected, client_for):
    assert client_for(persona).get(reverse(url_name)).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), STAFF_ONLY)
def test_only_staff_and_admins_edit_a_division(persona, expected, client_for, db):
    division = DivisionFactory()
    assert client_for(persona).get(reverse("communities:division-edit", args=[division.pk])).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [("member", 403), ("champion", 403), ("staff", 302), ("admin", 302)])
def test_only_staff_and_admins_archive_a_community(persona, expected, client_for, closed_community):
    response = client_for(persona).post(reverse("communities:archive", args=[closed_community.pk]), {"archived": "1"})
    assert response.status_code == expected


# The list.


def test_the_list_shows_every_community_with_status_members_and_division(staff_client, staff, closed_community):
    archived = CommunityFactory(name="Old Circle", division=DivisionFactory(name="Education"))
    set_community_archived(actor=staff, community=archived, archived=True)
    unlisted = CommunityFactory(name="Quiet Room", membership="closed", unlisted=True)

    page = staff_client.get(reverse("communities:manage")).content.decode()

    for name in ("Supervisors&#x27; Circle", "Old Circle", "Quiet Room", "Education", "Archived"):
        assert name in page
    assert reverse("communities:edit", args=[unlisted.pk]) in page
    assert reverse("communities:champions", args=[unlisted.pk]) in page


def test_the_list_filters_by_status_division_membership_and_name(staff_client, db):
    education = DivisionFactory(name="Education")
    CommunityFactory(name="Alpha Group", division=education)
    CommunityFactory(name="Beta Group", membership="closed")
    gamma = CommunityFactory(name="Gamma Group")
    Community.objects.filter(pk=gamma.pk).update(status=CommunityStatus.ARCHIVED)
    url = reverse("communities:manage")

    def names(**params):
        page = staff_client.get(url, params).content.decode()
        return {name for name in ("Alpha Group", "Beta Group", "Gamma Group") if name in page}

    assert names(status="archived") == {"Gamma Group"}
    assert names(division=education.pk) == {"Alpha Group"}
    assert names(membership="closed") == {"Beta Group"}
    assert names(q="alp") == {"Alpha Group"}


def test_the_list_costs_the_same_queries_with_1_and_50_communities(staff_client, db):
    url = reverse("communities:manage")
    CommunityFactory()
    with_one = queries_for(staff_client, url)
    for _ in range(49):
        CommunityFactory()
    with_fifty = queries_for(staff_client, url)
    assert with_fifty == with_one


# Creating.


def _community_form(**overrides) -> dict:
    data = {
        "name": "Perinatal Practice",
        "short_description": "Working with parents before and after birth.",
        "description": "Monthly case discussion.",
        "membership": "closed",
        "max_members": "15",
        "admission_questions": "Do you work with perinatal clients?",
        "confidentiality_agreement": "Nothing identifying leaves the room.",
        "meeting_mode": "online",
        "focus": "Perinatal mental health",
    }
    data.update(overrides)
    return data


def test_staff_create_a_community_with_a_charter_and_go_on_to_appoint_champions(staff_client, db):
    division = DivisionFactory(name="Healthcare")

    response = staff_client.post(reverse("communities:create"), _community_form(division=division.pk))

    community = Community.objects.get(name="Perinatal Practice")
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:champions", args=[community.pk])
    assert (community.division, community.membership, community.max_members) == (division, "closed", 15)
    assert community.admission_question_list() == ["Do you work with perinatal clients?"]
    assert CharterVersion.objects.get(community=community).focus == "Perinatal mental health"
    assert AuditEntry.objects.filter(action="community.created").exists()


def test_an_open_community_cannot_be_unlisted_and_the_form_keeps_what_was_typed(staff_client, db):
    response = staff_client.post(reverse("communities:create"), _community_form(membership="open", unlisted="on"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Only a closed community can be unlisted." in page
    assert "Perinatal mental health" in page
    assert 'value="Perinatal Practice"' in page
    assert not Community.objects.filter(name="Perinatal Practice").exists()


def test_a_community_name_must_be_new(staff_client, db):
    CommunityFactory(name="Perinatal Practice")
    response = staff_client.post(reverse("communities:create"), _community_form(name="perinatal practice"))
    assert response.status_code == 200
    assert "A community with this name already exists." in response.content.decode()


def test_archived_divisions_cannot_be_chosen_for_a_new_community(staff_client, db):
    old = DivisionFactory(name="Old Division")
    Division.objects.filter(pk=old.pk).update(archived_at="2024-01-01T00:00:00Z")
    response = staff_client.post(reverse("communities:create"), _community_form(division=old.pk))
    assert response.status_code == 200
    assert 'id="id_division_error"' in response.content.decode()


# Archiving.


def test_archiving_makes_a_community_read_only_and_still_visible_to_its_members(
    staff_client, closed_community, community_member, champion
):
    response = staff_client.post(reverse("communities:archive", args=[closed_community.pk]), {"archived": "1"})

    assert response.status_code == 302
    closed_community.refresh_from_db()
    assert closed_community.status == CommunityStatus.ARCHIVED
    assert can_read_community(community_member, closed_community)
    # Champions lose their powers in an archived community: it is read-only.
    assert Client().get(reverse("communities:requests", args=[closed_community.pk])).status_code == 302
    champion_client = Client()
    champion_client.force_login(champion)
    assert champion_client.get(reverse("communities:requests", args=[closed_community.pk])).status_code == 403


def test_staff_restore_an_archived_community(staff_client, closed_community):
    url = reverse("communities:archive", args=[closed_community.pk])
    staff_client.post(url, {"archived": "1"})
    response = staff_client.post(url, {"archived": "0"}, follow=True)
    closed_community.refresh_from_db()
    assert closed_community.status == CommunityStatus.ACTIVE
    assert closed_community.archived_at is None
    assert any("restored" in str(message) for message in response.context["messages"])


def test_archiving_is_a_post_only(staff_client, closed_community):
    assert staff_client.get(reverse("communities:archive", args=[closed_community.pk])).status_code == 405


# Divisions.


def test_staff_create_a_division(staff_client, db):
    response = staff_client.post(
        reverse("communities:division-create"), {"name": "Children and Young People", "description": "", "position": 3}
    )
    assert response.status_code == 302
    division = Division.objects.get(name="Children and Young People")
    assert (division.slug, division.position) == ("children-and-young-people", 3)


def test_a_division_name_must_be_new_and_the_form_keeps_what_was_typed(staff_client, db):
    DivisionFactory(name="Healthcare")
    response = staff_client.post(
        reverse("communities:division-create"), {"name": "healthcare", "description": "Hospitals", "position": 1}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A division with this name already exists." in page
    assert "Hospitals" in page


def test_staff_edit_archive_and_restore_a_division(staff_client, db):
    division = DivisionFactory(name="Healthcare")
    url = reverse("communities:division-edit", args=[division.pk])
    assert 'value="Healthcare"' in staff_client.get(url).content.decode()

    staff_client.post(url, {"name": "Health and Care", "description": "NHS and private", "position": 2})
    division.refresh_from_db()
    assert (division.name, division.description, division.position) == ("Health and Care", "NHS and private", 2)

    staff_client.post(url, {"archived": "1"})
    division.refresh_from_db()
    assert division.archived_at is not None
    assert "Archived" in staff_client.get(reverse("communities:divisions")).content.decode()

    staff_client.post(url, {"archived": "0"})
    division.refresh_from_db()
    assert division.archived_at is None


def test_a_division_can_keep_its_own_name_when_edited(staff_client, db):
    division = DivisionFactory(name="Healthcare")
    url = reverse("communities:division-edit", args=[division.pk])
    response = staff_client.post(url, {"name": "Healthcare", "description": "", "position": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "A division with this name already exists." not in page
    assert 'id="id_position_error"' in page


def test_the_staff_tools_page_links_to_proposals_communities_and_divisions(staff_client):
    from django.urls import reverse

    page = staff_client.get(reverse("accounts:staff-home")).content.decode()
    for name in ("communities:proposal-queue", "communities:manage", "communities:divisions"):
        assert reverse(name) in page
