"""The writing views: who may use each one, the composer without and with htmx, drafts, and rescuing text
typed when a session expired."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from practica.accounts.middleware import PENDING_POST_SESSION_KEY
from practica.communities.services.membership import leave_community
from practica.discussions.models import Draft, Mention, Poll, Post, Topic
from practica.discussions.services.curation import set_closed
from practica.discussions.services.engagement import save_draft
from practica.discussions.services.posting import edit_post, reply, start_topic
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, UserFactory, add_member

PERSONAS = (
    "anonymous",
    "outsider",
    "insider",
    "other_closed_member",
    "former_member",
    "champion",
    "moderator",
    "staff",
    "admin",
)


@pytest.fixture
def place(db, moderator, staff, admin):
    """A closed community with a champion, a member, a former member, and a member of another closed one."""
    closed = CommunityFactory(name="Supervisors' Circle", membership="closed")
    other_closed = CommunityFactory(name="Another Circle", membership="closed")
    champion = UserFactory(display_name="Chloe Champion")
    insider = UserFactory(display_name="Maya Okafor")
    former = UserFactory(display_name="Fran Former")
    other = UserFactory(display_name="Oscar Elsewhere")
    outsider = UserFactory(display_name="Oli Outsider")
    add_member(closed, champion, role="champion")
    add_member(closed, insider)
    add_member(closed, former)
    add_member(other_closed, other)
    topic = start_topic(author=champion, community=closed, title="Working with endings", body="What helps?").post.topic
    insider_reply = reply(author=insider, topic=topic, body="Planning the last session early.").post
    leave_community(user=former, community=closed)
    closed.refresh_from_db()
    users = {
        "outsider": outsider,
        "insider": insider,
        "other_closed_member": other,
        "former_member": former,
        "champion": champion,
        "moderator": moderator,
        "staff": staff,
        "admin": admin,
    }
    return {"community": closed, "topic": topic, "reply": insider_reply, "users": users}


def client_for(place, persona) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(place["users"][persona])
    return client


def _row(*statuses):
    return dict(zip(PERSONAS, statuses, strict=True))


# Who may open each writing page. Outsiders, members of another closed community and former members get 404:
# the closed community does not exist for them. Moderators are not members of it either.
GET_EXPECTATIONS = {
    "topic-create": (lambda p: reverse("discussions:topic-create", args=[p["community"].pk]),
                     _row(302, 404, 200, 404, 404, 200, 404, 200, 200)),
    "reply": (lambda p: reverse("discussions:reply", args=[p["topic"].pk]),
              _row(302, 404, 200, 404, 404, 200, 404, 200, 200)),
    "poll-add": (lambda p: reverse("discussions:poll-add", args=[p["topic"].pk]),
                 _row(302, 404, 403, 404, 404, 200, 404, 403, 403)),
    "post-edit": (lambda p: reverse("discussions:post-edit", args=[p["reply"].pk]),
                  _row(302, 404, 200, 404, 404, 403, 404, 403, 403)),
    "post-history": (lambda p: reverse("discussions:post-history", args=[p["reply"].pk]),
                     _row(302, 404, 200, 404, 404, 200, 404, 200, 200)),
    "post-delete": (lambda p: reverse("discussions:post-delete", args=[p["reply"].pk]),
                    _row(302, 404, 200, 404, 404, 200, 404, 200, 200)),
    "linked-topic": (lambda p: reverse("discussions:linked-topic", args=[p["reply"].pk]),
                     _row(302, 404, 200, 404, 404, 200, 404, 200, 200)),
    "mentions": (lambda p: reverse("discussions:mentions") + f"?topic={p['topic'].pk}&q=m",
                 _row(302, 404, 200, 404, 404, 200, 404, 200, 200)),
    "drafts": (lambda p: reverse("discussions:drafts"), _row(302, 200, 200, 200, 200, 200, 200, 200, 200)),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", sorted(GET_EXPECTATIONS))
def test_each_writing_page_answers_each_persona_as_the_rules_say(place, page, persona):
    make_url, expected = GET_EXPECTATIONS[page]
    response = client_for(place, persona).get(make_url(place))
    assert response.status_code == expected[persona], f"{persona} GET {page}"


def test_a_member_who_may_read_but_not_post_gets_403_with_a_reason(place, member):
    open_community = CommunityFactory(name="Open Practice")
    response = client_for({"users": {"m": member}}, "m").get(
        reverse("discussions:topic-create", args=[open_community.pk])
    )
    assert response.status_code == 403
    assert "Join this community to start a topic" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("outsider", 404), ("former_member", 404), ("insider", 302), ("staff", 302)],
)
def test_posting_a_reply_is_for_those_who_may_reply(place, persona, expected):
    response = client_for(place, persona).post(
        reverse("discussions:reply", args=[place["topic"].pk]), {"body": "Me too.", "idempotency_key": "k1"}
    )
    assert response.status_code == expected
    assert Post.objects.filter(body="Me too.").exists() == (expected == 302 and persona != "anonymous")


@pytest.mark.parametrize(("persona", "expected"), [("outsider", 404), ("insider", 200), ("champion", 200)])
def test_previews_and_autosaves_follow_the_same_rules(place, persona, expected):
    client = client_for(place, persona)
    response = client.post(
        reverse("discussions:draft-save"),
        {"draft_topic": place["topic"].pk, "body": "Half a thought"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == expected
    assert Draft.objects.filter(user=place["users"][persona]).exists() == (expected == 200)


def test_someone_elses_draft_cannot_be_discarded(place):
    draft = save_draft(user=place["users"]["champion"], community=place["community"], body="Mine")
    response = client_for(place, "insider").post(reverse("discussions:draft-discard", args=[draft.pk]))
    assert response.status_code == 404
    assert Draft.objects.filter(pk=draft.pk).exists()


# Starting topics.


def _topic_data(**extra):
    return {"kind": "discussion", "title": "Ending therapy well", "body": "How do you prepare clients?", **extra}


def test_starting_a_topic_redirects_to_its_opening_post(place):
    client = client_for(place, "insider")
    response = client.post(
        reverse("discussions:topic-create", args=[place["community"].pk]),
        _topic_data(tags="endings, Supervision", idempotency_key="abc"),
    )
    post = Post.objects.get(idempotency_key="abc")
    assert response.status_code == 302
    assert response["Location"] == reverse("discussions:post", args=[post.pk])
    assert sorted(post.topic.tags.values_list("name", flat=True)) == ["endings", "supervision"]


def test_a_double_submitted_topic_form_creates_one_topic(place):
    client = client_for(place, "insider")
    url = reverse("discussions:topic-create", args=[place["community"].pk])
    first = client.post(url, _topic_data(idempotency_key="same-key"))
    second = client.post(url, _topic_data(idempotency_key="same-key"))
    assert first["Location"] == second["Location"]
    assert Topic.objects.filter(title="Ending therapy well").count() == 1


def test_a_topic_with_a_poll_is_created_with_its_poll(place):
    client = client_for(place, "insider")
    client.post(
        reverse("discussions:topic-create", args=[place["community"].pk]),
        _topic_data(poll_question="Monthly or weekly?", poll_options="Monthly\nWeekly", poll_results="after_vote"),
    )
    poll = Poll.objects.get(topic__title="Ending therapy well")
    assert list(poll.options.values_list("label", flat=True)) == ["Monthly", "Weekly"]


def test_a_bad_poll_leaves_no_topic_behind_and_keeps_what_was_typed(place):
    client = client_for(place, "insider")
    response = client.post(
        reverse("discussions:topic-create", args=[place["community"].pk]),
        _topic_data(poll_question="Monthly or weekly?", poll_options="Monthly\nmonthly"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Topic.objects.filter(title="Ending therapy well").exists()
    assert "Each option must be different." in page
    assert 'id="id_poll_options_error"' in page
    assert "How do you prepare clients?" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": ""}, "title", "Please give the topic a title of at least 5 characters."),
        ({"title": "Hey"}, "title", "Please give the topic a title of at least 5 characters."),
        ({"title": "x" * 201}, "title", "The title can be at most 200 characters."),
        ({"body": "   "}, "body", "Please write something before posting."),
        ({"body": "x" * 30_001}, "body", "the limit is 30000"),
        ({"poll_question": "Which?", "poll_options": ""}, "poll_options", "A poll needs at least two options."),
        ({"kind": "research"}, "study_title", "A research call needs this."),
    ],
)
def test_bad_input_is_explained_next_to_its_field(place, data, field, message):
    client = client_for(place, "insider")
    response = client.post(reverse("discussions:topic-create", args=[place["community"].pk]), _topic_data(**data))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in page
    assert message in page
    assert (
        f'aria-describedby="id_{field}_error"' in page or f"id_{field}_error" in page.split(f'name="{field}"')[1][:400]
    )
    assert not Topic.objects.filter(community=place["community"]).exclude(pk=place["topic"].pk).exists()


def test_a_research_call_needs_its_details_and_is_created_with_them(place):
    client = client_for(place, "insider")
    closes = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    client.post(
        reverse("discussions:topic-create", args=[place["community"].pk]),
        _topic_data(
            kind="research",
            study_title="Endings study",
            ethics_reference="ETH-9",
            eligibility="Qualified counsellors",
            involvement="One interview",
            closes_on=closes,
            contact="study@example.org",
        ),
    )
    topic = Topic.objects.get(title="Ending therapy well")
    assert topic.kind == "research"
    assert topic.research.ethics_reference == "ETH-9"


def test_the_topic_form_shows_research_fields_in_a_fieldset_with_a_note_and_the_composer_toolbar_hidden(place):
    page = client_for(place, "insider").get(reverse("discussions:topic-create", args=[place["community"].pk]))
    html = page.content.decode()
    assert "data-research-fields" in html and "Only for a research call" in html
    assert 'role="toolbar"' in html and "data-composer-toolbar hidden" in html
    assert 'name="idempotency_key"' in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(" src=" in tag and 'nonce="' in tag for tag in scripts)  # no inline scripts (CSP)
    assert " style=" not in html
    assert 'hx-trigger="input changed delay:1500ms, focusout"' in html
    assert html.count("(needed for a research call)") == 6, "research fields are not labelled optional"


def test_a_member_who_left_an_open_community_keeps_their_text_and_is_told_why(place):
    open_community = CommunityFactory(name="Open Practice")
    leaver = place["users"]["insider"]
    add_member(open_community, leaver)
    client = client_for(place, "insider")
    leave_community(user=leaver, community=open_community)
    response = client.post(reverse("discussions:topic-create", args=[open_community.pk]), _topic_data())
    assert response.status_code == 403
    page = response.content.decode()
    assert "Join this community to start a topic" in page
    assert "How do you prepare clients?" in page


def test_replying_as_a_linked_topic_offers_postable_communities_and_links_back(place):
    insider = place["users"]["insider"]
    open_community = CommunityFactory(name="Open Practice")
    add_member(open_community, insider)
    CommunityFactory(name="Not Joined")
    client = client_for(place, "insider")
    url = reverse("discussions:linked-topic", args=[place["reply"].pk])
    page = client.get(url).content.decode()
    assert "Open Practice" in page and "Not Joined" not in page
    assert f'<option value="{place["community"].pk}" selected>' in page
    response = client.post(url, _topic_data(community=open_community.pk))
    topic = Topic.objects.get(title="Ending therapy well")
    assert response.status_code == 302
    assert topic.community == open_community
    assert topic.linked_from == place["reply"]


# Replying, quoting, mentions.


def test_the_reply_page_prefills_a_quote_with_an_attribution_line(place):
    quoted = place["reply"]
    page = client_for(place, "champion").get(
        reverse("discussions:reply", args=[place["topic"].pk]), {"quote": quoted.pk}
    )
    html = page.content.decode()
    assert f"&gt; **Maya Okafor** wrote in [#2](/posts/{quoted.pk}/):" in html
    assert "&gt; Planning the last session early." in html
    assert f'name="reply_to" value="{quoted.pk}"' in html


def test_a_reply_to_a_post_is_recorded_and_redirects_to_the_permalink(place):
    client = client_for(place, "champion")
    response = client.post(
        reverse("discussions:reply", args=[place["topic"].pk]), {"body": "Agreed.", "reply_to": place["reply"].pk}
    )
    post = Post.objects.get(body="Agreed.")
    assert post.reply_to == place["reply"]
    assert response["Location"] == reverse("discussions:post", args=[post.pk])


def test_a_reply_in_a_closed_topic_is_refused_next_to_the_body_and_keeps_the_text(place):
    set_closed(actor=place["users"]["champion"], topic=place["topic"], closed=True, reason="Resolved")
    response = client_for(place, "insider").post(
        reverse("discussions:reply", args=[place["topic"].pk]), {"body": "One more thing."}
    )
    html = response.content.decode()
    assert 'id="id_body_error"' in html and "closed to new replies" in html
    assert "One more thing." in html


def test_mentioning_someone_who_cannot_see_the_community_tells_the_author(place):
    outsider = place["users"]["outsider"]
    client = client_for(place, "insider")
    response = client.post(
        reverse("discussions:reply", args=[place["topic"].pk]), {"body": f"What do you think @{outsider.handle}?"}
    )
    post = Post.objects.get(body__startswith="What do you think")
    assert Mention.objects.get(post=post, user=outsider).can_see is False
    followed = client.get(response["Location"], follow=True)
    messages = [str(m) for m in followed.context["messages"]]
    assert "Oli Outsider cannot see this community, so they were not notified." in messages


def test_mention_suggestions_offer_only_people_who_can_see_the_place(place):
    response = client_for(place, "insider").get(
        reverse("discussions:mentions"), {"topic": place["topic"].pk, "q": "", "listbox": "reply-1-mentions"}
    )
    html = response.content.decode()
    assert 'role="listbox"' in html and 'role="option"' in html
    assert "Chloe Champion" in html
    assert "Oli Outsider" not in html and "Fran Former" not in html and "Oscar Elsewhere" not in html


# Preview.


def test_preview_without_javascript_shows_the_rendered_text_and_keeps_everything_typed(place):
    client = client_for(place, "insider")
    response = client.post(
        reverse("discussions:topic-create", args=[place["community"].pk]),
        _topic_data(body="Some **bold** idea", tags="endings", preview="1", idempotency_key="kept-key"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in html
    assert "Some **bold** idea" in html and 'value="endings"' in html and 'value="kept-key"' in html
    assert 'class="errors"' not in html
    assert not Topic.objects.filter(title="Ending therapy well").exists()


def test_the_htmx_preview_returns_only_the_preview_fragment(place):
    response = client_for(place, "insider").post(
        reverse("discussions:preview"), {"body": "<script>x</script> *hi*"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<em>hi</em>" in html and "<script>" not in html and "<html" not in html


# Editing, history, deleting.


def test_editing_the_opening_post_changes_title_and_body_and_keeps_a_revision(place):
    opening = place["topic"].posts.get(number=1)
    response = client_for(place, "champion").post(
        reverse("discussions:post-edit", args=[opening.pk]), {"title": "Working with planned endings", "body": "New"}
    )
    opening.refresh_from_db()
    assert response.status_code == 302
    assert opening.body == "New" and opening.revisions.count() == 1
    assert Topic.objects.get(pk=place["topic"].pk).title == "Working with planned endings"


def test_editing_someone_elses_post_is_refused_with_a_reason(place):
    response = client_for(place, "champion").post(
        reverse("discussions:post-edit", args=[place["reply"].pk]), {"body": "Hijack"}
    )
    assert response.status_code == 403
    assert "You can only edit your own posts." in response.content.decode()
    place["reply"].refresh_from_db()
    assert place["reply"].body != "Hijack"


def test_history_shows_each_version_with_an_escaped_word_diff(place):
    post = place["reply"]
    edit_post(editor=place["users"]["insider"], post=post, body="Planning the <b>final</b> session early.")
    html = client_for(place, "insider").get(reverse("discussions:post-history", args=[post.pk])).content.decode()
    assert "Version 2 (current)" in html and "Maya Okafor" in html
    assert '<del><span class="visually-hidden">[removed:] </span>last</del>' in html
    assert '<ins><span class="visually-hidden">[added:] </span>&lt;b&gt;final&lt;/b&gt;</ins>' in html


def test_deleting_a_reply_asks_first_then_deletes_and_recounts(place):
    client = client_for(place, "insider")
    url = reverse("discussions:post-delete", args=[place["reply"].pk])
    assert "Delete the post" in client.get(url).content.decode()
    response = client.post(url)
    topic = Topic.objects.get(pk=place["topic"].pk)
    assert response["Location"] == reverse("discussions:topic", args=[topic.pk])
    assert topic.post_count == 1


def test_the_opening_post_cannot_be_deleted_on_its_own(place):
    opening = place["topic"].posts.get(number=1)
    client = client_for(place, "champion")
    assert (
        "cannot be deleted on its own"
        in client.get(reverse("discussions:post-delete", args=[opening.pk])).content.decode()
    )
    client.post(reverse("discussions:post-delete", args=[opening.pk]))
    opening.refresh_from_db()
    assert opening.deleted_at is None


def test_the_topic_author_can_add_a_poll_later(place):
    client = client_for(place, "champion")
    url = reverse("discussions:poll-add", args=[place["topic"].pk])
    bad = client.post(url, {"poll_question": "When?", "poll_options": "Monday"})
    assert "A poll needs at least two options." in bad.content.decode()
    client.post(url, {"poll_question": "When?", "poll_options": "Monday\nFriday"})
    assert Poll.objects.get(topic=place["topic"]).options.count() == 2


# Drafts.


def test_the_composer_autosaves_a_draft_and_says_when(place):
    client = client_for(place, "insider")
    response = client.post(
        reverse("discussions:draft-save"),
        {
            "draft_community": place["community"].pk,
            "title": "Half a title",
            "body": "Half a thought",
            "kind": "question",
        },
        headers={"HX-Request": "true"},
    )
    draft = Draft.objects.get(user=place["users"]["insider"], topic__isnull=True)
    assert response.status_code == 200
    assert response.content.decode().startswith("Draft saved at ")
    assert (draft.title, draft.body, draft.data) == ("Half a title", "Half a thought", {"kind": "question"})


def test_save_draft_without_javascript_returns_to_the_form_which_restores_it(place):
    client = client_for(place, "insider")
    url = reverse("discussions:reply", args=[place["topic"].pk])
    response = client.post(
        reverse("discussions:draft-save"),
        {"draft_topic": place["topic"].pk, "body": "Draft reply", "reply_to": place["reply"].pk, "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()
    assert "Draft reply" in html and f'name="reply_to" value="{place["reply"].pk}"' in html
    assert "Draft saved at" in html


def test_a_draft_is_deleted_when_it_is_posted(place):
    client = client_for(place, "insider")
    save_draft(user=place["users"]["insider"], community=place["community"], topic=place["topic"], body="Soon")
    client.post(reverse("discussions:reply", args=[place["topic"].pk]), {"body": "Soon"})
    assert not Draft.objects.filter(user=place["users"]["insider"]).exists()


def test_a_late_autosave_does_not_bring_back_a_posted_draft(place):
    client = client_for(place, "insider")
    client.post(reverse("discussions:reply", args=[place["topic"].pk]), {"body": "Posted", "idempotency_key": "k9"})
    client.post(
        reverse("discussions:draft-save"),
        {"draft_topic": place["topic"].pk, "body": "Posted", "idempotency_key": "k9"},
        headers={"HX-Request": "true"},
    )
    assert not Draft.objects.filter(user=place["users"]["insider"]).exists()


def test_the_draft_list_links_to_each_draft_and_discards_it(place):
    insider = place["users"]["insider"]
    reply_draft = save_draft(user=insider, community=place["community"], topic=place["topic"], body="A reply")
    save_draft(user=insider, community=place["community"], title="A new topic", body="Body")
    client = client_for(place, "insider")
    html = client.get(reverse("discussions:drafts")).content.decode()
    assert reverse("discussions:reply", args=[place["topic"].pk]) in html
    assert reverse("discussions:topic-create", args=[place["community"].pk]) in html
    response = client.post(reverse("discussions:draft-discard", args=[reply_draft.pk]))
    assert response["Location"] == reverse("discussions:drafts")
    assert not Draft.objects.filter(pk=reply_draft.pk).exists()


def test_a_draft_in_a_community_one_has_left_is_no_longer_listed(place):
    former = place["users"]["former_member"]
    Draft.objects.create(user=former, community=place["community"], body="Old")
    html = client_for(place, "former_member").get(reverse("discussions:drafts")).content.decode()
    assert "Old" not in html


def test_text_posted_after_the_session_expired_is_restored_after_signing_in(place):
    insider = place["users"]["insider"]
    client = Client()  # the session has expired: the browser is anonymous now
    url = reverse("discussions:reply", args=[place["topic"].pk])
    response = client.post(url, {"body": "Everything I wrote in an hour"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "Everything" not in response["Location"]
    signed_in = client.post(reverse("account_login"), {"login": insider.email, "password": DEFAULT_PASSWORD})
    assert signed_in.status_code == 302
    html = client.get(url).content.decode()
    assert "Everything I wrote in an hour" in html
    assert Draft.objects.get(user=insider, topic=place["topic"]).body == "Everything I wrote in an hour"
    assert PENDING_POST_SESSION_KEY not in client.session
    assert "You were signed out" not in client.get(url).content.decode()  # told once; the draft keeps the text


def test_an_expired_autosave_sends_htmx_to_sign_in_and_keeps_the_text_for_the_form(place):
    client = Client()
    form_url = reverse("discussions:topic-create", args=[place["community"].pk])
    response = client.post(
        reverse("discussions:draft-save"),
        {"draft_community": place["community"].pk, "title": "A title", "body": "Typed", "next": form_url},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("account_login"))
    assert client.session[PENDING_POST_SESSION_KEY]["path"] == form_url
    client.force_login(place["users"]["insider"])
    html = client.get(form_url).content.decode()
    assert 'value="A title"' in html and "Typed" in html


def test_rescued_text_is_not_offered_on_another_page_or_after_an_hour(place):
    client = client_for(place, "insider")
    session = client.session
    session[PENDING_POST_SESSION_KEY] = {
        "path": reverse("discussions:reply", args=[place["topic"].pk]),
        "title": "",
        "body": "Stale words",
        "saved_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
    }
    session.save()
    html = client.get(reverse("discussions:reply", args=[place["topic"].pk])).content.decode()
    assert "Stale words" not in html


# The partials the topic page includes.


def _render(template: str, user, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    request.csp_nonce = "n0nce"
    return Template(template).render(Context({"request": request, "user": user, "csrf_token": "t", **context}))


def test_the_reply_partial_builds_its_form_from_the_topic_and_restores_the_draft(place):
    insider = place["users"]["insider"]
    save_draft(user=insider, community=place["community"], topic=place["topic"], body="Half written")
    html = _render('{% include "discussions/_reply_form.html" %}', insider, topic=place["topic"])
    assert "data-reply-form" in html and "Half written" in html
    assert 'name="idempotency_key"' in html and 'nonce="n0nce"' in html
    assert f"?topic={place['topic'].pk}" in html  # mention suggestions for this topic only


def test_the_reply_partial_says_why_someone_cannot_reply(place):
    set_closed(actor=place["users"]["champion"], topic=place["topic"], closed=True, reason="Resolved")
    place["topic"].refresh_from_db()
    html = _render('{% include "discussions/_reply_form.html" %}', place["users"]["insider"], topic=place["topic"])
    assert "closed to new replies" in html and "<form" not in html


def test_post_actions_show_edit_to_the_author_and_delete_to_champions(place):
    post = Post.objects.get(pk=place["reply"].pk)
    template = '{% include "discussions/_post_actions.html" %}'
    mine = _render(template, place["users"]["insider"], post=post, topic=place["topic"])
    theirs = _render(template, place["users"]["champion"], post=post, topic=place["topic"])
    assert reverse("discussions:post-edit", args=[post.pk]) in mine
    assert reverse("discussions:post-edit", args=[post.pk]) not in theirs
    assert reverse("discussions:post-delete", args=[post.pk]) in theirs
    assert f"?quote={post.pk}" in mine and f"?to={post.pk}" in mine
