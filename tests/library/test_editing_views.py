"""Adding to the library through the forms: uploads, refusals that keep the form, rights and anonymisation,
edits, versions, removal, likes, hiding and collections, for each role that may and may not."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from practica.core.models import AuditEntry
from practica.library.models import Collection, CollectionEntry, LibraryItem
from practica.library.services.collections import add_to_collection, create_collection
from tests.factories import UserFactory, add_member
from tests.library.corpus import HTML, image_bytes, minimal_pdf
from tests.library.factories import add_file_item, checked


def _form(community, **overrides) -> dict:
    data = {
        "place": str(community.pk) if community is not None else "site",
        "kind": "file",
        "title": "Ending well: a handout",
        "description": "For the last session.",
        "resource_type": "guide",
        "tags": "endings, handouts",
        "author_or_source": "Cai Member",
        "licence": "own_work",
        "rights_confirmed": "on",
        "file": SimpleUploadedFile("Ending well.pdf", minimal_pdf("Ending well"), content_type="application/pdf"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_community_member_uploads_a_pdf_to_their_communitys_library(
    community_member_client, closed_community, community_member
):
    response = community_member_client.post("/library/add/", _form(closed_community))
    item = LibraryItem.objects.get()
    assert response.status_code == 302 and response.url == f"/library/items/{item.pk}/"
    assert item.community == closed_community and item.created_by == community_member
    version = item.current_version
    assert version.display_name == "Ending well.pdf" and version.file_kind == "pdf"
    # Stored under a random name, never the uploader's.
    assert "Ending" not in version.file.name and version.file.name.startswith("library/")
    assert default_storage.open(version.file.name).read().startswith(b"%PDF-")
    assert sorted(item.tags.values_list("name", flat=True)) == ["endings", "handouts"]
    page = community_member_client.get(response.url).content.decode()
    assert "is in the library" in page


def test_a_refused_upload_says_why_next_to_the_file_and_keeps_the_rest(community_member_client, closed_community):
    data = _form(closed_community, file=SimpleUploadedFile("Handout.pdf", HTML, content_type="application/pdf"))
    response = community_member_client.post("/library/add/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Web pages, SVG images and files with scripts" in page
    assert 'id="id_file_error"' in page
    assert 'value="Ending well: a handout"' in page and "For the last session." in page
    assert not LibraryItem.objects.exists()


def test_a_file_whose_content_contradicts_its_name_is_refused_with_a_clear_message(
    community_member_client, closed_community
):
    data = _form(closed_community, file=SimpleUploadedFile("Handout.pdf", image_bytes("PNG")))
    page = community_member_client.post("/library/add/", data).content.decode()
    assert "This file says it is a PDF but its content is not a PDF." in page


def test_the_uploader_must_confirm_they_have_the_right_to_share(community_member_client, closed_community):
    page = community_member_client.post("/library/add/", _form(closed_community, rights_confirmed=None))
    assert "Please confirm that you have the right to share this" in page.content.decode()
    assert not LibraryItem.objects.exists()


def test_case_material_needs_the_anonymisation_confirmed(community_member_client, closed_community):
    data = _form(closed_community, contains_case_material="on")
    page = community_member_client.post("/library/add/", data).content.decode()
    assert "Case material must be anonymised" in page
    assert not LibraryItem.objects.exists()
    data = _form(closed_community, contains_case_material="on", anonymisation_checked="on")
    assert community_member_client.post("/library/add/", data).status_code == 302
    assert LibraryItem.objects.get().anonymisation_checked


def test_a_link_needs_an_address_and_only_web_addresses(community_member_client, closed_community):
    data = _form(closed_community, kind="link", file=None, url="")
    assert "Please give the link" in community_member_client.post("/library/add/", data).content.decode()
    data = _form(closed_community, kind="link", file=None, url="javascript:alert(1)")
    assert community_member_client.post("/library/add/", data).status_code == 200
    assert not LibraryItem.objects.exists()
    data = _form(closed_community, kind="link", file=None, url="https://example.org/a")
    assert community_member_client.post("/library/add/", data).status_code == 302
    assert LibraryItem.objects.get().url == "https://example.org/a"


def test_only_staff_add_to_the_site_library(member_client, member, staff_client, open_community):
    add_member(open_community, member)
    response = member_client.post("/library/add/", _form(None))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert staff_client.post("/library/add/", _form(None)).status_code == 302
    assert LibraryItem.objects.get().community is None


def test_nobody_adds_to_a_community_they_do_not_belong_to(outsider_client, closed_community, outsider, open_community):
    add_member(open_community, outsider)
    response = outsider_client.post("/library/add/", _form(closed_community))
    assert response.status_code == 200 and not LibraryItem.objects.exists()


def test_someone_in_no_community_is_told_to_join_one(outsider_client):
    response = outsider_client.get("/library/add/")
    assert response.status_code == 403
    assert "Join a community" in response.content.decode()


# Editing, versions, removal.


@pytest.fixture
def members_item(closed_community, community_member):
    return add_file_item(author=community_member, community=closed_community, title="Reflective log template")


def test_the_author_edits_their_item(community_member_client, members_item):
    data = {"title": "Reflective log (2027)", "resource_type": "template", "licence": "cc_by", "rights_confirmed": "on"}
    response = community_member_client.post(f"/library/items/{members_item.pk}/edit/", data)
    assert response.status_code == 302
    members_item.refresh_from_db()
    assert members_item.title == "Reflective log (2027)" and members_item.licence == "cc_by"


def test_another_member_may_not_edit_but_a_champion_may(client, members_item, closed_community, champion):
    other = UserFactory()
    add_member(closed_community, other)
    client.force_login(other)
    assert client.get(f"/library/items/{members_item.pk}/edit/").status_code == 403
    client.force_login(champion)
    data = {"title": "Tidied title", "resource_type": "template", "licence": "own_work", "rights_confirmed": "on"}
    assert client.post(f"/library/items/{members_item.pk}/edit/", data).status_code == 302
    assert AuditEntry.objects.filter(action="library.item_edited").exists()


def test_an_outsider_gets_404_on_every_page_of_a_closed_item(outsider_client, members_item):
    pk, version = members_item.pk, members_item.current_version_id
    for url in (
        f"/library/items/{pk}/",
        f"/library/items/{pk}/edit/",
        f"/library/items/{pk}/versions/new/",
        f"/library/items/{pk}/remove/",
        f"/library/items/{pk}/download/",
        f"/library/versions/{version}/download/",
        f"/library/versions/{version}/thumbnail/",
    ):
        assert outsider_client.get(url).status_code == 404, url
    assert outsider_client.post(f"/library/items/{pk}/like/").status_code == 404


def test_a_new_version_becomes_current_and_the_old_one_stays_in_the_history(community_member_client, members_item):
    first = members_item.current_version
    data = {"file": SimpleUploadedFile("Log v2.pdf", minimal_pdf("Second")), "note": "Added a page on endings"}
    response = community_member_client.post(f"/library/items/{members_item.pk}/versions/new/", data)
    assert response.status_code == 302
    members_item.refresh_from_db()
    assert members_item.current_version.number == 2 and members_item.version_count == 2
    page = community_member_client.get(f"/library/items/{members_item.pk}/").content.decode()
    assert "Version 2: Log v2.pdf" in page and "Version 1: Handout.pdf" in page and "Added a page on endings" in page
    current = community_member_client.get(f"/library/items/{members_item.pk}/download/")
    assert b"Second" in b"".join(current.streaming_content)
    old = community_member_client.get(f"/library/versions/{first.pk}/download/")
    assert b"Handout" in b"".join(old.streaming_content)


def test_a_refused_version_keeps_the_note(community_member_client, members_item):
    data = {"file": SimpleUploadedFile("v2.pdf", b""), "note": "Typo fixed"}
    page = community_member_client.post(f"/library/items/{members_item.pk}/versions/new/", data).content.decode()
    assert "The submitted file is empty" in page or "This file is empty" in page
    assert 'value="Typo fixed"' in page


def test_removing_an_item_deletes_its_files_and_hides_it_everywhere(
    community_member_client, members_item, django_capture_on_commit_callbacks
):
    name = members_item.current_version.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = community_member_client.post(f"/library/items/{members_item.pk}/remove/", {"reason": "Outdated"})
    assert response.status_code == 302
    assert not default_storage.exists(name)
    assert community_member_client.get(f"/library/items/{members_item.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="library.item_removed", summary="Outdated").exists()


def test_a_moderator_may_remove_a_site_item_but_a_member_may_not(client, staff, member, moderator):
    item = add_file_item(author=staff, community=None, title="Site resource")
    client.force_login(member)
    assert client.post(f"/library/items/{item.pk}/remove/").status_code == 403
    client.force_login(moderator)
    assert client.post(f"/library/items/{item.pk}/remove/").status_code == 302


# Likes and hiding.


def test_a_member_likes_an_item_and_takes_the_like_back(client, members_item, champion):
    client.force_login(champion)
    client.post(f"/library/items/{members_item.pk}/like/")
    members_item.refresh_from_db()
    assert members_item.like_count == 1
    response = client.post(f"/library/items/{members_item.pk}/like/", headers={"HX-Request": "true"})
    assert "0 likes" in response.content.decode()
    members_item.refresh_from_db()
    assert members_item.like_count == 0


def test_nobody_likes_their_own_item(community_member_client, members_item):
    response = community_member_client.post(f"/library/items/{members_item.pk}/like/")
    assert response.status_code == 403 and "cannot like your own" in response.content.decode()


def test_a_champion_hides_an_item_and_members_can_no_longer_see_it(client, members_item, champion, closed_community):
    other = UserFactory()
    add_member(closed_community, other)
    client.force_login(champion)
    assert client.post(f"/library/items/{members_item.pk}/hide/").status_code == 302
    assert AuditEntry.objects.filter(action="library.item_hidden").exists()
    client.force_login(other)
    assert client.get(f"/library/items/{members_item.pk}/").status_code == 404
    assert client.post(f"/library/items/{members_item.pk}/hide/").status_code == 404


def test_a_member_may_not_hide_items(community_member_client, closed_community, champion):
    item = add_file_item(author=champion, community=closed_community, title="Champion's item")
    assert community_member_client.post(f"/library/items/{item.pk}/hide/").status_code == 403


# Collections.


def test_a_champion_makes_a_collection_adds_items_and_orders_them(client, champion, closed_community):
    first = add_file_item(author=champion, community=closed_community, title="First read")
    second = add_file_item(author=champion, community=closed_community, title="Second read")
    client.force_login(champion)
    response = client.post(
        "/library/collections/new/", {"community": closed_community.pk, "title": "Starter pack", "description": ""}
    )
    collection = Collection.objects.get()
    assert response.status_code == 302 and collection.community == closed_community
    for item in (first, second):
        assert client.post(f"/library/items/{item.pk}/collect/", {"collection": collection.pk}).status_code == 302
    client.post(f"/library/collections/{collection.pk}/items/{second.pk}/", {"action": "up"})
    page = client.get(f"/library/collections/{collection.pk}/").content.decode()
    assert page.index("Second read") < page.index("First read")
    client.post(f"/library/collections/{collection.pk}/items/{first.pk}/", {"action": "remove"})
    assert list(CollectionEntry.objects.values_list("item_id", flat=True)) == [second.pk]
    assert "Starter pack" in client.get(f"/library/items/{second.pk}/").content.decode()


def test_a_member_may_not_change_a_collection(community_member_client, champion, closed_community):
    collection = create_collection(actor=champion, community=closed_community, title="Essentials")
    assert community_member_client.get(f"/library/collections/{collection.pk}/edit/").status_code == 403
    response = community_member_client.get(f"/library/collections/new/?community={closed_community.pk}")
    assert response.status_code == 403


def test_an_outsider_gets_404_on_a_closed_collection_and_never_sees_its_items(
    outsider_client, champion, closed_community, staff
):
    collection = create_collection(actor=champion, community=closed_community, title="Essentials")
    add_to_collection(
        actor=champion,
        collection=collection,
        item=add_file_item(author=champion, community=closed_community, title="Inner"),
    )
    assert outsider_client.get(f"/library/collections/{collection.pk}/").status_code == 404
    assert "Essentials" not in outsider_client.get("/library/collections/").content.decode()


def test_items_from_another_library_cannot_join_a_collection(staff, champion, closed_community):
    from django.core.exceptions import PermissionDenied

    collection = create_collection(actor=champion, community=closed_community, title="Essentials")
    site_item = add_file_item(author=staff, community=None, title="Site item")
    with pytest.raises(PermissionDenied):
        add_to_collection(actor=staff, collection=collection, item=site_item)


def test_uploads_in_services_take_only_checked_files(champion, closed_community):
    item = add_file_item(author=champion, community=closed_community, title="Checked")
    assert item.current_version.sha256 == checked().sha256
