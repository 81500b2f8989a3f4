import pytest
from django.core.exceptions import PermissionDenied

from practica.communities.choices import CommunityRole, CoSignerStatus, ProposalStatus
from practica.communities.models import Community, CommunityMember, CommunityProposal, ProposalComment
from practica.communities.services import proposals as services
from practica.communities.services.membership import MembershipError
from tests.factories import DivisionFactory, UserFactory


@pytest.fixture
def proposal(member):
    cosigner = UserFactory(display_name="Cora Cosigner")
    return services.submit_proposal(
        proposer=member,
        cosigners=[cosigner],
        name="Rural Isolation",
        division=DivisionFactory(name="Private Practice"),
        short_description="Practitioners working far from colleagues.",
        why_needed="Many of us work alone, far from peers.",
        membership="closed",
        max_members=12,
        admission_questions="Where do you practise?",
        charter={"focus": "Working in rural areas", "purpose": "Peer support", "meeting_mode": "online"},
    )


def test_a_proposal_names_the_proposer_as_champion_when_nobody_else_is_named(proposal, member):
    assert list(proposal.champions.all()) == [member]
    assert proposal.status == ProposalStatus.SUBMITTED


def test_cosigners_are_asked_and_can_confirm(proposal):
    cosigner = proposal.cosigners.get()
    assert cosigner.status == CoSignerStatus.ASKED
    services.respond_to_cosign(user=cosigner.user, proposal=proposal, confirm=True)
    cosigner.refresh_from_db()
    assert cosigner.status == CoSignerStatus.CONFIRMED


def test_staff_ask_for_changes_with_a_comment_and_the_proposer_revises(proposal, staff, member):
    with pytest.raises(MembershipError, match="what needs to change"):
        services.review_proposal(actor=staff, proposal=proposal, status=ProposalStatus.NEEDS_CHANGES)
    services.review_proposal(
        actor=staff, proposal=proposal, status=ProposalStatus.NEEDS_CHANGES, comment="Please add a conflicts policy."
    )
    assert ProposalComment.objects.get().body == "Please add a conflicts policy."
    services.revise_proposal(proposer=member, proposal=proposal, charter={**proposal.charter, "conflicts": "Talk."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_approving_creates_the_community_with_its_charter_and_champions_in_one_step(proposal, staff, member):
    community = services.approve_proposal(actor=staff, proposal=proposal, comment="Welcome aboard")
    assert community.name == "Rural Isolation"
    assert community.is_closed and community.max_members == 12
    assert community.charter_versions.get().focus == "Working in rural areas"
    assert CommunityMember.objects.get(community=community, user=member).role == CommunityRole.CHAMPION
    assert community.member_count == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED and proposal.community == community


def test_approving_twice_says_so_and_creates_nothing_more(proposal, staff):
    services.approve_proposal(actor=staff, proposal=proposal)
    with pytest.raises(MembershipError, match="already been decided"):
        services.approve_proposal(actor=staff, proposal=proposal)
    assert Community.objects.count() == 1


def test_a_proposal_with_the_name_of_an_existing_community_is_not_approved(proposal, staff):
    from tests.factories import CommunityFactory

    CommunityFactory(name="rural isolation")
    with pytest.raises(MembershipError, match="already exists"):
        services.approve_proposal(actor=staff, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_members_cannot_review_proposals(proposal, other_member):
    with pytest.raises(PermissionDenied):
        services.review_proposal(actor=other_member, proposal=proposal, status=ProposalStatus.DECLINED)
    assert CommunityProposal.objects.get().status == ProposalStatus.SUBMITTED
