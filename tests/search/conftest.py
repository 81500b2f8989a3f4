"""A small world for search: content members may find, and content nobody outside may ever find, each with a
unique marker word so a leak shows up as that word on a page."""

import pytest

from practica.discussions.models import Post
from practica.discussions.services.moderation import hide_post, purge_post
from practica.discussions.services.posting import delete_post, reply, start_topic
from practica.library.services.items import ItemDetails, create_item, remove_item, set_hidden
from practica.moderation.models import ModerationSettings
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks

# Every marker must never reach anyone who is not allowed to read it, through any search channel.
CLOSED_MARKERS = ["zanzibarclosed", "quetzalclosedreply", "xylophoneclosedlibrary"]
NEVER_MARKERS = [
    "hiddenmarkerokapi",
    "removedmarkerpangolin",
    "heldmarkernarwhal",
    "deletedmarkerwombat",
    "hiddenlibrarymarkerquokka",
    "removedlibrarymarkerdugong",
    "heldtopicmarkeraxolotl",
]


def link_item(*, author, community, title, description="", tags=()):
    details = ItemDetails(
        title=title,
        resource_type="article",
        licence="own_work",
        rights_confirmed=True,
        description=description,
        tags=list(tags),
        url="https://example.org/resource",
    )
    return create_item(author=author, community=community, kind="link", details=details)


@pytest.fixture
def search_corpus(db, member, moderator):
    ModerationSettings.objects.filter(pk=ModerationSettings.current().pk).update(advertising_words="discount")
    open_community = CommunityFactory(name="Open Practice")
    closed = CommunityFactory(name="Closed Circle", membership="closed")
    author = UserFactory(display_name="Alex Author")
    writer = UserFactory(display_name="Robin Writer")
    insider = UserFactory(display_name="Ines Insider")
    add_member(open_community, author, role="champion")
    add_member(closed, author, role="champion")
    add_member(open_community, writer)
    add_member(closed, insider)
    add_member(open_community, member)
    visible = start_topic(
        author=author,
        community=open_community,
        title="Endings with clients",
        body="Planning endings carefully with supervision helps everyone.",
        tags=["endings"],
    ).post
    visible_reply = reply(author=writer, topic=visible.topic, body="Supervision gave me courage at endings.").post
    closed_topic = start_topic(
        author=author, community=closed, title="A zanzibarclosed case", body="Anonymised notes about supervision."
    ).post
    reply(author=author, topic=closed_topic.topic, body="quetzalclosedreply thoughts on supervision.")
    link_item(author=author, community=closed, title="Closed guide", description="xylophoneclosedlibrary material")
    hidden = reply(author=writer, topic=visible.topic, body="hiddenmarkerokapi about supervision").post
    removed = reply(author=writer, topic=visible.topic, body="removedmarkerpangolin about supervision").post
    held = reply(author=writer, topic=visible.topic, body="heldmarkernarwhal discount supervision").post
    assert held.awaiting_review
    held_topic = start_topic(
        author=writer, community=open_community, title="heldtopicmarkeraxolotl discount", body="discount offer"
    ).post
    assert held_topic.awaiting_review
    deleted = reply(author=writer, topic=visible.topic, body="deletedmarkerwombat about supervision").post
    open_item = link_item(
        author=author,
        community=open_community,
        title="Supervision contract template",
        description="A template for supervision agreements.",
        tags=["supervision"],
    )
    hidden_item = link_item(author=writer, community=open_community, title="hiddenlibrarymarkerquokka notes")
    removed_item = link_item(author=writer, community=open_community, title="removedlibrarymarkerdugong notes")
    run_pending_tasks()
    # Now take them away, as moderation and their authors would; the index follows through events.
    hide_post(post=hidden)
    purge_post(post=Post.objects.get(pk=removed.pk))
    delete_post(actor=writer, post=deleted)
    set_hidden(actor=author, item=hidden_item, hidden=True, reason="Flagged")
    remove_item(actor=writer, item=removed_item)
    run_pending_tasks()
    return {
        "open_community": open_community,
        "closed_community": closed,
        "author": author,
        "writer": writer,
        "insider": insider,
        "visible": visible,
        "visible_reply": visible_reply,
        "closed_topic": closed_topic,
        "open_item": open_item,
        "hidden": hidden,
        "held": held,
    }
