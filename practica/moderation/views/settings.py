"""Staff edit the site's moderation settings (404 for everyone else)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practica.moderation.forms.settings import ModerationSettingsForm
from practica.moderation.models import ModerationSettings
from practica.moderation.permissions import can_edit_settings
from practica.moderation.services.settings import update_moderation_settings


@require_http_methods(["GET", "HEAD", "POST"])
def settings_edit(request):
    if not can_edit_settings(request.user):
        raise Http404
    current = ModerationSettings.current()
    # An unbound copy for the form, so a refused submission never touches the stored row.
    form = ModerationSettingsForm(request.POST or None, instance=ModerationSettings.objects.get(pk=current.pk))
    if request.method == "POST" and form.is_valid():
        update_moderation_settings(actor=request.user, changes=form.cleaned_data)
        messages.success(request, _("The moderation settings are saved."))
        return redirect("moderation:settings")
    return render(request, "moderation/settings/settings_form.html", {"form": form, "current": current})
