"""Proposing a community: members propose and co-sign, staff review and approve.

A proposal is seen only by its proposer, its named champions, its co-signers and staff; everyone else gets
404, exactly as if it did not exist (permissions.can_view_proposal).
"""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.communities.charter import CHARTER_QUESTIONS
from practica.communities.choices import CoSignerStatus, MeetingMode, ProposalStatus
from practica.communities.forms.proposals import (
    ProposalEditForm,
    ProposalForm,
    ProposalQueueFilterForm,
    ProposalReviewForm,
)
from practica.communities.models import CommunityProposal, ProposalComment, ProposalCoSigner
from practica.communities.permissions import can_manage_community, can_view_proposal, check
from practica.communities.services import proposals as proposal_services
from practica.communities.services.membership import MembershipError
from practica.core.pagination import paginate

PAGE_SIZE = 25
OPEN_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW, ProposalStatus.NEEDS_CHANGES)


def _query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _proposal_for(user, pk: int) -> CommunityProposal:
    """A proposal the user may see, with what its page shows, or 404."""
    proposal = get_object_or_404(
        CommunityProposal.objects.select_related("proposer", "division", "community").prefetch_related(
            "champions",
            Prefetch("cosigners", queryset=ProposalCoSigner.objects.select_related("user").order_by("pk")),
            Prefetch("comments", queryset=ProposalComment.objects.select_related("author")),
        ),
        pk=pk,
    )
    if not can_view_proposal(user, proposal):
        raise Http404
    return proposal


def _charter_answers(proposal) -> list[dict]:
    charter = proposal.charter or {}
    return [{"question": question, "answer": charter.get(question.field, "")} for question in CHARTER_QUESTIONS]


def _meeting_mode_label(proposal) -> str:
    mode = (proposal.charter or {}).get("meeting_mode") or MeetingMode.ONLINE
    return dict(MeetingMode.choices).get(mode, mode)


@require_GET
def proposal_list(request):
    mine = paginate(
        CommunityProposal.objects.filter(proposer=request.user).select_related("division", "community"),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    cosign_requests = (
        ProposalCoSigner.objects.filter(user=request.user)
        .select_related("proposal", "proposal__proposer")
        .order_by("-proposal__created_at")[:PAGE_SIZE]
    )
    championing = (
        CommunityProposal.objects.filter(champions=request.user)
        .exclude(proposer=request.user)
        .select_related("proposer")[:PAGE_SIZE]
    )
    return render(
        request,
        "communities/proposal_list.html",
        {
            "page_obj": mine,
            "cosign_requests": cosign_requests,
            "championing": championing,
            "query_string": "",
            "open_statuses": OPEN_STATUSES,
        },
    )


@require_http_methods(["GET", "POST"])
def proposal_create(request):
    form = ProposalForm(request.POST or None, proposer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_services.submit_proposal(
                proposer=request.user,
                champions=form.cleaned_data["champions"],
                cosigners=form.cleaned_data["cosigner_users"],
                **form.proposal_fields(),
            )
        except (MembershipError, ValueError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your proposal has been sent to the Communities of Practice Lead.")
                + (
                    " " + _("The members you named are asked to confirm their support.")
                    if proposal.cosigners.exists()
                    else ""
                ),
            )
            return redirect("communities:proposal", pk=proposal.pk)
    return render(request, "communities/proposal_form.html", {"form": form, "proposal": None})


def _detail_context(request, proposal, review_form=None) -> dict:
    own_cosign = next((c for c in proposal.cosigners.all() if c.user_id == request.user.pk), None)
    is_open = proposal.status in OPEN_STATUSES
    return {
        "proposal": proposal,
        "charter_answers": _charter_answers(proposal),
        "meeting_mode": _meeting_mode_label(proposal),
        "own_cosign": own_cosign if is_open else None,
        "can_edit": is_open and proposal.proposer_id == request.user.pk,
        "review_form": (review_form or ProposalReviewForm())
        if is_open and can_manage_community(request.user)
        else None,
    }


@require_GET
def proposal_detail(request, pk: int):
    proposal = _proposal_for(request.user, pk)
    return render(request, "communities/proposal_detail.html", _detail_context(request, proposal))


@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    proposal = _proposal_for(request.user, pk)
    check(proposal.proposer_id == request.user.pk, _("Only the person who made the proposal can change it."))
    if proposal.status not in OPEN_STATUSES:
        messages.error(request, _("This proposal has already been decided, so it can no longer be changed."))
        return redirect("communities:proposal", pk=proposal.pk)
    if request.method == "POST":
        form = ProposalEditForm(request.POST, proposal=proposal)
        if form.is_valid():
            try:
                proposal_services.revise_proposal(
                    proposer=request.user,
                    proposal=proposal,
                    champions=form.cleaned_data["champions"],
                    **form.proposal_fields(),
                )
            except (MembershipError, ValueError) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your changes have been saved and the Lead can see them."))
                return redirect("communities:proposal", pk=proposal.pk)
    else:
        form = ProposalEditForm(proposal=proposal, initial=ProposalForm.initial_from(proposal))
    return render(request, "communities/proposal_form.html", {"form": form, "proposal": proposal})


@require_POST
def proposal_cosign(request, pk: int):
    # Only a listed co-signer may answer; to anyone else the proposal does not exist.
    cosigner = get_object_or_404(ProposalCoSigner.objects.select_related("proposal"), proposal_id=pk, user=request.user)
    proposal = cosigner.proposal
    if proposal.status not in OPEN_STATUSES:
        messages.error(request, _("This proposal has already been decided."))
        return redirect("communities:proposal", pk=proposal.pk)
    response = request.POST.get("response")
    if response not in {"confirm", "decline"}:
        messages.error(request, _("Choose whether you support the proposal."))
        return redirect("communities:proposal", pk=proposal.pk)
    proposal_services.respond_to_cosign(user=request.user, proposal=proposal, confirm=response == "confirm")
    if response == "confirm":
        messages.success(request, _("Thank you: your support for “%(name)s” is recorded.") % {"name": proposal.name})
    else:
        messages.success(request, _("You have declined to co-sign “%(name)s”.") % {"name": proposal.name})
    return redirect("communities:proposal", pk=proposal.pk)


@require_POST
def proposal_review(request, pk: int):
    check(can_manage_community(request.user), _("Only staff review proposals."))
    proposal = _proposal_for(request.user, pk)
    form = ProposalReviewForm(request.POST)
    if not form.is_valid():
        return render(request, "communities/proposal_detail.html", _detail_context(request, proposal, review_form=form))
    status, comment = form.cleaned_data["status"], form.cleaned_data["comment"]
    try:
        result = proposal_services.review_proposal(
            actor=request.user, proposal=proposal, status=status, comment=comment
        )
    except MembershipError as error:
        if proposal.status in OPEN_STATUSES and status == ProposalStatus.APPROVED:
            # For example a community with the same name now exists: keep what the reviewer typed.
            form.add_error(None, str(error))
            return render(
                request, "communities/proposal_detail.html", _detail_context(request, proposal, review_form=form)
            )
        messages.error(request, str(error))
        return redirect("communities:proposal", pk=proposal.pk)
    if status == ProposalStatus.APPROVED:
        messages.success(
            request,
            _("The proposal is approved: “%(name)s” now exists, with its charter and champions.")
            % {"name": result.name},
        )
        return redirect("communities:detail", pk=result.pk)
    messages.success(request, _("The proposal is now “%(status)s”.") % {"status": ProposalStatus(status).label})
    return redirect("communities:proposal", pk=proposal.pk)


@require_GET
def proposal_queue(request):
    check(can_manage_community(request.user), _("Only staff review proposals."))
    form = ProposalQueueFilterForm(request.GET or None)
    status = form.status_filter()
    proposals = (
        CommunityProposal.objects.select_related("proposer", "division")
        .annotate(
            confirmed_cosigners=Count("cosigners", filter=Q(cosigners__status=CoSignerStatus.CONFIRMED)),
        )
        .order_by("created_at", "pk")
    )
    if status == "open":
        proposals = proposals.filter(status__in=OPEN_STATUSES)
    elif status != "all":
        proposals = proposals.filter(status=status).order_by("-updated_at", "-pk")
    page = paginate(proposals, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "communities/proposal_queue.html",
        {"form": form, "page_obj": page, "query_string": _query_string_without_page(request)},
    )
