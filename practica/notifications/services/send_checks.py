"""The last look before a notification or digest e-mail leaves the outbox (SECURITY.md, channel 8).

An e-mail written during a mail-server outage may wait for hours. Just before it is sent, the outbox asks
these checks (registered with practica.core.delivery by the app's config) whether its reader may still see
everything it speaks of, still wants e-mail, and has not read it on the site meanwhile. A reason returned
cancels the e-mail; staff see the reason on the outbox page. What a cancelled digest carried and the member may
still see waits for the next digest, so nothing they may read is lost.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.permissions import is_current_member
from practica.communities.models import Community
from practica.communities.permissions import readable_communities
from practica.core.models import OutboxEmail
from practica.notifications.choices import EmailMode, EmailState
from practica.notifications.models import EmailContents, EmailSettings, Notification
from practica.notifications.permissions import mark_visibility, visible_notifications
from practica.notifications.services.delivery import is_paused
from practica.notifications.services.email import already_read_on_site


def _readable_all(user, community_ids: list[int]) -> bool:
    if not community_ids or user.is_lead:
        return True
    readable = readable_communities(user, Community.objects.filter(pk__in=community_ids)).values_list("pk", flat=True)
    return set(readable) >= set(community_ids)


def _reason(contents: EmailContents, *, digest: bool) -> tuple[str | None, list[Notification]]:
    """(why not to send, or None; the notifications still visible to the reader)."""
    user = contents.recipient
    if user is None:
        return _("Not sent: the recipient's account no longer exists."), []
    if not user.is_active or not is_current_member(user):
        return _("Not sent: the recipient is no longer a current member."), []
    email_settings = EmailSettings.objects.filter(user=user).first()
    if is_paused(email_settings, timezone.localdate()):
        return _("Not sent: the member has paused e-mails."), []
    ids = list(contents.notification_ids)
    notifications = list(
        visible_notifications(user, Notification.objects.filter(pk__in=ids)).select_related("community", "content_type")
    )
    shown = mark_visibility(user, notifications)
    # A digest may name a post deleted since (it reads "no longer available"); a single e-mail about it may not.
    if len(shown) < len(ids) or (not digest and any(not n.available for n in shown)):
        return _("Not sent: the member can no longer see what it is about."), shown
    if not _readable_all(user, contents.community_ids):
        return _("Not sent: the member can no longer see a community it names."), shown
    if not digest:
        [notification] = shown
        mode = email_settings.mode_for(notification.kind) if email_settings else None
        if mode == EmailMode.NEVER:
            return _("Not sent: the member turned off these e-mails."), []
        if already_read_on_site(notification):
            return _("Not sent: the member already read it on the site."), []
    else:
        if shown and all(n.read_at is not None for n in shown):
            return _("Not sent: the member already read everything in it on the site."), []
        # Turned off since (unsubscribed from the digest). A kind may be "immediately" yet wait here, folded in
        # by the daily cap, so only "never" counts as off.
        if email_settings and shown and all(email_settings.mode_for(n.kind) == EmailMode.NEVER for n in shown):
            return _("Not sent: the member turned off these e-mails."), []
    return None, shown


def check_notification_email(email: OutboxEmail) -> str | None:
    contents = EmailContents.objects.select_related("recipient").filter(outbox_key=email.idempotency_key).first()
    if contents is None:
        return None
    reason, _shown = _reason(contents, digest=False)
    if reason:
        Notification.objects.filter(pk__in=contents.notification_ids).update(email_state=EmailState.SKIPPED)
    return reason


def check_digest_email(email: OutboxEmail) -> str | None:
    contents = EmailContents.objects.select_related("recipient").filter(outbox_key=email.idempotency_key).first()
    if contents is None:
        return None
    reason, still_visible = _reason(contents, digest=True)
    if reason:
        # What the member may still see and has not read goes in the next digest instead.
        keep = [n.pk for n in still_visible if n.read_at is None]
        Notification.objects.filter(pk__in=keep, email_state=EmailState.DIGESTED).update(email_state=EmailState.DIGEST)
        Notification.objects.filter(pk__in=set(contents.notification_ids) - set(keep)).update(
            email_state=EmailState.SKIPPED
        )
    return reason
