"""Files that people upload: the type is decided from the content, images are re-encoded, and every file is
stored under a random name and served only through a view that checked who is asking.

- `reencode_image` turns a photo into a fresh JPEG without metadata (profile photos).
- `check_upload` decides what any uploaded file really is (its bytes, never its name or the browser's word),
  refuses what is not allowed with a message fit for the form, re-encodes images (and, unless the caller
  makes them in a task with `make_thumbnail`, their thumbnails).
- `storage_name` and `safe_filename` keep uploaders' names out of the storage and out of response headers.
- `protected_file_response` sends a stored file (or tells the web server to) with headers that stop the
  browser from running or sniffing it.

Re-encoding from pixels drops EXIF (GPS position, camera serial numbers), XMP, comments and anything appended
after the image data, and a file that is not what it claims (HTML or SVG renamed .jpg, a PDF with a web page
inside) is refused rather than stored (SECURITY.md channels 16, 17 and 30). libmagic may be absent, so binary
formats are recognised with `filetype` and our own checks, and text by our own rules.
"""

import csv
import hashlib
import io
import logging
import re
import unicodedata
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Decided by Pillow from the file's first bytes; the name and the browser's content type are ignored.
ACCEPTED_IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
# Well below Pillow's own decompression-bomb limit: a 40-megapixel photo is already larger than any phone's.
DEFAULT_MAX_PIXELS = 40_000_000


class UploadRejected(ValueError):
    """The upload cannot be used; the message is written for the person who uploaded it."""


def reencode_image(
    uploaded,
    *,
    max_bytes: int,
    max_side: int = 1600,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    quality: int = 85,
) -> ContentFile:
    """Return the uploaded image as a fresh JPEG without metadata, at most `max_side` pixels wide or high.

    Raises UploadRejected with a message fit to show next to the form field.
    """
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise UploadRejected(
            _("This file is %(size)s; the largest we accept is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRejected(_("This file is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)})
    if not data:
        raise UploadRejected(_("This file is empty."))
    # Never more than Pillow's own guard, whatever the caller asks for.
    pixel_limit = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
    too_large = _("This image has too many pixels. Please upload a smaller one.")
    not_an_image = _("This file is not a picture we can use. Please upload a JPEG, PNG, GIF or WebP image.")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice its limit; treat that as the error it is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=ACCEPTED_IMAGE_FORMATS) as image:
                # Checked from the header, before any pixel is decoded.
                if image.width * image.height > pixel_limit:
                    raise UploadRejected(too_large)
                image.seek(0)  # the first frame of an animation
                image.load()
                image = ImageOps.exif_transpose(image)  # keep the photo the right way up once EXIF is gone
                image = _flatten(image)
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
                output = BytesIO()
                # No exif=, icc_profile= or comment= arguments: nothing but pixels is written.
                image.save(output, format="JPEG", quality=quality, optimize=True, progressive=True)
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(too_large) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise UploadRejected(not_an_image) from None
    return ContentFile(output.getvalue(), name="image.jpg")


def _flatten(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: put transparent images on white rather than black."""
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


# ---------------------------------------------------------------------------------------------------------------
# Any file: what it is, whether we take it, where it is stored, how it is served.


@dataclass(frozen=True)
class FileKind:
    """A type of file we know how to recognise from its content."""

    key: str
    family: str  # the name operators use in UPLOAD_ALLOWED_TYPES
    label: str
    content_type: str
    extensions: tuple[str, ...]  # the first is the one downloads are named with

    @property
    def extension(self) -> str:
        return self.extensions[0]

    @property
    def is_image(self) -> bool:
        return self.family == "image"


_KINDS = (
    FileKind("pdf", "pdf", gettext_lazy("PDF"), "application/pdf", ("pdf",)),
    FileKind(
        "docx",
        "word",
        gettext_lazy("Word document"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    FileKind("doc", "word", gettext_lazy("Word 97–2003 document"), "application/msword", ("doc",)),
    FileKind("odt", "word", gettext_lazy("OpenDocument text"), "application/vnd.oasis.opendocument.text", ("odt",)),
    FileKind(
        "xlsx",
        "excel",
        gettext_lazy("Excel workbook"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("xlsx",),
    ),
    FileKind("xls", "excel", gettext_lazy("Excel 97–2003 workbook"), "application/vnd.ms-excel", ("xls",)),
    FileKind(
        "ods",
        "excel",
        gettext_lazy("OpenDocument spreadsheet"),
        "application/vnd.oasis.opendocument.spreadsheet",
        ("ods",),
    ),
    FileKind(
        "pptx",
        "powerpoint",
        gettext_lazy("PowerPoint presentation"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("pptx",),
    ),
    FileKind(
        "ppt", "powerpoint", gettext_lazy("PowerPoint 97–2003 presentation"), "application/vnd.ms-powerpoint", ("ppt",)
    ),
    FileKind(
        "odp",
        "powerpoint",
        gettext_lazy("OpenDocument presentation"),
        "application/vnd.oasis.opendocument.presentation",
        ("odp",),
    ),
    FileKind("txt", "text", gettext_lazy("plain text file"), "text/plain; charset=utf-8", ("txt", "text", "md")),
    FileKind("csv", "csv", gettext_lazy("CSV file"), "text/csv; charset=utf-8", ("csv",)),
    FileKind("jpeg", "image", gettext_lazy("JPEG image"), "image/jpeg", ("jpg", "jpeg")),
    FileKind("png", "image", gettext_lazy("PNG image"), "image/png", ("png",)),
    FileKind("gif", "image", gettext_lazy("GIF image"), "image/gif", ("gif",)),
    FileKind("webp", "image", gettext_lazy("WebP image"), "image/webp", ("webp",)),
    FileKind("mp3", "audio", gettext_lazy("MP3 audio"), "audio/mpeg", ("mp3",)),
    FileKind("m4a", "audio", gettext_lazy("M4A audio"), "audio/mp4", ("m4a",)),
    FileKind("wav", "audio", gettext_lazy("WAV audio"), "audio/wav", ("wav",)),
    FileKind("ogg", "audio", gettext_lazy("Ogg audio"), "audio/ogg", ("ogg", "oga")),
    FileKind("mp4", "video", gettext_lazy("MP4 video"), "video/mp4", ("mp4", "m4v")),
    FileKind("webm", "video", gettext_lazy("WebM video"), "video/webm", ("webm",)),
    FileKind("mov", "video", gettext_lazy("QuickTime video"), "video/quicktime", ("mov",)),
)
KINDS: dict[str, FileKind] = {kind.key: kind for kind in _KINDS}
_BY_EXTENSION: dict[str, FileKind] = {ext: kind for kind in _KINDS for ext in kind.extensions}
FAMILIES = ("pdf", "word", "excel", "powerpoint", "text", "csv", "image", "audio", "video")
FAMILY_LABELS = {
    "pdf": gettext_lazy("PDF"),
    "word": gettext_lazy("Word"),
    "excel": gettext_lazy("Excel"),
    "powerpoint": gettext_lazy("PowerPoint"),
    "text": gettext_lazy("plain text"),
    "csv": gettext_lazy("CSV"),
    "image": gettext_lazy("images"),
    "audio": gettext_lazy("audio"),
    "video": gettext_lazy("video"),
}
# filetype's names for the binary kinds above; anything else it recognises is a type we do not take.
_FILETYPE_KINDS = {
    "jpg": "jpeg",
    "png": "png",
    "gif": "gif",
    "webp": "webp",
    "mp3": "mp3",
    "m4a": "m4a",
    "wav": "wav",
    "ogg": "ogg",
    "mp4": "mp4",
    "m4v": "mp4",
    "webm": "webm",
    "mov": "mov",
}

# Web pages, SVG and scripts run in a browser; no library file may contain one, whatever it claims to be.
# Short markers are only looked for where the bytes are not compressed noise (text, PDF, images), so a long
# video does not trip over four random bytes that happen to read "<img".
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|frame|object|embed|meta|link|style|img|form|base|math|xml"
    rb"|\?xml)[\s>/]|<a\s+href|javascript:|vbscript:|\bon(?:load|error|click|mouseover)\s*=",
    re.IGNORECASE,
)
_LONG_MARKUP = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<script[\s>]|<svg[\s>]|javascript:|<iframe[\s>]", re.IGNORECASE
)
# An image with script in it is a polyglot (a GIF that is also JavaScript): pixels never need these words.
_SCRIPT = re.compile(rb"alert\s*\(|eval\s*\(|document\.|window\.|function\s*\(|fetch\s*\(", re.IGNORECASE)
# A PDF that runs code when opened.
_PDF_ACTIONS = re.compile(rb"/JavaScript|/Launch|/RichMedia", re.IGNORECASE)
# A spreadsheet cell that a spreadsheet program would run as a formula (CSV injection).
_FORMULA_START = re.compile(r"^(?:[=@]|[+-][^\d\s.,]|[\t\r])")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

THUMBNAIL_SIDE = 320
LIBRARY_IMAGE_MAX_SIDE = 3000


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check: what it is, the bytes to store, and what to show about it."""

    kind: FileKind
    content: bytes
    sha256: str
    display_name: str
    thumbnail: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.content)


def allowed_families() -> tuple[str, ...]:
    """The file families the site accepts (settings.UPLOAD_ALLOWED_TYPES), in a stable order."""
    configured = {family.strip().lower() for family in getattr(settings, "UPLOAD_ALLOWED_TYPES", FAMILIES)}
    return tuple(family for family in FAMILIES if family in configured)


def allowed_types_text() -> str:
    """'PDF, Word, Excel ...' for help texts and refusals."""
    return ", ".join(str(FAMILY_LABELS[family]) for family in allowed_families())


def upload_max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 25 * 1024 * 1024))


def _refuse(message: str) -> None:
    raise UploadRejected(message)


def _claimed_kind(filename: str) -> tuple[str, FileKind | None]:
    """The extension the name claims (lower case, maybe empty) and the kind it stands for."""
    base = re.split(r"[\\/]", filename or "")[-1].strip().rstrip(".")
    if "." not in base:
        return "", None
    extension = base.rsplit(".", 1)[1].lower()
    return extension, _BY_EXTENSION.get(extension)


def _read(uploaded, max_bytes: int) -> bytes:
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        _refuse(
            _("This file is %(size)s; the largest we accept is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        _refuse(_("This file is larger than %(limit)s, the largest we accept.") % {"limit": filesizeformat(max_bytes)})
    if not data:
        _refuse(_("This file is empty."))
    return data


def _markup_refusal() -> str:
    return _("Web pages, SVG images and files with scripts in them cannot be uploaded: they could run code.")


def _office_kind(data: bytes) -> FileKind | None:
    """Open XML and OpenDocument files are zip archives: look at the names inside, never extract anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            lowered = [name.lower() for name in names]
            if any(name.endswith("vbaproject.bin") for name in lowered):
                _refuse(_("This document contains macros, which could run code. Please save it without macros."))
            if any(name.endswith((".html", ".htm", ".svg", ".js", ".xhtml")) for name in lowered):
                _refuse(_markup_refusal())
            if "[content_types].xml" in lowered:
                for prefix, key in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(name.startswith(prefix) for name in lowered):
                        return KINDS[key]
                return None
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > 100:
                    return None
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return {
                    "application/vnd.oasis.opendocument.text": KINDS["odt"],
                    "application/vnd.oasis.opendocument.spreadsheet": KINDS["ods"],
                    "application/vnd.oasis.opendocument.presentation": KINDS["odp"],
                }.get(mimetype)
    except UploadRejected:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None
    return None


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _binary_kind(data: bytes, claimed: FileKind | None) -> FileKind | None:
    """What the bytes say the file is, or None when they match nothing we know."""
    if data.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if data.startswith(_OLE_MAGIC):
        # The old Office formats share one container; only a parser could tell them apart, so the name's
        # claim is accepted as long as it is one of them.
        if claimed is not None and claimed.key in {"doc", "xls", "ppt"}:
            return claimed
        _refuse(
            _(
                "This looks like an old Word, Excel or PowerPoint file. "
                "Please keep its name's ending (.doc, .xls or .ppt)."
            )
        )
    if data.startswith(b"PK\x03\x04"):
        kind = _office_kind(data)
        if kind is None:
            _refuse(_("Zip archives cannot be uploaded. Please upload the files inside it one by one."))
        return kind
    guess = filetype.guess(data)
    if guess is None:
        return None
    key = _FILETYPE_KINDS.get(guess.extension)
    if key is None:
        _refuse(
            _("We do not accept this type of file (%(type)s). We accept %(allowed)s.")
            % {"type": guess.extension.upper(), "allowed": allowed_types_text()}
        )
    return KINDS[key]


def _text_kind(data: bytes, claimed: FileKind | None) -> FileKind:
    """Plain text or CSV: valid UTF-8, no binary bytes, no markup; the name says which of the two."""
    if b"\x00" in data:
        if claimed is not None and claimed.family not in {"text", "csv"}:
            _mismatch(claimed)
        _refuse(
            _("We could not recognise this file's type. We accept %(allowed)s.") % {"allowed": allowed_types_text()}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if claimed is not None and claimed.family not in {"text", "csv"}:
            _mismatch(claimed)
        _refuse(_("This text file is not in UTF-8. Please save it as UTF-8 (Unicode) and upload it again."))
    if _MARKUP.search(data):
        _refuse(_markup_refusal())
    if _CONTROL_CHARACTERS.search(text):
        _refuse(_("This text file contains control characters that text files do not have."))
    if claimed is not None and claimed.family not in {"text", "csv"}:
        _mismatch(claimed)
    kind = claimed or KINDS["txt"]
    if kind.key == "csv":
        _check_csv(text)
    return kind


def _check_csv(text: str) -> None:
    try:
        for row_number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            for cell in row:
                if _FORMULA_START.match(cell):
                    _refuse(
                        _(
                            "Row %(row)s has a cell starting with “%(start)s”, which spreadsheet programs run as "
                            "a formula. Please remove formulas (or put a ' before the cell's text)."
                        )
                        % {"row": row_number, "start": cell[:1].strip() or _("a tab")}
                    )
    except csv.Error:
        _refuse(_("This CSV file could not be read as rows and columns."))


def _mismatch(claimed: FileKind, detected: FileKind | None = None) -> None:
    label = claimed.label
    article = _("an") if str(label)[:1].lower() in "aeiou" else _("a")
    _refuse(
        _("This file says it is %(article)s %(label)s but its content is not %(article)s %(label)s.")
        % {"article": article, "label": label}
    )


def check_upload(
    uploaded, *, max_bytes: int | None = None, allowed: tuple[str, ...] | None = None, thumbnail: bool = True
) -> CheckedUpload:
    """Decide what an uploaded file is from its bytes and whether we accept it; images come back re-encoded.

    Images lose their metadata (EXIF, GPS) here, in the request, whatever `thumbnail` says: nothing is stored
    with it. With `thumbnail=False` the caller makes the thumbnail later, in a task (`make_thumbnail`).
    Raises UploadRejected with a message fit to show next to the form's file field.
    """
    max_bytes = upload_max_bytes() if max_bytes is None else max_bytes
    allowed = allowed_families() if allowed is None else allowed
    filename = getattr(uploaded, "name", "") or ""
    extension, claimed = _claimed_kind(filename)
    if extension and claimed is None:
        if extension in {"html", "htm", "xhtml", "svg", "svgz", "xml", "js", "mjs", "shtml", "xht"}:
            _refuse(_markup_refusal())
        _refuse(
            _("Files ending in .%(extension)s cannot be uploaded. We accept %(allowed)s.")
            % {"extension": extension[:12], "allowed": allowed_types_text()}
        )
    data = _read(uploaded, max_bytes)
    detected = _binary_kind(data, claimed)
    if detected is None:
        detected = _text_kind(data, claimed)
    elif claimed is not None and claimed.key != detected.key:
        _mismatch(claimed, detected)
    if detected.family not in allowed:
        _refuse(
            _("This site does not accept %(label)s files. We accept %(allowed)s.")
            % {"label": detected.label, "allowed": allowed_types_text()}
        )
    markers = _MARKUP if detected.family in {"pdf", "image"} else _LONG_MARKUP
    if markers.search(data) or (detected.is_image and _SCRIPT.search(data)):
        _refuse(_markup_refusal())
    if detected.key == "pdf" and _PDF_ACTIONS.search(data):
        _refuse(
            _("This PDF contains scripts or actions that run when it is opened. Please save it again without them.")
        )
    preview = None
    if detected.is_image:
        data, detected, preview = _reencode_library_image(data, thumbnail=thumbnail)
    return CheckedUpload(
        kind=detected,
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        display_name=safe_filename(filename, detected),
        thumbnail=preview,
    )


def _reencode_library_image(data: bytes, *, thumbnail: bool = True) -> tuple[bytes, FileKind, bytes | None]:
    """Re-encode a library image from its pixels (metadata gone) and, unless told not to, make its thumbnail.

    Photographs stay JPEG; everything else (PNG, GIF's first frame, WebP) becomes PNG, keeping transparency.
    """
    pixel_limit = min(DEFAULT_MAX_PIXELS, Image.MAX_IMAGE_PIXELS or DEFAULT_MAX_PIXELS)
    not_an_image = _("This file is not a picture we can use. Please upload a JPEG, PNG, GIF or WebP image.")
    too_large = _("This image has too many pixels. Please upload a smaller one.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=ACCEPTED_IMAGE_FORMATS) as image:
                if image.width * image.height > pixel_limit:
                    raise UploadRejected(too_large)
                source_format = image.format
                image.seek(0)
                image.load()
                image = ImageOps.exif_transpose(image)
                image.thumbnail((LIBRARY_IMAGE_MAX_SIDE, LIBRARY_IMAGE_MAX_SIDE), Image.Resampling.LANCZOS)
                output = BytesIO()
                if source_format == "JPEG":
                    image.convert("RGB").save(output, format="JPEG", quality=88, optimize=True, progressive=True)
                    kind = KINDS["jpeg"]
                else:
                    mode = "RGBA" if image.mode in {"RGBA", "LA", "P", "PA"} else "RGB"
                    image.convert(mode).save(output, format="PNG", optimize=True)
                    kind = KINDS["png"]
                preview = _thumbnail_of(image) if thumbnail else None
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(too_large) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise UploadRejected(not_an_image) from None
    return output.getvalue(), kind, preview


def _thumbnail_of(image: Image.Image) -> bytes:
    thumb = _flatten(image)
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    output = BytesIO()
    thumb.save(output, format="JPEG", quality=80, optimize=True)
    return output.getvalue()


def make_thumbnail(data: bytes) -> bytes:
    """A small JPEG of an image that check_upload already accepted and re-encoded (so it is safe to open).

    Background work: the upload's request stores the picture, a task makes this from the stored bytes.
    Raises UploadRejected if the bytes are not such a picture after all.
    """
    pixel_limit = min(DEFAULT_MAX_PIXELS, Image.MAX_IMAGE_PIXELS or DEFAULT_MAX_PIXELS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=("JPEG", "PNG")) as image:
                if image.width * image.height > pixel_limit:
                    raise UploadRejected(_("This image has too many pixels. Please upload a smaller one."))
                image.load()
                return _thumbnail_of(image)
    except UploadRejected:
        raise
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as error:
        raise UploadRejected(_("This file is not a picture we can use.")) from error


def storage_name(prefix: str, extension: str) -> str:
    """A fresh random name under `prefix`: nothing from the uploader reaches the storage's paths."""
    prefix = prefix.strip("/")
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:8] or "bin"
    return f"{prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def safe_filename(original: str, kind: FileKind, *, max_length: int = 100) -> str:
    """A name to show and to download under: the uploader's words without paths, control characters or
    tricks, ending in the extension of what the file really is."""
    base = re.split(r"[\\/]", original or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    # Letters, digits and a little punctuation from any script; everything else becomes a space.
    cleaned = "".join(
        char if (char.isalnum() or char in " -_()&,'") and unicodedata.category(char)[0] != "C" else " "
        for char in stem
    )
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .-_")
    suffix = f".{kind.extension}"
    cleaned = cleaned[: max(1, max_length - len(suffix))].rstrip(" .-_")
    return f"{cleaned or 'download'}{suffix}"


def storage_has_local_files(storage) -> bool:
    """Whether the storage keeps files on this machine's disk, where a web server's offload can find them.

    S3-compatible storage (and any other remote one) has no local path: nginx's internal location and
    X-Sendfile both need one.
    """
    try:
        storage.path("offload-probe")
    except NotImplementedError:
        return False
    return True


OFFLOAD_MODES = {"x-accel", "x-sendfile"}


def protected_file_response(
    storage, name: str, *, filename: str, content_type: str, as_attachment: bool = True
) -> HttpResponse:
    """Send a stored file to a reader the caller has already checked may have it.

    With FILE_OFFLOAD set, the web server sends the bytes (nginx X-Accel-Redirect to an internal location,
    or Apache/lighttpd X-Sendfile with the file's path) and Django only decides who may. The headers stop a
    browser from guessing another type or running anything the file contains.
    """
    offload = getattr(settings, "FILE_OFFLOAD", "none")
    if offload in OFFLOAD_MODES and not storage_has_local_files(storage):
        # The system check (practica.E001) refuses this set-up; should it run anyway, the reader still gets
        # the file, streamed through Django, rather than a header pointing at a path that does not exist.
        logger.warning("FILE_OFFLOAD=%s needs files on local disk; streaming %s through Django instead", offload, name)
        offload = "none"
    if offload == "x-accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.FILE_OFFLOAD_PREFIX.rstrip("/") + "/" + name.lstrip("/")
    elif offload == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = storage.path(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Opened directly, the file runs in a sandbox with no scripts, no plugins and no access to this site.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
