"""Demo data for insights: a year of daily aggregate history for the site and every demo community, so the
dashboards, targets and board report show something, and the two targets from the programme board (15
communities by 31 December; 30 new topics in the year). Aggregates only: no visit of any demo member is
invented. Skipped when figures exist."""

import datetime
import math
import random

from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import Community
from practica.insights.models import SITE, DailyPageViews, MetricValue, RollupState, Target

DAYS = 365
PAGE_KINDS = {
    "discussions:topic": 0.45,
    "communities:detail": 0.2,
    "discussions:topic-list": 0.15,
    "library:item": 0.08,
    "meetings:occurrence": 0.07,
    "library:download": 0.05,
}


def _daily(rng: random.Random, day_index: int, scale: float) -> dict[str, float]:
    """One community-day: a slow rise over the year, quieter weekends, and a summer dip."""
    growth = 0.4 + 0.6 * day_index / DAYS
    weekday = (datetime.date.today() - datetime.timedelta(days=DAYS - day_index)).weekday()
    weekend = 0.45 if weekday >= 5 else 1.0
    season = 1 - 0.25 * max(0.0, math.sin((day_index - 150) / DAYS * 2 * math.pi))
    base = scale * growth * weekend * season

    def draw(mean: float) -> int:
        return max(0, int(rng.gauss(mean, math.sqrt(mean) + 0.3) + 0.5))

    active = draw(12 * base)
    topics = draw(0.5 * base)
    replies = draw(2.2 * base)
    answered = min(topics, draw(0.4 * base))
    return {
        "page_views": draw(70 * base),
        "active_members": active,
        "contributing_members": min(active, draw(3 * base)),
        "new_topics": topics,
        "replies": replies,
        "topics_replied": answered,
        "likes": draw(3 * base),
        "resources_added": draw(0.15 * base),
        "resources_downloaded": draw(2.5 * base),
        "meetings_held": 1 if rng.random() < 0.04 * base else 0,
        "join_requests": draw(0.1 * base),
        "flags_raised": 1 if rng.random() < 0.02 else 0,
        "speaker_requests": 1 if rng.random() < 0.01 * base else 0,
    }


def load() -> None:
    if MetricValue.objects.exists():
        return
    rng = random.Random(9)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    first = yesterday - datetime.timedelta(days=DAYS - 1)
    communities = list(Community.objects.order_by("pk"))
    scales = {community.pk: 0.5 + rng.random() * 1.5 for community in communities}
    # The first five communities run all year; later ones open during it, as the targets expect.
    opens = {
        community.pk: 0 if position < 5 else rng.randint(60, DAYS - 30)
        for position, community in enumerate(communities)
    }
    rows, page_rows = [], []
    for index in range(DAYS):
        day = first + datetime.timedelta(days=index)
        site: dict[str, float] = {}
        site_samples: list[int] = []
        for community in communities:
            if index < opens[community.pk]:
                continue
            figures = _daily(rng, index, scales[community.pk])
            figures["attendance"] = figures["meetings_held"] * rng.randint(4, 14)
            for metric, value in figures.items():
                if value:
                    rows.append(MetricValue(metric=metric, community_id=community.pk, day=day, value=value))
                site[metric] = site.get(metric, 0) + value
            views = figures["page_views"]
            for kind, share in PAGE_KINDS.items():
                if int(views * share):
                    page_rows.append(
                        DailyPageViews(
                            day=day,
                            community_id=community.pk,
                            page_kind=kind,
                            views=int(views * share),
                            visitors=max(1, int(figures["active_members"] * share * 1.5)),
                        )
                    )
            if figures["topics_replied"]:
                samples = sorted(rng.randint(20, 60 * 30) for _ in range(int(figures["topics_replied"])))
                site_samples += samples
                rows.append(
                    MetricValue(
                        metric="first_reply_minutes",
                        community_id=community.pk,
                        day=day,
                        value=len(samples),
                        samples=samples,
                    )
                )
        # Visitors are different people across communities: the site's figure is less than the sum.
        site["active_members"] = int(site.get("active_members", 0) * 0.8)
        site["contributing_members"] = int(site.get("contributing_members", 0) * 0.85)
        site["communities"] = sum(1 for opened in opens.values() if opened <= index)
        if index % 30 == 3:
            site["proposals_submitted"] = 1
        for metric, value in site.items():
            if value or metric == "communities":
                rows.append(MetricValue(metric=metric, community_id=SITE, day=day, value=value))
        if site_samples:
            rows.append(
                MetricValue(
                    metric="first_reply_minutes",
                    community_id=SITE,
                    day=day,
                    value=len(site_samples),
                    samples=sorted(site_samples),
                )
            )
        page_rows.append(
            DailyPageViews(
                day=day, community_id=SITE, page_kind="core:home", views=int(site.get("page_views", 0) * 0.3)
            )
        )
    MetricValue.objects.bulk_create(rows, batch_size=2000)
    DailyPageViews.objects.bulk_create(page_rows, batch_size=2000, ignore_conflicts=True)
    RollupState.objects.update_or_create(pk=1, defaults={"last_closed_day": yesterday})
    lead = User.objects.filter(email="lead@example.org").first()
    year_start = yesterday.replace(month=1, day=1)
    Target.objects.create(
        metric="communities",
        value=15,
        starts_on=year_start,
        ends_on=year_start.replace(month=12, day=31),
        note="Programme board: 15 communities in the first year",
        created_by=lead,
    )
    Target.objects.create(
        metric="new_topics",
        value=30,
        starts_on=year_start,
        ends_on=year_start.replace(month=12, day=31),
        note="Programme board: 30 new discussions in the first year",
        created_by=lead,
    )
