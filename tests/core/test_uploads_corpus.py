"""Every upload is judged by its content: the hostile corpus is refused with a reason, ordinary files pass."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from practica.core.uploads import (
    KINDS,
    UploadRejected,
    check_upload,
    protected_file_response,
    safe_filename,
    storage_name,
)
from tests.library.corpus import GOOD, HOSTILE, image_bytes, minimal_pdf


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    # The browser's content type is whatever the attacker says: always the most innocent one here.
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_the_hostile_corpus_has_at_least_thirty_files():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize(("name", "content", "refusal"), [row[1:] for row in HOSTILE], ids=[row[0] for row in HOSTILE])
def test_a_hostile_file_is_refused_with_a_reason(name, content, refusal):
    with pytest.raises(UploadRejected) as refused:
        check_upload(upload(name, content, "application/pdf"))
    assert refusal in str(refused.value)


@pytest.mark.parametrize(("name", "content", "kind"), [row[1:] for row in GOOD], ids=[row[0] for row in GOOD])
def test_an_ordinary_file_is_accepted_as_what_its_content_is(name, content, kind):
    checked = check_upload(upload(name, content))
    assert checked.kind.key == kind
    assert checked.display_name.endswith("." + checked.kind.extension)
    assert len(checked.sha256) == 64


def test_a_file_over_the_size_limit_is_refused_with_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(UploadRejected, match="the largest we accept is 1000"):
        check_upload(upload("big.pdf", minimal_pdf() + b"%" * 2000))


def test_a_file_over_the_limit_is_refused_even_when_its_declared_size_is_small():
    uploaded = upload("big.pdf", minimal_pdf() + b"%" * 2000)
    uploaded.size = 10
    with pytest.raises(UploadRejected, match="larger than"):
        check_upload(uploaded, max_bytes=1000)


def test_a_type_the_site_does_not_allow_is_refused(settings):
    settings.UPLOAD_ALLOWED_TYPES = ["pdf", "image"]
    with pytest.raises(UploadRejected, match=r"does not accept MP4 video files\. We accept PDF, images"):
        check_upload(upload("talk.mp4", GOOD[15][2]))


def test_gps_and_camera_details_are_gone_after_re_encoding():
    original = image_bytes("JPEG", size=(60, 40), with_gps=True)
    assert b"Acme Camera" in original
    checked = check_upload(upload("holiday.jpg", original))
    image = Image.open(BytesIO(checked.content))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(0x8825) == {}
    assert b"Acme Camera" not in checked.content and b"Exif" not in checked.content


def test_an_image_gets_a_small_jpeg_thumbnail():
    checked = check_upload(upload("wide.png", image_bytes("PNG", size=(1200, 600))))
    thumbnail = Image.open(BytesIO(checked.thumbnail))
    assert thumbnail.format == "JPEG"
    assert max(thumbnail.size) == 320


def test_documents_get_no_thumbnail():
    assert check_upload(upload("paper.pdf", minimal_pdf())).thumbnail is None


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("Über café – 日本語.pdf", "Über café 日本語.pdf"),
        ("a\r\nContent-Type: text/html.pdf", "html.pdf"),
        ("invoice\u202efdp.pdf", "invoice fdp.pdf"),
        ("....pdf", "pdf.pdf"),
        ("...", "download.pdf"),
        ("", "download.pdf"),
        ("report.exe", "report.pdf"),
    ],
)
def test_a_display_name_keeps_the_words_but_never_a_path_or_a_trick(original, expected):
    assert safe_filename(original, KINDS["pdf"]) == expected


def test_a_very_long_name_is_shortened_and_keeps_its_real_extension():
    name = safe_filename("x" * 500 + ".pdf", KINDS["pdf"])
    assert len(name) <= 100 and name.endswith(".pdf")


def test_storage_names_are_random_and_never_contain_the_uploaders_name():
    first, second = storage_name("library", "pdf"), storage_name("library", "pdf")
    assert first != second
    assert first.startswith("library/") and first.endswith(".pdf") and ".." not in first
    assert storage_name("library", "../../x").endswith(".x")


def test_a_protected_file_is_sent_as_an_attachment_that_cannot_run(tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("library/a.pdf", ContentFile(minimal_pdf()))
    response = protected_file_response(storage, name, filename="Über café.pdf", content_type="application/pdf")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%C3%9Cber%20caf%C3%A9.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_offloading_to_nginx_sends_no_bytes_only_the_internal_location(tmp_path, settings):
    from django.core.files.storage import FileSystemStorage

    settings.FILE_OFFLOAD = "x-accel"
    settings.FILE_OFFLOAD_PREFIX = "/protected-media/"
    response = protected_file_response(
        FileSystemStorage(location=tmp_path),
        "library/2026/01/abc.pdf",
        filename="a.pdf",
        content_type="application/pdf",
    )
    assert response["X-Accel-Redirect"] == "/protected-media/library/2026/01/abc.pdf"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")


def test_offloading_with_x_sendfile_names_the_files_path(tmp_path, settings):
    from django.core.files.storage import FileSystemStorage

    settings.FILE_OFFLOAD = "x-sendfile"
    response = protected_file_response(
        FileSystemStorage(location=tmp_path), "library/abc.pdf", filename="a.pdf", content_type="application/pdf"
    )
    assert response["X-Sendfile"] == str(tmp_path / "library" / "abc.pdf")
    assert response.content == b""
