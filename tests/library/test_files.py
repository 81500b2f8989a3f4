"""Library files are served only through permission-checked views, as downloads that cannot run."""

import pytest
from django.urls import Resolver404, resolve

from practica.library.models import LibraryItem
from tests.conftest import PERSONAS
from tests.library.factories import add_file_item


@pytest.fixture
def closed_item(closed_community, champion):
    return add_file_item(author=champion, community=closed_community, title="Case notes")


@pytest.fixture
def site_image(staff):
    return add_file_item(author=staff, community=None, title="Poster", image=True)


# The site's personas on an item of a closed community none of them belongs to (staff and admins read all).
EXPECTED_ON_CLOSED = {
    "anonymous": 302,
    "member": 404,
    "lapsed": 403,
    "suspended": 403,
    "moderator": 404,
    "staff": 200,
    "admin": 200,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_downloading_a_closed_communitys_file_per_persona(persona, persona_clients, closed_item):
    response = persona_clients[persona].get(f"/library/items/{closed_item.pk}/download/")
    assert response.status_code == EXPECTED_ON_CLOSED[persona]


def test_community_members_download_and_outsiders_get_404(
    community_member_client, outsider_client, closed_item, champion_client
):
    assert community_member_client.get(f"/library/items/{closed_item.pk}/download/").status_code == 200
    assert champion_client.get(f"/library/items/{closed_item.pk}/download/").status_code == 200
    assert outsider_client.get(f"/library/items/{closed_item.pk}/download/").status_code == 404


def test_the_direct_storage_path_is_not_served_to_anyone(staff_client, closed_item, settings):
    name = closed_item.current_version.file.name
    for path in (f"{settings.MEDIA_URL}{name}", f"/{name}", f"/media/{name}"):
        assert staff_client.get(path).status_code == 404, path
        with pytest.raises(Resolver404):
            resolve(path)


def test_a_download_is_an_attachment_that_cannot_be_sniffed_or_run(community_member_client, closed_item):
    response = community_member_client.get(f"/library/items/{closed_item.pk}/download/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Handout.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_each_download_is_counted(community_member_client, closed_item):
    for _ in range(2):
        community_member_client.get(f"/library/items/{closed_item.pk}/download/")
    assert LibraryItem.objects.get(pk=closed_item.pk).download_count == 2
    page = community_member_client.get(f"/library/items/{closed_item.pk}/").content.decode()
    assert "<dt>Downloads</dt><dd>2</dd>" in page


def test_with_nginx_offload_django_sends_only_the_internal_location(community_member_client, closed_item, settings):
    settings.FILE_OFFLOAD = "x-accel"
    settings.FILE_OFFLOAD_PREFIX = "/protected-media/"
    response = community_member_client.get(f"/library/items/{closed_item.pk}/download/")
    assert response["X-Accel-Redirect"] == "/protected-media/" + closed_item.current_version.file.name
    assert response.content == b""


def test_an_images_thumbnail_is_a_jpeg_shown_inline(member_client, site_image):
    response = member_client.get(f"/library/versions/{site_image.current_version_id}/thumbnail/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_thumbnail_of_a_closed_communitys_image_is_404_for_outsiders(
    outsider_client, community_member_client, champion, closed_community
):
    image = add_file_item(author=champion, community=closed_community, title="Diagram", image=True)
    url = f"/library/versions/{image.current_version_id}/thumbnail/"
    assert community_member_client.get(url).status_code == 200
    assert outsider_client.get(url).status_code == 404


def test_a_document_has_no_thumbnail(community_member_client, closed_item):
    url = f"/library/versions/{closed_item.current_version_id}/thumbnail/"
    assert community_member_client.get(url).status_code == 404


def test_a_removed_items_files_are_gone_for_everyone(staff_client, closed_item, champion):
    from practica.library.services.items import remove_item

    version = closed_item.current_version_id
    remove_item(actor=champion, item=closed_item)
    assert staff_client.get(f"/library/items/{closed_item.pk}/download/").status_code == 404
    assert staff_client.get(f"/library/versions/{version}/download/").status_code == 404
