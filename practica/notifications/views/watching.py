"""Following communities and topics, and a community's e-mail policy (its champions')."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from practica.communities import queries as community_queries
from practica.discussions import queries as discussion_queries
from practica.notifications.choices import WatchLevel
from practica.notifications.forms.preferences import EmailPolicyForm, WatchForm
from practica.notifications.permissions import can_edit_email_policy, check
from practica.notifications.queries import email_policy_for
from practica.notifications.services import email, watching


@require_POST
def community_watch(request, pk: int):
    community = community_queries.get_readable_community_for(request.user, pk)
    url = reverse("communities:detail", kwargs={"pk": community.pk})
    form = WatchForm(request.POST)
    if form.is_valid():
        watching.set_community_watch(user=request.user, community=community, level=form.cleaned_data["level"])
        messages.success(
            request,
            _("You now follow %(community)s at this level: %(level)s.")
            % {"community": community.name, "level": WatchLevel(form.cleaned_data["level"]).label},
        )
    else:
        messages.error(request, _("Choose how closely to follow it."))
    return redirect(f"{url}#follow-heading")


@require_POST
def topic_watch(request, pk: int):
    topic = discussion_queries.get_topic_for(request.user, pk)
    url = reverse("discussions:topic", kwargs={"pk": topic.pk})
    form = WatchForm(request.POST)
    if form.is_valid():
        watching.set_topic_watch(user=request.user, topic=topic, level=form.cleaned_data["level"])
        messages.success(
            request,
            _("You now follow this topic at this level: %(level)s.")
            % {"level": WatchLevel(form.cleaned_data["level"]).label},
        )
    else:
        messages.error(request, _("Choose how closely to follow it."))
    return redirect(f"{url}?page=1")


@require_http_methods(["GET", "POST"])
def community_email_policy(request, pk: int):
    community = community_queries.get_readable_community_for(request.user, pk)
    check(can_edit_email_policy(request.user, community), _("Only the community's champions can change this."))
    policy = email_policy_for(community)
    if request.method == "POST":
        form = EmailPolicyForm(request.POST)
        if form.is_valid():
            email.set_email_policy(
                actor=request.user, community=community, include_text=form.cleaned_data["include_text"]
            )
            messages.success(request, _("The community's e-mail setting is saved."))
            return redirect("communities:detail", pk=community.pk)
    else:
        form = EmailPolicyForm(initial={"include_text": policy.include_text})
    return render(
        request, "notifications/community_email_policy.html", {"community": community, "form": form, "policy": policy}
    )
