"""E-mail about notifications: the member's preferences, the delayed "immediately" e-mail, digests, and
one-click unsubscribe links (RFC 8058) that work without signing in.

Every e-mail decides again, when it is written to the outbox, whether the member may see what it is about
(SECURITY.md, channel 8), and carries a post's text only when that text may travel and the community is not
confidential, or its champions chose to include text (channel 9).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practica.accounts.permissions import is_current_member
from practica.communities.choices import Membership
from practica.core.email import render_templated_email
from practica.core.models import OutboxEmail
from practica.core.outbox import enqueue_email
from practica.notifications.choices import DigestFrequency, EmailMode, EmailState, MeetingReminders, NotificationKind
from practica.notifications.models import CommunityEmailPolicy, EmailContents, EmailSettings, Notification
from practica.notifications.permissions import check, mark_visibility, visible_notifications
from practica.notifications.preferences import default_mode
from practica.notifications.services.delivery import EMAILED_ELSEWHERE, get_email_settings, is_paused
from practica.notifications.wording import headline

# The unsubscribe link of a digest turns off every kind the member gets in digests.
DIGEST = "digest"
UNSUBSCRIBE_MAX_AGE = timedelta(days=90)
# Daily and weekly digests leave from this local hour (weekly ones on Mondays), not at midnight.
DIGEST_HOUR = 7
DIGEST_MAX_ITEMS = 30
DIGEST_TOP_TOPICS = 5


class EmailPreferenceError(Exception):
    """A choice that does not exist; nothing changes."""


class UnsubscribeLinkError(Exception):
    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired


def configurable_kinds() -> list[str]:
    """The kinds a member chooses e-mail for: every kind."""
    return list(NotificationKind.values)


def modes_for(kind: str) -> list[str]:
    """The choices for a kind. A kind another app e-mails itself (a join request's outcome, written by
    communities as it is decided) comes at once or not at all: there is no digest of it."""
    if kind in EMAILED_ELSEWHERE:
        return [EmailMode.IMMEDIATELY, EmailMode.NEVER]
    return list(EmailMode.values)


# Preferences.


@transaction.atomic
def update_email_preferences(
    *, user, modes: dict[str, str], digest_frequency: str, paused_until=None, meeting_reminders: str | None = None
) -> EmailSettings:
    """Save a member's e-mail choices: per kind, the digest's rhythm, a break until a date, and which meeting
    reminders they get (unchanged when not given)."""
    for kind, mode in modes.items():
        if kind not in configurable_kinds() or mode not in modes_for(kind):
            raise EmailPreferenceError(_("Choose immediately, in my digest, or never for each kind."))
    if digest_frequency not in DigestFrequency.values:
        raise EmailPreferenceError(_("Choose how often your digest comes."))
    if meeting_reminders is not None and meeting_reminders not in MeetingReminders.values:
        raise EmailPreferenceError(_("Choose which meeting reminders you want."))
    email_settings = get_email_settings(user)
    email_settings.modes = {**email_settings.modes, **modes}
    email_settings.digest_frequency = digest_frequency
    email_settings.paused_until = paused_until
    email_settings.meeting_reminders = meeting_reminders or email_settings.meeting_reminders
    email_settings.save(update_fields=["modes", "digest_frequency", "paused_until", "meeting_reminders"])
    # What waits for an e-mail follows the new choices at once (a kind turned off is not e-mailed later).
    for kind, mode in modes.items():
        if mode == EmailMode.NEVER:
            Notification.objects.filter(
                recipient=user, kind=kind, email_state__in=[EmailState.PENDING, EmailState.DIGEST]
            ).update(email_state=EmailState.SKIPPED)
    return email_settings


def current_modes(email_settings: EmailSettings) -> dict[str, str]:
    return {kind: email_settings.mode_for(kind) for kind in configurable_kinds()}


# One-click unsubscribe.


def _signer(key: str) -> signing.TimestampSigner:
    # The member's own secret is part of the salt: rotating it revokes every link sent so far.
    return signing.TimestampSigner(salt=f"practica.notifications.unsubscribe:{key}")


def unsubscribe_token(user, kind: str) -> str:
    return _signer(get_email_settings(user).unsubscribe_key).sign(f"{user.pk}.{kind}")


def unsubscribe_url(user, kind: str) -> str:
    return settings.SITE_URL + reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})


@dataclass
class UnsubscribeLink:
    user: object
    kind: str

    @property
    def label(self) -> str:
        if self.kind == DIGEST:
            return _("digest e-mails")
        return str(NotificationKind(self.kind).label)


def read_unsubscribe_token(token: str) -> UnsubscribeLink:
    """Who and which kind a link is for; UnsubscribeLinkError (saying why) when it is not a valid link."""
    invalid = UnsubscribeLinkError(_("This unsubscribe link is not valid. It may have been copied incompletely."))
    value = token.rsplit(":", 2)[0] if token.count(":") >= 2 else ""
    user_pk, _dot, kind = value.partition(".")
    if not user_pk.isdigit() or (kind != DIGEST and kind not in configurable_kinds()):
        raise invalid
    email_settings = EmailSettings.objects.select_related("user").filter(user_id=int(user_pk)).first()
    if email_settings is None or not email_settings.unsubscribe_key or not email_settings.user.is_active:
        raise invalid
    try:
        _signer(email_settings.unsubscribe_key).unsign(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise UnsubscribeLinkError(
            _("This unsubscribe link has expired: links work for %(days)d days.") % {"days": UNSUBSCRIBE_MAX_AGE.days},
            expired=True,
        ) from error
    except signing.BadSignature as error:
        raise invalid from error
    return UnsubscribeLink(user=email_settings.user, kind=kind)


@transaction.atomic
def unsubscribe(*, user, kind: str) -> list[str]:
    """Turn off one kind of e-mail (for a digest: every kind the member gets in digests). Returns the kinds."""
    email_settings = EmailSettings.objects.select_for_update().get(pk=get_email_settings(user).pk)
    if kind == DIGEST:
        kinds = [k for k in configurable_kinds() if email_settings.mode_for(k) == EmailMode.DIGEST]
    elif kind in configurable_kinds():
        kinds = [kind]
    else:
        raise EmailPreferenceError(_("There is no such kind of e-mail."))
    email_settings.modes = {**email_settings.modes, **{k: EmailMode.NEVER for k in kinds}}
    email_settings.save(update_fields=["modes"])
    Notification.objects.filter(
        recipient=user, kind__in=kinds, email_state__in=[EmailState.PENDING, EmailState.DIGEST]
    ).update(email_state=EmailState.SKIPPED)
    return kinds


@transaction.atomic
def rotate_unsubscribe_key(*, user) -> None:
    """Make every unsubscribe link sent so far stop working (new e-mails carry new ones)."""
    import secrets

    email_settings = get_email_settings(user)
    email_settings.unsubscribe_key = secrets.token_urlsafe(24)
    email_settings.save(update_fields=["unsubscribe_key"])


def _headers(user, kind: str) -> dict:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# E-mails other apps write themselves (EMAILED_ELSEWHERE): the same footer, unsubscribe link and choices.


def member_choices_for_join_requests(user) -> dict:
    """The footer and one-click unsubscribe headers of the join-request e-mail communities writes."""
    kind = NotificationKind.JOIN_REQUEST
    return {
        "context": {
            "why": _("you asked to join a community; you can turn these e-mails off."),
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
            "unsubscribe_url": unsubscribe_url(user, kind),
        },
        "headers": _headers(user, kind),
    }


def check_join_request_email(email) -> str | None:
    """Just before a join request's outcome is sent: not to a member who turned these off or paused e-mail."""
    user = email.recipient
    if user is None:
        return None
    email_settings = EmailSettings.objects.filter(user=user).first()
    if is_paused(email_settings, timezone.localdate()):
        return _("Not sent: the member has paused e-mails.")
    if email_settings is not None and email_settings.mode_for(NotificationKind.JOIN_REQUEST) == EmailMode.NEVER:
        return _("Not sent: the member turned off these e-mails.")
    return None


# What an e-mail may carry.


def _confidential(community) -> bool:
    return community is not None and (community.membership != Membership.OPEN or community.unlisted)


def _text_allowed_in(communities) -> dict[int, bool]:
    """{community id: whether e-mails may carry post text}: open communities yes; confidential ones only when
    their champions chose it."""
    communities = [c for c in communities if c is not None]
    opted_in = set(
        CommunityEmailPolicy.objects.filter(
            community_id__in=[c.pk for c in communities if _confidential(c)], include_text=True
        ).values_list("community_id", flat=True)
    )
    return {c.pk: (not _confidential(c)) or c.pk in opted_in for c in communities}


def _item(notification, text_allowed: dict[int, bool]) -> dict:
    snapshot = notification.snapshot or {}
    excerpt = ""
    if notification.show_excerpt and (notification.community_id is None or text_allowed.get(notification.community_id)):
        excerpt = snapshot.get("excerpt", "")
    url = snapshot.get("url", "") if notification.available else ""
    return {
        "headline": headline(notification),
        "excerpt": excerpt,
        "link": settings.SITE_URL + (url or reverse("notifications:list")),
        "community_name": notification.community.name if notification.community_id else "",
    }


def already_read_on_site(notification) -> bool:
    """The notification was opened, or the member has read the topic past this post."""
    if notification.read_at is not None:
        return True
    if notification.content_type_id is None or notification.content_type.model != "post":
        return False
    from practica.discussions.models import Post, ReadState

    post = Post.objects.filter(pk=notification.object_id).only("topic_id", "number").first()
    return (
        post is not None
        and ReadState.objects.filter(
            user_id=notification.recipient_id, topic_id=post.topic_id, last_read_number__gte=post.number
        ).exists()
    )


def _emails_today(user, now: datetime) -> int:
    return OutboxEmail.objects.filter(
        recipient=user, category__startswith="notification:", created_at__gte=now - timedelta(hours=24)
    ).count()


def send_notification_email(notification_id: int, now: datetime | None = None) -> str | None:
    """Decide, a few minutes after it arrived, what happens to an "immediately" notification's e-mail:
    sent, folded into the digest (preferences changed, or the daily cap reached), or not sent at all."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "community", "content_type")
            .filter(pk=notification_id, email_state=EmailState.PENDING)
            .first()
        )
        if notification is None:
            return None
        state = _decide(notification, now)
        if state == EmailState.SENT:
            _write_notification_email(notification)
        Notification.objects.filter(pk=notification.pk).update(email_state=state)
    return state


def _decide(notification, now: datetime) -> str:
    user = notification.recipient
    if not is_current_member(user) or not user.email:
        return EmailState.SKIPPED
    email_settings = EmailSettings.objects.filter(user=user).first()
    if is_paused(email_settings, timezone.localdate(now)):
        return EmailState.SKIPPED
    mode = email_settings.mode_for(notification.kind) if email_settings else default_mode(notification.kind)
    if mode == EmailMode.NEVER:
        return EmailState.SKIPPED
    if mode == EmailMode.DIGEST:
        return EmailState.DIGEST
    if not visible_notifications(user, Notification.objects.filter(pk=notification.pk)).exists():
        return EmailState.SKIPPED
    if not mark_visibility(user, [notification]) or not notification.available:
        return EmailState.SKIPPED
    if already_read_on_site(notification):
        return EmailState.SKIPPED
    if _emails_today(user, now) >= settings.EMAIL_DAILY_CAP:
        return EmailState.DIGEST
    return EmailState.SENT


def _write_notification_email(notification) -> None:
    user = notification.recipient
    item = _item(notification, _text_allowed_in([notification.community]))
    subject, text, html = render_templated_email(
        "notifications/email/notification",
        {
            **item,
            "kind_label": str(NotificationKind(notification.kind).label),
            "why": _("you asked to be e-mailed about “%(kind)s” as they happen.")
            % {"kind": NotificationKind(notification.kind).label},
            "reply_url": item["link"],
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
            "unsubscribe_url": unsubscribe_url(user, notification.kind),
        },
    )
    key = f"notification:{notification.pk}"
    _remember_contents(key, user, notification_ids=[notification.pk], community_ids=[notification.community_id])
    enqueue_email(
        key=key,
        to=user.email,
        subject=subject,
        text=text,
        html=html,
        recipient=user,
        category=f"notification:{notification.kind}",
        headers=_headers(user, notification.kind),
    )


def _remember_contents(key: str, user, *, notification_ids: list[int], community_ids: list) -> None:
    """Note what the e-mail speaks of, for the check just before it is sent (services.send_checks)."""
    EmailContents.objects.get_or_create(
        outbox_key=key,
        defaults={
            "recipient": user,
            "notification_ids": sorted(set(notification_ids)),
            "community_ids": sorted({pk for pk in community_ids if pk is not None}),
        },
    )


# Digests.


def _bucket(frequency: str, moment: datetime) -> str:
    local = timezone.localtime(moment)
    if frequency == DigestFrequency.HOURLY:
        return local.strftime("%Y-%m-%dT%H")
    if frequency == DigestFrequency.WEEKLY:
        year, week, _weekday = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.date().isoformat()


def digest_due(email_settings: EmailSettings | None, now: datetime) -> str | None:
    """The period this member's digest would cover now, or None when it is not time yet. The period also
    names the e-mail, so a digest is written once per period however often the job runs."""
    frequency = email_settings.digest_frequency if email_settings else DigestFrequency.DAILY
    local = timezone.localtime(now)
    if frequency != DigestFrequency.HOURLY and local.hour < DIGEST_HOUR:
        return None
    if frequency == DigestFrequency.WEEKLY and local.weekday() != 0:
        return None
    bucket = _bucket(frequency, now)
    last = email_settings.last_digest_at if email_settings else None
    if last is not None and _bucket(frequency, last) == bucket:
        return None
    return bucket


def _top_topics(user, since: datetime) -> list:
    """The busiest topics since the last digest in the member's own communities (titles and links only)."""
    from practica.discussions.models import Topic

    return list(
        Topic.objects.visible_to(user)
        .filter(community__memberships__user=user, last_posted_at__gte=since)
        .select_related("community")
        .order_by("-post_count", "-like_count", "-id")[:DIGEST_TOP_TOPICS]
    )


def _followed_topics(user, since: datetime) -> list[dict]:
    """Topics the member tracks or watches with posts they have not read since the last digest (titles, counts
    and links only): what "tracking" adds to a digest."""
    from django.db.models import F, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from practica.discussions.models import ReadState, Topic
    from practica.notifications.queries import counts_unread

    last_read = ReadState.objects.filter(topic=OuterRef("pk"), user=user).values("last_read_number")[:1]
    topics = (
        Topic.objects.visible_to(user)
        .filter(last_posted_at__gte=since)
        .annotate(
            followed=counts_unread(user),
            read_up_to=Coalesce(Subquery(last_read, output_field=IntegerField()), Value(0)),
        )
        .filter(followed=True, next_post_number__gt=F("read_up_to") + 1)
        .select_related("community")
        .order_by("-last_posted_at", "-pk")[:DIGEST_TOP_TOPICS]
    )
    return [
        {
            "title": topic.title,
            "community_name": topic.community.name,
            "community_id": topic.community_id,
            "unread": topic.next_post_number - 1 - topic.read_up_to,
            "link": settings.SITE_URL + reverse("discussions:topic", kwargs={"pk": topic.pk}),
        }
        for topic in topics
    ]


def _upcoming_meetings(user, now: datetime, until: datetime) -> list[dict]:
    """The member's meetings before the next digest is due (at least the coming week), in their time zone."""
    from zoneinfo import ZoneInfo

    from practica.meetings.choices import OccurrenceStatus
    from practica.meetings.queries import member_zone, mine

    local = ZoneInfo(member_zone(user))
    occurrences = (
        mine(user, since=now)
        .filter(starts_at__lt=max(until, now + timedelta(days=7)))
        .exclude(status=OccurrenceStatus.CANCELLED)[:DIGEST_TOP_TOPICS]
    )
    return [
        {
            "title": occurrence.title,
            "when": formats.date_format(occurrence.starts_at.astimezone(local), "l j F, H:i"),
            "link": settings.SITE_URL + occurrence.get_absolute_url(),
            "community_name": occurrence.community.name if occurrence.community_id else _("Everyone"),
            "community_id": occurrence.community_id,
        }
        for occurrence in occurrences
    ]


def send_digest(user, now: datetime | None = None) -> bool:
    """Write this member's digest to the outbox if it is due and has anything to say; True when written."""
    now = now or timezone.now()
    email_settings = get_email_settings(user)
    if is_paused(email_settings, timezone.localdate(now)) or not is_current_member(user) or not user.email:
        return False
    bucket = digest_due(email_settings, now)
    if bucket is None:
        return False
    with transaction.atomic():
        waiting = Notification.objects.select_for_update().filter(recipient=user, email_state=EmailState.DIGEST)
        waiting_ids = set(waiting.values_list("pk", flat=True))
        if not waiting_ids:
            return False
        candidates = list(
            visible_notifications(user, Notification.objects.filter(pk__in=waiting_ids, read_at__isnull=True))
            .select_related("community", "content_type")
            .order_by("created_at", "pk")
        )
        shown = mark_visibility(user, candidates)
        shown_ids = {n.pk for n in shown}
        # Read on the site already, or no longer visible: nothing to e-mail about.
        Notification.objects.filter(pk__in=waiting_ids - shown_ids).update(email_state=EmailState.SKIPPED)
        if not shown:
            return False
        Notification.objects.filter(pk__in=shown_ids).update(email_state=EmailState.DIGESTED)
        since = email_settings.last_digest_at or (now - _period(email_settings.digest_frequency))
        _write_digest(user, email_settings, shown, since=since, now=now, bucket=bucket)
        EmailSettings.objects.filter(pk=email_settings.pk).update(last_digest_at=now)
    return True


def _period(frequency: str) -> timedelta:
    return {DigestFrequency.HOURLY: timedelta(hours=1), DigestFrequency.WEEKLY: timedelta(days=7)}.get(
        frequency, timedelta(days=1)
    )


def _write_digest(user, email_settings, notifications: list, *, since: datetime, now: datetime, bucket: str) -> None:
    text_allowed = _text_allowed_in({n.community for n in notifications if n.community_id})
    items = [_item(n, text_allowed) for n in notifications[:DIGEST_MAX_ITEMS]]
    frequency = DigestFrequency(email_settings.digest_frequency)
    count = len(notifications)
    top_topics = _top_topics(user, since)
    followed = _followed_topics(user, since)
    meetings = _upcoming_meetings(user, now, now + _period(email_settings.digest_frequency))
    subject, text, html = render_templated_email(
        "notifications/email/digest",
        {
            "items": items,
            "more": max(count - DIGEST_MAX_ITEMS, 0),
            "count": count,
            "count_text": ngettext("%(count)d new notification", "%(count)d new notifications", count)
            % {"count": count},
            "frequency": str(frequency.label).lower(),
            "top_topics": [
                {
                    "title": topic.title,
                    "community_name": topic.community.name,
                    "link": settings.SITE_URL + reverse("discussions:topic", kwargs={"pk": topic.pk}),
                    "replies": topic.reply_count,
                }
                for topic in top_topics
            ],
            "followed_topics": followed,
            "meetings": meetings,
            "notifications_url": settings.SITE_URL + reverse("notifications:list"),
            "why": _("you chose a digest %(frequency)s for some kinds of notification.")
            % {"frequency": str(frequency.label).lower()},
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
            "unsubscribe_url": unsubscribe_url(user, DIGEST),
        },
    )
    key = f"digest:{user.pk}:{bucket}"
    _remember_contents(
        key,
        user,
        notification_ids=[n.pk for n in notifications],
        community_ids=[n.community_id for n in notifications]
        + [topic.community_id for topic in top_topics]
        + [topic["community_id"] for topic in followed]
        + [meeting["community_id"] for meeting in meetings],
    )
    enqueue_email(
        key=key,
        to=user.email,
        subject=subject,
        text=text,
        html=html,
        recipient=user,
        category="digest",
        headers=_headers(user, DIGEST),
    )


def send_due_digests(now: datetime | None = None) -> int:
    """Every member with something waiting for a digest whose time has come; returns how many were written."""
    from practica.accounts.models import User

    now = now or timezone.now()
    waiting = Notification.objects.filter(email_state=EmailState.DIGEST).values("recipient_id")
    written = 0
    for user in User.objects.filter(pk__in=waiting).iterator(chunk_size=200):
        written += bool(send_digest(user, now))
    return written


# The community's e-mail policy.


@transaction.atomic
def set_email_policy(*, actor, community, include_text: bool) -> CommunityEmailPolicy:
    """Champions choose whether e-mails about their confidential community may carry the text of posts."""
    from practica.core.audit import record
    from practica.notifications.permissions import can_edit_email_policy

    check(can_edit_email_policy(actor, community), _("Only the community's champions can change this."))
    policy, _created = CommunityEmailPolicy.objects.update_or_create(
        community=community, defaults={"include_text": include_text, "changed_by": actor}
    )
    record(
        actor=actor,
        action="notifications.email_policy_changed",
        target=community,
        summary=_("Post text in e-mails: %(state)s") % {"state": _("on") if include_text else _("off")},
        data={"include_text": include_text},
    )
    return policy
