"""Importing a keep.eu or Kohesio export uploaded on the staff page.

A million rows take minutes, longer than a request may last, so the request only stores the
file and starts `manage.py import_eu_projects --upload ID` as a process of its own (the
project has no job queue; the same command the operator runs by hand). The page then reads
how far it has come from a small file the import rewrites after each batch: the import is
one transaction, which on SQLite holds the write lock, so progress cannot go through the
database while it runs. The outcome (counts, or every bad row named) is written to the
EUUpload row once the import has committed or been refused.

The files and the progress live under VAR_DIR/eu-uploads/<id>/ on the server that took the
upload, which runs the import; they are deleted when it ends."""

import logging
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import require

from .imports import ImportRefused, import_keep, import_kohesio
from .models import EUUpload, Source, UploadStatus
from .permissions import can_import

logger = logging.getLogger(__name__)
SUFFIXES = (".csv", ".xlsx")
# An import that has not moved for this long has stopped (the server was restarted, the
# process killed): its transaction was rolled back, nothing was kept.
STALE_AFTER = 15 * 60
# An XLSX is a zip of XML, which packs 5-20 times; far more is a zip bomb, not an export.
MAX_XLSX_RATIO = 100
ACTIVE = (UploadStatus.WAITING, UploadStatus.RUNNING)


def folder(upload: EUUpload) -> Path:
    return folder_of(upload.pk)


def folder_of(pk: int) -> Path:
    return Path(settings.VAR_DIR) / "eu-uploads" / str(pk)


@transaction.atomic
def start_upload(*, source: str, files: list, language: str, actor) -> EUUpload:
    """Stores the uploaded files and starts their import once this transaction commits.
    `files`: Django's uploaded files, the projects file first (keep.eu: then partners)."""
    require(can_import(actor))
    if running() is not None:
        raise ValidationError(_("An import is running. Wait until it has finished."))
    if not files or (source == Source.KOHESIO and len(files) > 1) or len(files) > 2:
        raise ValidationError(
            _("Kohesio: one file. keep.eu: the projects file, then the partners file.")
        )
    for file in files:
        if not file.name.lower().endswith(SUFFIXES):
            raise ValidationError(
                _("%(file)s: choose a CSV file or an Excel workbook (.xlsx).") % {"file": file.name}
            )
        if file.name.lower().endswith(".xlsx"):
            _check_workbook(file)
    upload = EUUpload.objects.create(
        source=source, names=[file.name for file in files], language=language, actor=actor
    )
    target = folder(upload)
    target.mkdir(parents=True, exist_ok=True)
    for number, file in enumerate(files):
        path = target / f"{number}{Path(file.name.lower()).suffix}"
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
    transaction.on_commit(lambda: launch(upload.pk))
    return upload


def _check_workbook(file) -> None:
    """Refused before anything is stored: not a workbook, or one that would unpack to far
    more than its size (openpyxl would read it all)."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ValidationError(
            _("%(file)s could not be read as an Excel workbook.") % {"file": file.name}
        ) from None
    finally:
        file.seek(0)
    if unpacked > MAX_XLSX_RATIO * max(file.size, 1):
        raise ValidationError(
            _("%(file)s unpacks to far more than an export does: not imported.")
            % {"file": file.name}
        )


def launch(pk: int) -> None:
    """Starts the import as a process of its own, in its own session: it outlives the
    request and the worker's recycling (systemd still stops it with the service)."""
    log = (folder_of(pk) / "import.log").open("ab")
    subprocess.Popen(  # noqa: S603 - our own command, with an id
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_eu_projects"]
        + ["--upload", str(pk)],
        cwd=settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()


def run_upload(pk: int) -> EUUpload:
    """Imports an upload (the command's `--upload`): its outcome on the row, its files
    deleted at the end whatever happened."""
    upload = EUUpload.objects.select_related("actor").get(pk=pk)
    if upload.status != UploadStatus.WAITING:
        return upload
    upload.status = UploadStatus.RUNNING
    upload.save(update_fields=["status"])
    target = folder(upload)
    paths = sorted(str(p) for p in target.iterdir() if p.suffix in SUFFIXES)
    report = Progress(target / "progress", files=len(paths))
    report(0, 1)
    try:
        with translation.override(upload.language):
            try:
                if upload.source == Source.KOHESIO:
                    result = import_kohesio(paths=paths, actor=upload.actor, progress=report)
                else:
                    result = import_keep(
                        projects_path=paths[0],
                        partners_path=paths[1] if len(paths) > 1 else None,
                        actor=upload.actor,
                        progress=report,
                    )
            except ImportRefused as refused:
                upload.status = UploadStatus.REFUSED
                upload.errors = _as_uploaded(refused.errors, paths, upload.names)
            except Exception:  # the row must say it failed, whatever the reason
                logger.exception("EU upload %s failed", pk)
                upload.status = UploadStatus.FAILED
                upload.errors = [_("The import failed. Nothing was imported.")]
            else:
                upload.status = UploadStatus.DONE
                upload.result = {
                    "rows": result.rows,
                    "projects": vars(result.projects),
                    "participations": vars(result.participations),
                }
    finally:
        upload.finished_at = timezone.now()
        upload.save(update_fields=["status", "errors", "result", "finished_at"])
        shutil.rmtree(target, ignore_errors=True)
    return upload


def _as_uploaded(errors: list[str], paths: list[str], names: list[str]) -> list[str]:
    """The errors with each stored copy ("…/eu-uploads/7/0.csv", "0.csv") called by the name
    its file had on the sender's computer: the only name the sender knows it by."""
    shown = []
    for error in errors:
        for path, name in zip(paths, names, strict=False):
            error = error.replace(path, name).replace(os.path.basename(path), name)
        shown.append(error)
    return shown


class Progress:
    """The import's progress callback: "done total" written to a file (replaced whole, so a
    reader never sees half a line), at most every half second. keep.eu's two files are
    read one after the other: each is half of the bar."""

    def __init__(self, path: Path, files: int = 1):
        self.path = path
        self.files = files
        self.file = 0
        self.last = 0
        self.written = 0.0

    def __call__(self, done: int, total: int) -> None:
        if done < self.last:  # the next file has begun
            self.file = min(self.file + 1, self.files - 1)
        self.last = done
        now = time.monotonic()
        if now - self.written < 0.5:
            return
        self.written = now
        share = (self.file + (done / total if total else 0)) / self.files
        partial = self.path.with_suffix(".new")
        partial.write_text(f"{round(share * 1000)} 1000")
        os.replace(partial, self.path)


def running() -> EUUpload | None:
    """The upload being imported now, if any (one at a time: two would wait for each
    other's write lock on SQLite)."""
    for upload in EUUpload.objects.filter(status__in=ACTIVE).order_by("pk"):
        if not stopped(upload):
            return upload
    return None


def progress(upload: EUUpload) -> int | None:
    """How far the import has come, in per cent (None before it has begun reading)."""
    try:
        done, total = (int(n) for n in (folder(upload) / "progress").read_text().split())
    except (OSError, ValueError):
        return None
    return min(100, done * 100 // total) if total else None


def stopped(upload: EUUpload) -> bool:
    """An import that has shown no sign of life for STALE_AFTER: its process is gone."""
    if upload.status not in ACTIVE:
        return False
    try:
        moved = (folder(upload) / "progress").stat().st_mtime
    except OSError:
        moved = upload.created_at.timestamp()
    return time.time() - moved > STALE_AFTER
