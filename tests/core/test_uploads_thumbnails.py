"""Thumbnails can be left to a task: the upload is still cleaned of its location in the request, and the task
makes the thumbnail from the stored, cleaned picture."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from practica.core.uploads import UploadRejected, check_upload, make_thumbnail
from tests.library.corpus import image_bytes, minimal_pdf


def test_without_a_thumbnail_the_picture_is_still_stripped_of_gps_and_camera_details():
    original = image_bytes("JPEG", size=(60, 40), with_gps=True)
    checked = check_upload(SimpleUploadedFile("holiday.jpg", original), thumbnail=False)
    assert checked.thumbnail is None
    image = Image.open(BytesIO(checked.content))
    assert image.getexif().get_ifd(0x8825) == {}
    assert b"Acme Camera" not in checked.content and b"Exif" not in checked.content


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_the_thumbnail_made_later_is_a_small_jpeg(fmt):
    checked = check_upload(
        SimpleUploadedFile(f"wide.{fmt.lower()}", image_bytes(fmt, size=(1200, 600))), thumbnail=False
    )
    thumbnail = Image.open(BytesIO(make_thumbnail(checked.content)))
    assert thumbnail.format == "JPEG" and max(thumbnail.size) == 320


def test_a_transparent_picture_gets_a_white_background_in_its_thumbnail():
    checked = check_upload(
        SimpleUploadedFile("logo.png", image_bytes("PNG", size=(100, 100), mode="RGBA")), thumbnail=False
    )
    thumbnail = Image.open(BytesIO(make_thumbnail(checked.content))).convert("RGB")
    assert thumbnail.getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.parametrize("content", [b"", b"GIF89a not really", minimal_pdf()])
def test_bytes_that_are_not_a_cleaned_picture_make_no_thumbnail(content):
    with pytest.raises(UploadRejected):
        make_thumbnail(content)
