"""A corpus of ordinary and hostile uploads, generated in code (no binary files are committed).

Each builder returns bytes; `HOSTILE` lists (id, filename, content, expected refusal text) and `GOOD` lists
(id, filename, content, expected kind key). tests/core/test_uploads_corpus.py runs every one.
"""

import io
import zipfile

from PIL import ExifTags, Image


def minimal_pdf(text: str = "Hello") -> bytes:
    """A small, valid one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def image_bytes(fmt: str = "PNG", size=(40, 30), *, with_gps: bool = False, mode: str = "RGB") -> bytes:
    image = Image.new(mode, size, "teal" if mode == "RGB" else None)
    kwargs = {}
    if with_gps:
        exif = Image.Exif()
        exif[ExifTags.Base.Make] = "Acme Camera"
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
        gps[ExifTags.GPS.GPSLongitudeRef] = "W"
        gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
        kwargs["exif"] = exif
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>", **(extra or {})})


def xlsx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})


def pptx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<presentation/>"})


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\x00" * 15 + b"\xff\xfb\x90\x64" + b"\x00" * 400
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x08free" + b"\x00" * 200
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x44\xac\x00\x00\x88\x58\x01\x00\x02\x00\x10\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
GIF_JS_POLYGLOT = b"GIF89a/*\x00\x00\x00\x00\x00\x00*/=1;alert(document.domain);//" + b";"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
MARKUP = "Web pages, SVG images and files with scripts"

HOSTILE = [
    ("zero-byte", "empty.pdf", b"", "This file is empty"),
    ("html-as-png", "photo.png", HTML, MARKUP),
    ("html-as-jpeg", "photo.jpg", HTML, MARKUP),
    ("html-uppercase-as-txt", "notes.txt", b"\xef\xbb\xbf  <HTML><BODY>Hi</BODY></HTML>", MARKUP),
    ("svg-with-script", "logo.svg", SVG, MARKUP),
    ("svg-as-png", "logo.png", SVG, MARKUP),
    ("svg-as-txt", "logo.txt", SVG, MARKUP),
    ("xml-as-txt", "data.txt", b'<?xml version="1.0"?><x/>', MARKUP),
    ("gif-js-polyglot", "funny.gif", GIF_JS_POLYGLOT, ""),
    ("pdf-html-polyglot", "paper.pdf", minimal_pdf() + b"\n<html><script>alert(1)</script></html>", MARKUP),
    ("jpeg-with-html-appended", "photo.jpg", image_bytes("JPEG") + b"<script>alert(1)</script>", MARKUP),
    (
        "png-with-script-in-text-chunk",
        "chart.png",
        image_bytes("PNG")[:-12] + b"<script>x</script>" + image_bytes("PNG")[-12:],
        MARKUP,
    ),
    (
        "pdf-with-javascript",
        "form.pdf",
        minimal_pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "scripts or actions",
    ),
    (
        "pdf-named-docx",
        "report.docx",
        minimal_pdf(),
        "says it is a Word document but its content is not a Word document",
    ),
    ("png-named-pdf", "paper.pdf", image_bytes("PNG"), "This file says it is a PDF but its content is not a PDF."),
    ("text-named-pdf", "paper.pdf", b"Just some words.", "This file says it is a PDF but its content is not a PDF."),
    ("jpeg-named-png", "photo.png", image_bytes("JPEG"), "says it is a PNG image"),
    ("double-extension-exe", "report.pdf.exe", minimal_pdf(), "Files ending in .exe"),
    ("double-extension-html", "photo.jpg.html", image_bytes("JPEG"), MARKUP),
    ("right-to-left-override", "invoice\u202efdp.exe", EXE, "Files ending in .exe"),
    ("exe-named-pdf", "paper.pdf", EXE, "EXE"),
    ("elf-named-txt", "notes.txt", ELF, "ELF"),
    ("nul-bytes-in-text", "notes.txt", b"hello\x00world", "could not recognise"),
    ("not-utf8-text", "notes.txt", "caf\u00e9 cr\u00e8me".encode("latin-1"), "not in UTF-8"),
    ("control-characters-in-text", "notes.txt", b"hello \x1b[31mred\x1b[0m", "control characters"),
    ("csv-formula", "data.csv", b'name,link\nA,=HYPERLINK("http://x","y")\n', "formula"),
    ("csv-at-formula", "data.csv", b"name,total\nA,@SUM(1+1)\n", "formula"),
    ("docm-as-docx", "letter.docx", docx_bytes({"word/vbaProject.bin": b"macro"}), "macros"),
    ("zip-as-docx", "letter.docx", zip_bytes({"readme.txt": b"hi"}), "Zip archives"),
    ("docx-with-html-inside", "letter.docx", docx_bytes({"word/evil.html": HTML}), MARKUP),
    ("plain-zip", "files.zip", zip_bytes({"a.txt": b"a"}), "Files ending in .zip"),
    ("ole-named-pdf", "paper.pdf", OLE_HEADER, "old Word, Excel or PowerPoint"),
    ("truncated-jpeg", "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 truncated", "not a picture"),
    ("decompression-bomb", "huge.png", image_bytes("PNG", size=(7000, 7000), mode="1"), "too many pixels"),
    ("windows-shortcut", "shortcut.lnk", b"L\x00\x00\x00\x01\x14\x02\x00", "Files ending in .lnk"),
    ("javascript-file", "app.js", b"alert(1)", MARKUP),
]

GOOD = [
    ("pdf", "Supervision contract.pdf", minimal_pdf("Contract"), "pdf"),
    ("pdf-without-extension", "contract", minimal_pdf(), "pdf"),
    ("docx", "Letter.docx", docx_bytes(), "docx"),
    ("xlsx", "Hours.xlsx", xlsx_bytes(), "xlsx"),
    ("pptx", "Talk.pptx", pptx_bytes(), "pptx"),
    ("odt", "Notes.odt", odt_bytes(), "odt"),
    ("legacy-doc", "Old letter.doc", OLE_HEADER, "doc"),
    ("text", "Reading list.txt", "Books on endings — a list.\nSee the document. By the window.\n".encode(), "txt"),
    ("markdown-as-text", "notes.md", b"# Notes\n\n- one\n- two\n", "txt"),
    ("csv", "Hours.csv", b"date,hours\n2026-01-02,1.5\n2026-01-09,-2\n", "csv"),
    ("png", "Chart.png", image_bytes("PNG"), "png"),
    ("jpeg", "Photo.jpeg", image_bytes("JPEG", with_gps=True), "jpeg"),
    ("gif-becomes-png", "Diagram.gif", image_bytes("GIF"), "png"),
    ("webp-becomes-png", "Poster.webp", image_bytes("WEBP"), "png"),
    ("mp3", "Talk.mp3", MP3, "mp3"),
    ("mp4", "Role play.mp4", MP4, "mp4"),
    ("wav", "Exercise.wav", WAV, "wav"),
]
