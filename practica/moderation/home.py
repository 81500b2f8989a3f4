"""What moderation adds to the home page: a link to the review queue, with how many items wait there."""

from practica.moderation.choices import ItemStatus
from practica.moderation.models import ReviewItem
from practica.moderation.permissions import can_use_queue, reviewable_items


def review_queue_section(user) -> dict | None:
    """For moderators, staff and champions only; at most two queries whatever the queue's length."""
    if not can_use_queue(user):
        return None
    waiting = reviewable_items(user, ReviewItem.objects.filter(status=ItemStatus.OPEN)).count()
    return {"waiting": waiting}
