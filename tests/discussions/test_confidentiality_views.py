"""The client-confidentiality check in the writing views: a warning before posting (again on submit, server side),
"Post anyway" recorded on the post and in the audit log (kinds only), and the live check as the member types."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from practica.core.models import AuditEntry
from practica.discussions.models import Post, Topic
from practica.discussions.services.posting import reply, start_topic
from tests.factories import CommunityFactory, UserFactory, add_member

NHS_BODY = "My client's NHS number is 943 476 5919 and I am not sure how to ask for her records."
CLEAN_BODY = "How do you prepare clients for the last session?"


@pytest.fixture
def place(db):
    community = CommunityFactory(name="Supervisors' Circle", membership="closed")
    author = UserFactory(display_name="Maya Okafor")
    add_member(community, author)
    topic = start_topic(author=author, community=community, title="Working with endings", body="What helps?").post.topic
    own_reply = reply(author=author, topic=topic, body="Planning the last session early.").post
    client = Client()
    client.force_login(author)
    return {"community": community, "author": author, "topic": topic, "reply": own_reply, "client": client}


def _topic_data(**extra):
    return {"kind": "discussion", "title": "Asking for records", "body": NHS_BODY, "idempotency_key": "k-1", **extra}


def _overrides():
    return AuditEntry.objects.filter(action="post.confidentiality_override")


# On submit.


def test_a_topic_with_an_nhs_number_is_not_posted_on_first_submit_and_the_warning_lists_it(place):
    url = reverse("discussions:topic-create", args=[place["community"].pk])
    response = place["client"].post(url, _topic_data(tags="records"))
    page = response.content.decode()
    assert response.status_code == 200
    assert not Topic.objects.filter(title="Asking for records").exists()
    assert 'role="alert"' in page
    assert "Could this identify a client?" in page
    assert "anonymise client information if discussing cases" in page
    assert re.search(r"<mark><span class=\"visually-hidden\">\[found\] </span>943 476 5919</mark>", page)
    assert "NHS number" in page and "valid check digit" in page
    # Everything typed is kept, the one-time key too, and both choices are offered.
    assert "Asking for records" in page and 'value="records"' in page
    assert "not sure how to ask for her records.</textarea>" in page
    assert 'name="idempotency_key" value="k-1"' in page
    assert 'href="#id_body"' in page and "Edit my post" in page
    assert 'name="confidentiality_confirmed" value="1"' in page


def test_posting_anyway_saves_it_and_records_the_kinds_and_an_audit_entry_without_the_matched_text(place):
    url = reverse("discussions:topic-create", args=[place["community"].pk])
    place["client"].post(url, _topic_data())
    response = place["client"].post(url, _topic_data(confidentiality_confirmed="1"))
    post = Post.objects.get(idempotency_key="k-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("discussions:post", args=[post.pk])
    assert post.confidentiality_findings == ["nhs_number"]
    entry = _overrides().get()
    assert (entry.actor, entry.target_id, entry.data) == (place["author"], str(post.pk), {"kinds": ["nhs_number"]})
    assert "943" not in str(entry.data) + entry.summary


def test_a_double_click_on_post_anyway_posts_once(place):
    url = reverse("discussions:topic-create", args=[place["community"].pk])
    first = place["client"].post(url, _topic_data(confidentiality_confirmed="1"))
    second = place["client"].post(url, _topic_data(confidentiality_confirmed="1"))
    assert first["Location"] == second["Location"]
    assert Topic.objects.filter(title="Asking for records").count() == 1
    assert _overrides().count() == 1


def test_a_clean_post_goes_straight_through_and_records_nothing(place):
    url = reverse("discussions:topic-create", args=[place["community"].pk])
    response = place["client"].post(url, _topic_data(body=CLEAN_BODY))
    assert response.status_code == 302
    assert Post.objects.get(idempotency_key="k-1").confidentiality_findings == []
    assert not _overrides().exists()


def test_a_name_in_the_title_is_found_too(place):
    url = reverse("discussions:topic-create", args=[place["community"].pk])
    response = place["client"].post(url, _topic_data(title="My client Jane Smith", body=CLEAN_BODY))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Full name" in page and "in the title" in page and "<mark>" in page


def test_the_warning_escapes_what_was_typed(place):
    url = reverse("discussions:topic-create", args=[place["community"].pk])
    body = "<script>alert(1)</script> my client Jane Smith <b>said</b> call 07700 900123"
    page = place["client"].post(url, _topic_data(body=body)).content.decode()
    excerpts = " ".join(re.findall(r'<p class="confidentiality-excerpt">(.*?)</p>', page, re.S))
    assert "&lt;script&gt;" in excerpts and "&lt;b&gt;said&lt;/b&gt;" in excerpts
    assert "<script>alert" not in page and "<b>said</b>" not in page


def test_a_reply_is_held_then_posted_anyway_once_with_its_key(place):
    url = reverse("discussions:reply", args=[place["topic"].pk])
    data = {"body": "Client DOB 14/02/1991, any thoughts?", "idempotency_key": "r-1"}
    held = place["client"].post(url, data)
    assert held.status_code == 200 and 'role="alert"' in held.content.decode()
    assert "Date of birth" in held.content.decode()
    assert not Post.objects.filter(idempotency_key="r-1").exists()
    posted = place["client"].post(url, {**data, "confidentiality_confirmed": "1"})
    assert posted.status_code == 302
    assert Post.objects.get(idempotency_key="r-1").confidentiality_findings == ["date_of_birth"]
    assert _overrides().get().data == {"kinds": ["date_of_birth"]}


def test_an_edit_is_held_then_saved_anyway_with_the_kinds_and_a_clean_edit_clears_them(place):
    url = reverse("discussions:post-edit", args=[place["reply"].pk])
    body = "Her email is jane.doe@example.com and she lives in LS6 2QT."
    held = place["client"].post(url, {"body": body})
    assert held.status_code == 200 and "Post anyway" in held.content.decode()
    place["reply"].refresh_from_db()
    assert place["reply"].body == "Planning the last session early."
    place["client"].post(url, {"body": body, "confidentiality_confirmed": "1"})
    place["reply"].refresh_from_db()
    assert (place["reply"].body, place["reply"].confidentiality_findings) == (body, ["postcode", "email"])
    assert _overrides().get().data == {"kinds": ["postcode", "email"]}
    place["client"].post(url, {"body": "She lives in the north."})
    place["reply"].refresh_from_db()
    assert place["reply"].confidentiality_findings == []


def test_a_linked_topic_is_held_too(place):
    url = reverse("discussions:linked-topic", args=[place["reply"].pk])
    data = {**_topic_data(), "community": place["community"].pk}
    held = place["client"].post(url, data)
    assert held.status_code == 200 and 'role="alert"' in held.content.decode()
    assert place["client"].post(url, {**data, "confidentiality_confirmed": "1"}).status_code == 302
    assert Post.objects.get(idempotency_key="k-1").topic.linked_from == place["reply"]


def test_a_preview_without_javascript_shows_the_warning_without_alerting(place):
    url = reverse("discussions:reply", args=[place["topic"].pk])
    page = place["client"].post(url, {"body": NHS_BODY, "preview": "1"}).content.decode()
    assert "Could this identify a client?" in page and 'role="alert"' not in page


def test_someone_who_may_not_post_gets_the_reason_not_the_warning(place):
    outsider = Client()
    outsider.force_login(UserFactory())
    open_community = CommunityFactory(name="Open Practice")
    url = reverse("discussions:topic-create", args=[open_community.pk])
    response = outsider.post(url, _topic_data())
    page = response.content.decode()
    assert response.status_code == 403
    assert "Join this community to start a topic in it." in page
    assert not re.search(r'<div role="alert">\s*<h2 class="confidentiality-heading"', page)


# As the member writes.


def test_the_composer_asks_for_the_live_check_as_the_member_types(place):
    page = place["client"].get(reverse("discussions:reply", args=[place["topic"].pk])).content.decode()
    assert f'hx-post="{reverse("discussions:confidentiality-check")}"' in page
    assert 'hx-trigger="input changed delay:1500ms from:closest form"' in page
    assert 'aria-live="polite"' in page and 'id="reply-' in page


def test_the_live_check_returns_the_findings_for_a_member(place):
    response = place["client"].post(
        reverse("discussions:confidentiality-check"),
        {"body": NHS_BODY, "confidentiality_for": "reply-9", "confidentiality_body": "id_body"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>" in page and "943 476 5919" in page and 'role="alert"' not in page
    assert 'id="reply-9-confidentiality-heading"' in page
    assert '<p id="reply-9-confidentiality-status" hx-swap-oob="innerHTML">1 detail that could identify' in page
    signature = re.search(r'name="confidentiality_signature" value="([0-9a-f]+)"', page).group(1)
    # The same findings again: nothing to change or announce.
    again = place["client"].post(
        reverse("discussions:confidentiality-check"),
        {"body": NHS_BODY + " Thanks.", "confidentiality_signature": signature},
        headers={"HX-Request": "true"},
    )
    assert again.status_code == 204
    # Cleared: a polite note that nothing is found now.
    cleared = place["client"].post(
        reverse("discussions:confidentiality-check"),
        {"body": CLEAN_BODY, "confidentiality_signature": signature},
        headers={"HX-Request": "true"},
    )
    assert "Nothing that could identify a client is found now." in cleared.content.decode()


def test_the_live_check_of_clean_text_returns_an_empty_message(place):
    response = place["client"].post(
        reverse("discussions:confidentiality-check"), {"body": CLEAN_BODY}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert response.status_code == 204 or ("<section" not in page and "Nothing" not in page)


def test_the_live_check_sanitises_the_ids_it_is_given(place):
    page = (
        place["client"]
        .post(
            reverse("discussions:confidentiality-check"),
            {"body": NHS_BODY, "confidentiality_for": '"><script>', "confidentiality_body": "x\" onclick='y'"},
        )
        .content.decode()
    )
    assert "<script>" not in page and "onclick=" not in page
    assert 'id="script-confidentiality-heading"' in page and 'href="#xonclicky"' in page


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 302), ("member", 200)])
def test_the_live_check_is_for_signed_in_members(place, persona, expected):
    client = Client()
    if persona == "member":
        client.force_login(UserFactory())
    response = client.post(reverse("discussions:confidentiality-check"), {"body": NHS_BODY})
    assert response.status_code == expected


def test_the_live_check_only_answers_posts(place):
    assert place["client"].get(reverse("discussions:confidentiality-check")).status_code == 405
