"""Member-proposed communities: submit, co-sign, review, and approve into a community in one step."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.choices import CoSignerStatus, ProposalStatus
from practica.communities.models import Community, CommunityProposal, ProposalComment, ProposalCoSigner
from practica.communities.permissions import can_manage_community, check
from practica.communities.services.communities import create_community
from practica.communities.services.membership import MembershipError, appoint_champion
from practica.core import events
from practica.core.audit import record

PROPOSAL_FIELDS = (
    "name",
    "division",
    "short_description",
    "description",
    "why_needed",
    "membership",
    "max_members",
    "admission_questions",
    "charter",
)
OPEN_STATUSES = {ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW, ProposalStatus.NEEDS_CHANGES}


@transaction.atomic
def submit_proposal(*, proposer, champions=(), cosigners=(), **fields) -> CommunityProposal:
    """Any member proposes a community; the co-signers they name are each asked to confirm."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"unknown proposal fields: {sorted(unknown)}")
    proposal = CommunityProposal.objects.create(proposer=proposer, **fields)
    proposal.champions.set(list(champions) or [proposer])
    for user in cosigners:
        if user.pk != proposer.pk:
            ProposalCoSigner.objects.get_or_create(proposal=proposal, user=user)
    record(actor=proposer, action="proposal.submitted", target=proposal, summary=proposal.name)
    events.publish("community.proposal_submitted", proposal_id=proposal.pk)
    return proposal


@transaction.atomic
def revise_proposal(*, proposer, proposal: CommunityProposal, champions=None, **fields) -> CommunityProposal:
    """The proposer changes a proposal that is still open (typically after staff asked for changes)."""
    proposal = CommunityProposal.objects.select_for_update().get(pk=proposal.pk)
    check(proposal.proposer_id == proposer.pk, _("Only the proposer can change this proposal."))
    if proposal.status not in OPEN_STATUSES:
        raise MembershipError(_("This proposal has already been decided."))
    for field, value in fields.items():
        if field not in PROPOSAL_FIELDS:
            raise ValueError(field)
        setattr(proposal, field, value)
    if proposal.status == ProposalStatus.NEEDS_CHANGES:
        proposal.status = ProposalStatus.SUBMITTED
    proposal.save()
    if champions is not None:
        proposal.champions.set(list(champions) or [proposer])
    return proposal


@transaction.atomic
def respond_to_cosign(*, user, proposal: CommunityProposal, confirm: bool) -> ProposalCoSigner:
    cosigner = ProposalCoSigner.objects.select_for_update().filter(proposal=proposal, user=user).first()
    if cosigner is None:
        raise ProposalCoSigner.DoesNotExist
    cosigner.status = CoSignerStatus.CONFIRMED if confirm else CoSignerStatus.DECLINED
    cosigner.responded_at = timezone.now()
    cosigner.save(update_fields=["status", "responded_at"])
    return cosigner


@transaction.atomic
def review_proposal(*, actor, proposal: CommunityProposal, status: str, comment: str = "") -> CommunityProposal:
    """Staff move a proposal on (under review, needs changes, declined) with an optional comment back.
    Approval goes through approve_proposal, which also creates the community."""
    check(can_manage_community(actor), _("Only staff review proposals."))
    proposal = CommunityProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in OPEN_STATUSES:
        raise MembershipError(_("This proposal has already been decided."))
    if status == ProposalStatus.APPROVED:
        return approve_proposal(actor=actor, proposal=proposal, comment=comment)
    if status not in {ProposalStatus.UNDER_REVIEW, ProposalStatus.NEEDS_CHANGES, ProposalStatus.DECLINED}:
        raise ValueError(status)
    if status == ProposalStatus.NEEDS_CHANGES and not comment.strip():
        raise MembershipError(_("Tell the proposer what needs to change."))
    proposal.status = status
    proposal.save(update_fields=["status", "updated_at"])
    ProposalComment.objects.create(proposal=proposal, author=actor, body=comment.strip(), status_set=status)
    record(actor=actor, action="proposal.reviewed", target=proposal, summary=status)
    events.publish("community.proposal_status_changed", proposal_id=proposal.pk)
    return proposal


@transaction.atomic
def approve_proposal(*, actor, proposal: CommunityProposal, comment: str = ""):
    """Approving creates the community with its charter and champions, in one transaction."""
    check(can_manage_community(actor), _("Only staff approve proposals."))
    proposal = CommunityProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in OPEN_STATUSES:
        raise MembershipError(_("This proposal has already been decided."))
    if Community.objects.filter(name__iexact=proposal.name.strip()).exists():
        raise MembershipError(_("A community with this name already exists: ask the proposer to rename it."))
    community = create_community(
        actor=actor,
        name=proposal.name,
        short_description=proposal.short_description,
        division=proposal.division,
        charter=proposal.charter,
        description=proposal.description,
        membership=proposal.membership,
        max_members=proposal.max_members,
        admission_questions=proposal.admission_questions,
    )
    for champion in proposal.champions.all():
        appoint_champion(actor=actor, community=community, user=champion, note=_("Proposed the community."))
    community.refresh_from_db()
    proposal.status = ProposalStatus.APPROVED
    proposal.community = community
    proposal.save(update_fields=["status", "community", "updated_at"])
    ProposalComment.objects.create(
        proposal=proposal, author=actor, body=comment.strip(), status_set=ProposalStatus.APPROVED
    )
    record(actor=actor, action="proposal.approved", target=proposal, data={"community_id": community.pk})
    events.publish("community.proposal_status_changed", proposal_id=proposal.pk)
    return community
