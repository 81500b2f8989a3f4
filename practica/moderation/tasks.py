"""Moderation's periodic upkeep: posts hidden too long are removed; sealed copies past their date are purged."""

from datetime import timedelta

from django.tasks import task

from practica.core.scheduler import periodic


@periodic("moderation.remove-long-hidden", every=timedelta(hours=6))
@task()
def remove_long_hidden() -> int:
    """A post still hidden after the site's `hidden_removal_days` is removed (its text sealed for staff)."""
    from practica.moderation.services.actions import remove_long_hidden_posts

    return remove_long_hidden_posts()


@periodic("moderation.purge-sealed-copies", every=timedelta(days=1))
@task()
def purge_sealed_copies() -> int:
    from practica.moderation.services.actions import purge_expired_sealed_copies

    return purge_expired_sealed_copies()
