"""Demo data for accounts: the people the README prints, the register, and the legal pages."""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone

from practica.accounts.choices import LegalKind, Role
from practica.accounts.legal import current_legal_key, forget_current_legal_key
from practica.accounts.models import LegalDocument, Profile, RegisterEntry, User
from practica.core.text import render_markdown

DEMO_PASSWORD = "practica-demo"
# A fixed TOTP secret for the demo's staff and admin, so anyone can produce codes (`practica demo_totp`).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"

DEMO_PEOPLE = [
    # label, email, display name, role, profile
    (
        "member",
        "member@example.org",
        "Maya Okafor",
        Role.MEMBER,
        {
            "pronouns": "she/her",
            "headline": "Integrative counsellor in private practice",
            "divisions": "Private Practice",
            "areas_of_practice": "Anxiety, bereavement",
            "location": "Leeds",
        },
    ),
    (
        "champion",
        "champion@example.org",
        "Tom Reid",
        Role.MEMBER,
        {
            "pronouns": "he/him",
            "headline": "Person-centred therapist; supervises trainees",
            "divisions": "Universities and Colleges",
            "areas_of_practice": "Student wellbeing, supervision",
            "location": "Bristol",
        },
    ),
    (
        "moderator",
        "moderator@example.org",
        "Priya Shah",
        Role.MODERATOR,
        {
            "pronouns": "she/they",
            "headline": "Psychotherapist, NHS talking therapies",
            "divisions": "Healthcare",
            "areas_of_practice": "Trauma, EMDR",
            "location": "Birmingham",
        },
    ),
    (
        "staff",
        "lead@example.org",
        "Jo Carter",
        Role.STAFF,
        {"headline": "Communities of Practice Lead", "divisions": "", "location": "Head office"},
    ),
    ("admin", "admin@example.org", "Alex Morgan", Role.ADMIN, {"headline": "Site administrator"}),
]

LEGAL_TEXTS = {
    LegalKind.TERMS: (
        "Terms of service",
        "These terms cover your use of the Communities of Practice platform, which is open to current members "
        "of the association.\n\n"
        "## Your account\n\nKeep your sign-in details to yourself. Your membership number links your account to "
        "the members register; when your membership lapses, access pauses until you renew.\n\n"
        "## What you post\n\nYou keep the rights to what you write. You give other members permission to read "
        "it here. Never post anything that could identify a client.\n\n"
        "## Ending your account\n\nYou can download your data or ask us to erase your account at any time from "
        "*Account and privacy*.",
    ),
    LegalKind.GUIDELINES: (
        "Community guidelines",
        "Our communities are kind, professional and confidential.\n\n"
        "1. **Protect clients.** Anonymise every case: no names, dates of birth, places or details that could "
        "identify anyone.\n"
        "2. **Be kind.** Disagree with ideas, never with people. No bullying, harassment or discrimination.\n"
        "3. **Respect copyright.** Share only what you have the right to share.\n"
        "4. **No advertising** unless a community's charter allows it.\n\n"
        "If you see something that worries you, flag it or use *Report a concern* at the foot of every page.",
    ),
    LegalKind.PRIVACY: (
        "Privacy and cookies",
        "We use your data only to run the platform for members.\n\n"
        "## Cookies\n\nWe set only strictly necessary cookies: one that keeps you signed in (the session "
        "cookie) and one that protects forms from forgery (the CSRF cookie). We use no analytics, advertising "
        "or third-party cookies and load nothing from other websites, so there is no cookie banner.\n\n"
        "## Who sees your profile\n\nYou choose, field by field, whether all members, only members of your "
        "communities, or only staff see each detail of your profile.\n\n"
        "## Your rights\n\nYou can download everything we hold about you and ask for your account to be erased "
        'from *Account and privacy*. Your posts then stay, attributed to "former member".',
    ),
}

# People on the register who have not signed up yet, so the sign-up journey can be tried in the demo.
DEMO_REGISTER = [
    ("D0001", "new.member@example.org", "Nia Evans", "Registered", "Children, Young People and Families"),
    ("D0002", "student@example.org", "Sam Patel", "Student", "Universities and Colleges"),
    ("D0003", "lapsed@example.org", "Lee Brown", "Registered", "Workplace"),
]


def demo_sign_ins() -> list[tuple[str, str]]:
    return [(label, email) for label, email, *_ in DEMO_PEOPLE]


def load() -> None:
    """Create the demo's legal pages, people and register rows; running it again changes nothing."""
    today = timezone.localdate()
    for kind, (title, body) in LEGAL_TEXTS.items():
        LegalDocument.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={"title": title, "body": body, "body_html": render_markdown(body), "published_at": timezone.now()},
        )
    forget_current_legal_key()
    legal_key = current_legal_key()
    documents = list(LegalDocument.objects.filter(published_at__isnull=False))
    for index, (_label, email, name, role, profile) in enumerate(DEMO_PEOPLE):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                display_name=name,
                role=role,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
                membership_expires_on=None
                if role in {Role.STAFF, Role.ADMIN}
                else today + datetime.timedelta(days=300),
                accepted_legal_key=legal_key,
            )
            RegisterEntry.objects.get_or_create(
                membership_number=f"D9{index:03d}",
                defaults={
                    "email": email,
                    "full_name": name,
                    "grade": "Accredited",
                    "user": user,
                    "division": profile.get("divisions", ""),
                    "expires_on": user.membership_expires_on,
                },
            )
        Profile.objects.get_or_create(user=user, defaults=profile)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        for document in documents:
            user.legal_acceptances.get_or_create(document=document)
        if role in {Role.STAFF, Role.ADMIN}:
            from allauth.mfa.totp.internal.auth import TOTP

            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
    for number, email, name, grade, division in DEMO_REGISTER:
        expires = today - datetime.timedelta(days=10) if number == "D0003" else today + datetime.timedelta(days=365)
        RegisterEntry.objects.get_or_create(
            membership_number=number,
            defaults={"email": email, "full_name": name, "grade": grade, "division": division, "expires_on": expires},
        )
