"""Template filters for CPD pages."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours as people write them: 3.5, 2, 0.75 — not 3.50 or 2.00."""
    if value in (None, ""):
        return "0"
    amount = Decimal(value).quantize(Decimal("0.01"))
    places = 0 if amount == amount.to_integral() else (1 if amount * 10 == (amount * 10).to_integral() else 2)
    return number_format(amount, decimal_pos=places)
