"""Champions' tools: join requests and the waiting list, removing members, appointing champions, stepping down.

Whoever may not know of the community gets 404 (queries.get_community_for); whoever may see it but not lead
it gets 403 with a reason.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from practica.accounts.models import User
from practica.communities import queries
from practica.communities.choices import CommunityRole, JoinRequestStatus
from practica.communities.forms.champions import (
    AppointChampionForm,
    JoinRequestDecisionForm,
    RemoveChampionForm,
    RemoveMemberForm,
    StepDownForm,
)
from practica.communities.models import ChampionChange, CommunityMember, JoinRequest
from practica.communities.permissions import can_lead, can_manage_community, check, is_champion
from practica.communities.services import membership as membership_services
from practica.communities.services.membership import MembershipError
from practica.core.pagination import paginate

REQUESTS_PAGE_SIZE = 25
HISTORY_LIMIT = 50


def _led_community(request, pk: int):
    community = queries.get_community_for(request.user, pk)
    check(can_lead(request.user, community), _("Only the community's champions and staff can do this."))
    return community


@require_GET
def request_list(request, pk: int):
    community = _led_community(request, pk)
    pending_page = paginate(
        queries.list_join_requests(community, JoinRequestStatus.PENDING),
        request.GET.get("page"),
        per_page=REQUESTS_PAGE_SIZE,
    )
    waiting_page = paginate(
        queries.list_join_requests(community, JoinRequestStatus.WAITLISTED),
        request.GET.get("waiting_page"),
        per_page=REQUESTS_PAGE_SIZE,
    )
    return render(
        request,
        "communities/request_list.html",
        {
            "community": community,
            "page_obj": pending_page,
            "waiting_page": waiting_page,
            "waiting_offset": waiting_page.start_index() - 1 if waiting_page.object_list else 0,
        },
    )


@require_http_methods(["GET", "POST"])
def request_decide(request, pk: int, request_pk: int):
    community = _led_community(request, pk)
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user", "decided_by"), pk=request_pk, community=community
    )
    form = JoinRequestDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = join_request.user.display_name
        try:
            decided = membership_services.decide_join_request(
                actor=request.user,
                join_request=join_request,
                approve=form.approve,
                message=form.cleaned_data["message"],
            )
        except MembershipError as error:
            # Already decided or withdrawn: nothing changed, and the list shows where things stand now.
            messages.error(request, str(error))
            return redirect("communities:requests", pk=community.pk)
        if decided.status == JoinRequestStatus.ADMITTED:
            messages.success(request, _("%(name)s is now a member of the community.") % {"name": name})
        elif decided.status == JoinRequestStatus.WAITLISTED:
            messages.warning(
                request,
                _(
                    "The community is at its maximum size, so %(name)s is on the waiting list, in place "
                    "%(position)s. They join when a place frees up."
                )
                % {"name": name, "position": queries.waiting_position(decided)},
            )
        else:
            messages.success(request, _("You declined %(name)s's request.") % {"name": name})
        return redirect("communities:requests", pk=community.pk)
    return render(
        request,
        "communities/request_decide.html",
        {"community": community, "join_request": join_request, "form": form},
    )


@require_http_methods(["GET", "POST"])
def member_remove(request, pk: int, user_pk: int):
    community = _led_community(request, pk)
    membership = get_object_or_404(CommunityMember.objects.select_related("user"), community=community, user_id=user_pk)
    if membership.role == CommunityRole.CHAMPION:
        check(can_manage_community(request.user), _("Only staff can remove a champion."))
    form = RemoveMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_services.remove_member(
                actor=request.user, community=community, member=membership.user, reason=form.cleaned_data["reason"]
            )
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is no longer a member of %(community)s.")
                % {"name": membership.user.display_name, "community": community.name},
            )
            return redirect("communities:members", pk=community.pk)
    return render(
        request, "communities/member_remove.html", {"community": community, "membership": membership, "form": form}
    )


@require_http_methods(["GET", "POST"])
def champion_manage(request, pk: int):
    community = queries.get_community_for(request.user, pk)
    check(can_manage_community(request.user), _("Only staff appoint and remove champions."))
    champions = list(
        CommunityMember.objects.filter(community=community, role=CommunityRole.CHAMPION)
        .select_related("user")
        .order_by("joined_at")
    )
    appoint_form = AppointChampionForm(community=community, actor=request.user)
    remove_forms = {champion.user_id: RemoveChampionForm(prefix=f"c{champion.user_id}") for champion in champions}

    if request.method == "POST" and "remove" in request.POST:
        try:
            champion_pk = int(request.POST["remove"])
        except ValueError as error:
            raise Http404 from error
        if champion_pk not in remove_forms:
            raise Http404
        form = remove_forms[champion_pk] = RemoveChampionForm(request.POST, prefix=f"c{champion_pk}")
        if form.is_valid():
            person = User.objects.get(pk=champion_pk)
            try:
                membership_services.remove_champion(
                    actor=request.user, community=community, user=person, note=form.cleaned_data["note"].strip()
                )
            except MembershipError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("%(name)s is no longer a champion; they stay a member.") % {"name": person.display_name}
                )
            return redirect("communities:champions", pk=community.pk)
    elif request.method == "POST":
        appoint_form = AppointChampionForm(request.POST, community=community, actor=request.user)
        if appoint_form.is_valid():
            person = appoint_form.cleaned_data["user"]
            try:
                membership_services.appoint_champion(
                    actor=request.user, community=community, user=person, note=appoint_form.cleaned_data["note"].strip()
                )
            except MembershipError as error:
                appoint_form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(name)s is now a champion of %(community)s.")
                    % {"name": person.display_name, "community": community.name},
                )
                return redirect("communities:champions", pk=community.pk)

    history = ChampionChange.objects.filter(community=community).select_related("user", "changed_by")[:HISTORY_LIMIT]
    return render(
        request,
        "communities/champion_manage.html",
        {
            "community": community,
            "champions": [(champion, remove_forms[champion.user_id]) for champion in champions],
            "appoint_form": appoint_form,
            "history": history,
        },
    )


@require_http_methods(["GET", "POST"])
def step_down(request, pk: int):
    community = queries.get_community_for(request.user, pk)
    check(is_champion(request.user, community), _("Only the community's champions can step down as champion."))
    form = StepDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_services.step_down_as_champion(
                user=request.user, community=community, handover_note=form.cleaned_data["handover_note"]
            )
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "You have stepped down as a champion of %(community)s. "
                    "You stay a member, and your handover note is kept."
                )
                % {"community": community.name},
            )
            return redirect("communities:detail", pk=community.pk)
    return render(request, "communities/step_down.html", {"community": community, "form": form})
