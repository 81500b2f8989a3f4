"""What professional development adds to the home page: the member's CPD hours this year (one query)."""

from django.utils import timezone

from practica.development.queries import hours_in_year


def cpd_this_year_section(user) -> dict | None:
    year = timezone.localdate().year
    return {"hours": hours_in_year(user, year), "year": year}
