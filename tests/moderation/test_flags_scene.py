"""The scene most flag, queue and hidden-post tests share (fixtures only; imported by those test modules).

A closed community ("Closed Room") with an author, two members who flag, a champion, and a reply whose text
is easy to look for. The `member` persona is an outsider of it; `moderator` and `staff` act site-wide."""

from dataclasses import dataclass

import pytest
from django.test import Client

from practica.core import events
from practica.discussions.services.posting import reply, start_topic
from tests.factories import CommunityFactory, UserFactory, add_member

SECRET = "Vintage-lantern-remark"


@dataclass
class Scene:
    community: object
    author: object
    first: object
    second: object
    third: object
    fourth: object
    champion: object
    topic: object
    post: object


@pytest.fixture
def scene(db) -> Scene:
    community = CommunityFactory(name="Closed Room", membership="closed")
    people = {}
    for key, name in [
        ("author", "Ann Author"),
        ("first", "Fay First"),
        ("second", "Sid Second"),
        ("third", "Tom Third"),
        ("fourth", "Flo Fourth"),
        ("champion", "Cat Champion"),
    ]:
        people[key] = UserFactory(display_name=name)
        add_member(community, people[key], role="champion" if key == "champion" else "member")
    topic = start_topic(
        author=people["author"], community=community, title="Working with grief", body="Opening thoughts."
    ).post.topic
    post = reply(author=people["author"], topic=topic, body=f"A hard session today. {SECRET}.").post
    return Scene(community=community, topic=topic, post=post, **people)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def published(monkeypatch) -> list:
    """Every domain event published, as (name, payload), still stored for the worker as usual."""
    seen = []
    real = events.publish

    def recording(name, **payload):
        seen.append((name, payload))
        real(name, **payload)

    monkeypatch.setattr(events, "publish", recording)
    return seen
