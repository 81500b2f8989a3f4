"""Discussion objects for the access matrix. The site's `member` persona belongs to the open community
("Open Practice") and is an outsider to the closed one ("Closed Circle"), whose pages must answer 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from practica.core.uploads import check_upload
from practica.discussions.models import Draft
from practica.discussions.services.engagement import PollSpec, add_poll, save_bookmark
from practica.discussions.services.posting import ResearchDetails, reply, start_topic
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.library.corpus import image_bytes


@pytest.fixture
def discussion_world(db, member):
    open_community = CommunityFactory(name="Open Practice")
    closed = CommunityFactory(name="Closed Circle", membership="closed")
    author = UserFactory(display_name="Alex Author")
    add_member(open_community, author, role="champion")
    add_member(closed, author, role="champion")
    add_member(open_community, member)
    open_topic = start_topic(
        author=author, community=open_community, title="Endings with clients", body="How?"
    ).post.topic
    open_reply = reply(author=author, topic=open_topic, body="A follow-up thought.").post
    closed_topic = start_topic(
        author=author, community=closed, title="A confidential case", body="Anonymised."
    ).post.topic
    # A picture attached, so the matrix covers both the file and its thumbnail.
    picture = check_upload(SimpleUploadedFile("Genogram.png", image_bytes("PNG")))
    closed_reply = reply(author=author, topic=closed_topic, body="More detail.", attachments=[picture]).post
    add_poll(author=author, topic=open_topic, spec=PollSpec(question="Monthly?", options=["Yes", "No"]))
    research = start_topic(
        author=author,
        community=open_community,
        title="Study of supervision",
        body="Please take part.",
        kind="research",
        research=ResearchDetails(
            study_title="Supervision study",
            ethics_reference="ETH-1",
            eligibility="Supervisors",
            involvement="A one-hour interview",
            closes_on=timezone.localdate() + datetime.timedelta(days=30),
            contact="study@example.org",
        ),
    ).post.topic
    others_draft = Draft.objects.create(user=author, community=open_community, body="Someone else's draft")
    others_bookmark = save_bookmark(user=author, post=open_reply)
    return {
        "open_community": open_community,
        "closed_community_d": closed,
        "open_topic": open_topic,
        "open_post": open_topic.posts.get(number=1),
        "open_reply": open_reply,
        "closed_topic": closed_topic,
        "closed_reply": closed_reply,
        "closed_attachment": closed_reply.attachments.get(),
        "research_topic": research,
        "others_draft": others_draft,
        "others_bookmark": others_bookmark,
        "topic_author": author,
    }
