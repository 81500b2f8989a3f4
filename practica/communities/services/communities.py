"""Creating and changing communities, their charters and divisions."""

import hashlib
import secrets

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practica.communities.charter import CHARTER_FIELDS
from practica.communities.choices import CommunityStatus, Membership
from practica.communities.models import CharterVersion, Community, Division
from practica.communities.permissions import can_lead, can_manage_community, check
from practica.core import events
from practica.core.audit import record
from practica.core.text import render_markdown

# What champions may change about their community; the rest (name, division, listing) is for staff.
CHAMPION_EDITABLE = frozenset(
    {
        "short_description",
        "description",
        "membership",
        "max_members",
        "admission_questions",
        "confidentiality_agreement",
    }
)
STAFF_EDITABLE = CHAMPION_EDITABLE | {"name", "division", "unlisted"}


@transaction.atomic
def create_division(*, actor, name: str, description: str = "", position: int = 0) -> Division:
    check(can_manage_community(actor), _("Only staff manage divisions."))
    division = Division.objects.create(
        name=name.strip(), slug=slugify(name)[:120], description=description.strip(), position=position
    )
    record(actor=actor, action="division.created", target=division, summary=division.name)
    return division


@transaction.atomic
def update_division(*, actor, division: Division, **changes) -> Division:
    check(can_manage_community(actor), _("Only staff manage divisions."))
    for field, value in changes.items():
        if field not in {"name", "description", "position"}:
            raise ValueError(field)
        setattr(division, field, value)
    division.save()
    record(actor=actor, action="division.updated", target=division, data={"fields": sorted(changes)})
    return division


@transaction.atomic
def set_division_archived(*, actor, division: Division, archived: bool) -> Division:
    check(can_manage_community(actor), _("Only staff manage divisions."))
    division.archived_at = timezone.now() if archived else None
    division.save(update_fields=["archived_at"])
    record(actor=actor, action="division.archived" if archived else "division.restored", target=division)
    return division


def _validated_settings(community: Community) -> None:
    if community.unlisted and community.membership != Membership.CLOSED:
        raise ValueError(_("Only a closed community can be unlisted."))


@transaction.atomic
def create_community(
    *,
    actor,
    name: str,
    short_description: str,
    division: Division | None = None,
    charter: dict | None = None,
    **settings_fields,
) -> Community:
    """Staff create a community directly (proposals use the same function when approved)."""
    check(can_manage_community(actor), _("Only staff create communities."))
    unknown = set(settings_fields) - STAFF_EDITABLE
    if unknown:
        raise ValueError(f"unknown community fields: {sorted(unknown)}")
    community = Community(name=name.strip(), short_description=short_description.strip(), division=division)
    for field, value in settings_fields.items():
        setattr(community, field, value)
    community.description_html = render_markdown(community.description)
    _validated_settings(community)
    community.save()
    save_charter(actor=actor, community=community, answers=charter or {}, change_note=_("First version"))
    record(actor=actor, action="community.created", target=community, summary=community.name)
    return community


@transaction.atomic
def update_community(*, actor, community: Community, **changes) -> Community:
    """Champions change the description and admission settings; staff can also rename, move and unlist."""
    community = Community.objects.select_for_update().get(pk=community.pk)
    check(can_lead(actor, community), _("Only the community's champions can change it."))
    allowed = STAFF_EDITABLE if can_manage_community(actor) else CHAMPION_EDITABLE
    refused = set(changes) - allowed
    check(not refused, _("Only staff can change: %(fields)s.") % {"fields": ", ".join(sorted(refused))})
    was_closed = community.is_closed
    for field, value in changes.items():
        setattr(community, field, value)
    if "description" in changes:
        community.description_html = render_markdown(community.description)
    _validated_settings(community)
    community.save()
    record(actor=actor, action="community.updated", target=community, data={"fields": sorted(changes)})
    if was_closed != community.is_closed:
        events.publish("community.membership_changed", community_id=community.pk, closed=community.is_closed)
    return community


@transaction.atomic
def save_charter(*, actor, community: Community, answers: dict, change_note: str = "") -> CharterVersion:
    """Every edit is a new version: who, when, and what changed are kept."""
    check(can_lead(actor, community), _("Only the community's champions can edit its charter."))
    next_version = (community.charter_versions.aggregate(latest=Max("version"))["latest"] or 0) + 1
    values = {field: (answers.get(field) or "").strip() for field in CHARTER_FIELDS}
    version = CharterVersion.objects.create(
        community=community,
        version=next_version,
        meeting_mode=answers.get("meeting_mode") or CharterVersion._meta.get_field("meeting_mode").default,
        agrees_with_code_of_conduct=bool(answers.get("agrees_with_code_of_conduct")),
        change_note=change_note.strip(),
        edited_by=actor,
        **values,
    )
    if next_version > 1:
        record(actor=actor, action="community.charter_edited", target=community, data={"version": next_version})
    return version


@transaction.atomic
def set_community_archived(*, actor, community: Community, archived: bool) -> Community:
    """Archived communities are read-only and still visible to their members; restoring reopens them."""
    check(can_manage_community(actor), _("Only staff archive and restore communities."))
    community.status = CommunityStatus.ARCHIVED if archived else CommunityStatus.ACTIVE
    community.archived_at = timezone.now() if archived else None
    community.save(update_fields=["status", "archived_at"])
    record(actor=actor, action="community.archived" if archived else "community.restored", target=community)
    return community


@transaction.atomic
def rotate_invite_link(*, actor, community: Community) -> str:
    """A new invitation link for an unlisted community (the old one stops working). Returns the token."""
    check(can_lead(actor, community), _("Only the community's champions can share its invitation link."))
    token = secrets.token_urlsafe(24)
    community.invite_token_hash = hashlib.sha256(token.encode()).hexdigest()
    community.save(update_fields=["invite_token_hash"])
    record(actor=actor, action="community.invite_link_rotated", target=community)
    return token
