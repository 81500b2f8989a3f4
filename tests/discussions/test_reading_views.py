"""The reading side of discussions: topic lists, topic pages, likes, polls, bookmarks, research calls,
and what discussions add to the home page and to a community's home page."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practica.accounts.choices import Role
from practica.communities.services.membership import leave_community
from practica.discussions import queries
from practica.discussions.models import Bookmark, Like, Poll, PollVote, Post, ReadState, ResearchCall, Topic
from practica.discussions.services.curation import merge_topics, set_closed, set_pinned
from practica.discussions.services.engagement import PollSpec, add_poll, mark_read, save_bookmark, toggle_like, vote
from practica.discussions.services.posting import (
    ResearchDetails,
    accept_answer,
    archive_closed_research_calls,
    edit_post,
    reply,
    start_topic,
)
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for

# The world: a closed community with a topic, and everyone who may or may not read inside it.


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def rw(db):
    """Reading world: "Closed Circle" with a question and replies, "Open Practice", and one person per persona."""
    closed = CommunityFactory(name="Closed Circle", membership="closed")
    other_closed = CommunityFactory(name="Another Circle", membership="closed")
    open_community = CommunityFactory(name="Open Practice")
    champion = UserFactory(display_name="Chloe Champion")
    add_member(closed, champion, role="champion")
    insider = UserFactory(display_name="Maya Okafor")
    add_member(closed, insider)
    add_member(open_community, insider)
    former = UserFactory(display_name="Fern Former")
    add_member(closed, former)
    other_insider = UserFactory(display_name="Otto Elsewhere")
    add_member(other_closed, other_insider)
    outsider = UserFactory(display_name="Oli Outsider")
    topic = start_topic(
        author=champion,
        community=closed,
        title="Endings with long-term clients",
        body="How do you **end**?",
        kind="question",
        tags=["endings", "supervision"],
    ).post.topic
    first_reply = reply(author=insider, topic=topic, body="Slowly, with a plan.").post
    second_reply = reply(author=champion, topic=topic, body="Thank you.", reply_to=first_reply).post
    leave_community(user=former, community=closed)
    people = {
        "anonymous": None,
        "outsider": outsider,
        "insider": insider,
        "other_closed_member": other_insider,
        "former_member": former,
        "champion": champion,
        "moderator": UserFactory(display_name="Mo Moderator", role=Role.MODERATOR),
        "staff": UserFactory(display_name="Leah Lead", role=Role.STAFF),
        "admin": UserFactory(display_name="Ada Admin", role=Role.ADMIN, is_staff=True, is_superuser=True),
    }
    return {
        "closed": closed,
        "open": open_community,
        "topic": topic,
        "opening": topic.posts.get(number=1),
        "reply": first_reply,
        "second_reply": second_reply,
        "people": people,
        **people,
    }


def topic_url(topic, page=None):
    url = reverse("discussions:topic", args=[topic.pk])
    return f"{url}?page={page}" if page else url


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# Who may see what: every reading view, for every persona.

MAY_READ = {"insider", "champion", "staff", "admin"}
PERSONAS = [
    "anonymous",
    "outsider",
    "insider",
    "other_closed_member",
    "former_member",
    "champion",
    "moderator",
    "staff",
    "admin",
]


def _expected(persona, allowed_status):
    if persona == "anonymous":
        return 302
    return allowed_status if persona in MAY_READ else 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("url_name", "target", "allowed_status"),
    [
        ("discussions:topic-list", "closed", 200),
        ("discussions:topic", "topic", 200),
        ("discussions:post", "reply", 302),
        ("discussions:likers", "reply", 200),
        ("discussions:bookmark", "reply", 200),
    ],
)
def test_reading_pages_inside_a_closed_community_are_404_for_everyone_who_is_not_inside(
    rw, persona, url_name, target, allowed_status
):
    response = _client(rw[persona]).get(reverse(url_name, args=[rw[target].pk]))
    assert response.status_code == _expected(persona, allowed_status)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("url_name", "target", "allowed_status"),
    [
        ("discussions:mark-read", "closed", 302),
        ("discussions:like", "reply", 302),
        ("discussions:poll-vote", "topic", 404),  # the topic has no poll: 404 even for those inside
    ],
)
def test_actions_inside_a_closed_community_are_404_for_everyone_who_is_not_inside(
    rw, persona, url_name, target, allowed_status
):
    if url_name == "discussions:like" and persona == "insider":
        allowed_status = 403  # the insider wrote this reply: authors cannot like their own posts
    response = _client(rw[persona]).post(reverse(url_name, args=[rw[target].pk]))
    assert response.status_code == _expected(persona, allowed_status)


@pytest.mark.parametrize("persona", ["outsider", "other_closed_member", "former_member", "moderator"])
def test_a_former_member_and_outsiders_cannot_accept_answers_or_bookmark_inside_a_closed_community(rw, persona):
    client = _client(rw[persona])
    assert client.post(reverse("discussions:accept-answer", args=[rw["reply"].pk])).status_code == 404
    assert client.post(reverse("discussions:bookmark", args=[rw["reply"].pk]), {"note": "x"}).status_code == 404
    assert not Bookmark.objects.filter(user=rw[persona]).exists()


def test_the_former_member_loses_access_at_once_but_their_posts_stay_attributed_to_them(rw):
    add_member(rw["closed"], rw["former_member"])
    own = reply(author=rw["former_member"], topic=rw["topic"], body="My last word.").post
    leave_community(user=rw["former_member"], community=rw["closed"])
    assert _client(rw["former_member"]).get(topic_url(rw["topic"])).status_code == 404
    html = _html(_client(rw["champion"]).get(topic_url(rw["topic"], page=1)))
    assert f"#{own.number} · " in html and "Fern Former" in html


def test_the_research_and_bookmark_pages_are_for_signed_in_members_only(rw):
    for name in ("discussions:research", "discussions:bookmarks"):
        assert Client().get(reverse(name)).status_code == 302
        assert _client(rw["outsider"]).get(reverse(name)).status_code == 200


# The topic list.


def test_the_topic_list_shows_each_topic_with_its_type_tags_author_counts_and_last_poster(rw):
    html = _html(_client(rw["insider"]).get(reverse("discussions:topic-list", args=[rw["closed"].pk])))
    assert "Endings with long-term clients" in html
    assert "Question" in html and "endings" in html and "supervision" in html
    assert "Chloe Champion" in html
    assert "2 replies" in html
    assert "Last post" in html
    assert "New" in html  # never opened by this viewer


def test_an_answered_question_is_badged_as_answered_in_the_list(rw):
    accept_answer(actor=rw["champion"], post=rw["reply"], topic=rw["topic"])
    html = _html(_client(rw["insider"]).get(reverse("discussions:topic-list", args=[rw["closed"].pk])))
    assert "Answered" in html


def test_pinned_topics_come_first_then_latest_activity(rw):
    older = start_topic(author=rw["champion"], community=rw["closed"], title="An older topic", body="Hi").post.topic
    newer = start_topic(author=rw["champion"], community=rw["closed"], title="The newest topic", body="Hi").post.topic
    set_pinned(actor=rw["champion"], topic=older, pinned=True)
    html = _html(_client(rw["insider"]).get(reverse("discussions:topic-list", args=[rw["closed"].pk])))
    assert html.index("An older topic") < html.index("The newest topic") < html.index("Endings with long-term")
    assert newer.pk


def test_the_list_counts_what_the_viewer_has_not_read(rw):
    from practica.notifications.services.watching import set_topic_watch

    # "N new" counts are for topics the member tracks or watches (tests/notifications/test_tracking.py).
    set_topic_watch(user=rw["insider"], topic=rw["topic"], level="tracking")
    mark_read(user=rw["insider"], topic=rw["topic"], up_to=1)
    html = _html(_client(rw["insider"]).get(reverse("discussions:topic-list", args=[rw["closed"].pk])))
    assert "2 new" in html
    mark_read(user=rw["insider"], topic=rw["topic"], up_to=3)
    html = _html(_client(rw["insider"]).get(reverse("discussions:topic-list", args=[rw["closed"].pk])))
    assert "2 new" not in html and "badge-new" not in html


def test_the_list_filters_by_type_tag_and_unread(rw):
    start_topic(author=rw["champion"], community=rw["closed"], title="A plain discussion", body="Hi", tags=["ethics"])
    client = _client(rw["insider"])
    url = reverse("discussions:topic-list", args=[rw["closed"].pk])
    by_kind = _html(client.get(url, {"kind": "question"}))
    assert "Endings with long-term clients" in by_kind and "A plain discussion" not in by_kind
    by_tag = _html(client.get(url, {"tag": "ethics"}))
    assert "A plain discussion" in by_tag and "Endings with long-term clients" not in by_tag
    mark_read(user=rw["insider"], topic=rw["topic"], up_to=3)
    unread = _html(client.get(url, {"unread": "on"}))
    assert "A plain discussion" in unread and "Endings with long-term clients" not in unread


def test_a_stale_tag_in_the_address_drops_only_that_filter(rw):
    url = reverse("discussions:topic-list", args=[rw["closed"].pk])
    html = _html(_client(rw["insider"]).get(url, {"tag": "gone", "kind": "discussion"}))
    assert "Endings with long-term clients" not in html  # the type filter still applies


def test_the_topic_list_is_paginated_with_bounded_pages(rw, monkeypatch):
    monkeypatch.setattr(queries, "TOPICS_PER_PAGE", 2)
    for number in range(3):
        start_topic(author=rw["champion"], community=rw["closed"], title=f"Extra topic {number}", body="Hi")
    client = _client(rw["insider"])
    url = reverse("discussions:topic-list", args=[rw["closed"].pk])
    assert "Page 1 of 2" in _html(client.get(url))
    assert "Page 2 of 2" in _html(client.get(url, {"page": "999999"}))
    assert "Page 1 of 2" in _html(client.get(url, {"page": "not-a-number"}))


def test_only_people_who_may_post_see_start_a_topic(rw):
    create_url = reverse("discussions:topic-create", args=[rw["open"].pk])
    list_url = reverse("discussions:topic-list", args=[rw["open"].pk])
    assert create_url in _html(_client(rw["insider"]).get(list_url))
    assert create_url not in _html(_client(rw["outsider"]).get(list_url))


def test_htmx_gets_only_the_results_and_plain_requests_the_whole_page(rw):
    url = reverse("discussions:topic-list", args=[rw["closed"].pk])
    partial = _html(_client(rw["insider"]).get(url, {"kind": "question"}, HTTP_HX_REQUEST="true"))
    assert 'id="topic-results"' in partial and "<h1" not in partial
    assert "<h1" in _html(_client(rw["insider"]).get(url, {"kind": "question"}))


def test_mark_all_read_marks_every_visible_topic_read(rw):
    other = start_topic(author=rw["champion"], community=rw["closed"], title="Another topic", body="Hi").post.topic
    response = _client(rw["insider"]).post(reverse("discussions:mark-read", args=[rw["closed"].pk]))
    assert response.status_code == 302
    states = dict(ReadState.objects.filter(user=rw["insider"]).values_list("topic_id", "last_read_number"))
    assert states == {rw["topic"].pk: 3, other.pk: 1}
    html = _html(_client(rw["insider"]).get(reverse("discussions:topic-list", args=[rw["closed"].pk])))
    assert "badge-new" not in html


def test_mark_all_read_only_answers_post(rw):
    url = reverse("discussions:mark-read", args=[rw["closed"].pk])
    assert _client(rw["insider"]).get(url).status_code == 405


# The topic page.


def test_the_topic_page_shows_each_post_as_an_article_with_a_heading(rw):
    html = _html(_client(rw["insider"]).get(topic_url(rw["topic"])))
    assert html.count("<h1") == 1
    assert html.count("<article") == 3
    assert re.search(r"<h2[^>]*>#2 · <a href=\"/[^\"]*\">Maya Okafor</a></h2>", html)
    assert "<strong>end</strong>" in html  # body_html from the text pipeline
    assert 'datetime="' in html
    assert reverse("discussions:post", args=[rw["reply"].pk]) in html and "in reply to #2" in html
    assert "Closed Circle" in html and reverse("discussions:topic-list", args=[rw["closed"].pk]) in html


def test_member_written_text_other_than_the_stored_body_is_escaped(rw):
    topic = start_topic(
        author=rw["champion"],
        community=rw["closed"],
        title="<script>alert(1)</script> title",
        body="Hi",
        tags=["<b>tag</b>"],
    ).post.topic
    html = _html(_client(rw["insider"]).get(topic_url(topic)))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>tag</b>" not in html


def test_an_edited_post_says_so_and_only_the_author_and_moderators_get_the_history_link(rw):
    edit_post(editor=rw["insider"], post=rw["reply"], body="Slowly, with a plan agreed together.")
    history = reverse("discussions:post-history", args=[rw["reply"].pk])
    assert history in _html(_client(rw["insider"]).get(topic_url(rw["topic"], page=1)))
    assert history in _html(_client(rw["staff"]).get(topic_url(rw["topic"], page=1)))
    other = UserFactory()
    add_member(rw["closed"], other)
    html = _html(_client(other).get(topic_url(rw["topic"], page=1)))
    assert "edited" in html and history not in html


def test_a_closed_topic_says_why(rw):
    set_closed(actor=rw["champion"], topic=rw["topic"], closed=True, reason="The discussion has run its course.")
    html = _html(_client(rw["insider"]).get(topic_url(rw["topic"])))
    assert "closed to new replies: The discussion has run its course." in html


def test_the_accepted_answer_is_linked_near_the_top_and_highlighted(rw):
    accept_answer(actor=rw["champion"], post=rw["reply"], topic=rw["topic"])
    html = _html(_client(rw["insider"]).get(topic_url(rw["topic"])))
    assert "This question has an accepted answer" in html
    assert html.index("accepted-answer-link") < html.index("<article")
    assert 'class="post is-answer"' in html and "Accepted answer" in html


def test_the_asker_accepts_and_unmarks_an_answer(rw):
    client = _client(rw["champion"])
    url = reverse("discussions:accept-answer", args=[rw["reply"].pk])
    assert client.post(url).status_code == 302
    rw["topic"].refresh_from_db()
    assert rw["topic"].accepted_answer_id == rw["reply"].pk
    client.post(url)
    rw["topic"].refresh_from_db()
    assert rw["topic"].accepted_answer_id is None


def test_someone_else_cannot_accept_an_answer_and_is_told_why(rw):
    response = _client(rw["insider"]).post(reverse("discussions:accept-answer", args=[rw["second_reply"].pk]))
    assert response.status_code == 403
    assert "Only the person who asked" in response.content.decode()


def test_a_research_call_shows_its_study_details_and_an_archived_notice(rw):
    topic = start_topic(
        author=rw["insider"],
        community=rw["open"],
        title="Study of endings",
        body="Please take part.",
        kind="research",
        research=ResearchDetails(
            study_title="Endings study",
            ethics_reference="ETH-42",
            eligibility="Qualified counsellors",
            involvement="A one-hour interview",
            closes_on=timezone.localdate(),
            contact="study@example.org",
        ),
    ).post.topic
    client = _client(rw["outsider"])
    html = _html(client.get(topic_url(topic)))
    for text in ("Endings study", "ETH-42", "Qualified counsellors", "A one-hour interview", "study@example.org"):
        assert text in html
    assert "is archived" not in html
    archive_closed_research_calls(today=timezone.localdate() + datetime.timedelta(days=1))
    assert "is archived" in _html(client.get(topic_url(topic, page=1)))


def test_continued_from_and_continued_in_links_appear_only_when_the_reader_may_see_them(rw):
    open_topic = start_topic(author=rw["insider"], community=rw["open"], title="An open topic", body="Hi").post
    public = start_topic(
        author=rw["insider"], community=rw["open"], title="Open continuation", body="More", linked_from=open_topic
    ).post.topic
    secret = start_topic(
        author=rw["insider"], community=rw["closed"], title="Secret continuation", body="More", linked_from=open_topic
    ).post.topic
    outsider_html = _html(_client(rw["outsider"]).get(topic_url(open_topic.topic)))
    assert "Open continuation" in outsider_html and "Secret continuation" not in outsider_html
    insider_html = _html(_client(rw["insider"]).get(topic_url(open_topic.topic)))
    assert "Secret continuation" in insider_html
    assert "Continued from" in _html(_client(rw["outsider"]).get(topic_url(public)))
    # From the closed side, continuing from an open post is shown to those inside.
    assert "An open topic" in _html(_client(rw["insider"]).get(topic_url(secret)))


def test_a_continuation_from_a_closed_post_does_not_name_it_to_outsiders(rw):
    public = start_topic(
        author=rw["insider"], community=rw["open"], title="Open follow-up", body="More", linked_from=rw["reply"]
    ).post.topic
    html = _html(_client(rw["outsider"]).get(topic_url(public)))
    assert "Continued from" not in html and "Endings with long-term clients" not in html


def test_a_merged_topic_leads_to_its_target(rw):
    source = start_topic(author=rw["champion"], community=rw["closed"], title="A duplicate", body="Same").post.topic
    merge_topics(actor=rw["champion"], source=source, into=rw["topic"])
    response = _client(rw["insider"]).get(topic_url(source))
    assert response.status_code == 302 and response.url == topic_url(rw["topic"])
    assert _client(rw["outsider"]).get(topic_url(source)).status_code == 404


# Read state: jump to the first unread post.


def test_opening_a_topic_marks_the_posts_shown_as_read(rw):
    _client(rw["insider"]).get(topic_url(rw["topic"]))
    assert ReadState.objects.get(user=rw["insider"], topic=rw["topic"]).last_read_number == 3


def test_a_returning_reader_jumps_to_the_first_unread_post(rw):
    client = _client(rw["insider"])
    client.get(topic_url(rw["topic"]))
    new = reply(author=rw["champion"], topic=rw["topic"], body="Something new.").post
    response = client.get(topic_url(rw["topic"]))
    assert response.status_code == 302
    assert response.url == f"{topic_url(rw['topic'], page=1)}#post-{new.number}"


def test_the_jump_lands_on_the_page_holding_the_first_unread_post(rw, monkeypatch):
    monkeypatch.setattr(queries, "POSTS_PER_PAGE", 2)
    client = _client(rw["insider"])
    mark_read(user=rw["insider"], topic=rw["topic"], up_to=2)
    response = client.get(topic_url(rw["topic"]))
    assert response.url == f"{topic_url(rw['topic'], page=2)}#post-3"
    _html(client.get(response.url))
    assert ReadState.objects.get(user=rw["insider"], topic=rw["topic"]).last_read_number == 3


def test_reading_an_earlier_page_never_moves_the_read_position_back(rw, monkeypatch):
    monkeypatch.setattr(queries, "POSTS_PER_PAGE", 2)
    mark_read(user=rw["insider"], topic=rw["topic"], up_to=3)
    _html(_client(rw["insider"]).get(topic_url(rw["topic"], page=1)))
    assert ReadState.objects.get(user=rw["insider"], topic=rw["topic"]).last_read_number == 3


def test_a_permalink_leads_to_the_page_and_anchor_of_the_post(rw, monkeypatch):
    monkeypatch.setattr(queries, "POSTS_PER_PAGE", 2)
    response = _client(rw["insider"]).get(reverse("discussions:post", args=[rw["second_reply"].pk]))
    assert response.url == f"{topic_url(rw['topic'], page=2)}#post-3"


def test_a_deleted_post_has_no_permalink(rw):
    Post.objects.filter(pk=rw["reply"].pk).update(deleted_at=timezone.now())
    assert _client(rw["insider"]).get(reverse("discussions:post", args=[rw["reply"].pk])).status_code == 404


# Likes.


def test_a_like_toggles_and_keeps_the_counters(rw):
    client = _client(rw["champion"])
    url = reverse("discussions:like", args=[rw["reply"].pk])
    response = client.post(url)
    assert response.status_code == 302 and response.url.endswith("#post-2")
    rw["reply"].refresh_from_db()
    rw["topic"].refresh_from_db()
    assert (rw["reply"].like_count, rw["topic"].like_count) == (1, 1)
    assert 'aria-pressed="true"' in _html(client.get(topic_url(rw["topic"], page=1)))
    client.post(url)
    rw["reply"].refresh_from_db()
    rw["topic"].refresh_from_db()
    assert (rw["reply"].like_count, rw["topic"].like_count) == (0, 0)
    assert not Like.objects.exists()


def test_htmx_likes_swap_only_the_like_button(rw):
    response = _client(rw["champion"]).post(reverse("discussions:like", args=[rw["reply"].pk]), HTTP_HX_REQUEST="true")
    html = _html(response)
    assert f'id="like-{rw["reply"].pk}"' in html and "1 like" in html and "<article" not in html


def test_authors_cannot_like_their_own_posts_and_are_told_why(rw):
    response = _client(rw["insider"]).post(reverse("discussions:like", args=[rw["reply"].pk]))
    assert response.status_code == 403
    assert "You cannot like your own post." in response.content.decode()
    html = _html(_client(rw["insider"]).get(topic_url(rw["topic"], page=1)))
    assert reverse("discussions:like", args=[rw["reply"].pk]) not in html


def test_who_liked_lists_the_likers(rw):
    toggle_like(user=rw["champion"], post=rw["reply"])
    html = _html(_client(rw["insider"]).get(reverse("discussions:likers", args=[rw["reply"].pk])))
    assert "Chloe Champion" in html and "1 like" in html


def test_liking_answers_only_post(rw):
    assert _client(rw["champion"]).get(reverse("discussions:like", args=[rw["reply"].pk])).status_code == 405


# Polls.


@pytest.fixture
def poll(rw):
    return add_poll(
        author=rw["champion"], topic=rw["topic"], spec=PollSpec(question="How often?", options=["Weekly", "Monthly"])
    )


def _option(poll, label):
    return poll.options.get(label=label)


def _vote(client, topic, *option_ids, **extra):
    return client.post(reverse("discussions:poll-vote", args=[topic.pk]), {"option": list(option_ids)}, **extra)


def test_a_single_choice_poll_shows_radio_buttons_and_counts_one_vote(rw, poll):
    client = _client(rw["insider"])
    html = _html(client.get(topic_url(rw["topic"])))
    assert 'type="radio"' in html and "Choose one option" in html
    assert "The results will be shown once you have voted." in html
    assert _vote(client, rw["topic"], _option(poll, "Weekly").pk).status_code == 302
    poll.refresh_from_db()
    assert poll.voter_count == 1 and _option(poll, "Weekly").vote_count == 1
    html = _html(client.get(topic_url(rw["topic"], page=1)))
    assert "1 vote (100%)" in html and "0 votes (0%)" in html and "Change my vote" in html


def test_a_single_choice_poll_refuses_two_options(rw, poll):
    response = _vote(_client(rw["insider"]), rw["topic"], *poll.options.values_list("pk", flat=True), follow=True)
    assert "Choose only one option." in response.content.decode()
    assert not PollVote.objects.exists()


def test_a_multiple_choice_poll_shows_checkboxes_and_counts_each_option(rw, poll):
    Poll.objects.filter(pk=poll.pk).update(multiple_choice=True)
    client = _client(rw["insider"])
    assert 'type="checkbox"' in _html(client.get(topic_url(rw["topic"])))
    _vote(client, rw["topic"], *poll.options.values_list("pk", flat=True))
    poll.refresh_from_db()
    assert poll.voter_count == 1
    assert sorted(poll.options.values_list("vote_count", flat=True)) == [1, 1]


def test_changing_a_vote_moves_it(rw, poll):
    client = _client(rw["insider"])
    _vote(client, rw["topic"], _option(poll, "Weekly").pk)
    _vote(client, rw["topic"], _option(poll, "Monthly").pk)
    poll.refresh_from_db()
    assert poll.voter_count == 1
    assert (_option(poll, "Weekly").vote_count, _option(poll, "Monthly").vote_count) == (0, 1)


def test_a_closed_poll_refuses_votes_and_says_so(rw, poll):
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    client = _client(rw["insider"])
    response = _vote(client, rw["topic"], _option(poll, "Weekly").pk, follow=True)
    assert "This poll has closed." in response.content.decode()
    assert not PollVote.objects.exists()
    html = _html(client.get(topic_url(rw["topic"], page=1)))
    assert 'name="option"' not in html and "Results" in html


def test_a_refused_vote_over_htmx_shows_the_reason_in_the_poll(rw, poll):
    response = _vote(_client(rw["insider"]), rw["topic"], HTTP_HX_REQUEST="true")
    html = _html(response)
    assert 'role="alert"' in html and "Choose an option." in html and "<h1" not in html


def test_results_after_close_stay_hidden_until_the_poll_closes(rw, poll):
    Poll.objects.filter(pk=poll.pk).update(results="after_close")
    client = _client(rw["insider"])
    _vote(client, rw["topic"], _option(poll, "Weekly").pk)
    html = _html(client.get(topic_url(rw["topic"], page=1)))
    assert "The results will be shown when the poll closes." in html and "1 vote (100%)" not in html
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "1 vote (100%)" in _html(client.get(topic_url(rw["topic"], page=1)))


def test_voters_are_anonymous_unless_the_poll_shows_them(rw, poll):
    vote(user=rw["insider"], poll=poll, option_ids=[_option(poll, "Weekly").pk])
    champion = _client(rw["champion"])  # the topic's author always sees results
    html = _html(champion.get(topic_url(rw["topic"], page=1)))
    assert "Votes are anonymous." in html and "Chosen by" not in html
    Poll.objects.filter(pk=poll.pk).update(public_voters=True)
    html = _html(champion.get(topic_url(rw["topic"], page=1)))
    assert "Chosen by" in html and "Maya Okafor" in html[html.index("Chosen by") :]


def test_a_reader_who_has_not_joined_an_open_community_cannot_vote(rw):
    topic = start_topic(author=rw["insider"], community=rw["open"], title="An open poll", body="Vote").post.topic
    add_poll(author=rw["insider"], topic=topic, spec=PollSpec(question="Yes?", options=["Yes", "No"]))
    client = _client(rw["outsider"])
    html = _html(client.get(topic_url(topic)))
    assert 'name="option"' not in html and "Members of this community can vote." in html
    assert _vote(client, topic, topic.poll.options.first().pk).status_code == 403


# Bookmarks.


def test_a_bookmark_keeps_a_note_and_a_reminder(rw):
    client = _client(rw["insider"])
    url = reverse("discussions:bookmark", args=[rw["second_reply"].pk])
    assert 'type="datetime-local"' in _html(client.get(url))
    when = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"note": "Bring to supervision", "remind_at": when})
    assert response.status_code == 302
    bookmark = Bookmark.objects.get(user=rw["insider"])
    assert bookmark.note == "Bring to supervision" and bookmark.remind_at is not None
    html = _html(client.get(reverse("discussions:bookmarks")))
    assert "Bring to supervision" in html and "Endings with long-term clients" in html
    assert "Edit bookmark" in _html(client.get(topic_url(rw["topic"], page=1)))


def test_a_reminder_in_the_past_is_refused_next_to_the_field(rw):
    when = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = _client(rw["insider"]).post(
        reverse("discussions:bookmark", args=[rw["reply"].pk]), {"note": "", "remind_at": when}
    )
    assert "Choose a reminder time in the future." in _html(response)
    assert not Bookmark.objects.exists()


def test_removing_a_bookmark(rw):
    bookmark = save_bookmark(user=rw["insider"], post=rw["reply"], note="Later")
    client = _client(rw["insider"])
    assert client.post(reverse("discussions:bookmark-remove", args=[bookmark.pk])).status_code == 302
    assert not Bookmark.objects.exists()
    assert "You have no bookmarks" in _html(client.get(reverse("discussions:bookmarks")))


def test_someone_elses_bookmark_is_a_404(rw):
    bookmark = save_bookmark(user=rw["insider"], post=rw["reply"], note="Mine")
    assert _client(rw["champion"]).post(reverse("discussions:bookmark-remove", args=[bookmark.pk])).status_code == 404
    assert Bookmark.objects.filter(pk=bookmark.pk).exists()


def test_bookmarks_of_posts_the_member_can_no_longer_see_are_left_off(rw):
    leaving = UserFactory()
    add_member(rw["closed"], leaving)
    save_bookmark(user=leaving, post=rw["reply"], note="From my time inside")
    leave_community(user=leaving, community=rw["closed"])
    assert "From my time inside" not in _html(_client(leaving).get(reverse("discussions:bookmarks")))


# Research calls.


def _research(author, community, title, closes_on):
    return start_topic(
        author=author,
        community=community,
        title=title,
        body="Please take part.",
        kind="research",
        research=ResearchDetails(
            study_title=title,
            ethics_reference="ETH",
            eligibility="Counsellors",
            involvement="An interview",
            closes_on=closes_on,
            contact="study@example.org",
        ),
    ).post.topic


def test_the_research_page_shows_only_calls_the_reader_can_see(rw):
    today = timezone.localdate()
    _research(rw["insider"], rw["open"], "Open community study", today + datetime.timedelta(days=5))
    _research(rw["champion"], rw["closed"], "Closed circle study", today + datetime.timedelta(days=5))
    outsider = _html(_client(rw["outsider"]).get(reverse("discussions:research")))
    assert "Open community study" in outsider and "Closed circle study" not in outsider
    insider = _html(_client(rw["insider"]).get(reverse("discussions:research")))
    assert "Open community study" in insider and "Closed circle study" in insider


def test_research_calls_move_to_the_archive_after_their_closing_date(rw):
    today = timezone.localdate()
    _research(rw["insider"], rw["open"], "Closing soon study", today)
    client = _client(rw["outsider"])
    assert "Closing soon study" in _html(client.get(reverse("discussions:research")))
    assert archive_closed_research_calls(today=today + datetime.timedelta(days=1)) == 1
    assert ResearchCall.objects.get().archived_at is not None
    assert "Closing soon study" not in _html(client.get(reverse("discussions:research")))
    archived = _html(client.get(reverse("discussions:research"), {"archived": "1"}))
    assert "Closing soon study" in archived and 'aria-current="page"' in archived


# The home page and the community home page.


def test_the_home_page_lists_latest_topics_in_my_communities_with_unread_markers(rw):
    start_topic(author=rw["insider"], community=rw["open"], title="Not in a community of mine", body="Hi")
    html = _html(_client(rw["champion"]).get(reverse("core:home")))
    assert "Latest topics in your communities" in html
    assert "Endings with long-term clients" in html and "Not in a community of mine" not in html
    insider_html = _html(_client(rw["insider"]).get(reverse("core:home")))
    assert "Not in a community of mine" in insider_html and "badge-new" in insider_html


def test_the_home_page_never_shows_topics_of_a_community_the_member_left(rw):
    html = _html(_client(rw["former_member"]).get(reverse("core:home")))
    assert "Endings with long-term clients" not in html


def test_site_wide_pinned_topics_appear_on_the_home_page_of_those_who_may_see_them(rw):
    open_topic = start_topic(author=rw["insider"], community=rw["open"], title="Welcome, everyone", body="Hi").post
    set_pinned(actor=rw["staff"], topic=open_topic.topic, pinned=True, site_wide=True)
    set_pinned(actor=rw["staff"], topic=rw["topic"], pinned=True, site_wide=True)
    html = _html(_client(rw["outsider"]).get(reverse("core:home")))
    assert "Pinned for everyone" in html and "Welcome, everyone" in html
    assert "Endings with long-term clients" not in html


def test_the_community_home_shows_its_latest_topics_only_to_people_who_may_read_inside(rw):
    url = reverse("communities:detail", args=[rw["closed"].pk])
    html = _html(_client(rw["insider"]).get(url))
    assert "Latest topics" in html and "Endings with long-term clients" in html
    assert reverse("discussions:topic-list", args=[rw["closed"].pk]) in html
    for persona in ("outsider", "former_member", "moderator"):
        html = _html(_client(rw[persona]).get(url))
        assert "Endings with long-term clients" not in html and "Latest topics" not in html


# Query budgets: a fixed number of queries, whatever the data.


def _many_topics(rw, community, count):
    for number in range(count):
        topic = start_topic(
            author=rw["champion"],
            community=community,
            title=f"Topic number {number}",
            body="Hi",
            tags=[f"t{number}"],
            kind="question" if number % 2 else "discussion",
        ).post.topic
        reply(author=rw["insider"], topic=topic, body="A reply")


def test_the_topic_list_query_count_does_not_grow_with_topics(rw):
    client = _client(rw["insider"])
    community = CommunityFactory(name="Busy")
    add_member(community, rw["insider"])
    add_member(community, rw["champion"])
    url = reverse("discussions:topic-list", args=[community.pk])
    _many_topics(rw, community, 1)
    with_one = queries_for(client, url)
    _many_topics(rw, community, 49)
    assert queries_for(client, url) == with_one


def test_the_topic_page_query_count_does_not_grow_with_posts_likes_polls_or_revisions(rw, monkeypatch):
    monkeypatch.setattr(queries, "POSTS_PER_PAGE", 50)
    add_poll(
        author=rw["champion"], topic=rw["topic"], spec=PollSpec(question="Q?", options=["A", "B"], public_voters=True)
    )
    Poll.objects.update(results="after_vote")
    client = _client(rw["champion"])
    url = topic_url(rw["topic"], page=1)
    with_three = queries_for(client, url)
    people = [UserFactory() for _ in range(3)]
    for person in people:
        add_member(rw["closed"], person)
        vote(user=person, poll=rw["topic"].poll, option_ids=[rw["topic"].poll.options.first().pk])
    for number in range(47):
        author = people[number % 3]
        post = reply(author=author, topic=rw["topic"], body=f"Reply {number}", reply_to=rw["reply"]).post
        edit_post(editor=author, post=post, body=f"Reply {number}, edited")
        toggle_like(user=rw["champion"], post=post)
        save_bookmark(user=rw["champion"], post=post)
    assert Post.objects.filter(topic=rw["topic"]).count() == 50
    assert queries_for(client, url) == with_three


def test_the_home_page_query_count_does_not_grow_with_topics(rw):
    client = _client(rw["insider"])
    _many_topics(rw, rw["closed"], 1)
    with_one = queries_for(client, reverse("core:home"))
    _many_topics(rw, rw["closed"], 49)
    assert queries_for(client, reverse("core:home")) == with_one


def test_the_community_home_query_count_does_not_grow_with_topics(rw):
    client = _client(rw["insider"])
    url = reverse("communities:detail", args=[rw["closed"].pk])
    with_one = queries_for(client, url)
    _many_topics(rw, rw["closed"], 49)
    assert queries_for(client, url) == with_one


@pytest.mark.parametrize("url_name", ["discussions:research", "discussions:bookmarks"])
def test_the_research_and_bookmark_lists_query_counts_do_not_grow(rw, url_name):
    client = _client(rw["insider"])
    today = timezone.localdate()

    def add(count):
        for number in range(count):
            topic = _research(rw["insider"], rw["open"], f"Study {number}", today + datetime.timedelta(days=3))
            save_bookmark(user=rw["insider"], post=topic.posts.get(), note="n")

    add(1)
    with_one = queries_for(client, reverse(url_name))
    add(49)
    assert queries_for(client, reverse(url_name)) == with_one


def test_topics_in_the_model_are_visible_through_queries_only(rw):
    # A guard for the list query: a merged topic is not listed on its own.
    source = start_topic(author=rw["champion"], community=rw["closed"], title="Merged away", body="x").post.topic
    merge_topics(actor=rw["champion"], source=source, into=rw["topic"])
    assert source.pk not in [t.pk for t in queries.list_community_topics(rw["insider"], rw["closed"])]
    assert Topic.objects.filter(pk=source.pk).exists()
