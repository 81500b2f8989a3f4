"""Who may flag, review and act. Champions moderate inside the communities they lead; moderators and staff
everywhere; reports, copyright notices, cases and the heaviest actions are for staff (DESIGN.md, roles)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from practica.communities.choices import CommunityRole
from practica.moderation.choices import ActionKind, ItemKind
from practica.moderation.targets import adapter_for

# The actions each level may take on a queue item; staff may take every action. Plain strings: an enum
# member hashes as its name, so `"warn" in {ActionKind.WARN}` would be False.
CHAMPION_ACTIONS = frozenset(
    str(action.value)
    for action in (
        ActionKind.DISMISS,
        ActionKind.KEEP_HIDDEN,
        ActionKind.HIDE,
        ActionKind.UNHIDE,
        ActionKind.EDIT,
        ActionKind.DELETE,
        ActionKind.APPROVE,
        ActionKind.REJECT,
        ActionKind.CLAIM,
    )
)
MODERATOR_ACTIONS = CHAMPION_ACTIONS | {
    str(action.value) for action in (ActionKind.WARN, ActionKind.SILENCE, ActionKind.SLOW_MODE, ActionKind.NOTE)
}
# Kinds of queue item champions never see: they concern members across the site, or the law. Moderators
# review reports (DESIGN.md: "review flags and reports"); copyright notices are staff's alone.
CHAMPIONS_NEVER_SEE = {ItemKind.REPORT, ItemKind.COPYRIGHT}
STAFF_ONLY_KINDS = {ItemKind.COPYRIGHT}


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def led_community_ids(user) -> QuerySet:
    from practica.communities.models import CommunityMember

    return CommunityMember.objects.filter(user=user, role=CommunityRole.CHAMPION).values("community_id")


def can_flag(user, obj) -> bool:
    """Any current member who can see a thing, except its author, may flag it; silenced members may not."""
    adapter = adapter_for(obj)
    if not _signed_in(user) or adapter is None or user.is_silenced():
        return False
    author = adapter.author_of(obj)
    if author is not None and author.pk == user.pk:
        return False
    return adapter.can_view(user, obj)


def can_use_queue(user) -> bool:
    if not _signed_in(user):
        return False
    return user.is_moderator or led_community_ids(user).exists()


def reviewable_items(user, queryset: QuerySet) -> QuerySet:
    """Queue items this user may open: all for staff; all but copyright notices for moderators; the flagged,
    held and pile-on items of their communities for champions."""
    if not _signed_in(user):
        return queryset.none()
    if user.is_lead:
        return queryset
    if user.is_moderator:
        return queryset.exclude(kind__in=STAFF_ONLY_KINDS)
    return queryset.filter(community_id__in=led_community_ids(user)).exclude(kind__in=CHAMPIONS_NEVER_SEE)


def can_review_item(user, item) -> bool:
    from practica.moderation.models import ReviewItem

    return reviewable_items(user, ReviewItem.objects.filter(pk=item.pk)).exists()


def can_take_action(user, item, action: str) -> bool:
    if not can_review_item(user, item):
        return False
    if user.is_lead:
        return True
    return getattr(action, "value", action) in actions_allowed(user)


def actions_allowed(user) -> set[str]:
    """The actions this user may take on any item they may review (one set per page, not a query per action)."""
    if not _signed_in(user):
        return set()
    if user.is_lead:
        return set(ActionKind.values)
    return set(MODERATOR_ACTIONS if user.is_moderator else CHAMPION_ACTIONS)


def can_see_review_item(user, item) -> bool:
    """A queue item (for the outcome notification): the members who flagged it, and those who may review it."""
    if not _signed_in(user):
        return False
    return item.flags.filter(flagger=user).exists() or can_review_item(user, item)


def can_handle_reports(user) -> bool:
    """Reported concerns: moderators and staff read them and set their status (cases stay staff's)."""
    return _signed_in(user) and user.is_moderator


def may_unhide_locked(user) -> bool:
    """A post flagged past the threshold again after its author's edit (or kept hidden) stays hidden until
    staff decide: only staff may show it again."""
    return _signed_in(user) and user.is_lead


def can_manage_cases(user) -> bool:
    """Cases, reports, copyright notices, suspensions and complete removal: staff."""
    return _signed_in(user) and user.is_lead


def can_edit_settings(user) -> bool:
    return _signed_in(user) and user.is_lead


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
