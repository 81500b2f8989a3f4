"""Every list page costs the same number of queries with 1 item as with 50 (the lists not covered beside
their app's view tests)."""

import itertools

import pytest
from django.utils import timezone

from practica.accounts.choices import LegalKind
from practica.accounts.models import LegalDocument
from practica.accounts.services.blocks import block_member
from practica.accounts.services.members import request_erasure
from practica.communities.services.communities import create_division, save_charter
from practica.communities.services.proposals import submit_proposal
from practica.discussions.services.engagement import save_draft, toggle_like
from practica.discussions.services.posting import edit_post, start_topic
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for

_numbers = itertools.count(1)


def _flat(client, url_of, add_items):
    """Queries for the page with one item, then with fifty: they must be equal."""
    add_items(1)
    with_one = queries_for(client, url_of())
    add_items(49)
    with_fifty = queries_for(client, url_of())
    assert with_one == with_fifty, f"{with_one} queries with 1 item, {with_fifty} with 50"


def test_the_erasure_requests_list(staff_client):
    def add(n):
        for _ in range(n):
            request_erasure(member=UserFactory(), reason="Leaving the profession")

    _flat(staff_client, lambda: "/staff/erasure/", add)


def test_the_legal_documents_page(staff_client, staff):
    def add(n):
        for _ in range(n):
            version = next(_numbers)
            LegalDocument.objects.create(
                kind=LegalKind.GUIDELINES,
                version=version,
                title=f"v{version}",
                body="b",
                body_html="<p>b</p>",
                published_at=timezone.now(),
                created_by=staff,
            )

    _flat(staff_client, lambda: "/staff/legal/", add)


def test_my_blocks(member_client, member):
    def add(n):
        for _ in range(n):
            block_member(blocker=member, blocked=UserFactory())

    _flat(member_client, _blocks_url, add)


def _blocks_url():
    from django.urls import reverse

    return reverse("accounts:blocks")


def test_my_proposals(member_client, member):
    def add(n):
        for _ in range(n):
            submit_proposal(
                proposer=member,
                cosigners=[UserFactory()],
                name=f"Proposal {next(_numbers)}",
                short_description="A new community",
                why_needed="Needed",
            )

    _flat(member_client, lambda: "/proposals/", add)


def test_the_divisions_list(staff_client, staff):
    def add(n):
        for _ in range(n):
            create_division(actor=staff, name=f"Division {next(_numbers)}")

    _flat(staff_client, lambda: "/staff/divisions/", add)


def test_the_charter_history(member_client, staff):
    community = CommunityFactory()

    def add(n):
        for _ in range(n):
            save_charter(
                actor=staff, community=community, answers={"focus": f"Focus {next(_numbers)}"}, change_note="x"
            )

    _flat(member_client, lambda: f"/communities/{community.pk}/charter/history/", add)


def test_my_drafts(member_client, member):
    community = CommunityFactory()
    add_member(community, member)
    author = UserFactory()
    add_member(community, author)

    def add(n):
        for _ in range(n):
            topic = start_topic(
                author=author, community=community, title=f"Topic {next(_numbers)}", body="b"
            ).post.topic
            save_draft(user=member, community=community, topic=topic, body="Half a thought")

    _flat(member_client, lambda: "/drafts/", add)


def test_who_liked_a_post(member_client, member):
    community = CommunityFactory()
    add_member(community, member)
    post = start_topic(author=member, community=community, title="Endings", body="How?").post

    def add(n):
        for _ in range(n):
            liker = UserFactory()
            add_member(community, liker)
            toggle_like(user=liker, post=post)

    _flat(member_client, lambda: f"/posts/{post.pk}/likes/", add)


def test_a_posts_history(member_client, member):
    community = CommunityFactory()
    add_member(community, member)
    post = start_topic(author=member, community=community, title="Endings", body="Version 0").post

    def add(n):
        for _ in range(n):
            edit_post(editor=member, post=post, body=f"Version {next(_numbers)}")

    _flat(member_client, lambda: f"/posts/{post.pk}/history/", add)


@pytest.fixture(autouse=True)
def _db(db):
    return db
