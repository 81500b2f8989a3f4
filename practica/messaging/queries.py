"""Reads for the messaging pages, each starting from a visibility rule in permissions.py, with its prefetches."""

from django.core.cache import cache
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse

from practica.accounts.models import Block, User
from practica.messaging.choices import InboxOrder
from practica.messaging.models import Conversation, Message, MessagingPreference, Participant
from practica.messaging.permissions import can_view_reported_message, visible_conversations

INBOX_PAGE_SIZE = 25
MESSAGES_PAGE_SIZE = 50
SUGGESTIONS_MAX = 20


def list_inbox(user, *, order: str = InboxOrder.NEWEST) -> QuerySet:
    """The member's conversations (their own participation rows), with what each inbox row shows."""
    rows = (
        Participant.objects.filter(user=user, left_at__isnull=True, conversation__last_message_at__isnull=False)
        .select_related("conversation__last_message__sender")
        .prefetch_related(
            Prefetch(
                "conversation__participants",
                queryset=Participant.objects.select_related("user").order_by("joined_at", "id"),
            )
        )
    )
    newest = ("-conversation__last_message_at", "-conversation_id")
    if order == InboxOrder.UNREAD:
        unread_first = Case(When(unread_count__gt=0, then=Value(0)), default=Value(1), output_field=IntegerField())
        return rows.order_by(unread_first, *newest)
    return rows.order_by(*newest)


# The menu's count is on every page, so it is cached per member and forgotten whenever a service changes it
# (services.forget_unread_counts); the time limit only bounds staleness between processes without a shared cache.
UNREAD_CACHE_SECONDS = 60


def unread_cache_key(user_id: int) -> str:
    return f"messaging:unread:{user_id}"


def unread_conversation_count(user) -> int:
    """Conversations with unread messages, for the main menu: one indexed query, then cached."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Participant.objects.filter(user=user, left_at__isnull=True, muted=False, unread_count__gt=0).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def get_conversation_for(user, pk: int) -> Conversation:
    """A conversation the user takes part in; 404 for everyone else, staff included, as if it did not exist."""
    conversation = (
        visible_conversations(user, Conversation.objects.all()).select_related("created_by").filter(pk=pk).first()
    )
    if conversation is None:
        raise Http404
    return conversation


def participants_of(conversation: Conversation) -> list[Participant]:
    return list(
        conversation.participants.select_related("user", "user__messaging_preference").order_by("joined_at", "id")
    )


def messages_of(conversation: Conversation) -> QuerySet:
    return conversation.messages.select_related("sender").order_by("created_at", "id")


def blocked_ids(user, people: list[User]) -> set[int]:
    """Which of these people the viewer blocked (their messages are collapsed for the viewer only)."""
    return set(
        Block.objects.filter(blocker=user, blocked__in=[person.pk for person in people]).values_list(
            "blocked_id", flat=True
        )
    )


def get_reported_message_for(user, pk: int) -> Message:
    """A flagged or reported message for the reviewers of its queue item; 404 for everyone else."""
    message = Message.objects.select_related("conversation", "sender").filter(pk=pk).first()
    if message is None or not can_view_reported_message(user, message):
        raise Http404
    return message


def message_in_conversation_url(user, pk: int) -> str | None:
    """Where a participant finds a message in its conversation (the page it is on), or None."""
    message = Message.objects.visible_to(user).select_related("conversation").filter(pk=pk).first()
    if message is None:
        return None
    earlier = message.conversation.messages.filter(created_at__lt=message.created_at).count()
    page = earlier // MESSAGES_PAGE_SIZE + 1
    path = reverse("messaging:conversation", args=[message.conversation_id])
    return f"{path}?page={page}#message-{message.pk}"


def recipient_suggestions(user, query: str) -> list[User]:
    """Members the sender may find in the directory, by name or handle (security channel 4)."""
    query = " ".join((query or "").split())[:60]
    if len(query) < 2:
        return []
    handle = query.lstrip("@")
    return list(
        User.objects.visible_to(user)
        .exclude(pk=user.pk)
        .filter(Q(display_name__icontains=query) | Q(handle__istartswith=handle))
        .order_by("display_name", "id")[:SUGGESTIONS_MAX]
    )


def chosen_recipients(user, ids: list[int], *, post_author: User | None = None) -> list[User]:
    """The members picked so far, in the order picked: people the sender may find in the directory, and the
    author of a post the sender is reading (who may have chosen not to be listed)."""
    ids = [pk for pk in dict.fromkeys(ids) if pk != user.pk]
    found = {person.pk: person for person in User.objects.visible_to(user).filter(pk__in=ids)}
    if post_author is not None and post_author.pk in ids and post_author.is_active and not post_author.is_erased:
        found.setdefault(post_author.pk, post_author)
    return [found[pk] for pk in ids if pk in found]


def visible_post_author(user, post_pk) -> User | None:
    """The author of a post the user may read (a conversation started from a post)."""
    from practica.discussions.models import Post

    try:
        pk = int(post_pk)
    except (TypeError, ValueError):
        return None
    post = Post.objects.visible_to(user).select_related("author").filter(pk=pk).first()
    return post.author if post is not None else None


def export_for(member) -> dict:
    """The member's part of their data export: their settings and the messages they wrote (others' messages
    are the others' data, so they are left out)."""
    preference = MessagingPreference.objects.filter(user=member).first()
    sent = Message.objects.filter(sender=member).exclude(body="").order_by("created_at", "id")
    return {
        "preferences": {
            "who_may_message": preference.who_may_message if preference else "anyone",
            "read_receipts": bool(preference and preference.read_receipts),
        },
        "messages_sent": [
            {"conversation": message.conversation_id, "sent_at": message.created_at.isoformat(), "text": message.body}
            for message in sent.iterator()
        ],
    }
