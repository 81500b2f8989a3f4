"""Champions' and moderators' pages on a topic (moderate, move, split, merge) and the toolbar on the topic page:
who may open them, what each form does, and how refusals come back as errors with the input kept."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from practica.communities.services.membership import leave_community
from practica.discussions.choices import TopicAction
from practica.discussions.models import Post, Topic, TopicEvent
from practica.discussions.services.curation import set_closed
from practica.discussions.services.posting import reply, start_topic
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import count_queries

VIEWS = ["discussions:moderate", "discussions:move", "discussions:split", "discussions:merge"]
CURATION_PERSONAS = [
    "anonymous",
    "outsider",
    "community_member",
    "other_closed_member",
    "former_member",
    "champion",
    "other_champion",
    "moderator",
    "staff",
    "admin",
]
# Closed community: whoever cannot see inside gets 404 (site moderators too); members see it but may not act.
IN_CLOSED = {
    "anonymous": 302,
    "outsider": 404,
    "community_member": 403,
    "other_closed_member": 404,
    "former_member": 404,
    "champion": 200,
    "other_champion": 404,
    "moderator": 404,
    "staff": 200,
    "admin": 200,
}
# Open community: every member sees the topic; only its champions, moderators, staff and admins may act.
IN_OPEN = {
    **{persona: 403 for persona in CURATION_PERSONAS},
    "anonymous": 302,
    "champion": 200,
    "moderator": 200,
    "staff": 200,
    "admin": 200,
}


@pytest.fixture
def cw(db, moderator, staff, admin):
    """Curation world: an open and a closed community led by the same champion, and every persona."""
    open_community = CommunityFactory(name="Online and Telephone Therapy")
    closed = CommunityFactory(name="Supervisors' Circle", membership="closed")
    other_closed = CommunityFactory(name="Play Therapy Network", membership="closed")
    people = {
        "outsider": UserFactory(display_name="Oli Outsider"),
        "community_member": UserFactory(display_name="Cai Member"),
        "other_closed_member": UserFactory(display_name="Nia Elsewhere"),
        "former_member": UserFactory(display_name="Fran Former"),
        "champion": UserFactory(display_name="Tom Reid"),
        "other_champion": UserFactory(display_name="Gwen Other"),
        "moderator": moderator,
        "staff": staff,
        "admin": admin,
    }
    for community in (open_community, closed):
        add_member(community, people["champion"], role="champion")
        add_member(community, people["community_member"])
        add_member(community, people["former_member"])
        leave_community(user=people["former_member"], community=community)
    add_member(other_closed, people["other_closed_member"])
    add_member(other_closed, people["other_champion"], role="champion")
    add_member(other_closed, people["champion"])

    def topic_in(community, title):
        topic = start_topic(
            author=people["community_member"], community=community, title=title, body="How do you contract?"
        ).post.topic
        for number in range(2, 6):
            author = people["champion"] if number % 2 else people["community_member"]
            reply(author=author, topic=topic, body=f"Reply {number}\nwith a second line")
        return topic

    return {
        "people": people,
        "open": open_community,
        "closed": closed,
        "other_closed": other_closed,
        "open_topic": topic_in(open_community, "Contracting for online work"),
        "closed_topic": topic_in(closed, "Supervising trainees online"),
    }


def client_for(cw, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(cw["people"][persona])
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


# Who may open the pages.


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("persona", CURATION_PERSONAS)
def test_curation_pages_in_a_closed_community_answer_each_persona(cw, persona, view):
    response = client_for(cw, persona).get(reverse(view, args=[cw["closed_topic"].pk]))
    assert response.status_code == IN_CLOSED[persona]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("persona", CURATION_PERSONAS)
def test_curation_pages_in_an_open_community_answer_each_persona(cw, persona, view):
    response = client_for(cw, persona).get(reverse(view, args=[cw["open_topic"].pk]))
    assert response.status_code == IN_OPEN[persona]


@pytest.mark.parametrize("persona", ["community_member", "other_champion", "former_member"])
def test_a_post_from_someone_who_may_not_moderate_changes_nothing(cw, persona):
    response = client_for(cw, persona).post(
        reverse("discussions:moderate", args=[cw["open_topic"].pk]), {"action": "close", "reason": "Enough"}
    )
    assert response.status_code == 403
    assert "champions" in response.content.decode()
    cw["open_topic"].refresh_from_db()
    assert cw["open_topic"].closed_at is None


def test_an_outsider_posting_to_a_closed_topic_gets_404_and_nothing_changes(cw):
    response = client_for(cw, "outsider").post(
        reverse("discussions:moderate", args=[cw["closed_topic"].pk]), {"action": "archive"}
    )
    assert response.status_code == 404
    assert "Supervising trainees online" not in response.content.decode()
    assert not TopicEvent.objects.exists()


# Pin, close, reopen, archive.


def test_a_champion_pins_a_topic_in_the_community(cw):
    url = reverse("discussions:moderate", args=[cw["open_topic"].pk])
    response = client_for(cw, "champion").post(url, {"action": "pin"}, follow=True)
    assert "The topic is pinned in the community." in _messages(response)
    topic = Topic.objects.get(pk=cw["open_topic"].pk)
    assert topic.pinned_at and not topic.pinned_site_wide


def test_a_champion_is_not_offered_a_site_wide_pin_and_cannot_smuggle_one_in(cw):
    url = reverse("discussions:moderate", args=[cw["open_topic"].pk])
    client = client_for(cw, "champion")
    assert 'name="site_wide"' not in client.get(url).content.decode()
    client.post(url, {"action": "pin", "site_wide": "on"})
    assert not Topic.objects.get(pk=cw["open_topic"].pk).pinned_site_wide


def test_staff_pin_a_topic_site_wide(cw):
    url = reverse("discussions:moderate", args=[cw["open_topic"].pk])
    client = client_for(cw, "staff")
    assert 'name="site_wide"' in client.get(url).content.decode()
    response = client.post(url, {"action": "pin", "site_wide": "on"}, follow=True)
    assert "The topic is pinned site-wide." in _messages(response)
    assert Topic.objects.get(pk=cw["open_topic"].pk).pinned_site_wide


def test_closing_without_a_reason_shows_the_error_next_to_the_field(cw):
    url = reverse("discussions:moderate", args=[cw["open_topic"].pk])
    response = client_for(cw, "champion").post(url, {"action": "close", "reason": "   "})
    assert response.status_code == 200
    assert response.context["close_form"].errors["reason"]
    assert 'class="error-summary"' in response.content.decode()
    assert Topic.objects.get(pk=cw["open_topic"].pk).closed_at is None


def test_a_closing_reason_that_is_too_long_is_kept_in_the_form(cw):
    url = reverse("discussions:moderate", args=[cw["open_topic"].pk])
    reason = "Because " * 60
    response = client_for(cw, "champion").post(url, {"action": "close", "reason": reason})
    assert response.context["close_form"].errors["reason"]
    assert reason.strip() in response.content.decode()


def test_a_champion_closes_a_topic_with_a_reason_and_reopens_it(cw):
    url = reverse("discussions:moderate", args=[cw["open_topic"].pk])
    client = client_for(cw, "champion")
    response = client.post(url, {"action": "close", "reason": "The discussion has run its course"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("discussions:topic", args=[cw["open_topic"].pk])
    topic = Topic.objects.get(pk=cw["open_topic"].pk)
    assert topic.close_reason == "The discussion has run its course"
    page = client.get(url).content.decode()
    assert "The discussion has run its course" in page
    assert "Reopen for replies" in page
    client.post(url, {"action": "reopen"})
    assert Topic.objects.get(pk=cw["open_topic"].pk).closed_at is None
    assert list(TopicEvent.objects.filter(topic=topic).values_list("action", flat=True)) == [
        TopicAction.CLOSED,
        TopicAction.REOPENED,
    ]


def test_a_moderator_archives_and_unarchives_a_topic(cw):
    url = reverse("discussions:moderate", args=[cw["open_topic"].pk])
    client = client_for(cw, "moderator")
    client.post(url, {"action": "archive"})
    assert Topic.objects.get(pk=cw["open_topic"].pk).archived_at is not None
    client.post(url, {"action": "unarchive"})
    assert Topic.objects.get(pk=cw["open_topic"].pk).archived_at is None


def test_an_unknown_action_changes_nothing(cw):
    url = reverse("discussions:moderate", args=[cw["open_topic"].pk])
    response = client_for(cw, "champion").post(url, {"action": "delete-everything"}, follow=True)
    assert "Choose one of the actions on this page." in _messages(response)
    assert not TopicEvent.objects.exists()


def test_the_moderate_page_lists_what_has_been_done(cw):
    set_closed(actor=cw["people"]["champion"], topic=cw["open_topic"], closed=True, reason="Run its course")
    page = client_for(cw, "staff").get(reverse("discussions:moderate", args=[cw["open_topic"].pk])).content.decode()
    assert "Closed by Tom Reid on" in page
    assert ": Run its course" in page


# Move.


def test_the_move_page_offers_only_communities_the_actor_can_post_in(cw):
    response = client_for(cw, "champion").get(reverse("discussions:move", args=[cw["open_topic"].pk]))
    offered = set(response.context["form"].fields["community"].queryset)
    assert offered == {cw["closed"], cw["other_closed"]}


def test_moving_a_topic_into_a_closed_community_hides_it_from_people_outside(cw):
    topic = cw["open_topic"]
    outsider = client_for(cw, "outsider")
    assert outsider.get(reverse("discussions:moderate", args=[topic.pk])).status_code == 403
    response = client_for(cw, "champion").post(
        reverse("discussions:move", args=[topic.pk]), {"community": cw["other_closed"].pk}, follow=True
    )
    assert "The topic is now in Play Therapy Network." in _messages(response)
    assert Topic.objects.get(pk=topic.pk).community == cw["other_closed"]
    assert outsider.get(reverse("discussions:moderate", args=[topic.pk])).status_code == 404
    assert client_for(cw, "community_member").get(reverse("discussions:split", args=[topic.pk])).status_code == 404


def test_moving_into_a_community_the_actor_does_not_belong_to_is_an_error_on_the_field(cw):
    elsewhere = CommunityFactory(name="Rural Isolation")
    response = client_for(cw, "champion").post(
        reverse("discussions:move", args=[cw["open_topic"].pk]), {"community": elsewhere.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["community"]
    assert Topic.objects.get(pk=cw["open_topic"].pk).community == cw["open"]


# Split.


def test_the_split_page_lists_each_reply_with_its_number_author_and_first_line(cw):
    page = client_for(cw, "champion").get(reverse("discussions:split", args=[cw["open_topic"].pk])).content.decode()
    assert "#2, Cai Member: Reply 2" in page
    assert "#3, Tom Reid: Reply 3" in page
    assert "with a second line" not in page
    assert "How do you contract?" not in page  # the opening post is not offered


def test_splitting_moves_the_chosen_replies_to_a_new_topic(cw):
    topic = cw["open_topic"]
    chosen = list(topic.posts.filter(number__in=[3, 5]).values_list("pk", flat=True))
    response = client_for(cw, "champion").post(
        reverse("discussions:split", args=[topic.pk]), {"posts": chosen, "title": "Supervision for online work"}
    )
    new_topic = Topic.objects.get(title="Supervision for online work")
    assert response.status_code == 302
    assert response["Location"] == reverse("discussions:topic", args=[new_topic.pk])
    assert list(new_topic.posts.order_by("number").values_list("number", "pk")) == list(enumerate(chosen, start=1))


def test_a_split_without_replies_or_title_keeps_what_was_entered(cw):
    topic = cw["open_topic"]
    chosen = topic.posts.get(number=4).pk
    url = reverse("discussions:split", args=[topic.pk])
    response = client_for(cw, "champion").post(url, {"posts": [chosen], "title": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert f'value="{chosen}" checked' in response.content.decode() or "checked" in response.content.decode()
    response = client_for(cw, "champion").post(url, {"title": "A good new title"})
    assert response.context["form"].errors["posts"]
    assert 'value="A good new title"' in response.content.decode()
    assert Topic.objects.count() == 2


def test_the_opening_post_cannot_be_split_off(cw):
    topic = cw["open_topic"]
    opening = topic.posts.get(number=1).pk
    response = client_for(cw, "champion").post(
        reverse("discussions:split", args=[topic.pk]), {"posts": [opening], "title": "Taking the opening post"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["posts"]


# Merge.


@pytest.fixture
def duplicate(cw):
    topic = start_topic(
        author=cw["people"]["community_member"],
        community=cw["open"],
        title="Contracts for video sessions",
        body="Same question, asked again",
    ).post.topic
    reply(author=cw["people"]["champion"], topic=topic, body="Let's merge this")
    return topic


def test_searching_finds_topics_of_the_same_community_by_title(cw, duplicate):
    start_topic(author=cw["people"]["champion"], community=cw["closed"], title="Contracts in supervision", body="x")
    response = client_for(cw, "champion").get(
        reverse("discussions:merge", args=[cw["open_topic"].pk]), {"q": "contracts"}
    )
    assert [topic.pk for topic in response.context["candidates"]] == [duplicate.pk]
    assert f"#{duplicate.pk} Contracts for video sessions" in response.content.decode()


def test_merging_by_search_result_moves_every_post_and_the_old_topic_leads_to_the_new(cw, duplicate):
    topic = cw["open_topic"]
    posts_before = Post.objects.filter(topic__in=[topic, duplicate]).count()
    response = client_for(cw, "champion").post(
        reverse("discussions:merge", args=[duplicate.pk]),
        {"q": "contracting", "target": topic.pk, "direction": "into_other"},
    )
    assert response["Location"] == reverse("discussions:topic", args=[topic.pk])
    assert Post.objects.filter(topic=topic).count() == posts_before
    assert Topic.objects.get(pk=duplicate.pk).merged_into_id == topic.pk
    # The merged topic's tools lead to the topic it lives on in.
    again = client_for(cw, "champion").get(reverse("discussions:merge", args=[duplicate.pk]))
    assert again["Location"] == reverse("discussions:merge", args=[topic.pk])


def test_merging_by_number_the_other_way_round(cw, duplicate):
    topic = cw["open_topic"]
    response = client_for(cw, "champion").post(
        reverse("discussions:merge", args=[topic.pk]), {"number": duplicate.pk, "direction": "into_this"}
    )
    assert response["Location"] == reverse("discussions:topic", args=[topic.pk])
    assert Topic.objects.get(pk=duplicate.pk).merged_into_id == topic.pk


def test_merging_with_a_topic_of_another_community_is_refused_without_revealing_it(cw):
    response = client_for(cw, "champion").post(
        reverse("discussions:merge", args=[cw["open_topic"].pk]),
        {"number": cw["closed_topic"].pk, "direction": "into_other"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["number"]
    assert f'value="{cw["closed_topic"].pk}"' in response.content.decode()
    assert Topic.objects.filter(merged_into__isnull=False).count() == 0


def test_merging_needs_a_topic(cw):
    response = client_for(cw, "champion").post(
        reverse("discussions:merge", args=[cw["open_topic"].pk]), {"direction": "into_other"}
    )
    assert response.context["form"].non_field_errors()


# The toolbar on the topic page.


def _toolbar(topic, user) -> str:
    return render_to_string("discussions/_topic_tools.html", {"topic": topic, "user": user})


def test_the_toolbar_shows_champions_the_tools_and_recent_actions(cw):
    champion = cw["people"]["champion"]
    set_closed(actor=champion, topic=cw["open_topic"], closed=True, reason="the discussion has run its course")
    html = _toolbar(Topic.objects.get(pk=cw["open_topic"].pk), champion)
    for view in VIEWS:
        assert reverse(view, args=[cw["open_topic"].pk]) in html
    assert "Closed by Tom Reid on" in html
    assert "the discussion has run its course" in html


@pytest.mark.parametrize("persona", ["community_member", "outsider", "other_champion"])
def test_the_toolbar_is_empty_for_people_who_may_not_moderate(cw, persona):
    assert _toolbar(cw["open_topic"], cw["people"][persona]).strip() == ""


def test_the_toolbar_does_not_name_the_community_a_topic_was_moved_from(cw):
    champion = cw["people"]["champion"]
    client_for(cw, "champion").post(
        reverse("discussions:move", args=[cw["open_topic"].pk]), {"community": cw["closed"].pk}
    )
    html = _toolbar(Topic.objects.get(pk=cw["open_topic"].pk), champion)
    assert "Moved by Tom Reid" in html
    assert "Online and Telephone Therapy" not in html


def test_the_toolbar_costs_a_fixed_number_of_queries(cw):
    for number in range(12):
        set_closed(actor=cw["people"]["champion"], topic=cw["open_topic"], closed=number % 2 == 0, reason="Pause")
    with count_queries() as context:
        html = _toolbar(cw["open_topic"], cw["people"]["champion"])
    assert len(context.captured_queries) <= 3
    assert html.count("<li>") == 4 + 5
