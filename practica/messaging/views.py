"""Private messages: the inbox, a conversation, starting one, leaving, muting, settings, and the moderators'
view of one reported message.

Every page starts from a visibility query: whoever is not a current participant of a conversation gets 404,
staff included, exactly as if it did not exist (staff cannot browse private messages). Actions ask
permissions.py first and call one service; forms keep what was typed and show each error by its field.
"""

import hashlib
import math
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from practica.core import audit, safeguarding
from practica.core.pagination import paginate
from practica.messaging import permissions, queries, services
from practica.messaging.choices import InboxOrder
from practica.messaging.forms import MessageForm, NewConversationForm, PreferencesForm, RecipientSearchForm
from practica.messaging.models import Message
from practica.messaging.services import MessagingError

CONFIDENTIALITY_CONFIRMED = "confidentiality_confirmed"
# Longer text is refused by the services anyway; the check reads no more than this.
CHECK_MAX = 40_000
SEND_RATE = "60/h"


# The client-confidentiality check (practica/core/safeguarding.py), the same advice as for posts.


def _warning(data, *, alert: bool = False) -> dict | None:
    """The composer's `confidentiality` setting for what was typed, or None when nothing was found."""
    text = (data.get("body") or "")[:CHECK_MAX]
    findings = safeguarding.find_identifying_details(text)
    if not findings:
        return None
    items = [
        {
            "finding": finding,
            "where": _("in your message"),
            # Escaped by highlighted_excerpt, which marks only the finding.
            "excerpt": mark_safe(safeguarding.highlighted_excerpt(text, finding, hidden_label=_("found"))),  # noqa: S308
        }
        for finding in findings
    ]
    found = "\n".join(f"{f.kind}:{f.start}:{f.text}" for f in findings)
    return {"items": items, "signature": hashlib.sha256(found.encode()).hexdigest()[:16], "alert": alert}


def _confirmed(request) -> bool:
    return request.POST.get(CONFIDENTIALITY_CONFIRMED) == "1"


def _composer(*, id: str, submit_label: str, preview_html=None, confidentiality=None) -> dict:
    """Settings for discussions/_composer.html: the same editor as posts, without drafts or @suggestions."""
    return {
        "id": id,
        "autosave": False,
        "draft": None,
        "show_title": False,
        "preview_html": preview_html,
        "submit_label": submit_label,
        "confidentiality": confidentiality,
    }


def _apply_error(form, error: MessagingError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _typed(data) -> dict:
    return {key: value for key, value in data.items() if key not in {"csrfmiddlewaretoken", "preview"}}


# The inbox.


@require_GET
def inbox(request):
    order = request.GET.get("order")
    order = order if order in InboxOrder.values else InboxOrder.NEWEST
    page = paginate(
        queries.list_inbox(request.user, order=order), request.GET.get("page"), per_page=queries.INBOX_PAGE_SIZE
    )
    return render(
        request,
        "messaging/inbox.html",
        {
            "page_obj": page,
            "order": order,
            "orders": InboxOrder.choices,
            "query_string": urlencode({"order": order}),
            "can_start": permissions.can_start_conversation(request.user),
        },
    )


# A conversation.


def _last_page(conversation) -> int:
    return max(1, math.ceil(conversation.message_count / queries.MESSAGES_PAGE_SIZE))


def _receipts(participants, me, page_messages) -> dict:
    """Who has read the viewer's latest message, only when everyone in the conversation shares receipts."""
    current = [p for p in participants if not p.has_left]
    if len(current) < 2 or not all(_shares_receipts(p) for p in current):
        return {}
    mine = [m for m in page_messages if m.sender_id == me.user_id]
    if not mine:
        return {}
    latest = mine[-1]
    readers = [p.user for p in current if p.pk != me.pk and p.last_read_at and p.last_read_at >= latest.created_at]
    return {"message_id": latest.pk, "readers": readers}


def _shares_receipts(participant) -> bool:
    preference = getattr(participant.user, "messaging_preference", None)
    return bool(preference and preference.read_receipts)


def _conversation_page(request, conversation, *, form=None, preview=None, confidentiality=None, status=200):
    user = request.user
    participants = queries.participants_of(conversation)
    me = next((p for p in participants if p.user_id == user.pk), None)
    last_page = _last_page(conversation)
    page = paginate(
        queries.messages_of(conversation),
        request.GET.get("page") or last_page,
        per_page=queries.MESSAGES_PAGE_SIZE,
        max_page=last_page,
    )
    page_messages = list(page.object_list)
    others = [p.user for p in participants if p.user_id != user.pk]
    can_send = permissions.can_send_in(user, conversation, participant=me)
    if form is None and can_send:
        form = MessageForm()
    if request.method == "GET":
        services.mark_read(user=user, conversation=conversation)
    return render(
        request,
        "messaging/conversation_detail.html",
        {
            "conversation": conversation,
            "participants": participants,
            "others": others,
            "me": me,
            "page_obj": page,
            "page_messages": page_messages,
            "blocked_ids": queries.blocked_ids(user, others),
            "receipts": _receipts(participants, me, page_messages),
            "can_send": can_send,
            "can_write": permissions.can_write_messages(user),
            "form": form,
            "composer": _composer(
                id="message",
                submit_label=_("Send"),
                preview_html=preview,
                confidentiality=confidentiality,
            ),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=SEND_RATE, method="POST", block=False)
def conversation_detail(request, pk: int):
    """The messages in order (the latest page first), and the reply composer; POST sends a reply."""
    conversation = queries.get_conversation_for(request.user, pk)
    if request.method == "GET":
        return _conversation_page(request, conversation)
    if not permissions.can_send_in(request.user, conversation):
        raise PermissionDenied(_("You cannot write in this conversation."))
    if "preview" in request.POST:
        form = MessageForm(initial=_typed(request.POST))
        preview = services.render_body(request.POST.get("body", "")).html
        return _conversation_page(
            request, conversation, form=form, preview=preview, confidentiality=_warning(request.POST)
        )
    form = MessageForm(request.POST)
    warning = None if _confirmed(request) else _warning(request.POST, alert=True)
    if form.is_valid() and warning is None:
        if getattr(request, "limited", False):
            form.add_error(None, _("You have sent many messages in the last hour. Please wait a little."))
        else:
            try:
                services.send_message(
                    sender=request.user,
                    conversation=conversation,
                    body=form.cleaned_data["body"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except MessagingError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Your message is sent."))
                return redirect(f"{reverse('messaging:conversation', args=[conversation.pk])}#latest")
    return _conversation_page(request, conversation, form=form, confidentiality=warning)


@require_http_methods(["GET", "POST"])
def leave(request, pk: int):
    """GET explains what leaving means; POST leaves, so a stray link cannot."""
    conversation = queries.get_conversation_for(request.user, pk)
    if request.method == "POST":
        services.leave_conversation(user=request.user, conversation=conversation)
        messages.success(request, _("You left the conversation. It is no longer in your messages."))
        return redirect("messaging:inbox")
    return render(request, "messaging/conversation_leave.html", {"conversation": conversation})


@require_POST
def mute(request, pk: int):
    conversation = queries.get_conversation_for(request.user, pk)
    muted = request.POST.get("muted") == "1"
    services.set_muted(user=request.user, conversation=conversation, muted=muted)
    if muted:
        messages.success(request, _("Conversation muted: you will not be notified of new messages in it."))
    else:
        messages.success(request, _("Conversation unmuted: you will be notified of new messages again."))
    return redirect("messaging:conversation", pk=conversation.pk)


# Starting a conversation.


def _ids(values) -> list[int]:
    return [int(value) for value in values if str(value).isdigit()]


def _picker_url(ids: list[int], post_pk: int | None) -> str:
    params = [("to", pk) for pk in ids]
    if post_pk:
        params.append(("post", post_pk))
    return f"{reverse('messaging:new')}?{urlencode(params)}"


@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=SEND_RATE, method="POST", block=False)
def conversation_create(request):
    """Choose members (prefilled from a profile or a post), learn at once who does not accept messages, write.

    Works without JavaScript: adding and removing members are links that change the page's address.
    """
    user = request.user
    permissions.check(permissions.can_start_conversation(user), _("You cannot send private messages at the moment."))
    source = request.POST if request.method == "POST" else request.GET
    post_pk = _ids([source.get("post", "")])
    post_pk = post_pk[0] if post_pk else None
    post_author = queries.visible_post_author(user, post_pk) if post_pk else None
    chosen = queries.chosen_recipients(user, _ids(source.getlist("to")), post_author=post_author)
    chosen_ids = [person.pk for person in chosen]
    refused = services.refused_recipients(sender=user, recipients=chosen)
    limit = services.max_recipients()
    allow_team = permissions.can_send_moderation_message(user)

    search = RecipientSearchForm(request.GET if "q" in request.GET else None)
    suggestions = []
    if search.is_bound and search.is_valid() and len(chosen) < limit:
        suggestions = [
            {"person": person, "add_url": _picker_url([*chosen_ids, person.pk], post_pk)}
            for person in queries.recipient_suggestions(user, search.cleaned_data["q"])
            if person.pk not in chosen_ids
        ]

    form_kwargs = {"allow_team": allow_team}
    preview = warning = None
    if request.method == "POST" and "preview" in request.POST:
        form = NewConversationForm(initial=_typed(request.POST), **form_kwargs)
        preview = services.render_body(request.POST.get("body", "")).html
        warning = _warning(request.POST)
    elif request.method == "POST":
        form = NewConversationForm(request.POST, **form_kwargs)
        as_team = allow_team and request.POST.get("as_team") == "on"
        warning = None if _confirmed(request) else _warning(request.POST, alert=True)
        if form.is_valid() and warning is None:
            if getattr(request, "limited", False):
                form.add_error(None, _("You have sent many messages in the last hour. Please wait a little."))
            else:
                try:
                    conversation = _start(user, chosen, form.cleaned_data, as_team=as_team)
                except MessagingError as error:
                    _apply_error(form, error)
                    if error.field == "recipients":
                        # Preferences or blocks changed while they wrote: say so, keep the text.
                        refused = services.refused_recipients(sender=user, recipients=chosen)
                else:
                    messages.success(request, _("Your message is sent."))
                    return redirect("messaging:conversation", pk=conversation.pk)
    else:
        form = NewConversationForm(**form_kwargs)

    return render(
        request,
        "messaging/conversation_form.html",
        {
            "chosen": [
                {
                    "person": person,
                    "refused": person in refused,
                    "remove_url": _picker_url([pk for pk in chosen_ids if pk != person.pk], post_pk),
                }
                for person in chosen
            ],
            "refused": refused,
            "refusal": services.refusal_for(refused) if refused else "",
            "too_many": len(chosen) > limit,
            "full": len(chosen) >= limit,
            "limit": settings.MESSAGING_MAX_PARTICIPANTS,
            "search": search,
            "suggestions": suggestions,
            "chosen_ids": chosen_ids,
            "post_pk": post_pk,
            "form": form,
            "composer": _composer(
                id="new-message", submit_label=_("Send"), preview_html=preview, confidentiality=warning
            ),
            "allow_team": allow_team,
            # Moderators and staff may still write to refused members, as the team (the form says so).
            "can_write": bool(chosen) and len(chosen) <= limit and (not refused or allow_team),
        },
    )


def _start(user, chosen, data, *, as_team: bool):
    if as_team:
        if len(chosen) != 1:
            raise MessagingError(_("A moderation message goes to one member at a time."), "as_team")
        message = services.send_moderation_message(
            recipient=chosen[0],
            sender=user,
            subject=data.get("subject", ""),
            body=data["body"],
            idempotency_key=data.get("idempotency_key", ""),
        )
        return message.conversation
    return services.start_conversation(
        sender=user,
        recipients=chosen,
        subject=data.get("subject", ""),
        body=data["body"],
        idempotency_key=data.get("idempotency_key", ""),
    )


# Settings.


@require_http_methods(["GET", "POST"])
def preferences(request):
    current = permissions.preference_of(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.update_preferences(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your message settings are saved."))
            return redirect("messaging:preferences")
    else:
        form = PreferencesForm(
            initial={"who_may_message": current.who_may_message, "read_receipts": current.read_receipts}
        )
    return render(request, "messaging/preferences.html", {"form": form})


# Moderators: one reported message.


@require_GET
def reported_message(request, pk: int):
    """A flagged or reported message for the reviewers of its queue item: only that message, and every view
    is logged. A participant who is not a reviewer (the member who just flagged it) is taken to the message
    in its conversation; anyone else gets 404."""
    if not permissions.can_view_reported_message(request.user, Message(pk=pk)):
        found = queries.message_in_conversation_url(request.user, pk)
        if found is not None:
            return redirect(found)
    message = queries.get_reported_message_for(request.user, pk)
    audit.record(
        actor=request.user,
        action="messaging.reported_message_viewed",
        target=message,
        summary=_("Viewed a reported private message"),
    )
    return render(request, "messaging/reported_message.html", {"message": message})
