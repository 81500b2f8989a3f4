"""Blocking another member, and undoing it.

A block is private to the blocker. Nothing is written that the blocked member could see: no audit entry
(the audit log is read by staff and lists the target), no event, no notification. See
accounts.permissions.is_blocked_by for where blocks apply (never to moderation messages).
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from practica.accounts.models import Block, User
from practica.accounts.permissions import can_block, check


@transaction.atomic
def block_member(*, blocker: User, blocked: User) -> Block:
    """Block a member. Blocking someone already blocked changes nothing."""
    check(blocked.pk != blocker.pk, _("You cannot block yourself."))
    check(can_block(blocker, blocked), _("You cannot block this member."))
    existing = Block.objects.filter(blocker=blocker, blocked=blocked).first()
    if existing is not None:
        return existing
    try:
        # A savepoint, so a second click racing this one does not break the surrounding transaction.
        with transaction.atomic():
            return Block.objects.create(blocker=blocker, blocked=blocked)
    except IntegrityError:
        return Block.objects.get(blocker=blocker, blocked=blocked)


@transaction.atomic
def unblock_member(*, blocker: User, blocked: User) -> bool:
    """Undo a block; True if there was one. Unblocking someone not blocked changes nothing."""
    deleted, _rows = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)
