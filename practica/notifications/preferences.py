"""Default e-mail choices per notification kind (a member's EmailSettings.modes overrides them)."""

from practica.notifications.choices import EmailMode, NotificationKind

DEFAULT_MODES = {
    NotificationKind.MENTION: EmailMode.IMMEDIATELY,
    NotificationKind.MESSAGE: EmailMode.IMMEDIATELY,
    NotificationKind.MODERATION: EmailMode.IMMEDIATELY,
    NotificationKind.MEETING: EmailMode.IMMEDIATELY,
    NotificationKind.REPLY: EmailMode.DIGEST,
    NotificationKind.QUOTE: EmailMode.DIGEST,
    NotificationKind.LINKED: EmailMode.DIGEST,
    NotificationKind.NEW_TOPIC: EmailMode.DIGEST,
    NotificationKind.NEW_POST: EmailMode.DIGEST,
    NotificationKind.JOIN_REQUEST: EmailMode.IMMEDIATELY,
    NotificationKind.PROPOSAL: EmailMode.IMMEDIATELY,
    NotificationKind.FLAG_OUTCOME: EmailMode.DIGEST,
    NotificationKind.SPEAKER_REQUEST: EmailMode.IMMEDIATELY,
    NotificationKind.SURVEY: EmailMode.IMMEDIATELY,
    NotificationKind.LIKE: EmailMode.NEVER,
}


def default_mode(kind: str) -> str:
    return DEFAULT_MODES.get(kind, EmailMode.DIGEST)
