"""One community: its home page, charter, settings and members, and joining, leaving and invitations.

Who may see what is decided in permissions.py and queries.py: every view starts from
`queries.get_community_for` (404 for people who may not know of the community) or
`queries.get_readable_community_for` (404 for people who may not see inside it), and asks
`permissions.can_*` before acting (403 with a reason for people who may see but not act).
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.communities import permissions, queries
from practica.communities.charter import CHARTER_QUESTIONS
from practica.communities.choices import MeetingMode
from practica.communities.forms.community import CharterForm, CommunitySettingsForm, JoinRequestForm
from practica.communities.models import Community, JoinRequest
from practica.communities.sections import build_community_sections
from practica.communities.services import communities as community_services
from practica.communities.services import membership as membership_services
from practica.communities.services.membership import MembershipError
from practica.communities.views.directory import join_state
from practica.core.pagination import paginate

MEMBERS_PER_PAGE = 50
CHARTER_VERSIONS_PER_PAGE = 10
INVITE_TOKEN_MAX_LENGTH = 100


def _check_can_lead(user, community, reason: str) -> None:
    if community.is_archived and permissions.is_champion(user, community):
        reason = _("This community is archived: it is read-only.")
    permissions.check(permissions.can_lead(user, community), reason)


def _invite_token(request) -> str:
    data = request.POST if request.method == "POST" else request.GET
    return (data.get("invite_token") or "")[:INVITE_TOKEN_MAX_LENGTH]


def _after_leaving_url(community) -> str:
    """Where to send someone who is no longer connected to the community: an unlisted one would now be a 404."""
    if community.unlisted:
        return reverse("communities:list")
    return reverse("communities:detail", kwargs={"pk": community.pk})


# The community's home and charter.


@require_GET
def community_detail(request, pk: int):
    user = request.user
    community = queries.get_community_for(user, pk)
    can_lead = permissions.can_lead(user, community)
    # People who may not read inside (outsiders to a closed community) get only its public face.
    can_read = permissions.can_read_community(user, community)
    return render(
        request,
        "communities/community_detail.html",
        {
            "community": community,
            "can_read": can_read,
            # What other apps show from inside the community (latest topics ...): never built for outsiders.
            "sections": build_community_sections(user, community) if can_read else [],
            "join_state": join_state(user, community),
            "can_leave": permissions.can_leave(user, community),
            "can_lead": can_lead,
            "can_manage": permissions.can_manage_community(user),
            "is_champion": permissions.is_champion(user, community),
            "pending_count": queries.count_pending_join_requests(community) if can_lead else 0,
        },
    )


def _answered_questions(version) -> list[dict]:
    if version is None:
        return []
    answered = []
    for question in CHARTER_QUESTIONS:
        answer = getattr(version, question.field)
        if answer.strip():
            answered.append({"question": question, "answer": answer})
    return answered


@require_GET
def charter_detail(request, pk: int):
    community = queries.get_community_for(request.user, pk)
    charter = queries.current_charter(community)
    return render(
        request,
        "communities/charter_detail.html",
        {
            "community": community,
            "charter": charter,
            "answers": _answered_questions(charter),
            "can_lead": permissions.can_lead(request.user, community),
        },
    )


def _charter_changes(version, previous) -> list[dict]:
    """A field-by-field comparison of a charter version with the one before it: what changed, before and after."""
    if previous is None:
        return []
    changes = []
    for question in CHARTER_QUESTIONS:
        before, after = getattr(previous, question.field), getattr(version, question.field)
        if before != after:
            changes.append({"label": question.question, "before": before, "after": after})
    if previous.meeting_mode != version.meeting_mode:
        changes.append(
            {
                "label": _("How do you meet?"),
                "before": MeetingMode(previous.meeting_mode).label if previous.meeting_mode else "",
                "after": MeetingMode(version.meeting_mode).label if version.meeting_mode else "",
            }
        )
    if previous.agrees_with_code_of_conduct != version.agrees_with_code_of_conduct:
        yes, no = _("Yes"), _("No")
        changes.append(
            {
                "label": _("Consistent with the Code of Conduct"),
                "before": yes if previous.agrees_with_code_of_conduct else no,
                "after": yes if version.agrees_with_code_of_conduct else no,
            }
        )
    return changes


@require_GET
def charter_history(request, pk: int):
    community = queries.get_community_for(request.user, pk)
    page = paginate(
        queries.list_charter_versions(community), request.GET.get("page"), per_page=CHARTER_VERSIONS_PER_PAGE
    )
    versions = list(page.object_list)
    # Each version is compared with the one before it; the oldest on this page needs one more query (always
    # made, so the page costs the same whatever the length of the history).
    previous_of_last = None
    if versions:
        previous_of_last = queries.get_charter_version(community, versions[-1].version - 1)
    entries = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else previous_of_last
        entries.append({"version": version, "changes": _charter_changes(version, previous), "previous": previous})
    return render(
        request,
        "communities/charter_history.html",
        {"community": community, "page_obj": page, "entries": entries, "query_string": ""},
    )


@require_http_methods(["GET", "POST"])
def charter_edit(request, pk: int):
    community = queries.get_community_for(request.user, pk)
    _check_can_lead(request.user, community, _("Only the community's champions and staff can edit its charter."))
    current = queries.current_charter(community)
    if request.method == "POST":
        form = CharterForm(request.POST)
        if form.is_valid():
            version = community_services.save_charter(
                actor=request.user,
                community=community,
                answers=form.answers(),
                change_note=form.cleaned_data["change_note"],
            )
            messages.success(
                request, _("The charter has been saved as version %(number)s.") % {"number": version.version}
            )
            return redirect("communities:charter", pk=community.pk)
    else:
        form = CharterForm(initial=CharterForm.initial_from(current))
    return render(request, "communities/charter_edit.html", {"community": community, "form": form, "charter": current})


# Settings and members.


@require_http_methods(["GET", "POST"])
def community_edit(request, pk: int):
    user = request.user
    community = queries.get_community_for(user, pk)
    _check_can_lead(user, community, _("Only the community's champions and staff can change its settings."))
    staff = permissions.can_manage_community(user)
    form_kwargs = {"community": community, "staff": staff, "divisions": queries.list_divisions()}
    if request.method == "POST":
        form = CommunitySettingsForm(request.POST, **form_kwargs)
        if form.is_valid():
            changes = form.changes()
            if not changes:
                messages.info(request, _("Nothing was changed."))
                return redirect("communities:detail", pk=community.pk)
            try:
                community_services.update_community(actor=user, community=community, **changes)
            except ValueError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The community's settings have been saved."))
                return redirect("communities:detail", pk=community.pk)
    else:
        form = CommunitySettingsForm(**form_kwargs)
    return render(request, "communities/community_edit.html", {"community": community, "form": form, "staff": staff})


@require_GET
def member_list(request, pk: int):
    user = request.user
    community = queries.get_readable_community_for(user, pk)
    page = paginate(queries.list_community_members(user, community), request.GET.get("page"), per_page=MEMBERS_PER_PAGE)
    return render(
        request,
        "communities/member_list.html",
        {
            "community": community,
            "page_obj": page,
            "can_lead": permissions.can_lead(user, community),
            "query_string": "",
        },
    )


# Joining and leaving.


def _render_join(request, community, *, form=None, invite_token: str = ""):
    return render(
        request,
        "communities/join.html",
        {
            "community": community,
            "form": form,
            "join_state": join_state(request.user, community),
            "invite_token": invite_token,
        },
    )


def _join_open(request, community, invite_token: str):
    if request.method == "GET":
        return _render_join(request, community, invite_token=invite_token)
    try:
        result = membership_services.join_community(user=request.user, community=community, invite_token=invite_token)
    except Community.DoesNotExist:
        raise Http404 from None
    except MembershipError as error:
        messages.warning(request, str(error))
        return redirect("communities:detail", pk=community.pk)
    if isinstance(result, JoinRequest):
        messages.info(
            request,
            _("%(name)s is full, so you are on its waiting list. You will join when a place frees up.")
            % {"name": community.name},
        )
    else:
        messages.success(request, _("Welcome to %(name)s: you are now a member.") % {"name": community.name})
    return redirect("communities:detail", pk=community.pk)


def _request_to_join(request, community, invite_token: str):
    user = request.user
    if request.method == "GET":
        if join_state(user, community) in {"pending", "waitlisted"}:
            # They have asked already: show where their request stands, with a way to withdraw it.
            return _render_join(request, community, invite_token=invite_token)
        form = JoinRequestForm(community=community, initial={"invite_token": invite_token})
        return _render_join(request, community, form=form, invite_token=invite_token)
    form = JoinRequestForm(request.POST, community=community)
    if form.is_valid():
        try:
            membership_services.request_to_join(
                user=user,
                community=community,
                answers=form.answers(),
                accepted_confidentiality=form.accepted_confidentiality(),
                invite_token=invite_token,
            )
        except Community.DoesNotExist:
            raise Http404 from None
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your request to join %(name)s has been sent. A champion will reply, and we will let you know.")
                % {"name": community.name},
            )
            if invite_token and not permissions.can_know_community(user, community):
                # Until they are admitted, only the invitation link shows them an unlisted community.
                return redirect("communities:invite-accept", pk=community.pk, token=invite_token)
            return redirect("communities:detail", pk=community.pk)
    return _render_join(request, community, form=form, invite_token=invite_token)


@require_http_methods(["GET", "POST"])
def join(request, pk: int):
    """Open communities: a confirmation page and a one-click POST. Closed ones: the request form."""
    user = request.user
    invite_token = _invite_token(request)
    community = queries.get_community_for(user, pk, invite_token=invite_token)
    if permissions.is_member(user, community):
        # Joining twice changes nothing and says so.
        messages.info(request, _("You are already a member of %(name)s.") % {"name": community.name})
        return redirect("communities:detail", pk=community.pk)
    permissions.check(
        not community.is_archived, _("This community is archived: it is read-only and does not take new members.")
    )
    if community.is_closed:
        return _request_to_join(request, community, invite_token)
    return _join_open(request, community, invite_token)


@require_http_methods(["GET", "POST"])
def leave(request, pk: int):
    user = request.user
    community = queries.get_community_for(user, pk)
    permissions.check(
        permissions.can_leave(user, community),
        _("You are not a member of this community, so there is nothing to leave."),
    )
    if request.method == "POST":
        try:
            membership_services.leave_community(user=user, community=community)
        except MembershipError as error:
            messages.warning(request, str(error))
            return redirect("communities:detail", pk=community.pk)
        messages.success(request, _("You have left %(name)s.") % {"name": community.name})
        return redirect(_after_leaving_url(community))
    return render(
        request,
        "communities/leave.html",
        {"community": community, "is_champion": permissions.is_champion(user, community)},
    )


@require_POST
def withdraw_request(request, pk: int):
    user = request.user
    community = queries.get_community_for(user, pk, invite_token=_invite_token(request))
    join_request = queries.get_open_join_request_for(user, community)
    try:
        membership_services.withdraw_join_request(user=user, join_request=join_request)
    except MembershipError as error:
        # Decided between the page loading and the click: nothing changes, and we say why.
        messages.warning(request, str(error))
    else:
        messages.success(request, _("You have withdrawn your request to join %(name)s.") % {"name": community.name})
    return redirect(_after_leaving_url(community))


# Invitation links.


@require_http_methods(["GET", "POST"])
def invite_link(request, pk: int):
    user = request.user
    community = queries.get_community_for(user, pk)
    _check_can_lead(user, community, _("Only the community's champions and staff can share its invitation link."))
    link = ""
    if request.method == "POST":
        token = community_services.rotate_invite_link(actor=user, community=community)
        # The token is stored only as a hash, so this response is the one time it can be shown; that is why
        # this POST renders instead of redirecting. Pages are never cached (PrivatePagesMiddleware).
        # The absolute URL comes from the configured site address, never the Host header (SECURITY.md, 28).
        link = settings.SITE_URL + reverse("communities:invite-accept", kwargs={"pk": community.pk, "token": token})
    return render(
        request,
        "communities/invite_link.html",
        {"community": community, "link": link, "has_link": bool(community.invite_token_hash)},
    )


@require_GET
def invite_accept(request, pk: int, token: str):
    user = request.user
    token = token[:INVITE_TOKEN_MAX_LENGTH]
    community = queries.get_community_for(user, pk, invite_token=token)
    if not community.invite_token_matches(token):
        # A wrong or replaced link looks exactly like a missing page, even for listed communities.
        raise Http404
    if permissions.is_member(user, community):
        messages.info(request, _("You are already a member of %(name)s.") % {"name": community.name})
        return redirect("communities:detail", pk=community.pk)
    form = None
    if permissions.can_request_to_join(user, community) and join_state(user, community) == "request":
        form = JoinRequestForm(community=community, initial={"invite_token": token})
    return _render_join(request, community, form=form, invite_token=token)
