"""Objects of the experts app for the access matrix (tests/test_access_matrix.py). Keys start with "experts".

The requests are for the closed community of `discussion_world` and were made by its champion: the site's
`member` and `moderator` personas are neither requester, staff nor champion there, so they get 404; staff and
admins see every request."""

import pytest

from practica.experts.services.directory import save_expert_profile
from practica.experts.services.requests import record_speaker, submit_speaker_request
from tests.factories import UserFactory


@pytest.fixture
def experts_world(db, discussion_world, member, staff) -> dict:
    requester = discussion_world["topic_author"]
    closed = discussion_world["closed_community_d"]
    expert = UserFactory(display_name="Eve Expert")
    save_expert_profile(user=expert, available=True, areas="Grief, bereavement", offers_talk=True)
    submitted = submit_speaker_request(
        requester=requester, community=closed, topic="Working with grief", why="Several of us see bereaved clients."
    )
    found = submit_speaker_request(
        requester=requester, community=closed, topic="Ethics of online work", why="New guidance this year."
    )
    record_speaker(actor=staff, speaker_request=found, speaker=expert)
    return {
        "experts_expert": expert,
        "experts_request": submitted,
        "experts_found_request": found,
    }
