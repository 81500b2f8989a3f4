"""The benefits record: staff and champions log what their communities brought about, with evidence."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.core.audit import record
from practica.surveys.evidence import EvidenceError, resolve_evidence
from practica.surveys.models import Benefit, BenefitCategory
from practica.surveys.permissions import (
    can_change_benefit,
    can_log_benefit,
    can_manage_benefit_categories,
    championed_communities,
    check,
)


class BenefitError(Exception):
    """A benefit that cannot be saved; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _checked(actor, *, category, community, evidence_url: str, happened_on: datetime.date, kept_category_id=None):
    from practica.communities.models import Community

    if not category.is_active and category.pk != kept_category_id:
        raise BenefitError(_("Choose a category that is still offered."), field="category")
    if community is None and not actor.is_lead:
        raise BenefitError(_("Choose the community this benefit came from."), field="community")
    if community is not None and not championed_communities(actor, Community.objects.filter(pk=community.pk)).exists():
        raise BenefitError(_("You can log benefits only for communities you champion."), field="community")
    if happened_on > timezone.localdate() + datetime.timedelta(days=1):
        raise BenefitError(_("Log a benefit once it has happened: the date is in the future."), field="happened_on")
    try:
        return resolve_evidence(evidence_url, user=actor)
    except EvidenceError as error:
        raise BenefitError(str(error), field="evidence_url") from error


@transaction.atomic
def log_benefit(
    *,
    actor,
    category: BenefitCategory,
    title: str,
    happened_on: datetime.date,
    community=None,
    description: str = "",
    evidence_url: str = "",
) -> Benefit:
    """Staff (for any community, or the whole site) and champions (for theirs) record an outcome."""
    check(can_log_benefit(actor), _("Benefits are logged by staff and by champions for their communities."))
    evidence = _checked(
        actor, category=category, community=community, evidence_url=evidence_url, happened_on=happened_on
    )
    benefit = Benefit.objects.create(
        category=category,
        title=title.strip(),
        description=description.strip(),
        happened_on=happened_on,
        community=community,
        evidence_url=evidence.url,
        evidence_kind=evidence.kind,
        evidence_object_id=evidence.object_id,
        evidence_label=evidence.label,
        logged_by=actor,
    )
    record(actor=actor, action="benefit.logged", target=benefit, summary=benefit.title)
    return benefit


@transaction.atomic
def update_benefit(
    *,
    actor,
    benefit: Benefit,
    category: BenefitCategory,
    title: str,
    happened_on: datetime.date,
    community=None,
    description: str = "",
    evidence_url: str = "",
) -> Benefit:
    """Whoever logged it, or staff, correct a benefit; the evidence is checked again for the person editing."""
    check(can_change_benefit(actor, benefit), _("Only whoever logged this benefit, or staff, can change it."))
    benefit = Benefit.objects.select_for_update().get(pk=benefit.pk)
    # A retired category stays on the benefits that already have it.
    evidence = _checked(
        actor,
        category=category,
        community=community,
        evidence_url=evidence_url,
        happened_on=happened_on,
        kept_category_id=benefit.category_id,
    )
    benefit.category = category
    benefit.title = title.strip()
    benefit.description = description.strip()
    benefit.happened_on = happened_on
    benefit.community = community
    benefit.evidence_url = evidence.url
    benefit.evidence_kind = evidence.kind
    benefit.evidence_object_id = evidence.object_id
    benefit.evidence_label = evidence.label
    benefit.save()
    record(actor=actor, action="benefit.updated", target=benefit, summary=benefit.title)
    return benefit


@transaction.atomic
def delete_benefit(*, actor, benefit: Benefit) -> None:
    check(can_change_benefit(actor, benefit), _("Only whoever logged this benefit, or staff, can delete it."))
    record(actor=actor, action="benefit.deleted", target=benefit, summary=benefit.title)
    benefit.delete()


@transaction.atomic
def save_benefit_category(
    *, actor, category: BenefitCategory | None = None, name: str, description: str = "", is_active: bool = True
) -> BenefitCategory:
    """Staff add a category or change one (renaming keeps its benefits; retiring only stops it being offered)."""
    check(can_manage_benefit_categories(actor), _("Only staff change the benefit categories."))
    name = name.strip()
    clash = BenefitCategory.objects.filter(name__iexact=name)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise BenefitError(_("There is already a category with this name."), field="name")
    if category is None:
        last = BenefitCategory.objects.order_by("-position").values_list("position", flat=True).first() or 0
        category = BenefitCategory(position=last + 1)
    category.name = name
    category.description = description.strip()
    category.is_active = is_active
    category.save()
    record(actor=actor, action="benefit_category.saved", target=category, summary=category.name)
    return category
