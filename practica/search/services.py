"""Writes of the search app: the anonymous search log, clicks on results, and communities' search settings."""

from django.db import transaction
from django.utils import timezone

from practica.core.audit import record
from practica.search.models import SearchLog, SearchPolicy
from practica.search.parsing import ParsedQuery
from practica.search.permissions import can_edit_search_policy, check


def log_search(*, parsed: ParsedQuery, tab: str, result_count: int) -> SearchLog:
    """Count one search, anonymously: the normalised words, how many results, the day. Never who searched."""
    return SearchLog.objects.create(
        query=parsed.normalised[:200], day=timezone.localdate(), tab=tab[:10], result_count=result_count
    )


def record_click(*, log_id: int) -> None:
    """Someone opened a result of this search (the log row says only that, not who or which result)."""
    SearchLog.objects.filter(pk=log_id, clicked=False).update(clicked=True)


@transaction.atomic
def save_search_policy(*, actor, community, confidential: bool) -> SearchPolicy:
    """A champion or staff member chooses whether the community's search results show snippets."""
    check(can_edit_search_policy(actor, community), None)
    policy, _created = SearchPolicy.objects.select_for_update().get_or_create(community=community)
    if policy.confidential != confidential:
        before = policy.confidential
        policy.confidential = confidential
        policy.updated_by = actor
        policy.save(update_fields=["confidential", "updated_by", "updated_at"])
        record(
            actor=actor,
            action="search.policy_changed",
            target=community,
            data={"confidential": {"before": before, "after": confidential}},
        )
    return policy
