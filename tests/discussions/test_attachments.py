"""Files attached to topics and replies: checked like library files, shown under the post, and served only to
readers who see the post's text (SECURITY.md channels 16, 17, 18 and 30)."""

import datetime
import io
import os

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from PIL import ExifTags, Image

from practica.discussions.models import Post, PostAttachment, Topic
from practica.discussions.services import attachments as attachment_services
from practica.discussions.services.moderation import hide_post, purge_post
from practica.discussions.services.posting import PostingError, delete_post, reply, start_topic
from practica.library.services.cleanup import remove_orphan_files as remove_library_orphans
from tests.conftest import PERSONAS
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for
from tests.library.corpus import HOSTILE, image_bytes, minimal_pdf

# ---------------------------------------------------------------------------------------------------------------
# A closed community with its champion, a member who posts, another member, and an outsider.


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def circle(db):
    closed = CommunityFactory(name="Supervisors' Circle", membership="closed")
    champion = UserFactory(display_name="Chloe Champion")
    author = UserFactory(display_name="Maya Okafor")
    reader = UserFactory(display_name="Rhys Reader")
    outsider = UserFactory(display_name="Oli Outsider")
    add_member(closed, champion, role="champion")
    add_member(closed, author)
    add_member(closed, reader)
    topic = start_topic(author=champion, community=closed, title="Working with endings", body="What helps?").post.topic
    return {
        "community": closed,
        "topic": topic,
        "champion": champion,
        "author": author,
        "reader": reader,
        "outsider": outsider,
    }


def _pdf(name="Contract.pdf", text="Contract"):
    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


def _photo(name="Whiteboard.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes("JPEG", with_gps=True, **kwargs), content_type="image/jpeg")


def _checked(*files):
    from practica.core.uploads import check_upload

    return [check_upload(file) for file in files]


@pytest.fixture
def attached(circle):
    """A reply by the author with a PDF and a photo."""
    post = reply(
        author=circle["author"],
        topic=circle["topic"],
        body="My contract and our whiteboard.",
        attachments=_checked(_pdf(), _photo()),
    ).post
    pdf, photo = post.attachments.order_by("pk")
    return {**circle, "post": post, "pdf": pdf, "photo": photo}


def _read(attachment_or_name) -> bytes:
    name = getattr(attachment_or_name, "name", attachment_or_name)
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# ---------------------------------------------------------------------------------------------------------------
# Attaching files in the forms.


def test_a_member_replies_with_a_pdf_and_a_photo_and_both_show_under_the_reply(circle):
    client = _client(circle["author"])
    response = client.post(
        f"/topics/{circle['topic'].pk}/reply/",
        {"body": "Here is the contract I use.", "attachments": [_pdf("My contract.pdf"), _photo()]},
    )
    assert response.status_code == 302
    post = Post.objects.get(topic=circle["topic"], number=2)
    pdf, photo = post.attachments.order_by("pk")
    assert (pdf.display_name, pdf.content_type, pdf.uploaded_by) == ("My contract.pdf", "application/pdf", post.author)
    assert photo.display_name == "Whiteboard.jpg" and photo.thumbnail
    page = _client(circle["reader"]).get(f"/topics/{circle['topic'].pk}/").content.decode()
    assert f'<a href="/attachments/{pdf.pk}/" download>My contract.pdf</a>' in page
    assert f"({filesizeformat(pdf.size)})" in page
    assert f'<img src="/attachments/{photo.pk}/thumbnail/" alt="Whiteboard.jpg"' in page


def test_a_new_topic_can_carry_files(circle):
    client = _client(circle["author"])
    response = client.post(
        f"/communities/{circle['community'].pk}/topics/new/",
        {"title": "A contract template", "kind": "discussion", "body": "Use freely.", "attachments": [_pdf()]},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(title="A contract template")
    assert [a.display_name for a in PostAttachment.objects.filter(post__topic=topic)] == ["Contract.pdf"]


@pytest.mark.parametrize(
    "case",
    [case for case in HOSTILE if case[0] in {"html-as-png", "svg-with-script", "exe-named-pdf", "zero-byte"}],
    ids=lambda case: case[0],
)
def test_a_refused_file_says_why_next_to_the_field_and_keeps_the_topic_typed(circle, case):
    _id, filename, content, reason = case
    client = _client(circle["author"])
    response = client.post(
        f"/communities/{circle['community'].pk}/topics/new/",
        {
            "title": "My carefully chosen title",
            "kind": "discussion",
            "body": "Three paragraphs I do not want to type again.",
            "attachments": [SimpleUploadedFile(filename, content)],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_attachments_error"' in page
    error = page.split('id="id_attachments_error"', 1)[1].split("</ul>", 1)[0]
    assert f"“{filename}”: " in error
    assert reason in error
    assert 'value="My carefully chosen title"' in page
    assert "Three paragraphs I do not want to type again.</textarea>" in page
    assert "please choose it again before posting" in page
    assert not Topic.objects.filter(title="My carefully chosen title").exists()
    assert not PostAttachment.objects.exists()


def test_a_refused_file_in_a_reply_keeps_the_reply_typed(circle):
    client = _client(circle["author"])
    response = client.post(
        f"/topics/{circle['topic'].pk}/reply/",
        {"body": "My long reply.", "attachments": [_pdf(), SimpleUploadedFile("page.html", b"<html></html>")]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“page.html”: Web pages, SVG images and files with scripts in them cannot be uploaded" in page
    assert "My long reply.</textarea>" in page
    assert "The 2 files you chose were not kept" in page
    assert Post.objects.filter(topic=circle["topic"]).count() == 1


def test_more_files_than_the_site_allows_are_refused(circle, settings):
    settings.POST_ATTACHMENTS_MAX = 2
    client = _client(circle["author"])
    response = client.post(
        f"/topics/{circle['topic'].pk}/reply/",
        {"body": "Three files.", "attachments": [_pdf("a.pdf"), _pdf("b.pdf"), _pdf("c.pdf")]},
    )
    assert response.status_code == 200
    assert "A post can have at most 2 files." in response.content.decode()
    assert not PostAttachment.objects.exists()
    with pytest.raises(PostingError) as refused:
        reply(author=circle["author"], topic=circle["topic"], body="x", attachments=_checked(*[_pdf()] * 3))
    assert refused.value.field == "attachments"


def test_files_chosen_with_a_form_sent_back_for_another_reason_must_be_chosen_again(circle):
    client = _client(circle["author"])
    response = client.post(f"/topics/{circle['topic'].pk}/reply/", {"body": "   ", "attachments": [_pdf()]})
    page = response.content.decode()
    assert "Please write something before posting." in page
    assert "The file you chose was not kept" in page
    assert not PostAttachment.objects.exists()


def test_without_attachments_allowed_the_forms_have_no_file_input(circle, settings):
    settings.POST_ATTACHMENTS_MAX = 0
    page = _client(circle["author"]).get(f"/topics/{circle['topic'].pk}/reply/").content.decode()
    assert 'type="file"' not in page
    assert 'enctype="multipart/form-data"' in page


def test_the_reply_forms_take_several_files_and_say_the_limits(circle):
    for url in (f"/topics/{circle['topic'].pk}/", f"/topics/{circle['topic'].pk}/reply/"):
        page = _client(circle["author"]).get(url, follow=True).content.decode()
        assert 'enctype="multipart/form-data"' in page
        assert 'type="file" name="attachments"' in page and "multiple" in page
        assert "Up to 5 files, each up to 25.0\xa0MB: PDF, Word" in page


def test_a_retried_submit_attaches_the_files_once(circle):
    data = {"body": "Once only.", "idempotency_key": "k" * 32}
    client = _client(circle["author"])
    client.post(f"/topics/{circle['topic'].pk}/reply/", {**data, "attachments": [_pdf()]})
    client.post(f"/topics/{circle['topic'].pk}/reply/", {**data, "attachments": [_pdf()]})
    assert PostAttachment.objects.count() == 1


def test_autosave_with_a_file_input_in_the_form_still_saves_the_draft(circle):
    """htmx sends the composer's form url-encoded: a file input arrives as a placeholder string, never a file."""
    client = _client(circle["author"])
    response = client.post(
        "/drafts/save/",
        {"draft_topic": circle["topic"].pk, "body": "Half a thought", "attachments": "[object File]"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Draft saved at" in response.content.decode()


def test_the_author_adds_and_removes_files_when_editing(attached):
    client = _client(attached["author"])
    page = client.get(f"/posts/{attached['post'].pk}/edit/").content.decode()
    assert "Remove attached files" in page and "Contract.pdf" in page
    response = client.post(
        f"/posts/{attached['post'].pk}/edit/",
        {"body": attached["post"].body, "remove_attachments": [attached["pdf"].pk], "attachments": [_pdf("New.pdf")]},
    )
    assert response.status_code == 302
    assert [a.display_name for a in attached["post"].attachments.order_by("pk")] == ["Whiteboard.jpg", "New.pdf"]
    attached["post"].refresh_from_db()
    assert attached["post"].edited_at is not None


def test_editing_cannot_go_past_the_limit(attached, settings):
    settings.POST_ATTACHMENTS_MAX = 2
    response = _client(attached["author"]).post(
        f"/posts/{attached['post'].pk}/edit/", {"body": "Changed.", "attachments": [_pdf("Third.pdf")]}
    )
    assert response.status_code == 200
    assert "A post can have at most 2 files." in response.content.decode()
    assert attached["post"].attachments.count() == 2


# ---------------------------------------------------------------------------------------------------------------
# Serving: only through a check that the reader sees the post's content.

EXPECTED_IN_CLOSED = {
    "anonymous": 302,
    "member": 404,
    "lapsed": 403,
    "suspended": 403,
    "moderator": 404,
    "staff": 200,
    "admin": 200,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_downloading_an_attachment_in_a_closed_community_per_persona(persona, persona_clients, attached):
    for url in (f"/attachments/{attached['pdf'].pk}/", f"/attachments/{attached['photo'].pk}/thumbnail/"):
        assert persona_clients[persona].get(url).status_code == EXPECTED_IN_CLOSED[persona], url


def test_community_members_download_and_outsiders_get_404(attached):
    url = f"/attachments/{attached['pdf'].pk}/"
    assert _client(attached["reader"]).get(url).status_code == 200
    assert _client(attached["champion"]).get(url).status_code == 200
    assert _client(attached["outsider"]).get(url).status_code == 404
    assert _client(attached["outsider"]).get("/attachments/999999/").status_code == 404


def test_a_file_download_cannot_be_sniffed_or_run(attached):
    response = _client(attached["reader"]).get(f"/attachments/{attached['pdf'].pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Contract.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert _body(response).startswith(b"%PDF-")


def test_a_picture_opens_in_the_browser_without_its_location_or_camera(attached):
    response = _client(attached["reader"]).get(f"/attachments/{attached['photo'].pk}/")
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    image = Image.open(io.BytesIO(_body(response)))
    exif = image.getexif()
    assert ExifTags.Base.Make not in exif
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert b"Acme Camera" not in _read(attached["photo"].file)
    thumbnail = _client(attached["reader"]).get(f"/attachments/{attached['photo'].pk}/thumbnail/")
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(_body(thumbnail))).size) <= 320


def test_a_pdf_has_no_thumbnail(attached):
    assert _client(attached["reader"]).get(f"/attachments/{attached['pdf'].pk}/thumbnail/").status_code == 404


def test_the_storage_path_is_random_and_not_served(attached, staff_client, settings):
    name = attached["pdf"].file.name
    assert name.startswith("posts/") and "Contract" not in name
    for path in (f"{settings.MEDIA_URL}{name}", f"/{name}", f"/media/{name}"):
        assert staff_client.get(path).status_code == 404, path
        with pytest.raises(Resolver404):
            resolve(path)


def test_a_hidden_posts_files_are_served_to_its_author_and_moderators_only(attached, moderator):
    hide_post(post=attached["post"])
    url = f"/attachments/{attached['pdf'].pk}/"
    assert _client(attached["reader"]).get(url).status_code == 404
    assert _client(attached["author"]).get(url).status_code == 200
    assert _client(attached["champion"]).get(url).status_code == 200
    # A site moderator sees hidden posts in communities they can read (here, an open one).
    open_community = CommunityFactory(name="Open Practice")
    add_member(open_community, attached["author"])
    add_member(open_community, attached["reader"])
    topic = start_topic(author=attached["author"], community=open_community, title="Open files", body="See.").post.topic
    post = reply(author=attached["author"], topic=topic, body="A file.", attachments=_checked(_pdf())).post
    hide_post(post=post)
    open_url = f"/attachments/{post.attachments.get().pk}/"
    assert _client(moderator).get(open_url).status_code == 200
    assert _client(attached["reader"]).get(open_url).status_code == 404


def test_a_hidden_posts_files_are_not_listed_to_other_readers(attached):
    hide_post(post=attached["post"])
    reader_page = _client(attached["reader"]).get(f"/topics/{attached['topic'].pk}/").content.decode()
    assert "Contract.pdf" not in reader_page and "/attachments/" not in reader_page
    author_page = _client(attached["author"]).get(f"/topics/{attached['topic'].pk}/").content.decode()
    assert "Contract.pdf" in author_page


def test_a_held_posts_files_wait_with_its_text(attached):
    Post.objects.filter(pk=attached["post"].pk).update(awaiting_review=True)
    url = f"/attachments/{attached['pdf'].pk}/"
    assert _client(attached["reader"]).get(url).status_code == 404
    assert _client(attached["author"]).get(url).status_code == 200
    assert _client(attached["champion"]).get(url).status_code == 200


def test_a_deleted_posts_files_are_not_served_to_anyone(attached, staff_client):
    delete_post(actor=attached["author"], post=attached["post"])
    url = f"/attachments/{attached['pdf'].pk}/"
    for client in (_client(attached["author"]), _client(attached["champion"]), staff_client):
        assert client.get(url).status_code == 404


def test_removing_a_post_completely_deletes_its_files_and_keeps_what_they_were(
    attached, staff_client, django_capture_on_commit_callbacks
):
    names = [attached["pdf"].file.name, attached["photo"].file.name, attached["photo"].thumbnail.name]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        purged = purge_post(post=attached["post"])
    assert [item["display_name"] for item in purged["attachments"]] == ["Contract.pdf", "Whiteboard.jpg"]
    assert purged["attachments"][0]["sha256"] == attached["pdf"].sha256
    assert not any(default_storage.exists(name) for name in names)
    assert not PostAttachment.objects.exists()
    assert staff_client.get(f"/attachments/{attached['pdf'].pk}/").status_code == 404
    assert purge_post(post=attached["post"])["attachments"] == []


def test_the_visibility_registry_answers_for_attachments(attached):
    from practica.core.visibility import can_see

    assert can_see(attached["reader"], attached["pdf"])
    assert not can_see(attached["outsider"], attached["pdf"])
    hide_post(post=attached["post"])
    attached["pdf"].refresh_from_db()
    assert not can_see(attached["reader"], attached["pdf"])
    assert can_see(attached["author"], attached["pdf"])


# ---------------------------------------------------------------------------------------------------------------
# Files left behind, and the topic page's cost.


def _age(name: str, days: int) -> None:
    path = default_storage.path(name)
    old = (timezone.now() - datetime.timedelta(days=days)).timestamp()
    os.utime(path, (old, old))


def test_files_no_post_refers_to_are_removed_after_a_day(attached):
    stray = default_storage.save("posts/2026/01/stray.pdf", io.BytesIO(minimal_pdf()))
    fresh = default_storage.save("posts/2026/01/fresh.pdf", io.BytesIO(minimal_pdf()))
    _age(stray, 2)
    _age(attached["pdf"].file.name, 2)
    assert attachment_services.remove_orphan_files() == 1
    assert not default_storage.exists(stray)
    assert default_storage.exists(fresh)
    assert default_storage.exists(attached["pdf"].file.name)


def test_the_librarys_clean_up_leaves_attachment_files_alone(attached):
    _age(attached["pdf"].file.name, 2)
    remove_library_orphans()
    assert default_storage.exists(attached["pdf"].file.name)


def test_a_rolled_back_post_leaves_a_file_the_clean_up_removes(circle):
    with pytest.raises(RuntimeError), transaction.atomic():
        reply(author=circle["author"], topic=circle["topic"], body="A reply.", attachments=_checked(_pdf()))
        raise RuntimeError("the topic and its poll are one piece of work; the poll failed")
    assert not PostAttachment.objects.exists()
    (left_behind,) = list(attachment_services._walk(default_storage, "posts"))
    assert attachment_services.remove_orphan_files() == 0  # an upload may still be in flight
    _age(left_behind, 2)
    assert attachment_services.remove_orphan_files() == 1
    assert not default_storage.exists(left_behind)


def test_the_topic_page_costs_the_same_with_1_and_50_posts_with_files(circle):
    client = _client(circle["reader"])
    url = f"/topics/{circle['topic'].pk}/?page=1"
    checked = _checked(_pdf(), _photo())

    def add(n):
        for _ in range(n):
            reply(author=circle["author"], topic=circle["topic"], body="With files.", attachments=checked)

    add(1)
    with_one = queries_for(client, url)
    add(49)
    with_fifty = queries_for(client, url)
    assert with_one == with_fifty, f"{with_one} queries with 1 post, {with_fifty} with 50"


def test_the_demo_shows_a_handout_and_a_picture_under_replies(db):
    from practica.accounts import demo as accounts_demo
    from practica.communities import demo as communities_demo
    from practica.discussions import demo

    accounts_demo.load()
    communities_demo.load()
    demo.load()
    names = sorted(PostAttachment.objects.values_list("display_name", flat=True))
    assert names == ["Six-week group plan.txt", "Whiteboard from our peer group.png"]
    assert all(default_storage.exists(a.file.name) for a in PostAttachment.objects.all())


def test_private_messages_share_the_composer_but_take_no_files():
    from practica.messaging.forms import MessageForm, NewConversationForm

    assert "attachments" not in MessageForm().fields
    assert "attachments" not in NewConversationForm().fields
