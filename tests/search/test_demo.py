"""The demo: search works on the demo content at once, the safeguarding community is confidential, and the
staff analytics page has weeks of anonymous searches to show. Loading twice changes nothing."""

from practica.search import demo
from practica.search.models import SearchDocument, SearchLog, SearchPolicy
from tests.factories import CommunityFactory


def test_the_demo_builds_the_index_marks_the_confidential_community_and_logs_searches(search_corpus):
    safeguarding = CommunityFactory(name="Safeguarding Leads", membership="closed")
    SearchDocument.objects.all().delete()
    demo.load()
    assert SearchDocument.objects.exists()
    assert SearchPolicy.objects.get(community=safeguarding).confidential
    logged = SearchLog.objects.count()
    assert logged > 100 and SearchLog.objects.filter(result_count=0).exists()
    demo.load()
    assert SearchLog.objects.count() == logged
