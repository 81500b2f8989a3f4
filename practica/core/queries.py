"""Reads for core pages."""

from practica.core.worker import tasks_are_stuck


def get_home_for(user) -> dict:
    """What the signed-in home page shows. A fixed number of queries whatever the data (tested)."""
    context = {"show_worker_warning": False}
    if user.is_lead:
        context["show_worker_warning"] = tasks_are_stuck()
    return context
