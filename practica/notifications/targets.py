"""Visibility checks for the communities objects notifications point at (communities registers none of its
own: these are the only channel through which they travel)."""

from practica.communities.permissions import can_view_proposal


def can_see_join_request(user, join_request) -> bool:
    """A decision on a join request is for the person who asked."""
    return join_request.user_id == user.pk


def can_see_proposal(user, proposal) -> bool:
    return can_view_proposal(user, proposal)
