"""E-mail from a template triplet, sent by a task so that no request ever waits on (or fails with) the mail server.

A template prefix such as "email/concern_reported" names three templates: `<prefix>.subject.txt` (one line),
`<prefix>.txt` (the plain-text body) and `<prefix>.html` (the HTML alternative). Enqueue the task inside the
transaction that caused the e-mail: the database task backend stores it with that transaction.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation


def render_templated_email(template_prefix: str, context: dict) -> tuple[str, str, str]:
    """Subject, plain text and HTML for one message, with the site's name and address in the context."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        # Plain text is rendered by the "text" engine, which does not HTML-escape (an apostrophe stays one).
        subject = render_to_string(f"{template_prefix}.subject.txt", context, using="text")
        text = render_to_string(f"{template_prefix}.txt", context, using="text")
        html = render_to_string(f"{template_prefix}.html", context)
    # A subject is one line: a newline in it would let text inject headers (Django refuses to send those).
    subject = " ".join(subject.split())
    return subject, text, html


@task(queue_name="email")
def send_templated_email(template_prefix: str, to: list[str] | str, context: dict) -> int:
    """Send one message per recipient, so nobody sees anyone else's address (SECURITY.md, channel 33).

    The context must be JSON (ids and strings): tasks are stored in the database until the worker runs them.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    subject, text, html = render_templated_email(template_prefix, context)
    sent = 0
    for recipient in recipients:
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [recipient])
        message.attach_alternative(html, "text/html")
        sent += message.send()
    return sent
