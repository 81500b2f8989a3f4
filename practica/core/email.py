"""E-mail from a template triplet, written to the outbox in the transaction that causes it.

A template prefix such as "email/concern_reported" names three templates: `<prefix>.subject.txt` (one line),
`<prefix>.txt` (the plain-text body, extending "email/base.txt") and `<prefix>.html` (the HTML alternative,
extending "email/base.html"). `enqueue_templated_email` renders them and stores one outbox row per recipient;
the worker sends the rows (practica.core.delivery), so no request waits on, or fails with, the mail server.

    enqueue_templated_email(
        "communities/email/join_request_decided", user.email, context,
        ref=f"join-request:{join_request.pk}:{join_request.status}", recipient=user, category="community:join",
    )

The layout's footer takes optional context: `why` (one sentence: why this person got this e-mail),
`preferences_url` and `unsubscribe_url`; every e-mail says replies are not read and links to the site.
"""

from collections.abc import Callable

from django.conf import settings
from django.tasks import TaskContext, task
from django.template.loader import render_to_string
from django.utils import translation

from practica.core.outbox import enqueue_email

ONE_CLICK = "List-Unsubscribe=One-Click"


def render_templated_email(template_prefix: str, context: dict) -> tuple[str, str, str]:
    """Subject, plain text and HTML for one message, with the site's name and address in the context."""
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "reply_url": settings.SITE_URL + "/",
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        # Plain text is rendered by the "text" engine, which does not HTML-escape (an apostrophe stays one).
        subject = render_to_string(f"{template_prefix}.subject.txt", context, using="text")
        text = render_to_string(f"{template_prefix}.txt", context, using="text")
        html = render_to_string(f"{template_prefix}.html", context)
    # A subject is one line: a newline in it would let text inject headers (Django refuses to send those).
    subject = " ".join(subject.split())
    return subject, text, html


def community_subject(community_name: str, subject: str) -> str:
    """ "[Community name] subject": the community's name first, so members can sort and filter their mail."""
    name = " ".join(str(community_name).split())
    return f"[{name}] {subject}" if name else subject


def unsubscribe_headers(one_click_url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: the mail program POSTs to the URL, without anyone signing in."""
    return {"List-Unsubscribe": f"<{one_click_url}>", "List-Unsubscribe-Post": ONE_CLICK}


def idempotency_key(template_prefix: str, ref: str, address: str) -> str:
    """One e-mail per template, cause and recipient: a handler or task that runs twice writes it once."""
    key = f"{template_prefix}:{ref}:{address.strip().lower()}"
    return key if len(key) <= 160 else key[:96] + ":" + _digest(key)


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:63]


# What the app that keeps members' e-mail choices (notifications) adds to e-mails of a category written by apps
# below it (core cannot import it): a function (recipient) -> {"context": {...}, "headers": {...}} giving the
# footer's `why`, `preferences_url` and `unsubscribe_url` and the one-click unsubscribe headers, so an e-mail
# such as a join request's outcome carries the same choices as every other.
MemberChoices = Callable[[object], dict]
_member_choices: dict[str, MemberChoices] = {}


def register_member_choices(category: str, provider: MemberChoices) -> None:
    _member_choices[category] = provider


def enqueue_templated_email(
    template_prefix: str,
    to: list[str] | str,
    context: dict,
    *,
    ref: str,
    category: str = "",
    recipient=None,
    headers: dict | None = None,
    send_after=None,
) -> int:
    """Render once and store one outbox row per address, so nobody sees anyone else's (SECURITY.md, 33).

    `ref` names the cause (a join request and its decision, an audit entry ...); with the template and the
    address it makes the idempotency key. Returns how many rows were new.
    """
    addresses = [to] if isinstance(to, str) else list(to)
    provider = _member_choices.get(category)
    if provider is not None and len(addresses) == 1 and getattr(recipient, "pk", None):
        extras = provider(recipient)
        context = {**extras.get("context", {}), **context}
        headers = {**extras.get("headers", {}), **(headers or {})}
    subject, text, html = render_templated_email(template_prefix, context)
    written = 0
    for address in addresses:
        email = enqueue_email(
            key=idempotency_key(template_prefix, ref, address),
            to=address,
            subject=subject,
            text=text,
            html=html,
            recipient=recipient if len(addresses) == 1 else None,
            category=category or template_prefix.rsplit("/", 1)[-1],
            headers=headers,
            send_after=send_after,
        )
        written += email is not None
    return written


@task(queue_name="email", takes_context=True)
def send_templated_email(context: TaskContext, template_prefix: str, to: list[str] | str, email_context: dict) -> int:
    """For callers that enqueue a task rather than write to the outbox directly: the task writes the rows.

    The task's own id is the cause, so running it twice still writes each e-mail once. Prefer calling
    `enqueue_templated_email` inside the transaction: it renders with the data as it was at that moment.
    """
    return enqueue_templated_email(
        template_prefix, to, email_context, ref=f"task:{context.task_result.id}", category=template_prefix
    )
