from django.conf import settings


def site(request):
    """The organisation's name and contact, which are settings, not code."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "lead_email": settings.LEAD_EMAIL,
    }
