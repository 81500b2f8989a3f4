"""Objects of the moderation app for the access matrix (tests/test_access_matrix.py). Keys start with "moderation"."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from practica.discussions.services.posting import reply
from practica.moderation.models import SealedCopy
from practica.moderation.services.flags import raise_flag
from tests.factories import UserFactory, add_member


def _flags_and_queue(discussion_world, member) -> dict:
    """A flag of the `member` persona on someone else's reply (its queue item is in the open community), a
    reply by `member` that someone else flagged (for the author's "Ask for a call"), and a sealed copy."""
    community = discussion_world["open_community"]
    flagged = discussion_world["open_reply"]
    flag = raise_flag(flagger=member, target=flagged, reason="off_topic")
    own = reply(author=member, topic=discussion_world["open_topic"], body="My own view on endings.").post
    flagger = UserFactory(display_name="Fran Flagger")
    add_member(community, flagger)
    own_flag = raise_flag(flagger=flagger, target=own, reason="inappropriate")
    sealed = SealedCopy.objects.create(
        content_type=ContentType.objects.get_for_model(flagged),
        object_id=flagged.pk,
        content={"texts": {"body": "Sealed text", "revisions": []}},
        purge_after=timezone.localdate() + datetime.timedelta(days=30),
    )
    return {
        "moderation_flagged_post": flagged,
        "moderation_member_flag": flag,
        "moderation_item": flag.review_item,
        "moderation_members_item": own_flag.review_item,
        "moderation_sealed_copy": sealed,
    }


def _cases_and_reports(discussion_world, member, staff) -> dict:
    """A case on the topic author, a report by `member`, a copyright notice, and a post held for review."""
    from practica.moderation.models import ModerationSettings
    from practica.moderation.services.cases import open_case
    from practica.moderation.services.copyright import submit_notice
    from practica.moderation.services.premoderation import open_premoderation_item
    from practica.moderation.services.reports import submit_report

    author = discussion_world["topic_author"]
    case = open_case(actor=staff, member=author, title="Remarks in two topics")
    report = submit_report(
        reporter=member,
        category="bullying",
        details="Unkind replies.",
        links=[f"/posts/{discussion_world['open_reply'].pk}/"],
    )
    notice = submit_notice(
        submitter=member,
        work="My article",
        location=f"/posts/{discussion_world['open_reply'].pk}/",
        claimant_name="Maya Member",
        claimant_email="maya@example.org",
        statement="Used without permission.",
    )
    ModerationSettings.objects.filter(pk=ModerationSettings.current().pk).update(advertising_words="discount")
    held = reply(author=member, topic=discussion_world["open_topic"], body="A discount on my course!").post
    return {
        "moderation_case": case,
        "moderation_report": report,
        "moderation_copyright_notice": notice,
        "moderation_case_held_item": open_premoderation_item(post_id=held.pk),
    }


@pytest.fixture
def moderation_world(db, discussion_world, member, staff) -> dict:
    return {**_flags_and_queue(discussion_world, member), **_cases_and_reports(discussion_world, member, staff)}
