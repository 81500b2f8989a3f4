"""The current legal key: which versions of the terms, guidelines and privacy notice are in force.

Members store the key they accepted; comparing it with the current one costs no query, because the current
key is cached and rebuilt only when a new version is published.
"""

from django.core.cache import cache

from practica.accounts.choices import LegalKind
from practica.accounts.models import LegalDocument

CACHE_KEY = "accounts:current-legal-key"


def current_documents() -> list[LegalDocument]:
    """The latest published version of each kind of legal document, in a fixed order."""
    latest: dict[str, LegalDocument] = {}
    for document in LegalDocument.objects.filter(published_at__isnull=False).order_by("kind", "-version"):
        latest.setdefault(document.kind, document)
    return [latest[kind] for kind in LegalKind.values if kind in latest]


def build_key(documents: list[LegalDocument]) -> str:
    return "|".join(f"{document.kind}:{document.version}" for document in documents)


def current_legal_key() -> str:
    key = cache.get(CACHE_KEY)
    if key is None:
        key = build_key(current_documents())
        cache.set(CACHE_KEY, key, timeout=300)
    return key


def forget_current_legal_key() -> None:
    cache.delete(CACHE_KEY)
