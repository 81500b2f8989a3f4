from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from practica.search.choices import DocumentKind


class SearchDocument(models.Model):
    """One searchable thing as the index sees it: only text that may travel (practica.core.visibility) is here.

    Kept by practica.search.indexing from domain events; `practica search-rebuild` recreates it from scratch.
    The full-text index beside it is backend-specific (an FTS5 table on SQLite, a tsvector column with a GIN
    index on PostgreSQL, both made in migration 0002). The index is never trusted for visibility: every query
    filters on the reader's readable communities and re-checks the page's hits through each app's rules.
    """

    kind = models.CharField(max_length=8, choices=DocumentKind)
    object_id = models.PositiveBigIntegerField()
    # Null for site-wide library items, which every current member reads.
    community_id = models.PositiveBigIntegerField(null=True, blank=True)
    topic_id = models.PositiveBigIntegerField(null=True, blank=True)
    author_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The topic's title on its opening post, the item's title; empty on replies (they match on their body).
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    # Tag names separated by spaces (matched as text), and as "|a|b|" for the exact tag filter.
    tags = models.TextField(blank=True)
    tag_list = models.TextField(blank=True)
    # The topic's kind (discussion, question, research) or the library item's resource type.
    subtype = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField()
    like_count = models.PositiveIntegerField(default=0)
    # A question with an accepted answer (on its opening post), or the accepted answer itself.
    answered = models.BooleanField(default=False)
    is_accepted_answer = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once")]
        indexes = [
            models.Index(fields=["community_id", "kind"]),
            models.Index(fields=["topic_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class SearchPolicy(models.Model):
    """A community's search setting. Confidential: its results (for its own readers) show titles only."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, primary_key=True, related_name="search_policy"
    )
    confidential = models.BooleanField(
        _("show titles only in search results"),
        default=False,
        help_text=_("Search results from this community show the title and never a snippet of the text."),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Search policy of {self.community_id}"


class SearchLog(models.Model):
    """One search, anonymously: the normalised query, how many results, whether a result was opened, the day.

    Never who searched (no user, no session, no time of day), so staff see what is looked for, not by whom.
    """

    query = models.CharField(max_length=200)
    day = models.DateField(db_index=True)
    tab = models.CharField(max_length=10, blank=True)
    result_count = models.PositiveIntegerField()
    clicked = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["day", "query"])]

    def __str__(self) -> str:
        return f"{self.day}: {self.query}"
