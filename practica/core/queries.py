"""Reads for core pages."""

from practica.core.home import build_home_sections
from practica.core.worker import tasks_are_stuck


def get_home_for(user) -> dict:
    """What the signed-in home page shows. A fixed number of queries whatever the data (tested)."""
    return {
        "show_worker_warning": user.is_lead and tasks_are_stuck(),
        "sections": build_home_sections(user),
    }
