from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from practica.core.uploads import UploadRejected, reencode_image


def photo_bytes(*, fmt="JPEG", size=(120, 80), mode="RGB", with_gps=True, orientation=None) -> bytes:
    image = Image.new(mode, size, "red" if mode == "RGB" else None)
    exif = Image.Exif()
    if with_gps:
        exif[ExifTags.Base.Make] = "Acme Camera"
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    buffer = BytesIO()
    image.save(buffer, format=fmt, **({"exif": exif} if fmt in {"JPEG", "PNG", "WEBP"} else {}))
    return buffer.getvalue()


def upload(content: bytes, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_a_photo_comes_back_as_a_jpeg_without_its_gps_position_or_camera():
    original = photo_bytes()
    assert b"Acme Camera" in original

    result = reencode_image(upload(original), max_bytes=1_000_000).read()

    image = Image.open(BytesIO(result))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert b"Acme Camera" not in result
    assert b"Exif" not in result


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    buffer = BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, format="PNG")
    result = Image.open(BytesIO(reencode_image(upload(buffer.getvalue(), "x.png"), max_bytes=1_000_000).read()))
    assert result.format == "JPEG"
    assert result.getpixel((5, 5))[0] > 240


def test_a_sideways_phone_photo_is_turned_the_right_way_up_before_its_exif_is_dropped():
    result = reencode_image(upload(photo_bytes(size=(120, 80), orientation=6)), max_bytes=1_000_000)
    assert Image.open(result).size == (80, 120)


def test_a_large_photo_is_scaled_down():
    result = reencode_image(upload(photo_bytes(size=(3000, 1500), with_gps=False)), max_bytes=10_000_000, max_side=800)
    assert Image.open(result).size == (800, 400)


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"%PDF-1.4 not a picture",
        b"\xff\xd8\xff\xe0 truncated jpeg header",
    ],
    ids=["html", "svg", "pdf", "truncated-jpeg"],
)
def test_a_file_that_is_not_an_image_but_is_named_jpg_is_refused(content):
    with pytest.raises(UploadRejected, match="not a picture"):
        reencode_image(upload(content, "holiday.jpg"), max_bytes=1_000_000)


def test_a_file_over_the_size_limit_is_refused_with_the_limit_in_the_message():
    with pytest.raises(UploadRejected, match="largest we accept"):
        reencode_image(upload(photo_bytes()), max_bytes=100)


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded():
    buffer = BytesIO()
    Image.new("1", (5000, 5000)).save(buffer, format="PNG")  # tiny file, 25 megapixels
    with pytest.raises(UploadRejected, match="too many pixels"):
        reencode_image(upload(buffer.getvalue(), "bomb.png"), max_bytes=10_000_000, max_pixels=1_000_000)


def test_pillows_own_decompression_bomb_limit_also_holds(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(UploadRejected, match="too many pixels"):
        reencode_image(upload(photo_bytes(size=(100, 100), with_gps=False)), max_bytes=1_000_000)


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRejected, match="empty"):
        reencode_image(upload(b""), max_bytes=1000)
