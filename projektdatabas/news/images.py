"""Pictures for news items, made safe before they are stored: only JPEG and PNG, at most
MAX_BYTES uploaded and MAX_PIXELS decoded, checked by Pillow and drawn again into a new
file, so nothing of the upload but its pixels survives (no EXIF with a camera's position,
no comments, no trailing bytes), turned upright by its EXIF orientation first and scaled
down to at most MAX_SIDE pixels on its longer side."""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import NewsImage

MAX_BYTES = 5 * 1024 * 1024
# A photo from a phone is 12-50 megapixels; more is refused before it is decoded, so a
# small file that unpacks to gigabytes (a "decompression bomb") costs nothing.
MAX_PIXELS = 60_000_000
MAX_SIDE = 1600
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


def _refuse(message: str):
    raise ValidationError({"image": message})


def prepare_image(upload) -> NewsImage:
    """An unsaved NewsImage from an uploaded file (anything with .read()), or a
    ValidationError on the field `image` that says what is wrong, for the person uploading."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _refuse(_("The image is larger than 5 MB. Choose a smaller one."))
    try:
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as probe:
            fmt = probe.format
            # Before anything is decoded (Pillow only warns below 2 × its own limit).
            if probe.width * probe.height > MAX_PIXELS:
                _refuse(_("The image has too many pixels. Choose a smaller one."))
            probe.verify()
        # verify() leaves the image unusable; decode it again, now known to be whole.
        with Image.open(io.BytesIO(data), formats=[fmt]) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        _refuse(_("The file is not a JPEG or PNG image, or it is damaged."))
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return _reencoded(image, fmt)


def _reencoded(image: Image.Image, fmt: str) -> NewsImage:
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if fmt == "PNG" and transparent else "RGB"
    # A new image from the pixels alone: `info` (EXIF, ICC, text chunks) is left behind,
    # and Pillow's writers only add what they are given.
    pixels = image.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=85, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    data = out.getvalue()
    return NewsImage(
        data=data,
        content_type=FORMATS[fmt],
        width=clean.width,
        height=clean.height,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def image_response(request, image: NewsImage, *, cache_control: str) -> HttpResponse:
    """A stored picture as it is, validated by the checksum of its bytes: the public site's
    (public/news_views.py) and the staff pages' (staff/views/news.py)."""
    etag = f'"{image.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(bytes(image.data), content_type=image.content_type)
        response["Content-Length"] = str(len(image.data))
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response
