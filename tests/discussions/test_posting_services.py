"""The posting services: starting topics of each type, replying, quoting, editing with history, deleting,
idempotency and mentions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from practica.discussions import permissions
from practica.discussions.models import Mention, Post, Topic
from practica.discussions.services.posting import (
    PostingError,
    ResearchDetails,
    delete_post,
    edit_post,
    recount_topic,
    reply,
    start_topic,
)
from practica.discussions.views.writing import diff_html, quote_markdown
from tests.factories import CommunityFactory, UserFactory, add_member


@pytest.fixture
def circle(db):
    community = CommunityFactory(name="Supervisors' Circle", membership="closed")
    champion = UserFactory(display_name="Chloe Champion")
    author = UserFactory(display_name="Maya Okafor")
    add_member(community, champion, role="champion")
    add_member(community, author)
    return {"community": community, "champion": champion, "author": author}


def _research(**changes):
    values = {
        "study_title": "Endings study",
        "ethics_reference": "ETH-9",
        "eligibility": "Counsellors",
        "involvement": "An interview",
        "closes_on": timezone.localdate() + datetime.timedelta(days=10),
        "contact": "study@example.org",
    }
    return ResearchDetails(**{**values, **changes})


@pytest.mark.parametrize("kind", ["discussion", "question"])
def test_start_topic_creates_the_topic_and_its_opening_post(circle, kind):
    outcome = start_topic(
        author=circle["author"], community=circle["community"], title="Planned endings", body="Hi", kind=kind
    )
    topic = Topic.objects.get(pk=outcome.post.topic_id)
    assert outcome.created and outcome.post.number == 1
    assert (topic.kind, topic.post_count, topic.last_poster) == (kind, 1, circle["author"])


def test_start_topic_for_a_research_call_stores_its_details(circle):
    topic = start_topic(
        author=circle["author"], community=circle["community"], title="Take part", body="Please", kind="research",
        research=_research(),
    ).post.topic  # fmt: skip
    assert topic.research.study_title == "Endings study"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "Hey"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": "  "}, "body"),
        ({"body": "x" * 30_001}, "body"),
        ({"kind": "rant"}, "kind"),
        ({"kind": "research"}, "study_title"),
        ({"kind": "research", "research": _research(closes_on=datetime.date(2000, 1, 1))}, "closes_on"),
        ({"tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
    ],
)
def test_start_topic_refuses_bad_input_and_names_the_field(circle, changes, field):
    values = {"title": "Planned endings", "body": "Hello", **changes}
    with pytest.raises(PostingError) as refused:
        start_topic(author=circle["author"], community=circle["community"], **values)
    assert refused.value.field == field
    assert not Topic.objects.exists()


def test_an_outsider_cannot_start_a_topic(circle):
    with pytest.raises(PermissionDenied):
        start_topic(author=UserFactory(), community=circle["community"], title="Planned endings", body="Hi")


def test_a_reply_to_a_post_is_numbered_and_counted(circle):
    topic = start_topic(
        author=circle["author"], community=circle["community"], title="Planned endings", body="Hi"
    ).post.topic
    first = reply(author=circle["champion"], topic=topic, body="One").post
    second = reply(author=circle["author"], topic=topic, body="Two", reply_to=first).post
    topic.refresh_from_db()
    assert (second.number, second.reply_to, topic.post_count, topic.last_poster) == (3, first, 3, circle["author"])


def test_a_reply_cannot_point_at_a_post_in_another_topic(circle):
    make = lambda title: start_topic(author=circle["author"], community=circle["community"], title=title, body="Hi")  # noqa: E731
    elsewhere = make("Another topic").post
    topic = make("Planned endings").post.topic
    with pytest.raises(PostingError):
        reply(author=circle["author"], topic=topic, body="x", reply_to=elsewhere)


def test_the_same_idempotency_key_twice_creates_one_post(circle):
    topic = start_topic(
        author=circle["author"], community=circle["community"], title="Planned endings", body="Hi"
    ).post.topic
    first = reply(author=circle["champion"], topic=topic, body="Once", idempotency_key="k")
    again = reply(author=circle["champion"], topic=topic, body="Once", idempotency_key="k")
    assert first.post.pk == again.post.pk and again.created is False
    assert Post.objects.filter(body="Once").count() == 1


def test_the_same_key_twice_starts_one_topic(circle):
    values = {"author": circle["author"], "community": circle["community"], "title": "Planned endings", "body": "Hi"}
    start_topic(**values, idempotency_key="t")
    start_topic(**values, idempotency_key="t")
    assert Topic.objects.count() == 1


def test_a_quote_is_a_blockquote_with_an_attribution_line(circle):
    topic = start_topic(
        author=circle["author"], community=circle["community"], title="Planned endings", body="Hi"
    ).post.topic
    post = reply(author=circle["author"], topic=topic, body="First line\n\nSecond line").post
    assert quote_markdown(post) == (
        f"> **Maya Okafor** wrote in [#2](/posts/{post.pk}/):\n>\n> First line\n>\n> Second line\n\n"
    )


def test_edit_keeps_each_earlier_text_as_a_revision(circle):
    post = start_topic(author=circle["author"], community=circle["community"], title="Planned endings", body="v1").post
    edit_post(editor=circle["author"], post=post, body="v2")
    edit_post(editor=circle["author"], post=post, body="v3")
    edit_post(editor=circle["author"], post=post, body="v3")  # unchanged: no new revision
    post.refresh_from_db()
    assert post.body == "v3" and post.revision_count == 2
    assert list(post.revisions.values_list("number", "body")) == [(1, "v1"), (2, "v2")]


def test_only_the_author_may_edit(circle):
    post = start_topic(author=circle["author"], community=circle["community"], title="Planned endings", body="v1").post
    with pytest.raises(PermissionDenied):
        edit_post(editor=circle["champion"], post=post, body="changed")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("author", True), ("champion", True), ("moderator", True), ("member", False), ("outsider", False)],
)
def test_history_is_visible_only_to_the_author_and_moderators(circle, who, allowed):
    post = start_topic(author=circle["author"], community=circle["community"], title="Planned endings", body="v1").post
    people = {
        "author": circle["author"],
        "champion": circle["champion"],
        "moderator": UserFactory(role="moderator"),
        "outsider": UserFactory(),
    }
    if who == "member":
        people["member"] = UserFactory()
        add_member(circle["community"], people["member"])
    post = Post.objects.select_related("topic__community").get(pk=post.pk)
    assert permissions.can_view_history(people[who], post) is allowed


def test_deleting_a_reply_recounts_the_topic(circle):
    topic = start_topic(
        author=circle["author"], community=circle["community"], title="Planned endings", body="Hi"
    ).post.topic
    reply(author=circle["author"], topic=topic, body="One")
    last = reply(author=circle["champion"], topic=topic, body="Two").post
    delete_post(actor=circle["champion"], post=last)
    topic.refresh_from_db()
    assert (topic.post_count, topic.last_poster) == (2, circle["author"])
    counted = (topic.post_count, topic.like_count, topic.last_poster_id, topic.next_post_number)
    recount_topic(topic)
    assert counted == (topic.post_count, topic.like_count, topic.last_poster_id, topic.next_post_number)


def test_someone_else_cannot_delete_a_members_reply(circle):
    topic = start_topic(
        author=circle["author"], community=circle["community"], title="Planned endings", body="Hi"
    ).post.topic
    post = reply(author=circle["author"], topic=topic, body="One").post
    intruder = UserFactory()
    add_member(circle["community"], intruder)
    with pytest.raises(PermissionDenied):
        delete_post(actor=intruder, post=post)


def test_a_member_who_cannot_see_the_topic_is_mentioned_without_access_and_reported(circle):
    outsider = UserFactory(display_name="Oli Outsider")
    outcome = start_topic(
        author=circle["author"], community=circle["community"], title="Planned endings",
        body=f"Thoughts, @{outsider.handle} and @{circle['champion'].handle}?",
    )  # fmt: skip
    assert outcome.mentioned_without_access == [outsider]
    assert Mention.objects.get(user=outsider).can_see is False
    assert Mention.objects.get(user=circle["champion"]).can_see is True


def test_the_history_diff_escapes_text_and_marks_changes():
    html = diff_html("keep <old>", "keep <new> & more")
    assert html.startswith("keep ")
    assert "&lt;old&gt;" in html and "&lt;new&gt;" in html and "&amp;" in html
    assert "<del>" in html and "<ins>" in html and "<old>" not in html
