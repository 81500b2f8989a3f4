"""Writes about members themselves: joining through the register or an invitation, roles, erasure."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.choices import ErasureStatus, FieldVisibility, Role
from practica.accounts.models import Block, ErasureRequest, Invitation, Profile, RegisterEntry, User
from practica.accounts.permissions import can_change_role, can_decide_erasure, check, is_current_member
from practica.core import events
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


# Erasure: a member asks, staff confirm, and the account is anonymised. Posts stay, shown as "former member".


@transaction.atomic
def request_erasure(*, member: User, reason: str = "") -> ErasureRequest:
    """A member asks for their account to be erased. One pending request at a time."""
    check(is_current_member(member), _("Only a current member can ask for their account to be erased."))
    # Locking the user row serialises two quick clicks; the unique constraint is the last word.
    User.objects.select_for_update().filter(pk=member.pk).first()
    if ErasureRequest.objects.filter(user=member, status=ErasureStatus.PENDING).exists():
        raise PermissionDenied(_("You have already asked for your account to be erased."))
    erasure = ErasureRequest.objects.create(user=member, reason=reason.strip())
    record(actor=member, action="erasure.requested", target=member, summary=_("Asked for their account to be erased"))
    return erasure


@transaction.atomic
def cancel_erasure(*, member: User, erasure: ErasureRequest) -> ErasureRequest:
    """The member changed their mind before staff acted."""
    check(erasure.user_id == member.pk, _("This is not your request."))
    check(erasure.status == ErasureStatus.PENDING, _("This request has already been decided."))
    erasure.status = ErasureStatus.CANCELLED
    erasure.decided_at = timezone.now()
    erasure.save(update_fields=["status", "decided_at"])
    record(actor=member, action="erasure.cancelled", target=member, summary=_("Withdrew their erasure request"))
    return erasure


@transaction.atomic
def decide_erasure(*, actor: User, erasure: ErasureRequest, erase: bool, note: str = "") -> ErasureRequest:
    """Staff confirm a request (the account is erased at once) or decline it, with a note for the audit log."""
    check(can_decide_erasure(actor), _("Only staff can decide erasure requests."))
    erasure = ErasureRequest.objects.select_for_update(of=("self",)).select_related("user").get(pk=erasure.pk)
    check(erasure.status == ErasureStatus.PENDING, _("This request has already been decided."))
    if erase:
        erase_member(actor=actor, member=erasure.user)
        erasure.status = ErasureStatus.COMPLETED
        # What they wrote may name them or others; nothing of theirs stays after erasure.
        erasure.reason = ""
    else:
        erasure.status = ErasureStatus.CANCELLED
        record(
            actor=actor,
            action="erasure.declined",
            target=erasure.user,
            summary=_("Erasure request declined"),
            data={"note": note.strip()[:500]},
        )
    erasure.decided_by = actor
    erasure.decided_at = timezone.now()
    erasure.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    return erasure


@transaction.atomic
def erase_member(*, actor: User, member: User) -> User:
    """Anonymise an account: no name, e-mail, password, profile, photo, sign-in or register link is left.

    The row itself stays, so what they posted is still attributed, to "former member" (User.is_erased).
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    from practica.accounts.services.profiles import delete_stored_file

    check(can_decide_erasure(actor), _("Only staff can erase an account."))
    check(actor.pk != member.pk, _("Staff cannot erase their own account; ask a colleague."))
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.is_erased:
        return member
    member.display_name = _("Former member")
    # A handle is made from the name, so it goes too; old posts keep their rendered text.
    member.handle = None
    # .invalid can never be delivered to (RFC 2606), and the random part keeps the unique constraint.
    member.email = f"erased-{member.pk}-{uuid.uuid4().hex[:12]}@erased.invalid"
    member.set_unusable_password()
    # Inactive users are signed out by the members-only middleware at their next request, and the new
    # password hash already invalidates every session's auth hash.
    member.is_active = False
    member.role = Role.MEMBER
    member.is_staff = member.is_superuser = False
    member.suspension_reason = ""
    member.erased_at = timezone.now()
    member.save()
    member.groups.clear()
    # Who they blocked, and who blocked them, is personal data too.
    Block.objects.filter(Q(blocker=member) | Q(blocked=member)).delete()
    member.user_permissions.clear()

    profile = Profile.objects.filter(user=member).first()
    if profile is not None:
        delete_stored_file(profile.photo)
        blank = Profile(user=member)
        for name in Profile.VISIBILITY_FIELDS:
            setattr(profile, name, getattr(blank, name))
            setattr(profile, f"{name}_visibility", FieldVisibility.STAFF)
        profile.photo = None
        profile.listed_in_directory = False
        profile.save()

    RegisterEntry.objects.filter(user=member).update(user=None)
    EmailAddress.objects.filter(user=member).delete()
    SocialAccount.objects.filter(user=member).delete()
    Authenticator.objects.filter(user=member).delete()
    # Kept from the erased person: nothing that names them. The audit entry carries only their id.
    record(actor=actor, action="member.erased", target=member, summary=_("Account erased"))
    # The apps above clear what they hold of the person (message text, CPD log, expert entry).
    events.publish("member.erased", user_id=member.pk)
    return member
