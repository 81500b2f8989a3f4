"""Demo data for notifications: what the demo people follow and how they want their e-mail.

The notifications themselves come from the demo's discussions: every post the discussions demo wrote stored
its "post.created" event, and the demo's task worker turns those into notifications (replies, mentions,
likes, and new posts in what people watch) as it would on a real site. Running it again changes nothing.
"""

from practica.accounts.models import User
from practica.communities.models import CommunityMember
from practica.notifications.choices import DigestFrequency, EmailMode, NotificationKind, WatchLevel
from practica.notifications.models import CommunityWatch
from practica.notifications.services.delivery import get_email_settings


def load() -> None:
    member = User.objects.filter(email="member@example.org").first()
    champion = User.objects.filter(email="champion@example.org").first()
    if member is not None:
        memberships = list(CommunityMember.objects.filter(user=member).order_by("community_id")[:2])
        levels = [WatchLevel.WATCHING, WatchLevel.TRACKING]
        for membership, level in zip(memberships, levels, strict=False):
            CommunityWatch.objects.get_or_create(
                user=member, community_id=membership.community_id, defaults={"level": level}
            )
        email_settings = get_email_settings(member)
        if not email_settings.modes:
            email_settings.modes = {NotificationKind.NEW_POST: EmailMode.DIGEST, NotificationKind.LIKE: EmailMode.NEVER}
            email_settings.digest_frequency = DigestFrequency.HOURLY
            email_settings.save(update_fields=["modes", "digest_frequency"])
    if champion is not None:
        for membership in CommunityMember.objects.filter(user=champion, role="champion"):
            CommunityWatch.objects.get_or_create(
                user=champion, community_id=membership.community_id, defaults={"level": WatchLevel.WATCHING}
            )
        get_email_settings(champion)
