"""A picture's thumbnail is background work: the upload stores the cleaned picture and enqueues the task; the
pages show the file's type until the worker has made it."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult
from PIL import Image

from practica.library.models import ItemVersion, LibraryItem
from practica.library.services.items import remove_item
from practica.library.services.thumbnails import make_version_thumbnail
from tests.helpers import run_pending_tasks
from tests.library.corpus import image_bytes


def _upload_picture(client, community) -> LibraryItem:
    data = {
        "place": str(community.pk),
        "kind": "file",
        "title": "Room layout",
        "resource_type": "guide",
        "licence": "own_work",
        "rights_confirmed": "on",
        "file": SimpleUploadedFile("layout.jpg", image_bytes("JPEG", size=(800, 600), with_gps=True)),
    }
    response = client.post("/library/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return LibraryItem.objects.select_related("current_version").get(title="Room layout")


def _thumbnail_tasks() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="make_version_thumbnail").count()


def test_uploading_a_picture_stores_it_without_gps_and_leaves_the_thumbnail_to_a_task(
    community_member_client, closed_community
):
    item = _upload_picture(community_member_client, closed_community)
    version = item.current_version
    assert not version.thumbnail
    assert _thumbnail_tasks() == 1
    with default_storage.open(version.file.name) as stored:
        picture = Image.open(BytesIO(stored.read()))
    # The location is gone in the request itself, before anything else sees the file.
    assert not picture.getexif().get_ifd(0x8825)
    assert "Acme Camera" not in str(dict(picture.getexif()))


def test_before_the_worker_runs_the_item_is_listed_and_shown_with_its_type(community_member_client, closed_community):
    item = _upload_picture(community_member_client, closed_community)
    page = community_member_client.get(f"/library/items/{item.pk}/").content.decode()
    assert "Room layout" in page
    assert "The preview is still being made. You can download the picture now." in page
    assert "/thumbnail/" not in page
    assert f"/library/items/{item.pk}/download/" in page
    listing = community_member_client.get(f"/communities/{closed_community.pk}/library/").content.decode()
    assert "Room layout" in listing and "library-thumb-pending" in listing and ">JPEG</span>" in listing
    assert community_member_client.get(f"/library/items/{item.pk}/download/").status_code == 200


def test_once_the_worker_runs_the_thumbnail_is_shown(community_member_client, closed_community):
    item = _upload_picture(community_member_client, closed_community)
    run_pending_tasks()
    version = ItemVersion.objects.get(pk=item.current_version_id)
    assert version.thumbnail
    page = community_member_client.get(f"/library/items/{item.pk}/").content.decode()
    assert f"/library/versions/{version.pk}/thumbnail/" in page
    assert "still being made" not in page
    response = community_member_client.get(f"/library/versions/{version.pk}/thumbnail/")
    thumbnail = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert thumbnail.format == "JPEG" and max(thumbnail.size) <= 320


def test_the_thumbnail_task_is_safe_to_run_twice(community_member_client, closed_community):
    item = _upload_picture(community_member_client, closed_community)
    assert make_version_thumbnail(version_id=item.current_version_id) == "made"
    first = ItemVersion.objects.get(pk=item.current_version_id).thumbnail.name
    assert make_version_thumbnail(version_id=item.current_version_id) == "already made"
    assert ItemVersion.objects.get(pk=item.current_version_id).thumbnail.name == first
    assert default_storage.exists(first)


def test_the_thumbnail_task_for_a_removed_item_does_nothing(
    community_member_client, community_member, closed_community
):
    item = _upload_picture(community_member_client, closed_community)
    version_id = item.current_version_id
    remove_item(actor=community_member, item=item)
    assert make_version_thumbnail(version_id=version_id) == "gone"


def test_documents_enqueue_no_thumbnail_task(community_member_client, closed_community):
    from tests.library.corpus import minimal_pdf

    data = {
        "place": str(closed_community.pk),
        "kind": "file",
        "title": "Handout",
        "resource_type": "guide",
        "licence": "own_work",
        "rights_confirmed": "on",
        "file": SimpleUploadedFile("Handout.pdf", minimal_pdf("Handout")),
    }
    assert community_member_client.post("/library/add/", data).status_code == 302
    assert _thumbnail_tasks() == 0


@pytest.mark.parametrize("broken", [b"", b"not a picture at all"])
def test_a_stored_file_that_cannot_be_read_leaves_the_item_without_a_thumbnail(
    community_member_client, closed_community, broken
):
    item = _upload_picture(community_member_client, closed_community)
    name = item.current_version.file.name
    default_storage.delete(name)
    if broken:
        default_storage.save(name, BytesIO(broken))
    expected = "unreadable" if broken else "file missing"
    assert make_version_thumbnail(version_id=item.current_version_id) == expected
    assert not ItemVersion.objects.get(pk=item.current_version_id).thumbnail
