"""Writes about members themselves: joining through the register or an invitation, roles, erasure."""

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from practica.accounts.choices import Role
from practica.accounts.models import Invitation, Profile, RegisterEntry, User
from practica.accounts.permissions import can_change_role, check
from practica.core.audit import record


def find_register_entry_for_signup(*, membership_number: str, email: str) -> RegisterEntry | None:
    """The register row that a sign-up names, matched on both the number and the e-mail address."""
    return (
        RegisterEntry.objects.filter(membership_number__iexact=membership_number.strip(), email__iexact=email.strip())
        .select_related("user")
        .first()
    )


def usable_invitation(invitation_id: int | None) -> Invitation | None:
    if not invitation_id:
        return None
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    return invitation if invitation and invitation.is_usable() else None


@transaction.atomic
def complete_signup(*, user: User, register_entry: RegisterEntry | None, invitation: Invitation | None) -> User:
    """Attach a newly signed-up user to the register row or invitation that let them in, and give them a profile."""
    if register_entry is not None:
        claimed = RegisterEntry.objects.filter(pk=register_entry.pk, user__isnull=True).update(user=user)
        if not claimed:
            raise ValueError("register entry already linked")
        user.membership_expires_on = register_entry.expires_on
        profile_divisions = register_entry.division
    elif invitation is not None:
        # The condition in the UPDATE makes the use limit hold even when two people use the link at once.
        used = Invitation.objects.filter(
            Q(pk=invitation.pk), Q(use_count__lt=F("max_uses")), Q(revoked_at__isnull=True)
        ).update(use_count=F("use_count") + 1)
        if not used:
            raise ValueError("invitation used up")
        user.invitation = invitation
        user.membership_expires_on = invitation.access_expires_on
        profile_divisions = ""
    else:
        raise ValueError("sign-up needs a register entry or an invitation")
    user.save(update_fields=["membership_expires_on", "invitation"])
    Profile.objects.get_or_create(user=user, defaults={"divisions": profile_divisions})
    record(actor=user, action="account.signed_up", target=user, summary=_("Signed up"))
    return user


@transaction.atomic
def change_role(*, actor: User, member: User, role: str) -> User:
    """Give a member a site role. Only admins may, and every change goes into the audit log."""
    check(can_change_role(actor, member, role), _("Only an admin can change roles, and not their own."))
    previous = member.role
    if previous == role:
        return member
    member.role = role
    # Django's admin site is for admins only.
    member.is_staff = member.is_superuser = role == Role.ADMIN
    member.save(update_fields=["role", "is_staff", "is_superuser"])
    record(
        actor=actor,
        action="member.role_changed",
        target=member,
        summary=_("Role changed from %(old)s to %(new)s") % {"old": previous, "new": role},
        data={"from": previous, "to": role},
    )
    return member
