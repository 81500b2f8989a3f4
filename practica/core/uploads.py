"""Images that people upload: the type is decided from the content, and the pixels are re-encoded.

Re-encoding from pixels drops EXIF (GPS position, camera serial numbers), XMP, comments and anything appended
after the image data, and a file that is not really an image (HTML or SVG renamed .jpg) is refused rather than
stored (SECURITY.md channels 17 and 30). The profile photos use it; the library can use it for its images.
"""

import warnings
from io import BytesIO

from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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
