"""Proposing a community in the browser: the proposal form and its charter, co-signing, revising, and staff
reviewing and approving proposals into communities."""

import pytest
from django.test import Client
from django.urls import reverse

from practica.communities.charter import CHARTER_QUESTIONS
from practica.communities.choices import CommunityRole, CoSignerStatus, ProposalStatus
from practica.communities.models import CharterVersion, Community, CommunityMember, CommunityProposal
from practica.communities.services.proposals import review_proposal, submit_proposal
from tests.factories import CommunityFactory, UserFactory
from tests.helpers import queries_for


@pytest.fixture
def proposer(db):
    return UserFactory(display_name="Pat Proposer", email="pat@example.org")


@pytest.fixture
def cosigner(db):
    return UserFactory(display_name="Cora Cosigner", email="cora@example.org")


@pytest.fixture
def co_champion(db):
    return UserFactory(display_name="Cam Champion", email="cam@example.org")


@pytest.fixture
def proposal(proposer, cosigner, co_champion):
    return submit_proposal(
        proposer=proposer,
        champions=[proposer, co_champion],
        cosigners=[cosigner],
        name="Eco Awareness",
        short_description="Climate and therapy",
        why_needed="Rising eco-anxiety among clients",
        charter={"focus": "Climate distress in the therapy room", "meeting_mode": "hybrid"},
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for(request, proposer, cosigner, co_champion):
    people = {"proposer": proposer, "cosigner": cosigner, "co_champion": co_champion}

    def get(persona: str) -> Client:
        if persona == "anonymous":
            return Client()
        if persona in people:
            return _client(people[persona])
        return request.getfixturevalue(f"{persona}_client")

    return get


def _valid_form(**overrides) -> dict:
    data = {
        "name": "Working with Neurodivergent Couples",
        "short_description": "Couples work where one or both partners are neurodivergent.",
        "description": "A place to share *practice*.",
        "why_needed": "No community covers couples work and neurodivergence together.",
        "membership": "closed",
        "max_members": "12",
        "admission_questions": "Do you work with couples?",
        "meeting_mode": "online",
        "agrees_with_code_of_conduct": "on",
        "i_will_champion": "on",
        "other_champions": "",
        "cosigners": "",
    }
    for question in CHARTER_QUESTIONS:
        data[question.field] = f"Answer to question {question.number}"
    data.update(overrides)
    return data


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Who may see what.


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 302), ("member", 200), ("staff", 200)])
def test_every_member_can_list_and_start_proposals(persona, expected, client_for):
    assert client_for(persona).get(reverse("communities:proposals")).status_code == expected
    assert client_for(persona).get(reverse("communities:proposal-create")).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("member", 404),
        ("moderator", 404),
        ("proposer", 200),
        ("cosigner", 200),
        ("co_champion", 200),
        ("staff", 200),
        ("admin", 200),
    ],
)
def test_a_proposal_is_seen_by_its_proposer_champions_cosigners_and_staff_only(persona, expected, client_for, proposal):
    assert client_for(persona).get(reverse("communities:proposal", args=[proposal.pk])).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("member", 404),
        ("proposer", 200),
        ("cosigner", 403),
        ("co_champion", 403),
        ("staff", 403),
        ("admin", 403),
    ],
)
def test_only_the_proposer_edits_a_proposal(persona, expected, client_for, proposal):
    assert client_for(persona).get(reverse("communities:proposal-edit", args=[proposal.pk])).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("member", 404), ("proposer", 404), ("co_champion", 404), ("staff", 404), ("cosigner", 302)],
)
def test_only_a_listed_cosigner_can_answer(persona, expected, client_for, proposal):
    url = reverse("communities:proposal-cosign", args=[proposal.pk])
    assert client_for(persona).post(url, {"response": "confirm"}).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("member", 403), ("moderator", 403), ("proposer", 403), ("staff", 200), ("admin", 200)],
)
def test_only_staff_see_the_proposal_queue(persona, expected, client_for, proposal):
    assert client_for(persona).get(reverse("communities:proposal-queue")).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [("member", 403), ("proposer", 403), ("cosigner", 403)])
def test_only_staff_review_proposals(persona, expected, client_for, proposal):
    url = reverse("communities:proposal-review", args=[proposal.pk])
    assert client_for(persona).post(url, {"status": "approved"}).status_code == expected
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


# Proposing.


def test_the_proposal_form_asks_the_fourteen_charter_questions(member_client):
    page = member_client.get(reverse("communities:proposal-create")).content.decode()
    for question in CHARTER_QUESTIONS:
        assert f'name="{question.field}"' in page
    assert 'name="meeting_mode"' in page
    assert 'name="agrees_with_code_of_conduct"' in page


def test_a_member_proposes_a_community_with_its_charter_and_champions_themself_by_default(
    member_client, member, cosigner
):
    response = member_client.post(reverse("communities:proposal-create"), _valid_form(cosigners="CORA@example.org"))

    proposal = CommunityProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:proposal", args=[proposal.pk])
    assert proposal.proposer == member
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.membership == "closed"
    assert proposal.max_members == 12
    assert list(proposal.champions.all()) == [member]
    assert proposal.charter["focus"] == "Answer to question 1"
    assert proposal.charter["conflicts"] == "Answer to question 14"
    assert proposal.charter["meeting_mode"] == "online"
    assert proposal.charter["agrees_with_code_of_conduct"] is True
    assert [c.user for c in proposal.cosigners.all()] == [cosigner]


def test_other_champions_are_chosen_by_the_email_of_existing_members(member_client, member, co_champion):
    member_client.post(
        reverse("communities:proposal-create"), _valid_form(i_will_champion="", other_champions="cam@example.org")
    )
    assert list(CommunityProposal.objects.get().champions.all()) == [co_champion]


def test_bad_input_shows_errors_next_to_the_fields_and_keeps_what_was_typed(member_client):
    data = _valid_form(why_needed="", cosigners="nobody@example.net", agrees_with_code_of_conduct="")

    response = member_client.post(reverse("communities:proposal-create"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_why_needed_error"' in page
    assert "We could not find a member with these e-mail addresses: nobody@example.net." in page
    assert 'id="id_agrees_with_code_of_conduct_error"' in page
    assert "Answer to question 7" in page
    assert 'value="Working with Neurodivergent Couples"' in page
    assert not CommunityProposal.objects.exists()


def test_members_hidden_from_the_directory_cannot_be_found_by_email(member_client):
    hidden = UserFactory(email="hidden@example.org")
    hidden.profile.listed_in_directory = False
    hidden.profile.save()

    response = member_client.post(reverse("communities:proposal-create"), _valid_form(cosigners="hidden@example.org"))

    assert response.status_code == 200
    assert "hidden@example.org" in response.content.decode()
    assert not CommunityProposal.objects.exists()


def test_a_proposal_needs_a_champion(member_client):
    response = member_client.post(reverse("communities:proposal-create"), _valid_form(i_will_champion=""))
    assert response.status_code == 200
    assert "Name at least one champion, or champion it yourself." in response.content.decode()


def test_a_proposal_cannot_take_the_name_of_an_existing_community(member_client, db):
    CommunityFactory(name="Working with Neurodivergent Couples")
    response = member_client.post(reverse("communities:proposal-create"), _valid_form())
    assert response.status_code == 200
    assert "A community with this name already exists." in response.content.decode()


def test_my_proposals_list_shows_status_and_what_i_am_asked_to_cosign(client_for, proposal, cosigner):
    page = client_for("proposer").get(reverse("communities:proposals")).content.decode()
    assert "Eco Awareness" in page
    assert "Submitted" in page

    page = client_for("cosigner").get(reverse("communities:proposals")).content.decode()
    assert "Proposals you are asked to support" in page
    assert reverse("communities:proposal-cosign", args=[proposal.pk]) in page


def test_the_proposal_page_shows_charter_cosigners_and_staff_comments(client_for, proposal, staff):
    review_proposal(actor=staff, proposal=proposal, status=ProposalStatus.NEEDS_CHANGES, comment="Say who chairs.")

    page = client_for("proposer").get(reverse("communities:proposal", args=[proposal.pk])).content.decode()

    assert "Climate distress in the therapy room" in page
    assert "Hybrid" in page
    assert "Cora Cosigner" in page
    assert "Asked" in page
    assert "Say who chairs." in page
    assert "Needs changes" in page
    assert reverse("communities:proposal-edit", args=[proposal.pk]) in page


# Co-signing.


def test_a_cosigner_confirms_their_support(client_for, proposal, cosigner):
    client = client_for("cosigner")
    response = client.post(
        reverse("communities:proposal-cosign", args=[proposal.pk]), {"response": "confirm"}, follow=True
    )
    assert proposal.cosigners.get(user=cosigner).status == CoSignerStatus.CONFIRMED
    assert "Thank you: your support for “Eco Awareness” is recorded." in _messages(response)


def test_a_cosigner_declines(client_for, proposal, cosigner):
    client_for("cosigner").post(reverse("communities:proposal-cosign", args=[proposal.pk]), {"response": "decline"})
    assert proposal.cosigners.get(user=cosigner).status == CoSignerStatus.DECLINED


def test_cosigning_is_a_post_only(client_for, proposal):
    assert client_for("cosigner").get(reverse("communities:proposal-cosign", args=[proposal.pk])).status_code == 405


# Revising.


def test_the_proposer_revises_after_staff_ask_for_changes(client_for, proposal, staff, proposer):
    review_proposal(actor=staff, proposal=proposal, status=ProposalStatus.NEEDS_CHANGES, comment="Say who chairs.")
    client = client_for("proposer")
    url = reverse("communities:proposal-edit", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert 'value="Eco Awareness"' in page
    assert "cam@example.org" in page

    response = client.post(url, _valid_form(name="Eco Awareness", other_champions="cam@example.org"))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.charter["meeting_structure"] == "Answer to question 9"
    assert {person.display_name for person in proposal.champions.all()} == {"Pat Proposer", "Cam Champion"}


def test_a_revision_with_errors_keeps_what_was_typed(client_for, proposal):
    url = reverse("communities:proposal-edit", args=[proposal.pk])
    response = client_for("proposer").post(url, _valid_form(name="", focus="My new focus"))
    assert response.status_code == 200
    assert "My new focus" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.name == "Eco Awareness"


def test_a_decided_proposal_can_no_longer_be_changed(client_for, proposal, staff):
    review_proposal(actor=staff, proposal=proposal, status=ProposalStatus.DECLINED, comment="Covered elsewhere.")
    response = client_for("proposer").get(reverse("communities:proposal-edit", args=[proposal.pk]), follow=True)
    assert "This proposal has already been decided, so it can no longer be changed." in _messages(response)


def test_staff_may_view_but_not_edit_a_proposal(staff_client, proposal):
    response = staff_client.get(reverse("communities:proposal-edit", args=[proposal.pk]))
    assert response.status_code == 403
    assert "Only the person who made the proposal can change it." in response.content.decode()


# Reviewing.


def test_staff_comment_back_and_ask_for_changes(staff_client, proposal):
    url = reverse("communities:proposal-review", args=[proposal.pk])

    response = staff_client.post(url, {"status": "needs_changes", "comment": "Please add a second champion."})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NEEDS_CHANGES
    assert proposal.comments.get().body == "Please add a second champion."


def test_asking_for_changes_without_saying_what_keeps_the_form(staff_client, proposal):
    url = reverse("communities:proposal-review", args=[proposal.pk])
    response = staff_client.post(url, {"status": "needs_changes", "comment": ""})
    assert response.status_code == 200
    assert "Tell the proposer what needs to change." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_approving_creates_the_community_with_its_charter_and_champions_and_goes_to_it(
    staff_client, proposal, proposer, co_champion
):
    url = reverse("communities:proposal-review", args=[proposal.pk])

    response = staff_client.post(url, {"status": "approved", "comment": "Welcome!"})

    community = Community.objects.get(name="Eco Awareness")
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:detail", args=[community.pk])
    assert set(
        CommunityMember.objects.filter(community=community, role=CommunityRole.CHAMPION).values_list("user", flat=True)
    ) == {proposer.pk, co_champion.pk}
    charter = CharterVersion.objects.get(community=community)
    assert charter.focus == "Climate distress in the therapy room"
    assert charter.meeting_mode == "hybrid"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.community) == (ProposalStatus.APPROVED, community)


def test_approving_twice_says_so_and_creates_one_community(staff_client, proposal):
    url = reverse("communities:proposal-review", args=[proposal.pk])
    staff_client.post(url, {"status": "approved"})

    response = staff_client.post(url, {"status": "approved"}, follow=True)

    assert "This proposal has already been decided." in _messages(response)
    assert Community.objects.filter(name="Eco Awareness").count() == 1


def test_approving_when_the_name_is_taken_explains_and_keeps_the_comment(staff_client, proposal):
    CommunityFactory(name="Eco Awareness")
    url = reverse("communities:proposal-review", args=[proposal.pk])

    response = staff_client.post(url, {"status": "approved", "comment": "Lovely idea"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "A community with this name already exists: ask the proposer to rename it." in page
    assert "Lovely idea" in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


# The staff queue.


def test_the_queue_filters_by_status(staff_client, proposal, staff, proposer):
    declined = submit_proposal(proposer=proposer, name="Old Idea", short_description="x", why_needed="y")
    review_proposal(actor=staff, proposal=declined, status=ProposalStatus.DECLINED, comment="No")
    url = reverse("communities:proposal-queue")

    waiting = staff_client.get(url).content.decode()
    assert "Eco Awareness" in waiting
    assert "Old Idea" not in waiting

    only_declined = staff_client.get(url, {"status": "declined"}).content.decode()
    assert "Old Idea" in only_declined
    assert "Eco Awareness" not in only_declined


def test_the_queue_costs_the_same_queries_with_1_and_50_proposals(staff_client, proposal, proposer):
    url = reverse("communities:proposal-queue")
    with_one = queries_for(staff_client, url)
    for number in range(49):
        submit_proposal(
            proposer=UserFactory(), name=f"Idea {number}", short_description="x", why_needed="y", cosigners=[proposer]
        )
    with_fifty = queries_for(staff_client, url)
    assert with_fifty == with_one
