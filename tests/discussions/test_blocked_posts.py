"""Blocked members on the topic page and in mentions: collapsed for the blocker only, never reaching them."""

import pytest
from django.test import Client
from django.urls import reverse

from practica.accounts.services.blocks import block_member
from practica.discussions import queries
from practica.discussions.models import Mention, Post
from practica.discussions.services.posting import reply, start_topic
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def circle(db):
    """A closed community where Bea blocked Ben; Cal blocked nobody; Oli is outside."""
    community = CommunityFactory(name="Closed Circle", membership="closed")
    blocker = UserFactory(display_name="Bea Blocker")
    blocked = UserFactory(display_name="Ben Blocked")
    bystander = UserFactory(display_name="Cal Bystander")
    for person in (blocker, blocked, bystander):
        add_member(community, person)
    topic = start_topic(author=bystander, community=community, title="Endings", body="How do you end?").post.topic
    post = reply(author=blocked, topic=topic, body="Slowly, with a plan.").post
    block_member(blocker=blocker, blocked=blocked)
    return {
        "community": community,
        "topic": topic,
        "post": post,
        "blocker": blocker,
        "blocked": blocked,
        "bystander": bystander,
        "outsider": UserFactory(display_name="Oli Outsider"),
    }


def _topic_html(user, topic) -> str:
    response = _client(user).get(reverse("discussions:topic", args=[topic.pk]) + "?page=1")
    assert response.status_code == 200
    return response.content.decode()


# The topic page.


def test_the_blocker_sees_the_blocked_members_post_collapsed_behind_one_click(circle):
    html = _topic_html(circle["blocker"], circle["topic"])
    number = circle["post"].number
    assert f"#{number} · You blocked this member</h2>" in html
    start = html.index('<details class="post-blocked">')
    details = html[start : html.index("</details>", start)]
    assert "<summary>Show the post" in details
    assert "Slowly, with a plan." in details


def test_other_members_see_the_post_normally(circle):
    html = _topic_html(circle["bystander"], circle["topic"])
    assert "You blocked this member" not in html and "post-blocked" not in html
    assert "Ben Blocked" in html and "Slowly, with a plan." in html


def test_the_blocked_member_sees_nothing_different(circle):
    html = _topic_html(circle["blocked"], circle["topic"])
    assert "blocked" not in html.replace("Ben Blocked", "").lower()
    assert "post-blocked" not in html and "Slowly, with a plan." in html


def test_each_post_offers_to_block_its_author_but_not_on_your_own_posts(circle):
    html = _topic_html(circle["bystander"], circle["topic"])
    block_blocked = reverse("accounts:block", args=[circle["blocked"].pk])
    assert f'href="{block_blocked}?next=' in html and "Block this member" in html
    assert reverse("accounts:block", args=[circle["bystander"].pk]) not in html


def test_blocking_from_a_post_returns_to_the_post(circle):
    client = _client(circle["bystander"])
    permalink = reverse("discussions:post", args=[circle["post"].pk])
    response = client.post(reverse("accounts:block", args=[circle["blocked"].pk]), {"next": permalink})
    assert response["Location"] == permalink
    assert "You blocked this member" in _topic_html(circle["bystander"], circle["topic"])


def test_the_topic_page_query_count_stays_fixed_with_1_or_50_posts_and_blocked_authors(circle, monkeypatch):
    monkeypatch.setattr(queries, "POSTS_PER_PAGE", 50)
    Post.objects.filter(topic=circle["topic"], number__gt=1).delete()
    from practica.discussions.services.posting import recount_topic

    recount_topic(circle["topic"])
    client = _client(circle["blocker"])
    url = reverse("discussions:topic", args=[circle["topic"].pk]) + "?page=1"
    with_one = queries_for(client, url)
    authors = [circle["blocked"], circle["bystander"]] + [UserFactory() for _ in range(3)]
    for person in authors[2:]:
        add_member(circle["community"], person)
        block_member(blocker=circle["blocker"], blocked=person)
    for number in range(49):
        reply(author=authors[number % len(authors)], topic=circle["topic"], body=f"Reply {number}")
    assert Post.objects.filter(topic=circle["topic"], deleted_at__isnull=True).count() == 50
    html = client.get(url).content.decode()
    assert html.count("You blocked this member</h2>") >= 30
    assert queries_for(client, url) == with_one


# Mentions.


def test_mentioning_a_member_who_blocked_the_author_records_it_unseen_and_tells_the_author_nothing(circle):
    client = _client(circle["blocked"])
    response = client.post(
        reverse("discussions:reply", args=[circle["topic"].pk]),
        {"body": f"What do you think @{circle['blocker'].handle} and @{circle['bystander'].handle}?"},
    )
    post = Post.objects.get(body__startswith="What do you think")
    assert Mention.objects.get(post=post, user=circle["blocker"]).can_see is False
    assert Mention.objects.get(post=post, user=circle["bystander"]).can_see is True
    followed = client.get(response["Location"], follow=True)
    messages = " ".join(str(m) for m in followed.context["messages"])
    assert "Bea Blocker" not in messages and "not notified" not in messages


def test_the_author_is_told_the_same_about_an_outsider_whether_or_not_they_blocked_them(circle):
    block_member(blocker=circle["outsider"], blocked=circle["blocked"])
    outcome = reply(author=circle["blocked"], topic=circle["topic"], body=f"Hi @{circle['outsider'].handle}")
    assert outcome.mentioned_without_access == [circle["outsider"]]
    assert Mention.objects.get(post=outcome.post, user=circle["outsider"]).can_see is False


def test_a_blocked_members_mention_after_an_unblock_reaches_the_member_again(circle):
    from practica.accounts.services.blocks import unblock_member

    unblock_member(blocker=circle["blocker"], blocked=circle["blocked"])
    outcome = reply(author=circle["blocked"], topic=circle["topic"], body=f"Hi @{circle['blocker'].handle}")
    assert Mention.objects.get(post=outcome.post, user=circle["blocker"]).can_see is True


def test_mention_suggestions_leave_out_people_who_blocked_the_searcher(circle):
    url = reverse("discussions:mentions")
    params = {"topic": circle["topic"].pk, "q": "", "listbox": "reply-mentions"}
    html = _client(circle["blocked"]).get(url, params).content.decode()
    assert "Cal Bystander" in html and "Bea Blocker" not in html
    # The blocker can still find the person they blocked.
    html = _client(circle["blocker"]).get(url, params).content.decode()
    assert "Ben Blocked" in html
