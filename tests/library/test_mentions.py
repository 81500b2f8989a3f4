"""Discussed in: posts linking to an item appear on its page, only for readers who may see the post."""

import pytest
from django.test import override_settings

from practica.discussions.services.posting import delete_post, edit_post, reply, start_topic
from practica.library.models import ItemMention
from practica.library.services.mentions import item_ids_linked_from
from tests.factories import add_member
from tests.helpers import run_pending_tasks
from tests.library.factories import add_file_item


@pytest.fixture
def site_item(staff):
    return add_file_item(author=staff, community=None, title="Contract template")


@override_settings(SITE_URL="https://communities.example.org")
def test_links_to_items_on_this_site_are_found_and_others_are_not():
    text = (
        "See [this](/library/items/12/) and https://communities.example.org/library/items/34/ "
        "but not https://elsewhere.example/library/items/56/ nor /library/items/78x"
    )
    assert item_ids_linked_from(text) == {12, 34}


def test_a_post_linking_to_an_item_is_listed_on_the_item_page(member_client, member, open_community, site_item):
    add_member(open_community, member)
    start_topic(
        author=member,
        community=open_community,
        title="Contracts for online work",
        body=f"I adapted [the template](/library/items/{site_item.pk}/) for online clients.",
    )
    run_pending_tasks()
    page = member_client.get(f"/library/items/{site_item.pk}/").content.decode()
    assert "Contracts for online work" in page


def test_a_post_in_a_closed_community_is_listed_only_for_its_readers(
    client, site_item, closed_community, champion, community_member, outsider
):
    start_topic(
        author=champion,
        community=closed_community,
        title="A confidential discussion",
        body=f"Using /library/items/{site_item.pk}/ with a client.",
    )
    run_pending_tasks()
    client.force_login(community_member)
    assert "A confidential discussion" in client.get(f"/library/items/{site_item.pk}/").content.decode()
    client.force_login(outsider)
    page = client.get(f"/library/items/{site_item.pk}/").content.decode()
    assert "A confidential discussion" not in page and "Supervisors" not in page


def test_editing_the_link_out_or_deleting_the_post_removes_the_back_link(member, open_community, site_item):
    add_member(open_community, member)
    topic = start_topic(author=member, community=open_community, title="Resources", body="Hello").post.topic
    post = reply(author=member, topic=topic, body=f"Try /library/items/{site_item.pk}/").post
    run_pending_tasks()
    assert ItemMention.objects.filter(item=site_item, post_id=post.pk).exists()
    edit_post(editor=member, post=post, body="Never mind.")
    run_pending_tasks()
    assert not ItemMention.objects.exists()
    edit_post(editor=member, post=post, body=f"Actually: /library/items/{site_item.pk}/")
    run_pending_tasks()
    assert ItemMention.objects.count() == 1
    delete_post(actor=member, post=post)
    run_pending_tasks()
    assert not ItemMention.objects.exists()


def test_the_handler_is_safe_to_run_twice(member, open_community, site_item):
    from practica.library.handlers import record_item_links

    add_member(open_community, member)
    post = start_topic(
        author=member, community=open_community, title="Twice", body=f"/library/items/{site_item.pk}/"
    ).post
    record_item_links(post_id=post.pk)
    record_item_links(post_id=post.pk)
    assert ItemMention.objects.count() == 1


def test_a_link_to_a_missing_item_records_nothing(member, open_community):
    add_member(open_community, member)
    start_topic(author=member, community=open_community, title="Dead link", body="/library/items/999999/")
    run_pending_tasks()
    assert not ItemMention.objects.exists()
