import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone

from practica.accounts.choices import Role
from practica.accounts.handles import assign_handle
from practica.accounts.legal import current_legal_key
from practica.accounts.models import Invitation, Profile, RegisterEntry, User

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A current member who has verified their e-mail and accepted the terms in force."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Faker("name", locale="en_GB")
    role = Role.MEMBER
    membership_expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    accepted_legal_key = factory.LazyFunction(current_legal_key)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.save()
        assign_handle(obj)
        Profile.objects.get_or_create(user=obj)
        EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})
        if obj.role in {Role.STAFF, Role.ADMIN}:
            Authenticator.objects.get_or_create(
                user=obj, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}}
            )


class RegisterEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisterEntry

    membership_number = factory.Sequence(lambda n: f"M{100000 + n}")
    email = factory.Sequence(lambda n: f"registered{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    grade = "Registered"
    division = "Private Practice"
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    token_hash = factory.Sequence(lambda n: f"{n:064d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    max_uses = 1


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "communities.Division"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Division {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CommunityFactory(factory.django.DjangoModelFactory):
    """An active, open, listed community; use `closed=True` traits via membership="closed"."""

    class Meta:
        model = "communities.Community"

    name = factory.Sequence(lambda n: f"Community {n}")
    short_description = "Peers supporting each other's practice."
    description = "We meet monthly online."
    description_html = "<p>We meet monthly online.</p>"
    division = factory.SubFactory(DivisionFactory)
    membership = "open"


def add_member(community, user, role="member"):
    """Join through the service, so counters and events are real."""
    from practica.communities.choices import CommunityRole
    from practica.communities.models import CommunityMember
    from practica.communities.services.membership import _admit

    if role == CommunityRole.CHAMPION:
        membership = _admit(community=community, user=user, role=CommunityRole.CHAMPION)
    else:
        membership = _admit(community=community, user=user)
    community.refresh_from_db()
    assert isinstance(membership, CommunityMember)
    return membership
