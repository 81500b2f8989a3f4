"""Writes and look-ups for invitation links: sign-up for people who are not on the members register.

Only the SHA-256 hash of a link's token is stored, so a copy of the database cannot be turned into working
links; staff see the link once, when they create it.
"""

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.models import Invitation, User
from practica.accounts.permissions import can_manage_invitations, check
from practica.core.audit import record

MAX_USES_LIMIT = 1000
MAX_EXPIRY_DAYS = 90


def hash_token(token: str) -> str:
    """The only form in which a token is stored or looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_link(token: str) -> str:
    """The absolute link to give to the invited person, built from the configured site URL (never the Host)."""
    return settings.SITE_URL + reverse("accounts:invitation-accept", kwargs={"token": token})


def find_usable_invitation(token: str) -> Invitation | None:
    """The invitation a link names, if it may still be used; None for unknown, expired, revoked or used up.

    The caller cannot tell these cases apart, on purpose: the person holding a bad link gets one message.
    """
    if not token or len(token) > 200:
        return None
    invitation = Invitation.objects.filter(token_hash=hash_token(token)).first()
    return invitation if invitation is not None and invitation.is_usable() else None


@transaction.atomic
def create_invitation(
    *,
    actor: User,
    email: str,
    note: str,
    max_uses: int,
    expires_in_days: int = 14,
    access_expires_on: date | None = None,
) -> tuple[Invitation, str]:
    """Create an invitation link and return it with its raw token, which is never stored and shown only once."""
    check(can_manage_invitations(actor), _("Only staff can create invitations."))
    if not 1 <= max_uses <= MAX_USES_LIMIT:
        raise ValueError(f"max_uses must be between 1 and {MAX_USES_LIMIT}")
    if not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        raise ValueError(f"expires_in_days must be between 1 and {MAX_EXPIRY_DAYS}")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        token_hash=hash_token(token),
        email=email.strip().lower(),
        note=note.strip(),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=expires_in_days),
        max_uses=max_uses,
        access_expires_on=access_expires_on,
    )
    record(
        actor=actor,
        action="invitation.created",
        target=invitation,
        summary=_("Invitation created: %(note)s") % {"note": invitation.note or invitation.pk},
        # Never the token; whether the link is bound to an address, not the address itself.
        data={
            "max_uses": max_uses,
            "expires_at": invitation.expires_at.isoformat(),
            "bound_to_email": bool(invitation.email),
            "access_expires_on": access_expires_on.isoformat() if access_expires_on else None,
        },
    )
    return invitation, token


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """Stop a link working at once. Accounts already made with it stay; revoking twice changes nothing."""
    check(can_manage_invitations(actor), _("Only staff can revoke invitations."))
    if invitation.revoked_at is not None:
        return invitation
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action="invitation.revoked",
        target=invitation,
        summary=_("Invitation revoked: %(note)s") % {"note": invitation.note or invitation.pk},
    )
    return invitation
