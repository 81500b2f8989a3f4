"""Demo data for search: the index built from the demo content, the closed safeguarding community marked
confidential (titles only in results), and a few weeks of anonymous searches for the staff analytics page.
Safe to run again: the index is rebuilt, the policy and the searches are written once."""

import datetime
import random

from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import Community
from practica.search.indexing import rebuild
from practica.search.models import SearchLog, SearchPolicy

CONFIDENTIAL_COMMUNITIES = ["Safeguarding Leads"]

# What members looked for: (query, searches over the period, share that found nothing, share that opened a result).
SEARCHES = [
    ("supervision", 40, 0.0, 0.8),
    ("online contract", 22, 0.0, 0.7),
    ("endings", 18, 0.0, 0.75),
    ("gdpr notes", 15, 0.0, 0.4),
    ("cpd hours", 12, 0.0, 0.6),
    ("trauma informed", 11, 0.0, 0.5),
    ("fee increase letter", 9, 1.0, 0.0),
    ("insurance claim template", 7, 1.0, 0.0),
    ("eating disorders referral", 6, 0.0, 0.0),
    ("walk and talk risk assessment", 5, 1.0, 0.0),
    ("burnout", 5, 0.0, 0.6),
    ("dbs check", 4, 1.0, 0.0),
]


def load() -> None:
    if not User.objects.exists():
        return
    for community in Community.objects.filter(name__in=CONFIDENTIAL_COMMUNITIES):
        SearchPolicy.objects.get_or_create(community=community, defaults={"confidential": True})
    rebuild()
    if SearchLog.objects.exists():
        return
    picker = random.Random(8)
    today = timezone.localdate()
    logs = []
    for query, searches, empty_share, click_share in SEARCHES:
        for _ in range(searches):
            empty = picker.random() < empty_share
            logs.append(
                SearchLog(
                    query=query,
                    day=today - datetime.timedelta(days=picker.randrange(0, 28)),
                    tab="posts",
                    result_count=0 if empty else picker.randrange(1, 60),
                    clicked=not empty and picker.random() < click_share,
                )
            )
    SearchLog.objects.bulk_create(logs)
