"""Demo data for surveys and the benefits record: last quarter's temperature check (closed, 12 anonymous
responses, one community with enough responses to compare), this month's pulse survey (open, members invited),
and a handful of benefits the Lead and a champion logged with their evidence. Skipped once loaded."""

import datetime

from django.db.models import Count
from django.utils import timezone

from practica.accounts.choices import Role
from practica.accounts.models import User
from practica.communities.choices import CommunityRole
from practica.communities.models import Community, CommunityMember
from practica.surveys.models import BenefitCategory, Survey
from practica.surveys.services.benefits import BenefitError, log_benefit
from practica.surveys.services.surveys import add_question, create_survey, publish_survey, submit_response

CLOSED_TITLE = "Three-month temperature check"
OPEN_TITLE = "Pulse: how are meetings working for you?"

# likert (belonging), likert (learning), nps, single (most useful), multiple (what would help), text
CLOSED_ANSWERS = [
    (5, 4, 10, 0, [0, 2], "The peer meetings are the highlight of my month."),
    (4, 4, 9, 1, [1], "I found a supervisor through the directory."),
    (4, 5, 9, 0, [0], "More evening sessions, please."),
    (3, 3, 7, 2, [2, 3], "Still finding my way around the site."),
    (5, 5, 10, 0, [0, 1], "Feels safe to ask questions here."),
    (4, 3, 8, 1, [1], "The library saved me hours of searching."),
    (2, 3, 5, 2, [3], "Hard to keep up with notifications."),
    (4, 4, 9, 0, [0], "I would like more on working online."),
    (5, 4, 10, 3, [0, 1], "The Eco Awareness talk changed how I open sessions."),
    (3, 4, 6, 1, [2], "A mentoring scheme would help newer members."),
    (4, 5, 9, 0, [0, 3], "Good to meet counsellors from other divisions."),
    (4, 4, 8, 2, [1], "Clearer guidance on what is confidential would help."),
]


def load() -> None:
    lead = User.objects.filter(email="lead@example.org").first()
    if lead is None or Survey.objects.filter(title=CLOSED_TITLE).exists():
        return
    _closed_survey(lead)
    _open_survey(lead)
    _benefits(lead)


def _closed_survey(lead) -> None:
    today = timezone.localdate()
    survey = create_survey(
        actor=lead,
        title=CLOSED_TITLE,
        introduction="Three months in: tell us how the communities are working for you. Five minutes, anonymous.",
        opens_on=today,
        closes_on=today,
    )
    for kind, prompt, options in (
        ("likert", "I feel part of a community of practice here.", ""),
        ("likert", "I have learned something I use in my practice.", ""),
        ("nps", "How likely are you to recommend the communities to a colleague?", ""),
        ("single", "What has been most useful?", "Meetings\nThe library\nDiscussions\nExpert talks"),
        ("multiple", "What would help you take part more?", "Evening meetings\nShorter e-mails\nMentoring\nA guide"),
        ("text", "Anything else you would like us to know?", ""),
    ):
        add_question(actor=lead, survey=survey, kind=kind, prompt=prompt, options=options, required=kind != "text")
    # Last quarter's survey: published without sending invitations now (they went out at the time).
    Survey.objects.filter(pk=survey.pk).update(published_at=timezone.now(), invited_at=timezone.now())
    survey.refresh_from_db()
    questions = list(survey.questions.all())
    biggest = Community.objects.annotate(members=Count("memberships")).order_by("-members", "pk").first()
    respondents = list(
        User.objects.filter(role=Role.MEMBER, community_memberships__community=biggest)
        .exclude(email="member@example.org")
        .order_by("pk")[:7]
    )
    respondents += list(
        User.objects.filter(role=Role.MEMBER)
        .exclude(pk__in=[u.pk for u in respondents])
        .exclude(email="member@example.org")
        .order_by("pk")[: len(CLOSED_ANSWERS) - len(respondents)]
    )
    for index, (person, values) in enumerate(zip(respondents, CLOSED_ANSWERS, strict=False)):
        answers = {question.pk: value for question, value in zip(questions, values, strict=True)}
        # Seven name the biggest community; the other five name a smaller one or none. Those five are hidden
        # together (fewer than 5 each, 5 in all), so the biggest community can be shown beside them.
        own = CommunityMember.objects.filter(user=person).exclude(community=biggest).select_related("community").first()
        community = biggest if index < 7 else (own.community if own and index % 2 else None)
        submit_response(member=person, survey=survey, answers=answers, community=community)
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=today - datetime.timedelta(days=45),
        closes_on=today - datetime.timedelta(days=24),
        audience_size=User.objects.filter(role__in=[Role.MEMBER, Role.MODERATOR], is_active=True).count(),
    )


def _open_survey(lead) -> None:
    today = timezone.localdate()
    survey = create_survey(
        actor=lead,
        title=OPEN_TITLE,
        introduction="Two minutes on meetings: times, formats, and what you would change.",
        opens_on=today - datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=19),
    )
    add_question(actor=lead, survey=survey, kind="likert", prompt="Meetings are at times I can make.")
    add_question(
        actor=lead,
        survey=survey,
        kind="single",
        prompt="Which format suits you best?",
        options="Online\nFace to face\nHybrid",
    )
    add_question(actor=lead, survey=survey, kind="text", prompt="What one change would you make?", required=False)
    publish_survey(actor=lead, survey=survey)


def _benefits(lead) -> None:
    from practica.discussions.models import Topic
    from practica.library.models import LibraryItem
    from practica.meetings.models import Occurrence

    today = timezone.localdate()
    categories = {category.name: category for category in BenefitCategory.objects.all()}
    led = (
        CommunityMember.objects.filter(user__email="champion@example.org", role=CommunityRole.CHAMPION)
        .select_related("community", "user")
        .first()
    )
    topic = Topic.objects.filter(community=led.community).order_by("pk").first() if led else None
    item = LibraryItem.objects.visible_to(lead).order_by("pk").first()
    meeting = Occurrence.objects.visible_to(lead).filter(starts_at__lt=timezone.now()).order_by("-starts_at").first()
    entries = [
        (
            lead,
            "A speaker found",
            "An EMDR practitioner found to speak to two communities",
            40,
            None,
            f"/meetings/{meeting.pk}/" if meeting else "",
        ),
        (
            lead,
            "A research study recruited",
            "Supervision study recruited 14 participants",
            33,
            None,
            "https://research.example.org/supervision-study",
        ),
        (
            lead,
            "A resource reused by another team",
            "Endings worksheet adopted by the student placement team",
            20,
            None,
            f"/library/items/{item.pk}/" if item else "",
        ),
    ]
    if led:
        entries += [
            (
                led.user,
                "A practice change reported",
                "Members now contract for online safety at the first session",
                12,
                led.community,
                f"/topics/{topic.pk}/" if topic else "",
            ),
            (
                led.user,
                "A member's win shared",
                "A member's first private practice referral came through the community",
                5,
                led.community,
                "",
            ),
        ]
    for actor, category, title, days_ago, community, evidence in entries:
        try:
            log_benefit(
                actor=actor,
                category=categories[category],
                title=title,
                happened_on=today - datetime.timedelta(days=days_ago),
                community=community,
                evidence_url=evidence,
            )
        except BenefitError:
            # The demo's other data may lack the linked thing; log it without the link rather than not at all.
            log_benefit(
                actor=actor,
                category=categories[category],
                title=title,
                happened_on=today - datetime.timedelta(days=days_ago),
                community=community,
            )
