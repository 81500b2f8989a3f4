"""The queue's actions, per persona: decisions about content (once), dealing with the author (once each),
complete removal's purge, silences, and the author's request for a call."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practica.core.models import AuditEntry, OutboxEmail, OutboxStatus
from practica.discussions.models import Draft, Mention, Post, PostRevision
from practica.discussions.permissions import can_post_in
from practica.discussions.services.posting import edit_post, reply
from practica.moderation.choices import CaseStatus, FlagStatus, ItemStatus, Resolution
from practica.moderation.models import Case, Flag, ModerationAction, Report, ReportLink, ReviewItem, SealedCopy
from practica.moderation.services import actions
from practica.moderation.services.flags import raise_flag
from practica.search.models import SearchDocument
from tests.factories import add_member
from tests.helpers import run_pending_tasks
from tests.moderation import test_flags_scene as _scene
from tests.moderation.test_flags_scene import SECRET, client_for

# The shared scene's fixtures, under their own names.
published = _scene.published
scene = _scene.scene


@pytest.fixture
def hidden(scene):
    raise_flag(flagger=scene.first, target=scene.post, reason="defamatory")
    flag = raise_flag(flagger=scene.second, target=scene.post, reason="defamatory")
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is not None
    return flag.review_item


def _act(user, item, action, **data):
    return client_for(user).post(reverse("moderation:item-action", args=[item.pk]), {"action": action, **data})


def _messages_of(response) -> str:
    return " ".join(str(message) for message in response.wsgi_request._messages)


def test_a_champion_dismisses_the_flags_and_the_post_is_visible_again(scene, hidden, published):
    first_flag = Flag.objects.get(flagger=scene.first)
    response = _act(scene.champion, hidden, "dismiss", note="Robust but fair.", **{f"flag-{first_flag.pk}": "agreed"})
    assert response.status_code == 302
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is None
    hidden.refresh_from_db()
    assert hidden.status == ItemStatus.RESOLVED and hidden.resolution == Resolution.DISMISSED
    # Agreement is recorded per flagger.
    assert Flag.objects.get(flagger=scene.first).status == FlagStatus.AGREED
    assert Flag.objects.get(flagger=scene.second).status == FlagStatus.DISAGREED
    outcome = [payload for name, payload in published if name == "notify"][-1]
    assert sorted(outcome["recipient_ids"]) == sorted([scene.first.pk, scene.second.pk])
    assert outcome["kind"] == "flag_outcome" and outcome["target"] == "moderation.reviewitem"
    assert "stay as it is" in outcome["snapshot"]["excerpt"]


def test_a_second_decision_is_refused_and_changes_nothing(scene, hidden, moderator):
    _act(scene.champion, hidden, "dismiss")
    before = ModerationAction.objects.count()
    response = _act(moderator, hidden, "keep_hidden")
    assert response.status_code == 302
    assert "Cat Champion has already dealt with this item" in _messages_of(response)
    assert ModerationAction.objects.count() == before
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is None
    # A retried POST by the same person is refused the same way.
    assert "has already dealt with this item" in _messages_of(_act(scene.champion, hidden, "dismiss"))


def test_keep_hidden_stops_the_authors_edit_from_unhiding(scene, hidden):
    _act(scene.champion, hidden, "keep_hidden")
    edit_post(editor=scene.author, post=scene.post, body="Edited after the decision.")
    run_pending_tasks()
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is not None
    assert Flag.objects.filter(status=FlagStatus.AGREED).count() == 2


def test_unhide_shows_the_post_again(scene, hidden, moderator):
    add_member(scene.community, moderator)
    _act(moderator, hidden, "unhide")
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is None


def test_edit_to_anonymise_keeps_a_revision_and_tells_the_author(scene, hidden, published):
    response = _act(
        scene.champion, hidden, "anonymise", body="A hard session today.", note_to_author="I took out a detail."
    )
    assert response.status_code == 302
    post = Post.objects.get(pk=scene.post.pk)
    assert post.body == "A hard session today." and post.hidden_at is None
    assert PostRevision.objects.get(post=post).body.endswith(f"{SECRET}.")
    hidden.refresh_from_db()
    assert hidden.resolution == Resolution.ANONYMISED
    message = [payload for name, payload in published if name == "moderation.message"][-1]
    assert message["recipient_id"] == scene.author.pk and "I took out a detail." in message["body"]


def test_edit_to_anonymise_needs_a_note_kept_next_to_the_field(scene, hidden):
    response = _act(scene.champion, hidden, "anonymise", body="Edited.", note_to_author="")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    scene.post.refresh_from_db()
    assert SECRET in scene.post.body


def test_delete_removes_a_reply_but_not_an_opening_post(scene, hidden):
    _act(scene.champion, hidden, "delete")
    scene.post.refresh_from_db()
    assert scene.post.deleted_at is not None
    opening = scene.topic.posts.get(number=1)
    item = raise_flag(flagger=scene.first, target=opening, reason="off_topic").review_item
    response = _act(scene.champion, item, "delete")
    assert "cannot be deleted on its own" in _messages_of(response)
    item.refresh_from_db()
    assert item.is_open


def test_only_staff_remove_completely(scene, hidden, moderator):
    response = _act(moderator, hidden, "remove")
    assert response.status_code == 403
    assert _act(scene.champion, hidden, "remove").status_code == 403
    scene.post.refresh_from_db()
    assert SECRET in scene.post.body


def test_remove_completely_purges_the_text_everywhere_but_the_sealed_copy(scene, hidden, staff, published):
    mentioned = scene.third
    edit_post(editor=scene.author, post=scene.post, body=f"Still {SECRET} and @{mentioned.handle}.")
    run_pending_tasks()
    assert Mention.objects.filter(post=scene.post).exists()
    # The edit un-hid it and the flags count again from the edit: hide it again to be removed.
    item = ReviewItem.objects.get(object_id=scene.post.pk, status=ItemStatus.OPEN)
    copies = _copies_of_the_text(scene)
    response = _act(staff, item, "remove", note="Defamatory about a colleague.")
    assert response.status_code == 302
    post = Post.objects.get(pk=scene.post.pk)
    assert post.removed_at is not None and post.body == "" and post.body_html == ""
    assert not PostRevision.objects.filter(post=post).exclude(body="", body_html="").exists()
    assert not Mention.objects.filter(post=post).exists()
    run_pending_tasks()
    for model, field in (
        (Post, "body"),
        (Post, "body_html"),
        (PostRevision, "body"),
        (PostRevision, "body_html"),
        (Draft, "body"),
        (ReviewItem, "snapshot"),
        (ModerationAction, "before"),
        (ModerationAction, "after"),
        (ModerationAction, "reason"),
        (AuditEntry, "data"),
        (AuditEntry, "summary"),
        (Flag, "details"),
        (Report, "details"),
        (ReportLink, "snapshot"),
        (OutboxEmail, "subject"),
        (OutboxEmail, "text_body"),
        (OutboxEmail, "html_body"),
        (SearchDocument, "title"),
        (SearchDocument, "body"),
    ):
        assert not model.objects.filter(**{f"{field}__icontains": SECRET}).exists(), (model, field)
    # The reply that quoted it keeps its own words, with "[removed]" where the quotation was.
    quoting = Post.objects.get(pk=copies["quoting"].pk)
    assert "I could not agree less." in quoting.body and "> [removed]" in quoting.body
    assert "[removed]" in quoting.body_html
    # The e-mail not yet sent will never go; the one already sent keeps only a hole where the text was.
    assert OutboxEmail.objects.get(pk=copies["queued"].pk).status == OutboxStatus.CANCELLED
    sent = OutboxEmail.objects.get(pk=copies["sent"].pk)
    assert sent.status == OutboxStatus.SENT and "[removed]" in sent.text_body
    try:
        from practica.notifications.models import Notification
    except ImportError:  # pragma: no cover - the notifications app is optional here
        Notification = None
    if Notification is not None:
        run_pending_tasks()
        assert not Notification.objects.filter(snapshot__icontains=SECRET).exists()
    sealed = SealedCopy.objects.get(object_id=post.pk)
    assert SECRET in sealed.content["texts"]["body"]
    assert sealed.purge_after > timezone.localdate()
    assert ("moderation.content_removed", {"target": "discussions.post", "target_id": post.pk}) in published
    # Everyone, moderators included, sees only that it was removed.
    page = client_for(scene.champion).get(reverse("discussions:topic", args=[scene.topic.pk]) + "?page=1")
    assert "This post was removed by a moderator." in page.content.decode()
    # Staff read the sealed copy from the item; no one else can.
    item_page = client_for(staff).get(reverse("moderation:item", args=[item.pk])).content.decode()
    assert reverse("moderation:sealed-copy", args=[sealed.pk]) in item_page
    assert SECRET in client_for(staff).get(reverse("moderation:sealed-copy", args=[sealed.pk])).content.decode()
    assert client_for(scene.champion).get(reverse("moderation:sealed-copy", args=[sealed.pk])).status_code == 403


def _copies_of_the_text(scene) -> dict:
    """Everywhere else the post's text is copied before it is removed: a reply quoting it (and a draft doing
    the same), a flag and a report quoting it, a report's snapshot, and e-mails in the outbox (one sent)."""
    from practica.core.outbox import enqueue_email
    from practica.discussions.services.engagement import save_draft
    from practica.discussions.views.writing import quote_markdown
    from practica.moderation.services.reports import submit_report

    post = Post.objects.get(pk=scene.post.pk)
    old_text = PostRevision.objects.filter(post=post).first().body
    quoting = reply(
        author=scene.third, topic=scene.topic, body=quote_markdown(post) + "I could not agree less.", reply_to=post
    ).post
    # The quoting reply is flagged in turn: its queue item's snapshot holds the quotation.
    raise_flag(flagger=scene.first, target=quoting, reason="bullying")
    save_draft(user=scene.fourth, community=scene.community, topic=scene.topic, body=quote_markdown(post) + "Half.")
    raise_flag(flagger=scene.fourth, target=post, reason="defamatory", details=f"It says: {post.body}")
    submit_report(
        reporter=scene.first,
        category="bullying",
        details=f"Earlier it said: {old_text}",
        links=[reverse("discussions:post", args=[post.pk])],
    )
    later = timezone.now() + datetime.timedelta(hours=1)
    queued = enqueue_email(
        key="digest:test", to="fay@example.org", subject="Digest", text=f"New: {post.body}", send_after=later
    )
    sent = enqueue_email(key="mention:test", to="tom@example.org", subject="Mention", text=f"Tom: {post.body}")
    OutboxEmail.objects.filter(pk=sent.pk).update(status=OutboxStatus.SENT, sent_at=timezone.now())
    run_pending_tasks()
    assert ReportLink.objects.filter(snapshot__icontains=SECRET).exists()
    assert SearchDocument.objects.filter(body__icontains=SECRET).exists()
    return {"quoting": quoting, "queued": queued, "sent": sent}


def test_moderators_warn_once_and_champions_cannot(scene, hidden, moderator, published):
    assert _act(scene.champion, hidden, "warn", message="Please be kinder.").status_code == 403
    response = _act(moderator, hidden, "warn", message="Please be kinder.")
    assert "The warning is sent." in _messages_of(response)
    message = [payload for name, payload in published if name == "moderation.message"][-1]
    assert message["recipient_id"] == scene.author.pk and "Please be kinder." in message["body"]
    again = _act(moderator, hidden, "warn", message="Please be kinder.")
    assert "Mo Moderator has already dealt with this item" in _messages_of(again)
    assert ModerationAction.objects.filter(action="warn").count() == 1


def test_a_silenced_member_cannot_post_and_is_told_why(scene, hidden, moderator):
    response = _act(moderator, hidden, "silence", **{"silence-duration": "1w", "silence-reason": "Cooling off."})
    assert response.status_code == 302
    scene.author.refresh_from_db()
    assert scene.author.is_silenced()
    assert not can_post_in(scene.author, scene.community)
    client = client_for(scene.author)
    reply_page = client.get(reverse("discussions:reply", args=[scene.topic.pk]))
    assert reply_page.status_code == 403
    assert "A moderator has paused your posting" in reply_page.content.decode()
    posted = client.post(reverse("discussions:reply", args=[scene.topic.pk]), {"body": "Trying anyway."})
    assert posted.status_code in {200, 403}
    assert not Post.objects.filter(body="Trying anyway.").exists()


def test_silence_needs_a_duration_and_a_reason(scene, hidden, moderator):
    response = _act(moderator, hidden, "silence", **{"silence-duration": "", "silence-reason": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    scene.author.refresh_from_db()
    assert not scene.author.is_silenced()


def test_only_staff_suspend_and_indefinitely_is_far_away(scene, hidden, moderator, staff):
    data = {"suspend-duration": "forever", "suspend-reason": "Repeated abuse."}
    assert _act(moderator, hidden, "suspend", **data).status_code == 403
    assert _act(staff, hidden, "suspend", **data).status_code == 302
    scene.author.refresh_from_db()
    assert scene.author.suspended_until > timezone.now() + datetime.timedelta(days=365 * 50)
    assert scene.author.suspension_reason == "Repeated abuse."


def test_staff_refer_to_the_conduct_process_opening_a_case(scene, hidden, staff, moderator):
    assert _act(moderator, hidden, "refer", **{"refer-note": "Serious."}).status_code == 403
    _act(staff, hidden, "refer", **{"refer-note": "Serious."})
    case = Case.objects.get(member=scene.author)
    assert case.status == CaseStatus.REFERRED
    assert ModerationAction.objects.get(action="refer").case == case


def test_staff_cannot_be_penalised_from_the_queue(scene, staff, moderator):
    add_member(scene.community, staff)
    post = reply(author=staff, topic=scene.topic, body="A staff post.").post
    item = raise_flag(flagger=scene.first, target=post, reason="off_topic").review_item
    response = _act(moderator, item, "warn", message="No.")
    assert "Staff accounts are managed" in _messages_of(response)


def test_the_author_asks_for_a_call_and_the_lead_is_emailed_once(scene, hidden, settings):
    settings.LEAD_EMAIL = "lead@example.org"
    url = reverse("moderation:request-call", args=[hidden.pk])
    client = client_for(scene.author)
    assert "Ask for a call with the Lead" in client.get(url).content.decode()
    response = client.post(url, {"how": "video", "good_times": "Tuesday after 4pm"}, follow=True)
    assert "will get in touch" in response.content.decode()
    email = OutboxEmail.objects.get(to_address="lead@example.org")
    assert "Tuesday after 4pm" in email.text_body
    assert ModerationAction.objects.filter(review_item=hidden, action="note", actor=scene.author).count() == 1
    client.post(url, {"how": "phone", "good_times": "Any time"})
    assert OutboxEmail.objects.filter(to_address="lead@example.org").count() == 1
    assert "You asked for a call" in client.get(url).content.decode()


def test_only_the_author_may_ask_for_a_call(scene, hidden, staff):
    url = reverse("moderation:request-call", args=[hidden.pk])
    for person in (scene.first, staff):
        assert client_for(person).get(url).status_code == 404


def test_flaggers_and_reviewers_may_see_the_item_for_its_outcome(scene, hidden, member):
    from practica.core import visibility

    assert visibility.can_see(scene.first, hidden)
    assert visibility.can_see(scene.champion, hidden)
    assert not visibility.can_see(scene.third, hidden)
    assert not visibility.can_see(member, hidden)


def test_posts_hidden_too_long_are_removed_and_sealed_copies_expire(scene, hidden):
    later = timezone.now() + datetime.timedelta(days=31)
    assert actions.remove_long_hidden_posts(now=later) == 1
    post = Post.objects.get(pk=scene.post.pk)
    assert post.removed_at is not None and post.body == ""
    hidden.refresh_from_db()
    assert hidden.resolution == Resolution.REMOVED
    assert actions.remove_long_hidden_posts(now=later) == 0
    copy = SealedCopy.objects.get(object_id=post.pk)
    assert actions.purge_expired_sealed_copies(today=copy.purge_after) == 0
    assert actions.purge_expired_sealed_copies(today=copy.purge_after + datetime.timedelta(days=1)) == 1
    assert not SealedCopy.objects.exists()


def test_a_complete_removal_shows_in_the_authors_open_case_for_staff_only(scene, hidden, staff, moderator):
    from practica.moderation.services.cases import open_case

    case = open_case(actor=staff, member=scene.author, title="Remarks about a colleague")
    _act(staff, hidden, "remove", note="Defamatory about a colleague.")
    sealed = SealedCopy.objects.get(object_id=scene.post.pk)
    assert sealed.case == case and sealed.member == scene.author
    case_page = client_for(staff).get(reverse("moderation:case", args=[case.pk])).content.decode()
    assert SECRET in case_page and "Sealed copies of removed content" in case_page
    # The case record is the Lead's: moderators and champions do not even learn it exists.
    for other in (moderator, scene.champion, scene.first):
        assert client_for(other).get(reverse("moderation:case", args=[case.pk])).status_code == 404
        assert client_for(other).get(reverse("moderation:case-print", args=[case.pk])).status_code == 404


def test_a_case_opened_after_a_removal_still_gathers_its_sealed_copy(scene, hidden, staff):
    from practica.moderation.services.cases import case_record, open_case

    _act(staff, hidden, "remove", note="Defamatory about a colleague.")
    case = open_case(actor=staff, member=scene.author, title="Opened after the removal")
    record = case_record(case)
    assert [copy.object_id for copy in record.sealed_copies] == [scene.post.pk]
    assert SECRET in record.sealed_copies[0].content["texts"]["body"]
    print_page = client_for(staff).get(reverse("moderation:case-print", args=[case.pk])).content.decode()
    assert SECRET in print_page
