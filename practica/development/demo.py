"""Demo data for professional development: the demo member's CPD log over the last year (meetings, reading,
courses, supervision-adjacent learning, most with reflections) and a development plan of three goals.
Skipped when the member already has entries."""

import datetime
from decimal import Decimal

from django.utils import timezone

from practica.accounts.models import User
from practica.development.models import CpdEntry
from practica.development.services.log import add_cpd_entry
from practica.development.services.plan import add_goal

ENTRIES = [
    # days ago, title, hours, category, what I learned, how it will change my practice
    (
        12,
        "Peer meeting: endings with long-term clients",
        "1.5",
        "meeting",
        "Others also find planned endings harder than unplanned ones.",
        "I will name the ending earlier.",
    ),
    (
        25,
        "Read: 'Grief Works' by Julia Samuel",
        "6",
        "reading",
        "Grief is not linear; the dual-process model fits what I see.",
        "Less pressure on clients to 'move on'; more room for oscillation.",
    ),
    (
        40,
        "Online course: working with clients online",
        "7",
        "course",
        "Contracting for the client's location each session.",
        "I have rewritten my online contract.",
    ),
    (
        58,
        "Reflective practice group on shame",
        "2",
        "supervision_adjacent",
        "Shame often shows up as lateness and jokes.",
        "I will be curious rather than firm about lateness.",
    ),
    (75, "Journal article on neurodivergent-affirming practice", "1.5", "reading", "", ""),
    (
        96,
        "Peer meeting: working with interpreters",
        "1.5",
        "meeting",
        "Brief the interpreter before the first session.",
        "I will budget ten minutes for briefing.",
    ),
    (130, "Safeguarding refresher", "3", "course", "The updated referral pathway.", "Kept the new numbers to hand."),
    (200, "Podcast series on climate anxiety", "2.5", "other", "", ""),
]
GOALS = [
    (
        "Complete an accredited course in working with trauma",
        150,
        "in_progress",
        40,
        "Booked the first module; supervisor supports it.",
    ),
    ("Start offering online sessions to rural clients", 60, "in_progress", 70, "Contract rewritten; platform chosen."),
    ("Write a short article for the association's journal", 300, "not_started", 0, ""),
]


def load() -> None:
    member = User.objects.filter(email="member@example.org").first()
    if member is None or CpdEntry.objects.filter(member=member).exists():
        return
    today = timezone.localdate()
    for days, title, hours, category, learned, change in ENTRIES:
        add_cpd_entry(
            member=member,
            date=today - datetime.timedelta(days=days),
            title=title,
            hours=Decimal(hours),
            category=category,
            learned=learned,
            practice_change=change,
        )
    for title, days_ahead, status, progress, notes in GOALS:
        add_goal(
            member=member,
            title=title,
            target_date=today + datetime.timedelta(days=days_ahead),
            status=status,
            progress=progress,
            notes=notes,
        )
