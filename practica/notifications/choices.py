from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("Replies to my posts and topics")
    MENTION = "mention", _("Mentions")
    QUOTE = "quote", _("Quotes of my posts")
    LIKE = "like", _("Likes")
    LINKED = "linked", _("Topics linked from my posts")
    NEW_TOPIC = "new_topic", _("New topics in communities I watch")
    NEW_POST = "new_post", _("New posts in topics I watch")
    JOIN_REQUEST = "join_request", _("Join requests decided")
    PROPOSAL = "proposal", _("Community proposals")
    MODERATION = "moderation", _("Messages from moderators")
    FLAG_OUTCOME = "flag_outcome", _("Outcomes of my flags and reports")
    MESSAGE = "message", _("Private messages")
    MEETING = "meeting", _("Meeting reminders and changes")
    SPEAKER_REQUEST = "speaker", _("Speaker requests")
    SURVEY = "survey", _("Surveys for me to answer")


class WatchLevel(models.TextChoices):
    WATCHING = "watching", _("Watching: every new post")
    TRACKING = "tracking", _("Tracking: replies to me, mentions and unread counts")
    NORMAL = "normal", _("Normal: replies to me and mentions")
    MUTED = "muted", _("Muted: nothing")


class EmailMode(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DIGEST = "digest", _("In my digest")
    NEVER = "never", _("Never")


class DigestFrequency(models.TextChoices):
    HOURLY = "hourly", _("Every hour")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class EmailState(models.TextChoices):
    NONE = "none", _("No e-mail")
    PENDING = "pending", _("Waiting to be e-mailed")
    SENT = "sent", _("E-mailed")
    DIGEST = "digest", _("Waiting for the digest")
    DIGESTED = "digested", _("Sent in a digest")
    SKIPPED = "skipped", _("Not e-mailed (already read, or no longer visible)")


class MeetingReminders(models.TextChoices):
    BOTH = "both", _("A day before and an hour before")
    DAY = "day", _("A day before only")
    HOUR = "hour", _("An hour before only")
    NONE = "none", _("No reminders")


# Which reminder leads (meetings.choices.ReminderLead values) each choice lets through.
REMINDER_LEADS = {
    MeetingReminders.BOTH: frozenset({"day", "hour"}),
    MeetingReminders.DAY: frozenset({"day"}),
    MeetingReminders.HOUR: frozenset({"hour"}),
    MeetingReminders.NONE: frozenset(),
}
