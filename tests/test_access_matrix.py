import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from practica.accounts.choices import LegalKind
from practica.accounts.models import ErasureRequest, LegalDocument, RegisterImport
from practica.accounts.services.invitations import create_invitation
from tests.access_matrix import ACCESS
from tests.accounts.test_profiles import give_photo
from tests.conftest import PERSONAS
from tests.factories import UserFactory

OUR_NAMESPACES = {
    "core",
    "accounts",
    "communities",
    "discussions",
    "library",
    "meetings",
    "moderation",
    "notifications",
    "messaging",
    "experts",
    "development",
    "surveys",
    "search",
    "insights",
}


def _our_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _our_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace in OUR_NAMESPACES:
            yield f"{namespace}:{entry.name}"


def test_every_url_of_ours_is_in_the_access_matrix():
    missing = sorted(set(_our_url_names()) - set(ACCESS))
    assert not missing, f"Add these URLs to tests/access_matrix.py: {missing}"


def test_access_matrix_names_only_real_urls():
    stale = sorted(set(ACCESS) - set(_our_url_names()))
    assert not stale, f"These rows name URLs that no longer exist: {stale}"


@pytest.fixture
def world(db, staff):
    published = LegalDocument.objects.create(
        kind=LegalKind.TERMS,
        version=1,
        title="Terms",
        body="Be kind.",
        body_html="<p>Be kind.</p>",
        published_at=timezone.now(),
    )
    draft = LegalDocument.objects.create(
        kind=LegalKind.GUIDELINES, version=1, title="Guidelines", body="Draft", body_html="<p>Draft</p>"
    )
    other = UserFactory(display_name="Owen Other")
    give_photo(other)
    invitation, token = create_invitation(actor=staff, email="", note="Guest speaker", max_uses=5)
    return {
        "other_member": other,
        "legal_terms": published,
        "legal_draft": draft,
        "invitation": invitation,
        "invitation_token": token,
        "register_import": RegisterImport.objects.create(created_by=staff, content="membership_number\n"),
        "erasure_request": ErasureRequest.objects.create(user=UserFactory()),
    }


# Each app's objects for the matrix come from its own world fixture (tests/<app>_world.py); they are built
# only when a row asks for a key the worlds built so far do not have.
LAZY_WORLDS = (
    "library_world",
    "meetings_world",
    "moderation_world",
    "notifications_world",
    "messaging_world",
    "experts_world",
    "development_world",
    "surveys_world",
    "search_world",
    "insights_world",
)


class LazyWorld(dict):
    def __init__(self, request, *initial):
        super().__init__()
        for part in initial:
            self.update(part)
        self._request = request
        self._pending = list(LAZY_WORLDS)

    def __missing__(self, key):
        while self._pending:
            self.update(self._request.getfixturevalue(self._pending.pop(0)))
            if dict.__contains__(self, key):
                return dict.__getitem__(self, key)
        raise KeyError(key)


@pytest.mark.parametrize("url_name", sorted(ACCESS))
def test_access(url_name, world, community_world, discussion_world, persona_clients, staff, request):
    """Every persona requests the URL in turn, each in a savepoint that is rolled back, so one persona's POST
    never changes what the next one meets (and the objects are built once per URL, not once per persona)."""
    row = ACCESS[url_name]
    # The staff persona in `world` is the same user as the staff client; accept the terms it just published.
    from practica.accounts.legal import current_legal_key
    from practica.accounts.models import User

    world = LazyWorld(request, world, community_world, discussion_world)
    url = reverse(url_name, kwargs=row.kwargs(world))
    User.objects.update(accepted_legal_key=current_legal_key())
    wrong = []
    for persona in PERSONAS:
        with transaction.atomic():
            # Data is made afresh for each request: an uploaded file is read by the request that sends it.
            response = getattr(persona_clients[persona], row.method)(url, data=row.data(world))
            transaction.set_rollback(True)
        if response.status_code != row.expected[persona]:
            wrong.append(
                f"{persona} {row.method.upper()} {url}: got {response.status_code}, expected {row.expected[persona]}"
            )
    assert not wrong, "\n".join(wrong)
