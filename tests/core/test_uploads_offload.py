"""Web-server offload (X-Accel-Redirect, X-Sendfile) needs files on local disk: refused with remote storage."""

from django.core import checks
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage

from practica.core.uploads import protected_file_response


class RemoteStorage(Storage):
    """Like S3-compatible storage: files live elsewhere, with no path on this machine (Storage.path raises)."""

    def __init__(self, **options):
        self.files: dict[str, bytes] = {}

    def _save(self, name, content):
        self.files[name] = content.read()
        return name

    def _open(self, name, mode="rb"):
        return ContentFile(self.files[name], name=name)

    def exists(self, name):
        return name in self.files


REMOTE = {
    "default": {"BACKEND": "tests.core.test_uploads_offload.RemoteStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _offload_errors():
    return [message for message in checks.run_checks() if message.id == "practica.E001"]


def test_offload_with_storage_that_has_no_local_files_is_refused_with_a_clear_message(settings):
    settings.STORAGES = REMOTE
    for mode in ("x-sendfile", "x-accel"):
        settings.FILE_OFFLOAD = mode
        [error] = _offload_errors()
        assert error.level == checks.ERROR
        assert f"FILE_OFFLOAD={mode} needs files on this machine's disk" in error.msg
        assert "FILE_OFFLOAD=none" in error.hint


def test_offload_with_files_on_local_disk_passes_the_check(settings):
    settings.FILE_OFFLOAD = "x-sendfile"
    assert _offload_errors() == []


def test_remote_storage_without_offload_passes_the_check(settings):
    settings.STORAGES = REMOTE
    settings.FILE_OFFLOAD = "none"
    assert _offload_errors() == []


def test_if_offload_runs_with_remote_storage_anyway_the_reader_still_gets_the_file(settings):
    storage = RemoteStorage()
    name = storage.save("library/2026/01/handout.pdf", ContentFile(b"%PDF-1.7 handout"))
    for mode in ("x-sendfile", "x-accel"):
        settings.FILE_OFFLOAD = mode
        response = protected_file_response(storage, name, filename="Handout.pdf", content_type="application/pdf")
        assert "X-Sendfile" not in response and "X-Accel-Redirect" not in response
        assert b"".join(response.streaming_content) == b"%PDF-1.7 handout"
        assert response["Content-Disposition"] == 'attachment; filename="Handout.pdf"'


def test_x_sendfile_with_local_files_hands_the_web_server_the_path(settings, tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("library/handout.pdf", ContentFile(b"%PDF-1.7"))
    settings.FILE_OFFLOAD = "x-sendfile"
    response = protected_file_response(storage, name, filename="Handout.pdf", content_type="application/pdf")
    assert response["X-Sendfile"] == str(tmp_path / name)
    assert response.content == b""
