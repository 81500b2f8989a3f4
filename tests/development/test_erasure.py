import datetime
from decimal import Decimal

from practica.accounts.services.members import erase_member
from practica.development.models import CpdEntry, DevelopmentGoal
from practica.experts.models import ExpertProfile
from tests.helpers import run_pending_tasks


def test_erasing_an_account_removes_its_cpd_log_plan_and_expert_entry(member, staff):
    CpdEntry.objects.create(
        member=member, date=datetime.date(2026, 3, 1), title="Reading on endings", hours=Decimal("1.5")
    )
    DevelopmentGoal.objects.create(member=member, title="Finish the supervision course")
    ExpertProfile.objects.create(user=member, areas="Grief work")

    erase_member(actor=staff, member=member)
    run_pending_tasks()

    assert not CpdEntry.objects.filter(member=member).exists()
    assert not DevelopmentGoal.objects.filter(member=member).exists()
    assert not ExpertProfile.objects.filter(user=member).exists()
