"""Uploading a keep.eu or Kohesio export on the staff page: the request stores the file and
starts the import as a process of its own; the upload's page shows a progress bar while it
runs and then what it added, updated and left unchanged, or every bad row in Swedish."""

import csv
import io
import os
import re
import sys
import time
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from projektdatabas.euprojects import uploads
from projektdatabas.euprojects.models import EUProject, EUUpload, UploadStatus
from tests.conftest import sign_in
from tests.test_euprojects import _xlsx

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "euprojects"


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def started(monkeypatch):
    """The processes the page would start, by upload id (run by the test in-process)."""
    ids = []
    monkeypatch.setattr(uploads, "launch", ids.append)
    return ids


def _counts(page: str, heading: str) -> list[str]:
    """The numbers in the row of the outcome's table that `heading` heads."""
    row = re.search(rf'<th scope="row">{heading}</th>(.*?)</tr>', page).group(1)
    return re.findall(r"<td[^>]*>([^<]*)</td>", row)


def _file(name, path=None, content=None):
    return SimpleUploadedFile(name, content if content is not None else Path(path).read_bytes())


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Posts the form as the signed-in user: `upload(source, file, partners=None)`, the
    files by name and path (or bytes); what the commit would start is run by `started`."""

    def post(source, name, path=None, *, content=None, partners=None):
        data = {"source": source, "file": _file(name, path, content)}
        if partners:
            data["partners"] = _file(*partners)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("staff:eu_import"), data)

    return post


def test_an_upload_is_imported_outside_the_request_and_says_what_it_did(
    world, client, started, upload
):
    sign_in(client, world["users"]["coordinator"])
    response = upload("kohesio", "SE-latest.csv", DATA / "kohesio-SE.csv")
    stored = EUUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:eu_import_detail", args=[stored.pk])
    # Nothing imported by the request itself: a process was asked to.
    assert started == [stored.pk] and not EUProject.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="import-progress" max="100" value="0">' in page
    assert 'hx-trigger="every 2s"' in page and 'http-equiv="refresh"' in page

    said = StringIO()
    call_command("import_eu_projects", "--upload", str(stored.pk), stdout=said)
    assert said.getvalue().strip() == f"{stored.pk}: done"
    stored.refresh_from_db()
    assert stored.status == UploadStatus.DONE
    assert EUProject.objects.count() == 4
    assert not uploads.folder(stored).exists()  # the file is not kept
    page = client.get(response["Location"]).content.decode()
    assert "<progress" not in page and "hx-trigger" not in page
    assert "4 rader lästes." in page
    assert _counts(page, "Projekt") == ["4", "0", "0"]  # added, updated, unchanged

    # The same file again adds nothing, and says so.
    again = upload("kohesio", "SE-latest.csv", DATA / "kohesio-SE.csv")
    uploads.run_upload(started[-1])
    page = client.get(again["Location"]).content.decode()
    assert _counts(page, "Projekt") == ["0", "0", "4"]
    assert "Inget nytt: allt i filen fanns redan." in page
    assert EUProject.objects.count() == 4


def test_keep_eu_takes_the_projects_and_the_partners_sheets(
    world, client, started, upload, tmp_path
):
    sign_in(client, world["users"]["coordinator"])
    upload(
        "keep",
        "projects.xlsx",
        _xlsx(DATA / "keep-projects.csv", tmp_path / "projects.xlsx"),
        partners=("partners.xlsx", _xlsx(DATA / "keep-partners.csv", tmp_path / "partners.xlsx")),
    )
    done = uploads.run_upload(started[0])
    assert done.status == UploadStatus.DONE
    assert done.result["projects"]["added"] == 3
    assert done.result["participations"]["added"] == 7


def test_a_bad_file_names_every_bad_row_in_swedish_and_imports_nothing(
    world, client, started, upload
):
    sign_in(client, world["users"]["coordinator"])
    response = upload("kohesio", "bad.csv", DATA / "kohesio-bad.csv")
    uploads.run_upload(started[0])
    page = client.get(response["Location"]).content.decode()
    assert "Filen har de här felen:" in page and "Inget har importerats." in page
    assert "Rad 3, kolumn Operation_Start_Date: ”31/13/2022” är inte ett datum." in page
    assert "Rad 4, kolumn Beneficiary_Name: " in page
    assert "Rad 5, kolumn Total_Eligible_Expenditure_amount: " in page
    assert not EUProject.objects.exists()
    assert EUUpload.objects.get().status == UploadStatus.REFUSED


def test_a_file_without_the_columns_is_named_as_the_sender_named_it(world, client, started, upload):
    sign_in(client, world["users"]["coordinator"])
    response = upload("kohesio", "Kohesio export maj.csv", content=b"a;b;c\n1;2;3\n")
    uploads.run_upload(started[0])
    page = client.get(response["Location"]).content.decode()
    assert "Kohesio export maj.csv: ingen rad namnger kolumnerna" in page
    assert "0.csv" not in page and "eu-uploads" not in page


def test_the_form_refuses_what_it_cannot_import(world, client, started, upload):
    sign_in(client, world["users"]["coordinator"])
    page = upload("kohesio", "notes.txt", content=b"hello").content.decode()
    assert "notes.txt: välj en CSV-fil eller en Excel-arbetsbok (.xlsx)." in page
    page = upload("kohesio", "a.csv", content=b"x", partners=("b.csv", None, b"x"))
    page = page.content.decode()
    assert "Kohesio har inget partnerblad: lämna det här tomt." in page
    page = upload("kohesio", "export.xlsx", content=b"not a zip").content.decode()
    assert "export.xlsx gick inte att läsa som en Excel-arbetsbok." in page
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    page = upload("kohesio", "huge.xlsx", content=bomb.getvalue()).content.decode()
    assert "huge.xlsx packas upp till mycket mer än en export gör" in page
    assert not EUUpload.objects.exists() and started == []


def test_one_import_at_a_time_and_a_stopped_one_is_said_to_have_stopped(
    world, client, started, upload
):
    coordinator = world["users"]["coordinator"]
    running = EUUpload.objects.create(
        source="kohesio", names=["a.csv"], status="running", language="sv", actor=coordinator
    )
    uploads.folder(running).mkdir(parents=True)
    uploads.Progress(uploads.folder(running) / "progress")(3, 4)
    sign_in(client, coordinator)
    page = upload("kohesio", "SE.csv", DATA / "kohesio-SE.csv").content.decode()
    assert "En import pågår. Vänta tills den är klar." in page
    assert started == []
    detail = client.get(reverse("staff:eu_import_detail", args=[running.pk])).content.decode()
    assert '<progress id="import-progress" max="100" value="75">' in detail
    assert "75 %" in detail

    # No sign of life for longer than an import waits between batches: it has stopped.
    old = time.time() - uploads.STALE_AFTER - 60
    os.utime(uploads.folder(running) / "progress", (old, old))
    detail = client.get(reverse("staff:eu_import_detail", args=[running.pk])).content.decode()
    assert "Importen avbröts innan den var klar" in detail and "<progress" not in detail
    assert uploads.running() is None


def test_the_polling_request_gets_only_the_status(world, client):
    upload = EUUpload.objects.create(
        source="kohesio",
        names=["a.csv"],
        status="running",
        language="sv",
        actor=world["users"]["coordinator"],
    )
    sign_in(client, world["users"]["coordinator"])
    url = reverse("staff:eu_import_detail", args=[upload.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="import-status"')
    assert "<html" not in fragment and "Väntar på att importen ska börja." in fragment


def test_launch_starts_the_command_in_a_process_of_its_own(world, monkeypatch, settings):
    calls = []
    monkeypatch.setattr(
        uploads.subprocess, "Popen", lambda args, **kwargs: calls.append((args, kwargs))
    )
    uploads.folder_of(7).mkdir(parents=True)
    uploads.launch(7)
    ((args, kwargs),) = calls
    assert args[0] == sys.executable and args[-3:] == ["import_eu_projects", "--upload", "7"]
    assert kwargs["start_new_session"] is True


def test_progress_covers_both_keep_files(tmp_path):
    progress = uploads.Progress(tmp_path / "progress", files=2)
    progress(50, 100)
    assert (tmp_path / "progress").read_text() == "250 1000"
    progress.written = 0
    progress(10, 100)  # the partners file has begun
    assert (tmp_path / "progress").read_text() == "550 1000"


def test_the_partner_page_links_to_the_upload_for_the_coordinator_only(world, client):
    for role, shown in (("coordinator", True), ("rep", False), ("reader", False)):
        sign_in(client, world["users"][role])
        page = client.get(reverse("staff:eu_partners")).content.decode()
        assert (reverse("staff:eu_import") in page) is shown, role


def test_a_large_upload_streams_to_disk(world, client, started, tmp_path, settings):
    """Django keeps an upload past FILE_UPLOAD_MAX_MEMORY_SIZE in a temporary file, and the
    service copies it in chunks: a file larger than that is stored whole."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    big = tmp_path / "big.csv"
    with big.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(["Operation_Unique_Identifier", "Operation_Name_English", "Beneficiary_Name"])
        for n in range(500):
            out.writerow([f"Q{n}", f"Operation {n}", f"Beneficiary {n % 7}"])
    sign_in(client, world["users"]["coordinator"])
    with big.open("rb") as file:
        client.post(reverse("staff:eu_import"), {"source": "kohesio", "file": file})
    upload = EUUpload.objects.get()
    assert (uploads.folder(upload) / "0.csv").read_bytes() == big.read_bytes()
