"""Reads about members for pages: profiles as a viewer sees them, the directory, staff lists, data exports.

Every read starts from `User.objects.visible_to(viewer)`, and every profile field passes through
`permissions.can_view_profile_field` before it is shown, searched or exported (SECURITY.md channels 5, 6).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from practica.accounts.choices import ErasureStatus, FieldVisibility, Role
from practica.accounts.models import Block, ErasureRequest, Profile, RegisterEntry, User
from practica.accounts.permissions import can_view_profile_field, community_mates
from practica.core.models import AuditEntry
from practica.core.pagination import paginate  # noqa: F401  (this app's views use queries.paginate)

PROFILE_FIELDS = Profile.VISIBILITY_FIELDS
# Shown as text on profiles and cards, in this order; the photo is shown as an image.
TEXT_FIELDS = tuple(name for name in PROFILE_FIELDS if name != "photo")
DIRECTORY_PAGE_SIZE = 24
STAFF_PAGE_SIZE = 50

# Higher apps add their part of a member's data export (their posts, memberships, ...) by registering a
# function of the member that returns JSON-serialisable data about that member only.
ExportSection = Callable[[User], object]
_export_sections: dict[str, ExportSection] = {}


def register_export_section(name: str, build: ExportSection) -> None:
    _export_sections[name] = build


@dataclass
class ProfileView:
    """A profile as one viewer may see it: only the fields that viewer is allowed, with their values."""

    user: User
    profile: Profile
    fields: dict[str, str] = field(default_factory=dict)
    show_photo: bool = False


def profile_of(user: User) -> Profile:
    try:
        return user.profile
    except Profile.DoesNotExist:
        # A user created outside sign-up (createsuperuser) may have no profile yet: show an empty one.
        return Profile(user=user)


def _effective_visibility(visibility: str, shares_community: bool | None) -> str:
    """When a list already knows whether viewer and owner share a community, say so without another query.

    "Members of my communities" then means "all members" (they share one) or "staff only" (they do not), and
    can_view_profile_field still makes the decision, including its rules for the owner and for staff.
    """
    if visibility == FieldVisibility.COMMUNITIES and shares_community is not None:
        return FieldVisibility.MEMBERS if shares_community else FieldVisibility.STAFF
    return visibility


def visible_profile_fields(viewer, owner: User, *, shares_community: bool | None = None) -> ProfileView:
    """The profile of `owner` exactly as `viewer` may see it. Used by every page that shows a profile."""
    profile = profile_of(owner)
    if shares_community is None:
        shares_community = getattr(owner, "shares_community_with_viewer", None)
    view = ProfileView(user=owner, profile=profile)
    for name in PROFILE_FIELDS:
        visibility = _effective_visibility(profile.visibility_of(name), shares_community)
        if can_view_profile_field(viewer, owner, name, visibility=visibility):
            if name == "photo":
                view.show_photo = bool(profile.photo)
            else:
                view.fields[name] = getattr(profile, name)
    return view


def get_profile_for(viewer, pk: int) -> ProfileView:
    """One member's profile page; 404 for anyone the viewer may not see, exactly as for a missing id."""
    owner = get_object_or_404(User.objects.visible_to(viewer).select_related("profile"), pk=pk)
    return visible_profile_fields(viewer, owner)


def get_member_with_photo_for(viewer, pk: int) -> Profile:
    """The profile whose photo the viewer asked for; 404 unless the photo exists and is theirs to see."""
    from django.http import Http404

    view = get_profile_for(viewer, pk)
    if not view.show_photo:
        raise Http404
    return view.profile


PREVIEW_AUDIENCES = ("members", "communities", "staff")


def preview_profile(owner: User, audience: str) -> ProfileView:
    """The owner's profile as (a) any member, (b) a member of one of their communities, or (c) staff sees it.

    The stand-in viewer is never saved and never equals the owner, so the owner's own view does not leak in.
    """
    stand_in = User(role=Role.STAFF if audience == "staff" else Role.MEMBER, display_name="")
    return visible_profile_fields(stand_in, owner, shares_community=audience == "communities")


def _field_visible_q(viewer, name: str, mates: QuerySet | None) -> Q:
    """SQL for "viewer may see this field of the member": the rules of can_view_profile_field, in a query.

    Directory filters use it so that nobody can find a member by a field they may not see (channel 5).
    Tests check that it agrees with can_view_profile_field for every visibility.
    """
    if viewer.is_lead:
        return Q()
    column = f"profile__{name}_visibility"
    allowed = Q(pk=viewer.pk) | Q(**{column: FieldVisibility.MEMBERS})
    if mates is not None:
        allowed |= Q(**{column: FieldVisibility.COMMUNITIES}) & Q(pk__in=mates)
    return allowed


def list_directory(viewer, *, q: str = "", division: str = "", area: str = "", location: str = "") -> QuerySet:
    """Members the viewer may see, searched by name and filtered only on fields the viewer may see."""
    mates = community_mates(viewer) if not viewer.is_lead else None
    members = User.objects.visible_to(viewer).select_related("profile").order_by("display_name", "id")
    if mates is not None:
        # Read once per page by the cards, so "members of my communities" fields cost no query per member.
        members = members.annotate(shares_community_with_viewer=Exists(mates.filter(pk=OuterRef("pk"))))
    if q := q.strip():
        members = members.filter(display_name__icontains=q)
    for value, name in ((division, "divisions"), (area, "areas_of_practice"), (location, "location")):
        if value := value.strip():
            # The visibility condition comes first and applies to the same member as the match.
            members = members.filter(_field_visible_q(viewer, name, mates), **{f"profile__{name}__icontains": value})
    return members


def directory_cards(viewer, page: Page) -> list[ProfileView]:
    return [visible_profile_fields(viewer, member) for member in page.object_list]


# Staff lists.

MEMBER_STATUSES = ("current", "lapsed", "suspended", "inactive")


def list_members_for_staff(*, q: str = "", role: str = "", status: str = "") -> QuerySet:
    """Every account that has not been erased, for staff: listed or not, lapsed or not."""
    members = User.objects.filter(erased_at__isnull=True).order_by("display_name", "id")
    today = timezone.localdate()
    now = timezone.now()
    if q := q.strip():
        members = members.filter(Q(display_name__icontains=q) | Q(email__icontains=q))
    if role:
        members = members.filter(role=role)
    lapsed = Q(membership_expires_on__lt=today) & Q(role__in=[Role.MEMBER, Role.MODERATOR])
    if status == "lapsed":
        members = members.filter(lapsed, is_active=True)
    elif status == "current":
        members = members.filter(is_active=True).exclude(lapsed).exclude(suspended_until__gt=now)
    elif status == "suspended":
        members = members.filter(suspended_until__gt=now)
    elif status == "inactive":
        members = members.filter(is_active=False)
    return members


def list_audit_entries(*, action: str = "") -> QuerySet:
    entries = AuditEntry.objects.select_related("actor").order_by("-created_at", "-id")
    if action:
        entries = entries.filter(action=action)
    return entries


def audit_actions() -> list[str]:
    """The actions that appear in the log, for the filter; one query."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def list_erasure_requests() -> QuerySet:
    """Pending requests first (oldest first: they have waited longest), then decided ones."""
    return ErasureRequest.objects.select_related("user", "decided_by").order_by("-status", "requested_at")


def pending_erasure_request_for(member: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=member, status=ErasureStatus.PENDING).first()


# Data export.


def _isoformat(value) -> str | None:
    return value.isoformat() if value else None


def build_data_export(member: User) -> dict:
    """Everything Practica holds about the member, and nothing about anyone else (SECURITY.md channel 36)."""
    profile = profile_of(member)
    register_entry = RegisterEntry.objects.filter(user=member).first()
    acceptances = member.legal_acceptances.select_related("document").order_by("accepted_at")
    about_them = AuditEntry.objects.filter(target_type=User._meta.label_lower, target_id=str(member.pk)).order_by(
        "created_at", "id"
    )
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": member.pk,
            "email": member.email,
            "display_name": member.display_name,
            "role": member.role,
            "date_joined": _isoformat(member.date_joined),
            "last_login": _isoformat(member.last_login),
            "membership_expires_on": _isoformat(member.membership_expires_on),
            "suspended_until": _isoformat(member.suspended_until),
            "suspension_reason": member.suspension_reason,
        },
        "profile": {
            **{name: getattr(profile, name) for name in TEXT_FIELDS},
            "photo": "photo.jpg" if profile.photo else None,
            "listed_in_directory": profile.listed_in_directory,
            "visibility": {name: profile.visibility_of(name) for name in PROFILE_FIELDS},
        },
        "register_entry": None,
        "legal_acceptances": [
            {
                "document": acceptance.document.get_kind_display(),
                "version": acceptance.document.version,
                "accepted_at": _isoformat(acceptance.accepted_at),
            }
            for acceptance in acceptances
        ],
        # Who acted is given only as "you" or "staff": other people's identities are theirs, not the member's.
        "audit_entries_about_you": [
            {
                "when": _isoformat(entry.created_at),
                "action": entry.action,
                "summary": entry.summary,
                "by": "you" if entry.actor_id == member.pk else ("staff" if entry.actor_id else "system"),
            }
            for entry in about_them
        ],
        "erasure_requests": [
            {"requested_at": _isoformat(request.requested_at), "status": request.status, "reason": request.reason}
            for request in member.erasure_requests.order_by("requested_at")
        ],
    }
    if register_entry is not None:
        data["register_entry"] = {
            "membership_number": register_entry.membership_number,
            "email": register_entry.email,
            "name": register_entry.full_name,
            "grade": register_entry.grade,
            "division": register_entry.division,
            "expires_on": _isoformat(register_entry.expires_on),
        }
    for name, build in _export_sections.items():
        data[name] = build(member)
    return data


def list_blocks_made(member) -> QuerySet:
    """The members someone has blocked, newest block first (for their own "My blocks" page only)."""
    return Block.objects.filter(blocker=member).select_related("blocked").order_by("-created_at", "-id")


def with_block_counts(members: QuerySet) -> QuerySet:
    """Annotate `blocked_by_count`: how many members blocked each one. A number only, never who."""
    return members.annotate(blocked_by_count=Count("blocks_received", distinct=True))
