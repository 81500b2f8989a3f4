"""Objects the access matrix needs for community URLs. The site's `member` persona is an outsider here:
the closed community's inner pages must answer 404 for them, exactly as if it did not exist."""

import pytest

from practica.communities.services.communities import rotate_invite_link
from practica.communities.services.membership import request_to_join
from practica.communities.services.proposals import submit_proposal
from tests.factories import CommunityFactory, DivisionFactory, UserFactory, add_member


@pytest.fixture
def community_world(db, staff):
    division = DivisionFactory(name="Healthcare")
    closed = CommunityFactory(
        name="Trauma-Informed Practice", division=division, membership="closed", admission_questions="Why join?"
    )
    champion = UserFactory(display_name="Cleo Champion")
    add_member(closed, champion, role="champion")
    insider = UserFactory(display_name="Ian Insider")
    add_member(closed, insider)
    applicant = UserFactory(display_name="Ava Applicant")
    join_request = request_to_join(
        user=applicant, community=closed, answers=["To learn"], accepted_confidentiality=True
    )
    proposer = UserFactory(display_name="Pat Proposer")
    proposal = submit_proposal(
        proposer=proposer, name="Eco Awareness", short_description="Climate and therapy", why_needed="Rising anxiety"
    )
    return {
        "division": division,
        "closed_community": closed,
        "closed_champion": champion,
        "closed_insider": insider,
        "join_request": join_request,
        "proposal": proposal,
        "community_invite_token": rotate_invite_link(actor=staff, community=closed),
    }
