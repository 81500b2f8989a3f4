"""The index follows the content through domain events, and `practica search-rebuild` recreates it."""

import io

from django.core.management import call_command

from practica.discussions.models import Post
from practica.discussions.services.moderation import hide_post, unhide_post
from practica.discussions.services.posting import edit_post, start_topic
from practica.library.services.items import ItemDetails, edit_item
from practica.search.choices import DocumentKind
from practica.search.models import SearchDocument
from practica.search.parsing import parse_query
from practica.search.queries import SearchCriteria, search
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks


def _titles(user, q, tab="posts") -> list[str]:
    return [r.title for r in search(user, SearchCriteria(parsed=parse_query(q), tab=tab)).results]


def test_nothing_is_indexed_until_the_worker_runs_and_then_it_is(db, member):
    community = CommunityFactory()
    add_member(community, member)
    author = UserFactory()
    add_member(community, author)
    start_topic(author=author, community=community, title="Reflective practice", body="Journals.")
    assert _titles(member, "reflective") == []  # stored as an event in the same transaction, not done inline
    run_pending_tasks()
    assert _titles(member, "reflective") == ["Reflective practice"]


def test_edits_hides_and_unhides_keep_the_index_in_step(db, member):
    community = CommunityFactory()
    author = UserFactory()
    add_member(community, author)
    add_member(community, member)
    post = start_topic(author=author, community=community, title="Old title", body="Old words.").post
    run_pending_tasks()
    edit_post(editor=author, post=post, body="Fresh words.", title="New title")
    run_pending_tasks()
    assert _titles(member, "fresh") == ["New title"] and _titles(member, "old") == []
    hide_post(post=post)
    run_pending_tasks()
    assert _titles(member, "fresh") == [] and not SearchDocument.objects.filter(object_id=post.pk).exists()
    unhide_post(post=post)
    run_pending_tasks()
    assert _titles(member, "fresh") == ["New title"]


def test_handlers_are_safe_to_run_twice(db, member):
    from practica.search.handlers import reindex_post

    community = CommunityFactory()
    add_member(community, member)
    post = start_topic(author=member, community=community, title="Twice", body="Once.").post
    reindex_post(post_id=post.pk)
    reindex_post(post_id=post.pk)
    assert SearchDocument.objects.filter(kind=DocumentKind.POST, object_id=post.pk).count() == 1
    reindex_post(post_id=987654)  # a post that no longer exists: nothing to do, no error


def test_library_edits_reach_the_index(db, member, staff):
    from tests.search.conftest import link_item

    community = CommunityFactory()
    add_member(community, member)
    item = link_item(author=staff, community=community, title="Consent forms", description="Templates")
    run_pending_tasks()
    assert _titles(member, "consent", tab="library") == ["Consent forms"]
    details = ItemDetails(
        title="Agreement forms",
        resource_type="template",
        licence="own_work",
        rights_confirmed=True,
        url="https://example.org/resource",
    )
    edit_item(actor=staff, item=item, details=details)
    run_pending_tasks()
    assert _titles(member, "consent", tab="library") == []
    assert _titles(member, "agreement", tab="library") == ["Agreement forms"]


def test_rebuild_recreates_the_index_from_the_content(search_corpus, member):
    before = set(SearchDocument.objects.values_list("kind", "object_id", "title", "body"))
    SearchDocument.objects.all().delete()
    assert _titles(member, "endings") == []
    out = io.StringIO()
    call_command("search-rebuild", stdout=out)
    assert "Indexed" in out.getvalue()
    assert set(SearchDocument.objects.values_list("kind", "object_id", "title", "body")) == before
    assert "Endings with clients" in _titles(member, "endings")
    # A hidden post stays out of a rebuilt index too.
    assert not SearchDocument.objects.filter(object_id=search_corpus["hidden"].pk, kind="post").exists()
    assert Post.objects.filter(pk=search_corpus["hidden"].pk, hidden_at__isnull=False).exists()


def test_taking_a_like_back_lowers_the_like_count_the_ranking_uses(db, member):
    from practica.discussions.services.engagement import toggle_like

    community = CommunityFactory()
    author = UserFactory()
    add_member(community, author)
    add_member(community, member)
    post = start_topic(author=author, community=community, title="Liked once", body="Words.").post
    toggle_like(user=member, post=post)
    run_pending_tasks()
    assert SearchDocument.objects.get(kind=DocumentKind.POST, object_id=post.pk).like_count == 1

    toggle_like(user=member, post=post)
    run_pending_tasks()

    assert SearchDocument.objects.get(kind=DocumentKind.POST, object_id=post.pk).like_count == 0


def test_a_split_gives_the_new_topic_its_title_in_the_index_and_a_merge_moves_the_posts(db, member):
    from practica.discussions.services.curation import merge_topics, split_topic
    from practica.discussions.services.posting import reply

    community = CommunityFactory()
    champion = UserFactory()
    add_member(community, champion, role="champion")
    add_member(community, member)
    topic = start_topic(author=member, community=community, title="Endings", body="Opening words.").post.topic
    moved = reply(author=member, topic=topic, body="Digressing about supervision fees.").post
    run_pending_tasks()

    new_topic = split_topic(actor=champion, topic=topic, post_ids=[moved.pk], title="Supervision fees")
    run_pending_tasks()
    document = SearchDocument.objects.get(kind=DocumentKind.POST, object_id=moved.pk)
    assert (document.topic_id, document.title) == (new_topic.pk, "Supervision fees")

    merge_topics(actor=champion, source=new_topic, into=topic)
    run_pending_tasks()
    document.refresh_from_db()
    assert (document.topic_id, document.title) == (topic.pk, "")
