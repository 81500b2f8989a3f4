"""The notifications page, the bell, e-mail preferences, following, and the community e-mail policy page,
for each person who may or may not use them."""

import datetime

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practica.communities.services.membership import leave_community
from practica.discussions.models import Post
from practica.discussions.services.posting import reply, start_topic
from practica.notifications.choices import DigestFrequency, EmailMode, NotificationKind, WatchLevel
from practica.notifications.models import CommunityEmailPolicy, CommunityWatch, EmailSettings, Notification, TopicWatch
from practica.notifications.services.delivery import notify
from tests.factories import UserFactory, add_member
from tests.helpers import queries_for
from tests.notifications.conftest import settle

LIST = reverse("notifications:list")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _mention_bob(nw, community="open", body="Your view, please."):
    topic = start_topic(
        author=nw["alice"], community=nw[community], title="Ruptures and repairs", body="Hi."
    ).post.topic
    post = reply(author=nw["alice"], topic=topic, body=f"@{nw['bob'].handle} {body}").post
    settle()
    return post


def test_the_page_groups_notifications_by_day_with_their_excerpts(nw):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=1), tick=False):
        _mention_bob(nw, body="Yesterday's question.")
    _mention_bob(nw, body="Today's question.")
    page = _client(nw["bob"]).get(LIST).content.decode()
    assert page.index("Today") < page.index("Today&#x27;s question.") < page.index("Yesterday")
    assert page.index("Yesterday") < page.index("Yesterday&#x27;s question.")
    assert "Alice Author mentioned you in “Ruptures and repairs”" in page


def test_the_bell_shows_the_unread_count_on_every_page_and_through_its_polling_endpoint(nw):
    _mention_bob(nw)
    client = _client(nw["bob"])
    home = client.get(reverse("core:home")).content.decode()
    assert 'id="notifications-bell"' in home and 'hx-trigger="every 60s' in home
    assert '<span class="bell-count">1<span class="visually-hidden"> unread</span>' in home
    bell = client.get(reverse("notifications:unread-count")).content.decode()
    assert 'bell-count">1<' in bell and "Ruptures" not in bell


def test_opening_a_notification_marks_it_read_and_goes_to_the_post(nw):
    post = _mention_bob(nw)
    note = Notification.objects.get(recipient=nw["bob"])
    response = _client(nw["bob"]).post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response.url == f"/posts/{post.pk}/"
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_marking_read_unread_and_all_read(nw):
    _mention_bob(nw)
    _mention_bob(nw)
    client = _client(nw["bob"])
    first, _second = Notification.objects.filter(recipient=nw["bob"]).order_by("pk")
    client.post(reverse("notifications:read", args=[first.pk]))
    assert Notification.objects.filter(recipient=nw["bob"], read_at__isnull=True).count() == 1
    client.post(reverse("notifications:unread", args=[first.pk]))
    assert Notification.objects.filter(recipient=nw["bob"], read_at__isnull=True).count() == 2
    response = client.post(reverse("notifications:mark-all-read"), follow=True)
    assert "All your notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=nw["bob"], read_at__isnull=True).exists()


def test_marking_read_with_htmx_returns_the_row_and_refreshes_the_bell(nw):
    _mention_bob(nw)
    note = Notification.objects.get(recipient=nw["bob"])
    response = _client(nw["bob"]).post(reverse("notifications:read", args=[note.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    assert "Mark as unread" in response.content.decode()


def test_nobody_else_can_open_or_mark_someone_elses_notification(nw):
    _mention_bob(nw)
    note = Notification.objects.get(recipient=nw["bob"])
    carol = _client(nw["carol"])
    for name in ("open", "read", "unread"):
        assert carol.post(reverse(f"notifications:{name}", args=[note.pk])).status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_after_leaving_a_closed_community_its_notifications_disappear_from_page_and_bell(nw):
    _mention_bob(nw, community="closed", body="Confidential detail.")
    leave_community(user=nw["bob"], community=nw["closed"])
    client = _client(nw["bob"])
    page = client.get(LIST).content.decode()
    assert "Ruptures and repairs" not in page and "Confidential detail" not in page
    assert "bell-count" not in client.get(reverse("notifications:unread-count")).content.decode()


def test_a_hidden_posts_text_is_never_shown_in_its_notification(nw):
    post = _mention_bob(nw, body="Something regrettable.")
    Post.objects.filter(pk=post.pk).update(hidden_at=timezone.now())
    page = _client(nw["bob"]).get(LIST).content.decode()
    assert "Ruptures and repairs" in page and "regrettable" not in page


def test_hiding_and_removing_a_post_blanks_the_stored_excerpts(nw):
    from practica.core import events

    post = _mention_bob(nw, body="Something regrettable.")
    quoting = reply(
        author=nw["carol"],
        topic=post.topic,
        body=(
            f"> **Alice** wrote in [#2](/posts/{post.pk}/):\n>\n> Something regrettable.\n\n"
            f"@{nw['bob'].handle} see this"
        ),
    ).post
    settle()
    assert Notification.objects.filter(object_id=quoting.pk, recipient=nw["bob"]).exists()
    events.publish("moderation.content_removed", target="discussions.post", target_id=post.pk)
    settle()
    for note in Notification.objects.filter(object_id__in=[post.pk, quoting.pk]):
        assert note.snapshot["excerpt"] == ""


def test_a_deleted_post_leaves_its_notification_as_a_title_without_a_link(nw):
    post = _mention_bob(nw, body="Soon gone.")
    Post.objects.filter(pk=post.pk).update(deleted_at=timezone.now())
    page = _client(nw["bob"]).get(LIST).content.decode()
    assert "Ruptures and repairs" in page and "no longer available" in page and "Soon gone" not in page


def test_the_notifications_page_costs_the_same_with_1_and_50_notifications(nw):
    bob = nw["bob"]
    topic = start_topic(author=nw["alice"], community=nw["closed"], title="Query budget", body="Hi.").post.topic
    settle()

    def add(count):
        for _ in range(count):
            post = reply(author=nw["alice"], topic=topic, body="More.").post
            notify(
                recipient=bob,
                kind=NotificationKind.REPLY,
                target=post,
                community_id=nw["closed"].pk,
                actor=nw["alice"],
                snapshot={"title": "Query budget", "excerpt": "More.", "url": f"/posts/{post.pk}/"},
            )

    client = _client(bob)
    add(1)
    with_one = queries_for(client, LIST)
    add(49)
    assert queries_for(client, LIST) == with_one


def test_email_preferences_show_the_defaults_and_save_choices(nw):
    client = _client(nw["bob"])
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Mentions" in page and "Every hour" in page and "Pause all e-mails until" in page
    data = {f"mode_{kind}": EmailMode.DIGEST for kind in NotificationKind.values if kind != "join_request"}
    data["mode_join_request"] = EmailMode.NEVER
    data.update(
        {
            "mode_message": EmailMode.NEVER,
            "digest_frequency": DigestFrequency.HOURLY,
            "paused_until": "",
            "meeting_reminders": "hour",
        }
    )
    response = client.post(reverse("notifications:preferences"), data, follow=True)
    assert "Your e-mail preferences are saved." in response.content.decode()
    email_settings = EmailSettings.objects.get(user=nw["bob"])
    assert email_settings.digest_frequency == DigestFrequency.HOURLY
    assert email_settings.mode_for("message") == EmailMode.NEVER
    assert email_settings.mode_for("mention") == EmailMode.DIGEST
    assert email_settings.meeting_reminders == "hour"


def test_a_pause_date_in_the_past_is_refused_next_to_the_field_keeping_the_rest(nw):
    client = _client(nw["bob"])
    data = {f"mode_{kind}": EmailMode.NEVER for kind in NotificationKind.values}
    data.update({"digest_frequency": DigestFrequency.WEEKLY, "paused_until": "2001-01-01", "meeting_reminders": "both"})
    page = client.post(reverse("notifications:preferences"), data).content.decode()
    assert "Choose today or a date in the future" in page
    assert 'value="2001-01-01"' in page
    assert 'value="weekly" id="id_digest_frequency_2" checked' in page or (
        'value="weekly"' in page and "checked" in page
    )
    assert not EmailSettings.objects.filter(user=nw["bob"], digest_frequency="weekly").exists()


def test_a_member_who_just_joined_is_asked_how_closely_to_follow_and_can_choose(nw):
    newcomer = UserFactory()
    add_member(nw["open"], newcomer)
    client = _client(newcomer)
    url = reverse("communities:detail", args=[nw["open"].pk])
    assert "You joined: how closely do you want to follow it?" in client.get(url).content.decode()
    response = client.post(reverse("notifications:community-watch", args=[nw["open"].pk]), {"level": "watching"})
    assert response.status_code == 302
    assert CommunityWatch.objects.get(user=newcomer, community=nw["open"]).level == WatchLevel.WATCHING
    page = client.get(url).content.decode()
    assert "Follow this community" in page and 'value="watching" id="community-watch-watching" checked' in page


def test_following_a_topic_from_its_page(nw):
    topic = start_topic(author=nw["alice"], community=nw["open"], title="Following topics", body="Hi.").post.topic
    client = _client(nw["bob"])
    page = client.get(reverse("discussions:topic", args=[topic.pk]) + "?page=1").content.decode()
    assert "Follow this topic" in page
    client.post(reverse("notifications:topic-watch", args=[topic.pk]), {"level": "muted"})
    assert TopicWatch.objects.get(user=nw["bob"], topic=topic).level == WatchLevel.MUTED


def test_outsiders_cannot_follow_a_closed_community_or_its_topics(nw, member_client):
    topic = start_topic(author=nw["alice"], community=nw["closed"], title="Inside the circle", body="Hi.").post.topic
    assert (
        member_client.post(
            reverse("notifications:community-watch", args=[nw["closed"].pk]), {"level": "watching"}
        ).status_code
        == 404
    )
    assert (
        member_client.post(reverse("notifications:topic-watch", args=[topic.pk]), {"level": "watching"}).status_code
        == 404
    )


def test_champions_choose_whether_their_closed_communitys_emails_carry_text(nw):
    champion = UserFactory(display_name="Chloe Champion")
    add_member(nw["closed"], champion, role="champion")
    client = _client(champion)
    detail = client.get(reverse("communities:detail", args=[nw["closed"].pk])).content.decode()
    assert "what e-mails about this community may include" in detail
    url = reverse("notifications:email-policy", args=[nw["closed"].pk])
    assert "Include the text of posts in e-mails" in client.get(url).content.decode()
    client.post(url, {"include_text": "on"})
    assert CommunityEmailPolicy.objects.get(community=nw["closed"]).include_text is True
    from practica.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="notifications.email_policy_changed", actor=champion).exists()


def test_members_who_are_not_champions_cannot_change_the_email_policy(nw):
    client = _client(nw["bob"])
    url = reverse("notifications:email-policy", args=[nw["closed"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"include_text": "on"}).status_code == 403
    assert not CommunityEmailPolicy.objects.exists()
