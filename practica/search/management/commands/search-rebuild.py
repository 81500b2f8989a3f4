"""`practica search-rebuild`: recreate the search index from the content (after a restore, or to be sure)."""

from django.core.management.base import BaseCommand

from practica.search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from scratch: every post and library item whose text may be searched."

    def handle(self, *args, **options):
        counts = rebuild(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {counts['posts']} posts and {counts['library']} library items in {counts['seconds']} s."
            )
        )
