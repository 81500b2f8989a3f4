"""What a notification says, in one sentence, on the page and in e-mails (worded at display time, so it
follows the reader's language and the latest count of a batched like)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practica.notifications.choices import NotificationKind


def headline(notification) -> str:
    snapshot = notification.snapshot or {}
    actor = snapshot.get("actor_name") or _("A member")
    title = snapshot.get("title", "")
    community = snapshot.get("community_name", "")
    kind = notification.kind
    values = {"actor": actor, "title": title, "community": community}
    if kind == NotificationKind.REPLY:
        return _("%(actor)s replied to you in “%(title)s”") % values
    if kind == NotificationKind.MENTION:
        return _("%(actor)s mentioned you in “%(title)s”") % values
    if kind == NotificationKind.QUOTE:
        return _("%(actor)s quoted your post in “%(title)s”") % values
    if kind == NotificationKind.LIKE:
        others = max(notification.actor_count - 1, 0)
        if others == 0:
            return _("%(actor)s liked your post in “%(title)s”") % values
        return ngettext(
            "%(actor)s and %(count)d other member liked your post in “%(title)s”",
            "%(actor)s and %(count)d other members liked your post in “%(title)s”",
            others,
        ) % {**values, "count": others}
    if kind == NotificationKind.LINKED:
        return _("%(actor)s continued your post in a new topic: “%(title)s”") % values
    if kind == NotificationKind.NEW_TOPIC:
        return _("%(actor)s started “%(title)s” in %(community)s") % values
    if kind == NotificationKind.NEW_POST:
        return _("%(actor)s posted in “%(title)s”") % values
    # Join requests, proposals and the kinds other apps send through the "notify" event carry their own title.
    if title:
        return title
    return str(NotificationKind(kind).label) if kind in NotificationKind.values else ""
