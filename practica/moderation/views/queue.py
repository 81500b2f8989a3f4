"""The review queue, an item's page and the actions taken on it; the author's "Ask for a call"; sealed copies.

Every item is fetched through permissions.reviewable_items: an item outside the viewer's scope (another
community's, or a staff-only kind) is a 404, exactly as if it did not exist. Actions are POSTs that redirect
back to the item, and every refusal ("X has already dealt with this item") is said in words.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.communities.models import Community
from practica.core import audit
from practica.core.pagination import paginate
from practica.moderation.choices import ActionKind, FlagStatus, ItemStatus
from practica.moderation.forms.queue import (
    AnonymiseForm,
    CallRequestForm,
    DurationForm,
    NoteForm,
    QueueFilterForm,
    ReferForm,
    WarnForm,
)
from practica.moderation.models import Flag, ModerationAction, ReviewItem, SealedCopy
from practica.moderation.permissions import actions_allowed, can_manage_cases, can_use_queue, check, reviewable_items
from practica.moderation.services import actions
from practica.moderation.services.queue import AlreadyResolved, record_private_views
from practica.moderation.targets import adapter_for

ITEMS_PER_PAGE = 25
HISTORY_LIMIT = 20
# The record of a member that the item page sums up: decisions against their content and penalties.
HISTORY_ACTIONS = [
    ActionKind.WARN,
    ActionKind.SILENCE,
    ActionKind.SUSPEND,
    ActionKind.REFER,
    ActionKind.KEEP_HIDDEN,
    ActionKind.EDIT,
    ActionKind.DELETE,
    ActionKind.REMOVE,
]


def _open_items(user):
    return reviewable_items(user, ReviewItem.objects.filter(status=ItemStatus.OPEN))


@require_GET
def queue_list(request):
    user = request.user
    check(can_use_queue(user), _("The review queue is for moderators, staff and community champions."))
    items = _open_items(user)
    communities = Community.objects.filter(pk__in=items.values("community_id")).order_by("name")[:200]
    form = QueueFilterForm(request.GET or None, communities=communities)
    filters = form.filters()
    if filters["kind"]:
        items = items.filter(kind=filters["kind"])
    if filters["community"]:
        items = items.filter(community_id=filters["community"])
    items = (
        items.select_related("community", "author", "claimed_by")
        .annotate(open_flags=Count("flags", filter=Q(flags__status=FlagStatus.OPEN)))
        .order_by("opened_at", "pk")
    )
    page = paginate(items, request.GET.get("page"), per_page=ITEMS_PER_PAGE)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "moderation/queue_list.html",
        {"form": form, "page_obj": page, "query_string": params.urlencode(), "filtered": any(filters.values())},
    )


def _item_for(user, pk: int) -> ReviewItem:
    queryset = reviewable_items(user, ReviewItem.objects.all()) if can_use_queue(user) else ReviewItem.objects.none()
    return get_object_or_404(
        queryset.select_related("community", "author", "claimed_by", "resolved_by", "content_type"), pk=pk
    )


def _kind_partial(item: ReviewItem) -> str | None:
    """Reports, copyright notices, held posts and pile-ons add their own part to the item page."""
    try:
        return select_template([f"moderation/items/_{item.kind}.html"]).template.name
    except TemplateDoesNotExist:
        return None


def _author_history(item: ReviewItem) -> dict | None:
    author = item.author
    if author is None:
        return None
    record = ModerationAction.objects.filter(subject=author, action__in=HISTORY_ACTIONS)
    counts = dict(record.values_list("action").annotate(n=Count("id")).order_by())
    return {
        "upheld_flags": Flag.objects.filter(review_item__author=author, status=FlagStatus.AGREED)
        .exclude(review_item=item)
        .count(),
        "warnings": counts.get(ActionKind.WARN, 0),
        "silences": counts.get(ActionKind.SILENCE, 0),
        "suspensions": counts.get(ActionKind.SUSPEND, 0),
        "entries": list(record.select_related("actor").exclude(review_item=item)[:HISTORY_LIMIT]),
    }


def _item_context(request, item: ReviewItem, **bound_forms) -> dict:
    user = request.user
    target = actions.target_of(item)
    adapter = adapter_for(target) if target is not None else None
    live = adapter.describe(target) if adapter else None
    allowed = actions_allowed(user)
    staff_decides = actions.staff_decide(user, adapter, target)
    forms = {
        "note": NoteForm(),
        "anonymise": AnonymiseForm(initial={"body": live.get("text", "")} if live else None),
        "warn": WarnForm(),
        "silence": DurationForm(prefix="silence"),
        "suspend": DurationForm(prefix="suspend"),
        "refer": ReferForm(prefix="refer"),
        **bound_forms,
    }
    return {
        "item": item,
        "target": target,
        "adapter": adapter,
        "live": live,
        "is_hidden": bool(adapter and adapter.is_hidden(target)),
        "flags": list(item.flags.select_related("flagger").order_by("created_at", "pk")),
        "record": list(item.actions.select_related("actor").order_by("created_at", "pk")),
        "history": _author_history(item),
        "allowed": allowed,
        # Only the decisions that fit the item's kind (a held post is approved or rejected on its own form),
        # and none that would show a locked post again unless the viewer is staff.
        "decisions": actions.decisions_for(item) - ({"dismiss", "unhide", "edit"} if staff_decides else set()),
        "staff_decides": staff_decides,
        "can_edit_text": bool(adapter and adapter.label in {"discussions.post", "discussions.topic"}),
        # Said here: a template would call the adapter's functions instead of testing them.
        "can_hide": bool(adapter and adapter.hide),
        "can_delete": bool(adapter and adapter.delete),
        "can_purge": bool(adapter and adapter.purge),
        "kind_partial": _kind_partial(item),
        "sealed_copies": list(SealedCopy.objects.filter(review_item=item)) if can_manage_cases(user) else [],
        "forms": forms,
        "flag_choices": [(FlagStatus.DISAGREED, _("Disagree")), (FlagStatus.AGREED, _("Agree"))],
    }


@require_GET
def item_detail(request, pk: int):
    item = _item_for(request.user, pk)
    # The page shows a reported private message's text: each view is logged (DESIGN.md, decisions).
    record_private_views(viewer=request.user, item=item)
    return render(request, "moderation/item_detail.html", _item_context(request, item))


def _verdicts(request, item) -> dict:
    verdicts = {}
    for flag_id in item.flags.filter(status=FlagStatus.OPEN).values_list("pk", flat=True):
        value = request.POST.get(f"flag-{flag_id}")
        if value in {FlagStatus.AGREED, FlagStatus.DISAGREED}:
            verdicts[flag_id] = value
    return verdicts


# Each action: (the form it needs, or None; what it does with the cleaned data; the message on success).
def _run(action: str, request, item, data: dict):
    user = request.user
    note = data.get("note", "")
    if action == "claim":
        actions.claim_item(actor=user, item=item)
        return _("You are handling this item; others can see that.")
    if action == "close":
        actions.close_alert(actor=user, item=item, note=note)
        return _("The alert is closed.")
    if action == "dismiss":
        actions.dismiss_flags(actor=user, item=item, verdicts=_verdicts(request, item), note=note)
        return _("Flags dismissed; the content is visible.")
    if action == "keep_hidden":
        actions.keep_hidden(actor=user, item=item, verdicts=_verdicts(request, item), note=note)
        return _("The content stays hidden.")
    if action == "unhide":
        actions.unhide_content(actor=user, item=item, verdicts=_verdicts(request, item), note=note)
        return _("The content is visible again.")
    if action == "delete":
        actions.delete_content(actor=user, item=item, verdicts=_verdicts(request, item), note=note)
        return _("The content is deleted.")
    if action == "remove":
        actions.remove_completely(actor=user, item=item, verdicts=_verdicts(request, item), note=note)
        return _("The content is removed completely; a sealed copy is kept for staff.")
    if action == "anonymise":
        actions.anonymise(actor=user, item=item, body=data["body"], note_to_author=data["note_to_author"])
        return _("The text is edited and the author is told why.")
    if action == "warn":
        actions.warn_member(actor=user, item=item, message=data["message"])
        return _("The warning is sent.")
    if action == "silence":
        actions.silence_member(actor=user, item=item, duration=data["duration"], reason=data["reason"])
        return _("The member cannot post for now, and is told why.")
    if action == "suspend":
        actions.suspend_member(actor=user, item=item, duration=data["duration"], reason=data["reason"])
        return _("The member is suspended, and is told why.")
    if action == "refer":
        actions.refer_member(actor=user, item=item, note=data["note"])
        return _("The member is referred to the conduct process; their case is updated.")
    raise PermissionDenied(_("Unknown action."))


FORM_FOR_ACTION = {
    "close": ("note", lambda data: NoteForm(data)),
    "dismiss": ("note", lambda data: NoteForm(data)),
    "keep_hidden": ("note", lambda data: NoteForm(data)),
    "unhide": ("note", lambda data: NoteForm(data)),
    "delete": ("note", lambda data: NoteForm(data)),
    "remove": ("note", lambda data: NoteForm(data)),
    "anonymise": ("anonymise", lambda data: AnonymiseForm(data)),
    "warn": ("warn", lambda data: WarnForm(data)),
    "silence": ("silence", lambda data: DurationForm(data, prefix="silence")),
    "suspend": ("suspend", lambda data: DurationForm(data, prefix="suspend")),
    "refer": ("refer", lambda data: ReferForm(data, prefix="refer")),
}
ACTION_KIND = {
    "claim": ActionKind.CLAIM,
    "close": ActionKind.DISMISS,
    "dismiss": ActionKind.DISMISS,
    "keep_hidden": ActionKind.KEEP_HIDDEN,
    "unhide": ActionKind.UNHIDE,
    "delete": ActionKind.DELETE,
    "remove": ActionKind.REMOVE,
    "anonymise": ActionKind.EDIT,
    "warn": ActionKind.WARN,
    "silence": ActionKind.SILENCE,
    "suspend": ActionKind.SUSPEND,
    "refer": ActionKind.REFER,
}


@require_POST
def item_action(request, pk: int):
    user = request.user
    item = _item_for(user, pk)
    action = request.POST.get("action", "")
    if action not in ACTION_KIND:
        raise PermissionDenied(_("Unknown action."))
    check(str(ACTION_KIND[action].value) in actions_allowed(user), _("Your role cannot take this action."))
    data: dict = {}
    if action in FORM_FOR_ACTION:
        name, build = FORM_FOR_ACTION[action]
        form = build(request.POST)
        if not form.is_valid():
            context = _item_context(request, item, **{name: form})
            return render(request, "moderation/item_detail.html", context)
        data = form.cleaned_data
    try:
        done = _run(action, request, item, data)
    except (AlreadyResolved, actions.AlreadyActed, actions.ActionError) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("moderation:item", pk=item.pk)


@require_http_methods(["GET", "POST"])
def request_call(request, pk: int):
    """For the author of the flagged content only: ask the Lead for a call (phone or video)."""
    item = get_object_or_404(ReviewItem.objects.select_related("author"), pk=pk, author=request.user)
    asked = ModerationAction.objects.filter(
        review_item=item, action=ActionKind.NOTE, actor=request.user, after__call=True
    ).first()
    form = CallRequestForm(request.POST or None)
    if request.method == "POST" and asked is None and form.is_valid():
        try:
            actions.request_call(
                member=request.user,
                item=item,
                how=form.cleaned_data["how"],
                good_times=form.cleaned_data["good_times"],
            )
        except actions.ActionError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, _("Thank you. The Communities of Practice Lead will get in touch to arrange a call.")
            )
        return redirect("moderation:request-call", pk=item.pk)
    title = item.snapshot.get("title", "")
    return render(request, "moderation/item_call.html", {"item": item, "form": form, "asked": asked, "title": title})


@require_GET
def sealed_copy(request, pk: int):
    """Staff only: the text of completely removed content, until its retention date."""
    check(can_manage_cases(request.user), _("Sealed copies of removed content are for staff only."))
    copy = get_object_or_404(SealedCopy.objects.select_related("sealed_by", "review_item"), pk=pk)
    # Reading removed text is itself on the record.
    audit.record(actor=request.user, action="moderation.sealed_copy_viewed", target=copy)
    return render(request, "moderation/item_sealed.html", {"copy": copy})
