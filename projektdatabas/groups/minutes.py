"""Minutes uploaded as a file, made safe before they are stored and when they are served.

Only PDF, Word (DOCX) and OpenDocument text (ODT), recognised by their contents, never by
the name or the type the browser claims: a PDF begins with "%PDF-"; a DOCX and an ODT are zip
files, a DOCX with the parts Word writes (and no macros: a .docm renamed .docx is refused),
an ODT with its "mimetype" member first, as the OpenDocument standard requires. At most
MAX_BYTES. The file is served only to those who may read the meeting, as a download
(`attachment`, never shown inside the staff pages) with its checked type and `nosniff`."""

import hashlib
import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import MinutesFile

MAX_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 2000  # files in the zip; Word writes a dozen, more with pictures
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt"}


def _refuse(message: str):
    raise ValidationError({"minutes_file": message})


def _zip_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                return None
            names = {m.filename for m in members}
            if members and members[0].filename == "mimetype":
                # Stored uncompressed, so its bytes are in the file as they are.
                if archive.read("mimetype").strip() == ODT.encode():
                    return ODT
                return None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    return None  # macros
                return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError):
        return None
    return None


def detect_type(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    return None


def prepare_minutes(upload) -> MinutesFile:
    """An unsaved MinutesFile from an uploaded file (anything with .read() and .name), or a
    ValidationError on the field `minutes_file` that says what is wrong."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _refuse(_("The file is larger than 10 MB. Save it smaller, e.g. as a PDF without images."))
    if not data:
        _refuse(_("The file is empty."))
    content_type = detect_type(data)
    if content_type is None:
        _refuse(
            _(
                "The minutes can be uploaded as PDF, Word (DOCX) or OpenDocument (ODT) only. "
                "This file is none of them, or it is damaged."
            )
        )
    extension = EXTENSIONS[content_type]
    stem = slugify(PurePath(getattr(upload, "name", "") or "").stem)[:80] or "protokoll"
    return MinutesFile(
        data=data,
        name=f"{stem}.{extension}",
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def minutes_response(minutes: MinutesFile) -> HttpResponse:
    response = HttpResponse(bytes(minutes.data), content_type=minutes.content_type)
    response["Content-Length"] = str(minutes.size)
    # A download, never rendered inside the staff pages' origin.
    response["Content-Disposition"] = f'attachment; filename="{minutes.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
