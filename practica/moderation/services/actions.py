"""What moderators, champions and staff do with a queue item: claim it, decide about the content, and deal
with its author.

Every action locks the item's row first, so a double click, a retried request or a second moderator acting
at the same moment finds the item already dealt with (AlreadyResolved / AlreadyActed: "X has already dealt
with this item") and nothing happens twice. Decisions about the content resolve the item; warnings, silences,
suspensions and referrals may follow a decision, once each per item. Every action writes one line of the
record (queue.record_action) with before and after, and never the content's text, so that removing content
completely leaves its text only in the staff-only sealed copy.
"""

import json
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practica.core import events
from practica.moderation.choices import ActionKind, CaseStatus, Duration, FlagStatus, ItemKind, Resolution
from practica.moderation.models import Case, Flag, ModerationAction, ModerationSettings, ReviewItem, SealedCopy
from practica.moderation.permissions import can_take_action, check, may_unhide_locked
from practica.moderation.services.flags import hide_is_locked, tell_member
from practica.moderation.services.queue import AlreadyResolved, claim, record_action, resolve
from practica.moderation.targets import adapter_for

DURATIONS = {
    Duration.ONE_DAY: timedelta(days=1),
    Duration.THREE_DAYS: timedelta(days=3),
    Duration.ONE_WEEK: timedelta(weeks=1),
    Duration.ONE_MONTH: timedelta(days=30),
    # "Indefinitely" is a date far enough away that nobody reaches it; staff lift it by hand.
    Duration.INDEFINITELY: timedelta(days=365 * 100),
}

# What flaggers are told, by resolution: the outcome for the content, never the author's penalty.
OUTCOMES = {
    Resolution.DISMISSED: gettext_lazy("A moderator looked at what you flagged and decided it can stay as it is."),
    Resolution.UNHIDDEN: gettext_lazy("A moderator looked at what you flagged and decided it can stay as it is."),
    Resolution.KEPT_HIDDEN: gettext_lazy("A moderator looked at what you flagged and it stays hidden."),
    Resolution.ANONYMISED: gettext_lazy("A moderator looked at what you flagged and edited it."),
    Resolution.DELETED: gettext_lazy("A moderator looked at what you flagged and deleted it."),
    Resolution.REMOVED: gettext_lazy("What you flagged has been removed."),
    Resolution.NO_ACTION: gettext_lazy("A moderator looked at what you flagged and no action was needed."),
}


# The decisions about content that fit each kind of item. A held post is approved or rejected on its own form
# (premoderation); a pile-on alert is about a whole topic, so it is only closed here, and each flagged post is
# decided on its own item; reports and copyright notices have their own forms.
FLAG_DECISIONS = frozenset(
    str(kind.value)
    for kind in (
        ActionKind.DISMISS,
        ActionKind.UNHIDE,
        ActionKind.KEEP_HIDDEN,
        ActionKind.HIDE,
        ActionKind.EDIT,
        ActionKind.DELETE,
        ActionKind.REMOVE,
    )
)
CLOSE_ALERT = "close"
DECISIONS_BY_KIND = {
    ItemKind.FLAGGED: FLAG_DECISIONS,
    ItemKind.EDITED_AFTER_HIDE: FLAG_DECISIONS,
    ItemKind.PILE_ON: frozenset({CLOSE_ALERT}),
}
WRONG_KIND = {
    ItemKind.PRE_MODERATION: gettext_lazy(
        "A post held for review is approved or rejected: use the buttons under “Held for review”."
    ),
    ItemKind.PILE_ON: gettext_lazy(
        "A pile-on alert is about the whole topic: decide on each flagged post in its own queue item, and close "
        "the alert here."
    ),
}


def decisions_for(item: ReviewItem) -> frozenset:
    """The content decisions that fit this item's kind (the item page shows only these)."""
    return DECISIONS_BY_KIND.get(item.kind, frozenset())


STAFF_DECIDE = gettext_lazy(
    "This was flagged again after its author's edit, so it stays hidden until staff decide. Only staff can "
    "show it again."
)


def staff_decide(actor, adapter, target) -> bool:
    """Is this hidden thing locked (flagged again after an edit, or kept hidden) for someone not staff?"""
    return bool(
        adapter and target is not None and adapter.is_hidden(target) and hide_is_locked(target)
    ) and not may_unhide_locked(actor)


def _check_may_show(actor, adapter, target) -> None:
    if staff_decide(actor, adapter, target):
        raise PermissionDenied(str(STAFF_DECIDE))


def _check_fits(item: ReviewItem, decision: str) -> None:
    if str(getattr(decision, "value", decision)) not in decisions_for(item):
        raise ActionError(str(WRONG_KIND.get(item.kind, _("This decision does not apply to this kind of item."))))


class ActionError(Exception):
    """An action that cannot be taken on this item, with the reason in words; nothing was changed."""


class AlreadyActed(Exception):
    """The same action was already taken on this item (by this request's earlier try, or someone else)."""

    def __init__(self, entry: ModerationAction):
        self.entry = entry
        who = entry.actor.display_name if entry.actor else _("someone else")
        super().__init__(
            _("%(who)s has already dealt with this item (%(how)s). Nothing more was done.")
            % {"who": who, "how": entry.get_action_display().lower()}
        )


def _lock(item: ReviewItem) -> ReviewItem:
    return (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("author", "community", "content_type")
        .get(pk=item.pk)
    )


def _lock_open(item: ReviewItem) -> ReviewItem:
    locked = _lock(item)
    if not locked.is_open:
        raise AlreadyResolved(locked)
    return locked


def target_of(item: ReviewItem):
    """The live thing an item is about, or None (gone, or an item without one)."""
    if item.content_type_id is None or item.object_id is None:
        return None
    model = ContentType.objects.get_for_id(item.content_type_id).model_class()
    return model._default_manager.filter(pk=item.object_id).first() if model else None


def _settle_flags(item: ReviewItem, *, actor, default: str, verdicts: dict | None = None) -> list[int]:
    """Record agreement or disagreement with each open flag (per flagger: it feeds their weight later).
    Returns the flaggers to tell the outcome."""
    verdicts = verdicts or {}
    now = timezone.now()
    flaggers = []
    for flag in Flag.objects.filter(review_item=item, status=FlagStatus.OPEN):
        verdict = verdicts.get(flag.pk, default)
        if verdict not in {FlagStatus.AGREED, FlagStatus.DISAGREED}:
            verdict = default
        Flag.objects.filter(pk=flag.pk).update(status=verdict, decided_at=now, decided_by=actor)
        flaggers.append(flag.flagger_id)
    return sorted(set(flaggers))


def _tell_flaggers(item: ReviewItem, flaggers: list[int], resolution: str) -> None:
    if not flaggers:
        return
    events.publish(
        "notify",
        recipient_ids=flaggers,
        kind="flag_outcome",
        target="moderation.reviewitem",
        target_id=item.pk,
        community_id=item.community_id,
        actor_id=None,
        snapshot={
            "title": item.snapshot.get("title", ""),
            "excerpt": str(OUTCOMES.get(resolution, OUTCOMES[Resolution.NO_ACTION])),
            "url": item.snapshot.get("url", ""),
        },
        group_key="",
    )


def _decide(item, *, actor, action: str, resolution: str, note: str, flag_default: str, verdicts=None, **record):
    flaggers = _settle_flags(item, actor=actor, default=flag_default, verdicts=verdicts)
    resolved = resolve(item, actor=actor, resolution=resolution, note=note)
    target = target_of(resolved)
    record_action(
        actor=actor,
        action=action,
        item=resolved,
        subject=resolved.author,
        target=target,
        reason=note,
        **record,
    )
    _tell_flaggers(resolved, flaggers, resolution)
    return resolved


def _adapter_and_target(item: ReviewItem):
    target = target_of(item)
    adapter = adapter_for(target) if target is not None else None
    if adapter is None:
        raise ActionError(_("The content of this item no longer exists."))
    return adapter, target


# Claiming.


@transaction.atomic
def claim_item(*, actor, item: ReviewItem) -> ReviewItem:
    """Show other moderators this item is being handled."""
    check(can_take_action(actor, item, ActionKind.CLAIM))
    return claim(_lock(item), actor=actor)


# Decisions about the content (each resolves the item).


@transaction.atomic
def dismiss_flags(*, actor, item: ReviewItem, verdicts: dict | None = None, note: str = "") -> ReviewItem:
    """The content is fine: flags are recorded as disagreed with (unless marked otherwise, per flagger) and
    hidden content is shown again."""
    check(can_take_action(actor, item, ActionKind.DISMISS))
    item = _lock_open(item)
    _check_fits(item, ActionKind.DISMISS)
    target = target_of(item)
    adapter = adapter_for(target) if target is not None else None
    _check_may_show(actor, adapter, target)
    was_hidden = bool(adapter and adapter.is_hidden(target))
    if was_hidden and adapter.unhide:
        adapter.unhide(target, actor=actor)
    return _decide(
        item,
        actor=actor,
        action=ActionKind.DISMISS,
        resolution=Resolution.DISMISSED,
        note=note,
        flag_default=FlagStatus.DISAGREED,
        verdicts=verdicts,
        before={"hidden": was_hidden},
        after={"hidden": False},
    )


@transaction.atomic
def unhide_content(*, actor, item: ReviewItem, note: str = "", verdicts: dict | None = None) -> ReviewItem:
    check(can_take_action(actor, item, ActionKind.UNHIDE))
    item = _lock_open(item)
    _check_fits(item, ActionKind.UNHIDE)
    adapter, target = _adapter_and_target(item)
    if adapter.unhide is None or not adapter.is_hidden(target):
        raise ActionError(_("This is not hidden."))
    _check_may_show(actor, adapter, target)
    adapter.unhide(target, actor=actor)
    return _decide(
        item,
        actor=actor,
        action=ActionKind.UNHIDE,
        resolution=Resolution.UNHIDDEN,
        note=note,
        flag_default=FlagStatus.DISAGREED,
        verdicts=verdicts,
        before={"hidden": True},
        after={"hidden": False},
    )


@transaction.atomic
def keep_hidden(*, actor, item: ReviewItem, note: str = "", verdicts: dict | None = None) -> ReviewItem:
    """The content stays hidden (hiding it now if it was not); the author's edit no longer un-hides it, and
    it is removed when it has been hidden for the site's number of days."""
    check(can_take_action(actor, item, ActionKind.KEEP_HIDDEN))
    item = _lock_open(item)
    _check_fits(item, ActionKind.KEEP_HIDDEN)
    adapter, target = _adapter_and_target(item)
    if adapter.hide is None:
        raise ActionError(_("This kind of content cannot be hidden."))
    was_hidden = adapter.is_hidden(target)
    if not was_hidden:
        adapter.hide(target, actor=actor, reason=note)
    return _decide(
        item,
        actor=actor,
        action=ActionKind.KEEP_HIDDEN,
        resolution=Resolution.KEPT_HIDDEN,
        note=note,
        flag_default=FlagStatus.AGREED,
        verdicts=verdicts,
        before={"hidden": was_hidden},
        after={"hidden": True, "locked": True},
    )


def _post_of(target):
    """The post behind a post or a topic target (a topic is moderated through its opening post)."""
    from practica.discussions.models import Post, Topic

    if isinstance(target, Post):
        return target
    if isinstance(target, Topic):
        return Post.objects.get(topic=target, number=1)
    return None


@transaction.atomic
def anonymise(*, actor, item: ReviewItem, body: str, note_to_author: str) -> ReviewItem:
    """Edit the text (to take out what could identify a client, say), keeping the previous version as a
    revision, show it again, and tell the author what was changed and why."""
    from practica.discussions.services import moderation as discussions_moderation
    from practica.discussions.services.posting import PostingError

    check(can_take_action(actor, item, ActionKind.EDIT))
    item = _lock_open(item)
    _check_fits(item, ActionKind.EDIT)
    adapter, target = _adapter_and_target(item)
    post = _post_of(target)
    if post is None:
        raise ActionError(_("Only posts and topics can be edited here."))
    # The edit shows the post again, which only staff may do once it is locked.
    _check_may_show(actor, adapter, target)
    if not (note_to_author or "").strip():
        raise ActionError(_("Tell the author what you changed and why."))
    revisions_before = post.revision_count
    try:
        post = discussions_moderation.moderator_edit_post(editor=actor, post=post, body=body)
    except PostingError as error:
        raise ActionError(str(error)) from None
    was_hidden = post.hidden_at is not None
    if was_hidden:
        discussions_moderation.unhide_post(post=post)
    resolved = _decide(
        item,
        actor=actor,
        action=ActionKind.EDIT,
        resolution=Resolution.ANONYMISED,
        note=note_to_author,
        flag_default=FlagStatus.AGREED,
        before={"revision_count": revisions_before, "hidden": was_hidden},
        after={"revision_count": post.revision_count, "hidden": False},
    )
    if resolved.author_id:
        tell_member(
            recipient_id=resolved.author_id,
            subject=_("A moderator edited your post in “%(title)s”") % {"title": post.topic.title},
            body="\n\n".join(
                [
                    _("Hello %(name)s,") % {"name": resolved.author.display_name},
                    _("A moderator edited [your post](%(url)s) and left you this note:")
                    % {"url": resolved.snapshot.get("url", "")},
                    "> " + "\n> ".join(note_to_author.strip().splitlines()),
                    _("Your earlier text is kept in the post's history, which only you and moderators can see."),
                    _("With best wishes,\nthe Communities of Practice team"),
                ]
            ),
            item=resolved,
        )
    return resolved


@transaction.atomic
def delete_content(*, actor, item: ReviewItem, note: str = "", verdicts: dict | None = None) -> ReviewItem:
    from practica.discussions.services.posting import PostingError

    check(can_take_action(actor, item, ActionKind.DELETE))
    item = _lock_open(item)
    _check_fits(item, ActionKind.DELETE)
    adapter, target = _adapter_and_target(item)
    if adapter.delete is None:
        raise ActionError(_("This cannot be deleted here."))
    try:
        adapter.delete(target, actor=actor)
    except PostingError as error:
        raise ActionError(str(error)) from None
    return _decide(
        item,
        actor=actor,
        action=ActionKind.DELETE,
        resolution=Resolution.DELETED,
        note=note,
        flag_default=FlagStatus.AGREED,
        verdicts=verdicts,
        before={"deleted": False},
        after={"deleted": True},
    )


def _open_case_of(member) -> Case | None:
    """The member's most recent case that is not closed, if staff have one open on them."""
    if member is None:
        return None
    return Case.objects.filter(member=member).exclude(status=CaseStatus.CLOSED).order_by("-updated_at", "-pk").first()


def purge_and_seal(*, target, actor, item: ReviewItem | None, member=None) -> SealedCopy:
    """Remove a thing's text from every table that held it and keep it in one sealed copy for staff.

    The one removal path for the queue's "remove completely", the long-hidden clean-up and upheld copyright
    notices. The sealed copy always has the shape {"texts": what the content app purged, "snapshot": the
    queue's snapshot, "flag_details": what flaggers wrote}; it belongs to the author (so their case record
    shows it, whenever a case is opened) and to their open case, if staff have one."""
    adapter = adapter_for(target)
    if adapter is None or adapter.purge is None:
        raise ActionError(_("This cannot be removed completely here."))
    member = member if member is not None else (item.author if item is not None else adapter.author_of(target))
    content_type = ContentType.objects.get_for_model(target)
    texts = adapter.purge(target, actor=actor) or {}
    flag_details = [
        {"flag": pk, "details": details}
        for pk, details in Flag.objects.filter(content_type=content_type, object_id=target.pk)
        .exclude(details="")
        .values_list("pk", "details")
    ]
    settings = ModerationSettings.current()
    sealed = SealedCopy.objects.create(
        review_item=item,
        case=_open_case_of(member),
        member=member if getattr(member, "pk", None) else None,
        content_type=content_type,
        object_id=target.pk,
        content={
            "texts": texts,
            "snapshot": dict(item.snapshot) if item is not None else {},
            "flag_details": flag_details,
        },
        sealed_by=actor if getattr(actor, "pk", None) else None,
        purge_after=timezone.localdate() + timedelta(days=settings.sealed_copy_retention_days),
    )
    purge_copies(content_type=content_type, object_id=target.pk, texts=texts, target=target)
    events.publish(
        "moderation.content_removed", target=content_type.app_label + "." + content_type.model, target_id=target.pk
    )
    return sealed


def _remove(item: ReviewItem, *, actor, note: str, verdicts: dict | None = None) -> ReviewItem:
    """Purge the text everywhere it is stored, keep it in a sealed copy for staff, and resolve the item."""
    _adapter, target = _adapter_and_target(item)
    purge_and_seal(target=target, actor=actor, item=item)
    item.refresh_from_db()
    return _decide(
        item,
        actor=actor,
        action=ActionKind.REMOVE,
        resolution=Resolution.REMOVED,
        note=note,
        flag_default=FlagStatus.AGREED,
        verdicts=verdicts,
        before={"removed": False},
        after={"removed": True, "sealed": True},
    )


REMOVED = "[removed]"
# Lines shorter than this are too common ("Thanks.") to be taken for a quotation of the removed text.
MIN_FRAGMENT = 12


def removed_fragments(texts: dict) -> list[str]:
    """The pieces of removed text to look for in copies of it (whole texts, then their lines), longest first."""
    bodies = [texts.get("body", ""), texts.get("description", "")]
    bodies += [revision.get("body", "") for revision in texts.get("revisions", [])]
    found = set()
    for body in filter(None, bodies):
        found.add(body.strip())
        found.update(line.strip().lstrip(">").strip() for line in body.splitlines())
    return sorted((piece for piece in found if len(piece) >= MIN_FRAGMENT), key=len, reverse=True)


def scrub(text: str, fragments: list[str]) -> str:
    for fragment in fragments:
        if fragment in text:
            text = text.replace(fragment, REMOVED)
    return text


def purge_copies(*, content_type: ContentType, object_id: int, texts: dict, target=None) -> None:
    """The copies of removed text that moderation and the apps below it keep lose it too (the sealed copy
    keeps it): the queue's and reports' snapshots, flaggers' details, reports quoting it, e-mails in the
    outbox, and posts that quoted it."""
    from practica.core import outbox
    from practica.moderation.models import Report, ReportLink

    fragments = removed_fragments(texts)
    for model in (ReviewItem, ReportLink):
        for row in model.objects.filter(content_type=content_type, object_id=object_id):
            if row.snapshot.get("text"):
                model.objects.filter(pk=row.pk).update(snapshot={**row.snapshot, "text": ""})
    # What flaggers wrote about it may quote it; it is in the sealed copy.
    Flag.objects.filter(content_type=content_type, object_id=object_id).exclude(details="").update(details="")
    if not fragments:
        return
    linked_reports = Report.objects.filter(links__content_type=content_type, links__object_id=object_id).distinct()
    for report in linked_reports.select_related("review_item"):
        details = scrub(report.details, fragments)
        if details != report.details:
            Report.objects.filter(pk=report.pk).update(details=details)
        item = report.review_item
        if item is not None and item.snapshot.get("text"):
            text = scrub(item.snapshot["text"], fragments)
            if text != item.snapshot["text"]:
                ReviewItem.objects.filter(pk=item.pk).update(snapshot={**item.snapshot, "text": text})
    # Flags elsewhere (on a reply that quoted it, say) whose details quote it.
    for fragment in fragments:
        for flag in Flag.objects.filter(details__contains=fragment):
            Flag.objects.filter(pk=flag.pk).update(details=scrub(flag.details, fragments))
    # Snapshots of other things that quoted it (a flagged reply quoting it, a report linking that reply).
    for model in (ReviewItem, ReportLink):
        for fragment in fragments:
            # SQLite stores JSON with non-ASCII characters and quotes escaped, PostgreSQL's jsonb does not.
            stored = json.dumps(fragment)[1:-1]
            for row in model.objects.filter(Q(snapshot__icontains=stored) | Q(snapshot__icontains=fragment)):
                text = row.snapshot.get("text")
                if isinstance(text, str) and scrub(text, fragments) != text:
                    model.objects.filter(pk=row.pk).update(snapshot={**row.snapshot, "text": scrub(text, fragments)})
    outbox.redact_emails(fragments=fragments, replacement=REMOVED)
    if content_type.model_class() is not None and content_type.app_label == "discussions" and target is not None:
        from practica.discussions.services import moderation as discussions_moderation

        post = _post_of(target)
        if post is not None:
            discussions_moderation.redact_quotes_of(post=post, fragments=fragments, replacement=REMOVED)


@transaction.atomic
def remove_completely(*, actor, item: ReviewItem, note: str = "", verdicts: dict | None = None) -> ReviewItem:
    """For defamatory content: staff remove the text from every table that held it."""
    check(can_take_action(actor, item, ActionKind.REMOVE), _("Only staff can remove content completely."))
    item = _lock_open(item)
    _check_fits(item, ActionKind.REMOVE)
    return _remove(item, actor=actor, note=note, verdicts=verdicts)


@transaction.atomic
def close_alert(*, actor, item: ReviewItem, note: str = "") -> ReviewItem:
    """A pile-on alert has been looked at: it leaves the queue; the topic's slow mode runs its course and the
    flagged posts keep their own items."""
    check(can_take_action(actor, item, ActionKind.DISMISS))
    item = _lock_open(item)
    _check_fits(item, CLOSE_ALERT)
    resolved = resolve(item, actor=actor, resolution=Resolution.NO_ACTION, note=note)
    record_action(
        actor=actor,
        action=ActionKind.DISMISS,
        item=resolved,
        subject=resolved.author,
        target=target_of(resolved),
        reason=note,
        before={"open": True},
        after={"open": False},
    )
    return resolved


# Dealing with the author (at most once each per item; the item may already be resolved).


def _penalty_subject(item: ReviewItem, actor, action: str):
    already = ModerationAction.objects.filter(review_item=item, action=action).select_related("actor").first()
    if already is not None:
        raise AlreadyActed(already)
    subject = item.author
    if subject is None:
        raise ActionError(_("This item has no author to act on."))
    if subject.pk == actor.pk:
        raise ActionError(_("You cannot act on your own account."))
    if subject.is_lead:
        raise ActionError(_("Staff accounts are managed by an administrator, not from the queue."))
    return subject


@transaction.atomic
def warn_member(*, actor, item: ReviewItem, message: str) -> ModerationAction:
    """A written warning to the author, sent as a private message from the team."""
    check(can_take_action(actor, item, ActionKind.WARN))
    item = _lock(item)
    subject = _penalty_subject(item, actor, ActionKind.WARN)
    if not (message or "").strip():
        raise ActionError(_("Write the warning the member will read."))
    entry = record_action(
        actor=actor, action=ActionKind.WARN, item=item, subject=subject, target=target_of(item), reason=message
    )
    tell_member(
        recipient_id=subject.pk,
        subject=_("A warning from the Communities of Practice team"),
        body="\n\n".join(
            [
                _("Hello %(name)s,") % {"name": subject.display_name},
                message.strip(),
                _(
                    "Please read the community guidelines again: be kind, be professional, and anonymise client "
                    "information if discussing cases. If you would like to talk about this, you can ask for a call "
                    "with the Communities of Practice Lead."
                ),
                _("With best wishes,\nthe Communities of Practice team"),
            ]
        ),
        item=item,
    )
    return entry


@transaction.atomic
def silence_member(*, actor, item: ReviewItem, duration: str, reason: str) -> ModerationAction:
    """The author cannot post, reply or flag for a time (discussions.permissions.can_post_in refuses them)."""
    from practica.accounts.models import User

    check(can_take_action(actor, item, ActionKind.SILENCE))
    item = _lock(item)
    subject = _penalty_subject(item, actor, ActionKind.SILENCE)
    if duration not in DURATIONS:
        raise ActionError(_("Choose for how long."))
    if not (reason or "").strip():
        raise ActionError(_("Give the reason the member will read."))
    before = subject.silenced_until
    until = timezone.now() + DURATIONS[duration]
    User.objects.filter(pk=subject.pk).update(silenced_until=until)
    entry = record_action(
        actor=actor,
        action=ActionKind.SILENCE,
        item=item,
        subject=subject,
        target=target_of(item),
        reason=reason,
        before={"silenced_until": before.isoformat() if before else None},
        after={"silenced_until": until.isoformat(), "duration": duration},
    )
    tell_member(
        recipient_id=subject.pk,
        subject=_("Your posting is paused"),
        body="\n\n".join(
            [
                _("Hello %(name)s,") % {"name": subject.display_name},
                _("A moderator has paused your posting for %(duration)s. You can still read everything.")
                % {"duration": Duration(duration).label.lower()},
                _("The reason: %(reason)s") % {"reason": reason.strip()},
                _("With best wishes,\nthe Communities of Practice team"),
            ]
        ),
        item=item,
    )
    return entry


@transaction.atomic
def suspend_member(*, actor, item: ReviewItem, duration: str, reason: str) -> ModerationAction:
    """Staff: the author cannot sign in for a time (or indefinitely); they are told why."""
    from practica.accounts.models import User

    check(can_take_action(actor, item, ActionKind.SUSPEND), _("Only staff can suspend a member."))
    item = _lock(item)
    subject = _penalty_subject(item, actor, ActionKind.SUSPEND)
    if duration not in DURATIONS:
        raise ActionError(_("Choose for how long."))
    if not (reason or "").strip():
        raise ActionError(_("Give the reason the member will read."))
    before = {"suspended_until": subject.suspended_until.isoformat() if subject.suspended_until else None}
    until = timezone.now() + DURATIONS[duration]
    User.objects.filter(pk=subject.pk).update(suspended_until=until, suspension_reason=reason.strip()[:500])
    entry = record_action(
        actor=actor,
        action=ActionKind.SUSPEND,
        item=item,
        subject=subject,
        target=target_of(item),
        reason=reason,
        before=before,
        after={"suspended_until": until.isoformat(), "duration": duration},
    )
    tell_member(
        recipient_id=subject.pk,
        subject=_("Your access is suspended"),
        body="\n\n".join(
            [
                _("Hello %(name)s,") % {"name": subject.display_name},
                _("Your access to the Communities of Practice is suspended (%(duration)s).")
                % {"duration": Duration(duration).label.lower()},
                _("The reason: %(reason)s") % {"reason": reason.strip()},
                _("With best wishes,\nthe Communities of Practice team"),
            ]
        ),
        item=item,
    )
    return entry


@transaction.atomic
def refer_member(*, actor, item: ReviewItem, note: str) -> Case:
    """Staff: refer the author to the professional conduct process, opening (or updating) their case."""
    check(can_take_action(actor, item, ActionKind.REFER), _("Only staff can refer a member."))
    item = _lock(item)
    subject = _penalty_subject(item, actor, ActionKind.REFER)
    if not (note or "").strip():
        raise ActionError(_("Say why the member is referred."))
    case = Case.objects.filter(member=subject).exclude(status=CaseStatus.CLOSED).order_by("-updated_at").first()
    before = {"case": case.pk if case else None, "status": case.status if case else None}
    if case is None:
        case = Case.objects.create(
            member=subject,
            title=_("Referral of %(name)s") % {"name": subject.display_name},
            status=CaseStatus.REFERRED,
            opened_by=actor,
        )
    else:
        case.status = CaseStatus.REFERRED
        case.save(update_fields=["status", "updated_at"])
    record_action(
        actor=actor,
        action=ActionKind.REFER,
        item=item,
        case=case,
        subject=subject,
        target=target_of(item),
        reason=note,
        before=before,
        after={"case": case.pk, "status": CaseStatus.REFERRED},
    )
    return case


# The author asks for a call with the Lead.


@transaction.atomic
def request_call(*, member, item: ReviewItem, how: str, good_times: str) -> ModerationAction:
    """The author of a flagged item asks the Lead for a call; one request per item."""
    from django.conf import settings as django_settings

    from practica.core.outbox import enqueue_email

    item = _lock(item)
    if item.author_id != member.pk:
        raise ActionError(_("Only the author can ask for a call about this."))
    already = ModerationAction.objects.filter(review_item=item, action=ActionKind.NOTE, actor=member, after__call=True)
    if already.exists():
        raise ActionError(_("You have already asked for a call about this; the Lead will be in touch."))
    summary = _("Asked for a call (%(how)s). Good times: %(times)s") % {"how": how, "times": good_times.strip()}
    entry = record_action(
        actor=member,
        action=ActionKind.NOTE,
        item=item,
        subject=member,
        reason=summary,
        after={"call": True, "how": how},
    )
    from django.urls import reverse

    item_url = django_settings.SITE_URL.rstrip("/") + reverse("moderation:item", args=[item.pk])
    enqueue_email(
        key=f"moderation-call:{item.pk}:{member.pk}",
        to=django_settings.LEAD_EMAIL,
        subject=_("%(name)s asks for a call about a moderation decision") % {"name": member.display_name},
        text="\n\n".join(
            [
                _("%(name)s would like a call about queue item #%(item)s.")
                % {"name": member.display_name, "item": item.pk},
                summary,
                _("Their e-mail address: %(email)s") % {"email": member.email},
                item_url,
            ]
        ),
        category="moderation",
    )
    return entry


# The periodic clean-up.


def remove_long_hidden_posts(now=None) -> int:
    """Posts still hidden after the site's number of days are removed: text purged into a sealed copy."""
    from practica.discussions.models import Post
    from practica.moderation.choices import ItemKind
    from practica.moderation.services.queue import open_item

    settings = ModerationSettings.current()
    cutoff = (now or timezone.now()) - timedelta(days=settings.hidden_removal_days)
    removed = 0
    stale = Post.objects.filter(hidden_at__lte=cutoff, removed_at__isnull=True, deleted_at__isnull=True)
    for post in stale.select_related("topic__community", "author")[:500]:
        with transaction.atomic():
            adapter = adapter_for(post)
            item = open_item(
                kind=ItemKind.FLAGGED,
                target=post,
                community=post.topic.community,
                author=post.author,
                snapshot=adapter.describe(post),
            )
            item = _lock(item)
            _remove(
                item,
                actor=None,
                note=_("Removed automatically: hidden for %(days)s days.") % {"days": settings.hidden_removal_days},
            )
            removed += 1
    return removed


def purge_expired_sealed_copies(today=None) -> int:
    """Sealed copies are kept only for the retention period staff set."""
    deleted, _by_model = SealedCopy.objects.filter(purge_after__lt=today or timezone.localdate()).delete()
    return deleted
