"""E-mail preferences (signed in) and the one-click unsubscribe link (works without signing in)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from practica.notifications.forms.preferences import EmailPreferencesForm
from practica.notifications.services import email
from practica.notifications.services.delivery import get_email_settings


@require_http_methods(["GET", "POST"])
def email_preferences(request):
    email_settings = get_email_settings(request.user)
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            email.update_email_preferences(
                user=request.user,
                modes=form.modes(),
                digest_frequency=form.cleaned_data["digest_frequency"],
                paused_until=form.cleaned_data["paused_until"],
                meeting_reminders=form.cleaned_data["meeting_reminders"],
            )
            messages.success(request, _("Your e-mail preferences are saved."))
            return redirect("notifications:preferences")
    else:
        initial = {f"mode_{kind}": mode for kind, mode in email.current_modes(email_settings).items()}
        initial.update(
            digest_frequency=email_settings.digest_frequency,
            paused_until=email_settings.paused_until,
            meeting_reminders=email_settings.meeting_reminders,
        )
        form = EmailPreferencesForm(initial=initial)
    return render(request, "notifications/email_preferences.html", {"form": form, "email_settings": email_settings})


@require_POST
def rotate_unsubscribe_links(request):
    email.rotate_unsubscribe_key(user=request.user)
    messages.success(request, _("Unsubscribe links in e-mails you were sent before now no longer work."))
    return redirect("notifications:preferences")


# A mail program's one-click POST (RFC 8058) carries no CSRF token and no session: the signed token is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET: a page that says what the link will turn off, with a button. POST: turn it off."""
    try:
        link = email.read_unsubscribe_token(token)
    except email.UnsubscribeLinkError as error:
        return render(
            request,
            "notifications/unsubscribe_invalid.html",
            {"reason": str(error), "expired": error.expired},
            status=400,
        )
    if request.method == "POST":
        email.unsubscribe(user=link.user, kind=link.kind)
        return render(request, "notifications/unsubscribe_done.html", {"link": link})
    return render(request, "notifications/unsubscribe.html", {"link": link, "token": token})
