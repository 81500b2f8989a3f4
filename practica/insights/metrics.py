"""The catalogue of what insights measures: each metric's name, its meaning in words (shown on the dashboards
and on the "What we count" page), and how daily values combine into a week, a month or any period.

- FLOW metrics are counts of things that happened: a period's value is the sum of its days.
- LEVEL metrics are a state at the end of a day (communities open): a period's value is its last day's.
- DAILY_AVERAGE metrics are daily unique counts that cannot be added up without knowing who came back on
  another day, which by design we never know: a period's value is the average day, and their labels say so
  ("Average daily active members") wherever they appear, so nobody reads them as a period's head count.
- RATIO metrics divide one flow by another over the same period.
- MEDIAN metrics take the median of the durations (samples) behind every day of the period.
"""

from dataclasses import dataclass
from statistics import median

from django.utils.translation import gettext_lazy as _

FLOW = "flow"
LEVEL = "level"
DAILY_AVERAGE = "daily_average"
RATIO = "ratio"
MEDIAN = "median"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    description: str
    combine: str = FLOW
    # RATIO: the two flows divided; the value shown is numerator / denominator (times 100 for percentages).
    numerator: str = ""
    denominator: str = ""
    percent: bool = False
    unit: str = ""
    # Whether staff may set a target on it.
    targetable: bool = True
    # Whether the metric has a value per community (some exist only site-wide).
    per_community: bool = True


METRICS: dict[str, Metric] = {
    metric.key: metric
    for metric in [
        Metric(
            "page_views",
            _("Page views"),
            _("Pages members opened (each page load counts once; quick in-page updates do not count)."),
        ),
        Metric(
            "active_members",
            _("Average daily active members"),
            _(
                "Different members who opened at least one page, on the average day of the period. Not a head count "
                "of the week or month: a member who comes every day counts once each day, because knowing whether "
                "Monday's visitor came back on Tuesday would need a record of who visited, which is not kept."
            ),
            combine=DAILY_AVERAGE,
        ),
        Metric(
            "contributing_members",
            _("Average daily contributing members"),
            _(
                "Different members who started a topic, replied, liked a post, answered a meeting invitation or "
                "added a resource, on the average day of the period. Not a head count of the week or month: "
                "counted the same way as daily active members, so the two can be compared."
            ),
            combine=DAILY_AVERAGE,
        ),
        Metric("new_topics", _("New topics"), _("Topics started (research calls included).")),
        Metric("replies", _("Replies"), _("Replies posted in topics.")),
        Metric(
            "replies_per_topic",
            _("Replies per new topic"),
            _("Replies posted for every new topic started in the period."),
            combine=RATIO,
            numerator="replies",
            denominator="new_topics",
            targetable=False,
        ),
        Metric(
            "topics_replied",
            _("New topics with a reply"),
            _("Of the topics started, those that had a reply within seven days."),
        ),
        Metric(
            "share_topics_replied",
            _("Share of new topics with a reply"),
            _("New topics with a reply within seven days, as a share of all new topics."),
            combine=RATIO,
            numerator="topics_replied",
            denominator="new_topics",
            percent=True,
            unit="%",
            targetable=False,
        ),
        Metric(
            "first_reply_minutes",
            _("Median time to first reply"),
            _("For new topics answered within seven days, the median time until the first reply, in hours."),
            combine=MEDIAN,
            unit=_("hours"),
            targetable=False,
        ),
        Metric("likes", _("Likes"), _("Likes given to posts.")),
        Metric("resources_added", _("Resources added"), _("Resources added to libraries (files and links).")),
        Metric("resources_downloaded", _("Resources downloaded"), _("Downloads of resources' files.")),
        Metric("meetings_held", _("Meetings held"), _("Meetings that took place (cancelled ones are not counted).")),
        Metric("attendance", _("Meeting attendance"), _("People recorded as attending the meetings held.")),
        Metric("join_requests", _("Requests to join"), _("Requests to join closed communities.")),
        Metric("join_requests_admitted", _("Requests admitted"), _("Requests to join that champions accepted.")),
        Metric("join_requests_declined", _("Requests declined"), _("Requests to join that champions declined.")),
        Metric(
            "proposals_submitted",
            _("Community proposals"),
            _("Proposals for new communities sent to staff."),
            per_community=False,
        ),
        Metric(
            "proposals_approved",
            _("Proposals approved"),
            _("Proposals for new communities that staff approved."),
            per_community=False,
        ),
        Metric(
            "proposals_declined",
            _("Proposals declined"),
            _("Proposals for new communities that staff declined."),
            per_community=False,
        ),
        Metric("speaker_requests", _("Speaker requests"), _("Requests for an internal expert speaker.")),
        Metric(
            "speaker_requests_scheduled",
            _("Speaker requests scheduled"),
            _("Speaker requests that reached a scheduled meeting."),
        ),
        Metric("speaker_requests_declined", _("Speaker requests declined"), _("Speaker requests declined by staff.")),
        Metric("research_calls", _("Research calls"), _("Calls for research participants posted.")),
        Metric("flags_raised", _("Flags raised"), _("Flags members raised on posts, resources and other content.")),
        Metric("flags_resolved", _("Flagged items resolved"), _("Flagged items moderators resolved.")),
        Metric(
            "flag_resolution_minutes",
            _("Median time to resolve a flag"),
            _("For flagged items resolved, the median time from the first flag to the decision, in hours."),
            combine=MEDIAN,
            unit=_("hours"),
            targetable=False,
        ),
        Metric(
            "communities",
            _("Communities"),
            _("Communities open at the end of the day (archived ones are not counted)."),
            combine=LEVEL,
            per_community=False,
        ),
    ]
}

# What the dashboards chart, in order; every metric is in the tables and CSV files.
CHARTED = ["page_views", "active_members", "contributing_members", "new_topics", "replies", "likes"]
# The columns of the communities side by side (and of the board report's health table).
HEALTH_COLUMNS = [
    "active_members",
    "contributing_members",
    "new_topics",
    "replies",
    "share_topics_replied",
    "resources_added",
    "meetings_held",
    "flags_raised",
]
# The metrics the roll-up stores per day (ratios are derived from these when read).
STORED = [key for key, metric in METRICS.items() if metric.combine != RATIO]


def target_choices() -> list[tuple[str, str]]:
    return [(key, metric.label) for key, metric in METRICS.items() if metric.targetable]


def combine(
    metric: Metric, daily: list[tuple[float, list]], *, days: int, sums: dict[str, float] | None = None
) -> float | None:
    """A period of `days` days from its stored days' (value, samples), in day order (days without a row were
    zero). RATIO metrics need `sums` (each metric's total over the same period); None when there is nothing
    to divide by or no value yet."""
    if metric.combine == RATIO:
        sums = sums or {}
        denominator = sums.get(metric.denominator, 0)
        if not denominator:
            return None
        result = sums.get(metric.numerator, 0) / denominator
        return result * 100 if metric.percent else result
    if metric.combine == MEDIAN:
        samples = [sample for _value, day_samples in daily for sample in day_samples]
        return median(samples) / 60 if samples else None
    if not daily:
        return None if metric.combine == LEVEL else 0
    if metric.combine == LEVEL:
        return daily[-1][0]
    if metric.combine == DAILY_AVERAGE:
        return sum(value for value, _samples in daily) / max(days, 1)
    return sum(value for value, _samples in daily)
