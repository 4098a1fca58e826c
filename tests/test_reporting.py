"""The semi-annual report: figures against hand-computed values on a small fixture, and a
finalised report that later edits do not change."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from projektdatabas.finance.models import Funding, FundingSource, Receipt
from projektdatabas.projects.models import Project
from projektdatabas.reporting.figures import compute
from projektdatabas.reporting.models import SemiAnnualReport
from projektdatabas.reporting.periods import HalfYear
from projektdatabas.reporting.services import finalise_report
from tests.conftest import coordinator_of, sign_in

pytestmark = pytest.mark.django_db
H1_2026 = HalfYear(2026, 1)


@pytest.fixture
def projects(world, make_project):
    Project.objects.all().update(status="idea")  # the shared world's projects stay out
    made = {
        "running": make_project(
            title_sv="Pågående sedan 2025",
            status="ongoing",
            start_date=dt.date(2025, 3, 1),
            end_date=dt.date(2027, 2, 28),
            participants=40,
            young_participants=30,
        ),
        "new": make_project(
            title_sv="Nytt i våras",
            status="ongoing",
            kind="school_youth_exchange",
            start_date=dt.date(2026, 2, 1),
            end_date=dt.date(2026, 11, 30),
            participants=20,
            young_participants=20,
        ),
        "done": make_project(
            title_sv="Avslutat i maj",
            status="completed",
            results_sv="Tio elever reste.",
            start_date=dt.date(2025, 9, 1),
            end_date=dt.date(2026, 5, 31),
        ),
        "later": make_project(
            title_sv="Börjar i höst",
            status="approved",
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2027, 6, 30),
        ),
        "ended_before": make_project(
            title_sv="Slutade 2025",
            status="final_report_done",
            start_date=dt.date(2024, 1, 1),
            end_date=dt.date(2025, 12, 31),
        ),
    }
    eu = {"source": FundingSource.EU_GRANT}
    Funding.objects.create(project=made["running"], amount=Decimal("100000"), **eu)
    Funding.objects.create(
        project=made["new"],
        amount=Decimal("10000"),
        currency="EUR",
        exchange_rate=Decimal("11.5"),
        **eu,
    )
    Funding.objects.create(
        project=made["new"], source=FundingSource.MUNICIPAL_MONEY, amount=Decimal("20000")
    )
    Funding.objects.create(
        project=made["running"],
        source=FundingSource.MUNICIPAL_STAFF_TIME,
        amount=Decimal("30000"),
        staff_hours=Decimal("60"),
    )
    Funding.objects.create(
        project=made["later"], source=FundingSource.MUNICIPAL_MONEY, amount=Decimal("99999")
    )
    Receipt.objects.create(
        project=made["running"], amount=Decimal("40000"), received_on=dt.date(2025, 10, 1)
    )
    Receipt.objects.create(
        project=made["running"], amount=Decimal("25000"), received_on=dt.date(2026, 4, 15)
    )
    Receipt.objects.create(
        project=made["new"], amount=Decimal("50000"), received_on=dt.date(2026, 7, 2)
    )
    return made


def test_key_figures_match_the_hand_computed_values(projects, municipality):
    figures = compute(municipality, H1_2026)
    k = figures["key_figures"]
    # ongoing in Jan–Jun 2026: running, new, done (ended in May); not later, not ended_before
    assert k["ongoing"] == 3
    assert k["new"] == 1 and k["completed"] == 1
    assert k["eu_granted_new_sek"] == 115000  # 10,000 EUR at 11.5
    assert k["eu_granted_ongoing_sek"] == 215000
    assert k["eu_received_period_sek"] == 25000
    assert k["eu_received_total_sek"] == 65000  # the July payment is after the period
    assert k["cofinancing_money_sek"] == 20000  # "later" has not started
    assert k["cofinancing_staff_time_sek"] == 30000
    assert (k["youth_exchanges"], k["participants"], k["young_participants"]) == (1, 60, 50)
    assert [p["title"] for p in figures["completed"]] == ["Avslutat i maj"]
    assert figures["completed"][0]["results"] == "Tio elever reste."


def test_money_by_department_programme_theme_and_year(projects, municipality, world):
    from projektdatabas.projects.models import Programme, Theme

    interreg = Programme.objects.create(name="Interreg Test", is_eu=True)
    Funding.objects.filter(project=projects["running"], source="eu_grant").update(
        programme=interreg
    )
    Receipt.objects.filter(project=projects["running"]).update(programme=interreg)
    culture = Theme.objects.create(slug="t-kultur", name_sv="Kultur T", name_en="C")
    youth = Theme.objects.create(slug="t-unga", name_sv="Unga T", name_en="Y")
    projects["running"].themes.add(culture, youth)
    projects["new"].themes.add(youth)

    figures = compute(municipality, H1_2026)
    department = {row["name"]: row for row in figures["money_by_department"]}
    assert department["Kommunstyrelseförvaltningen"] == {
        "name": "Kommunstyrelseförvaltningen",
        "eu_granted": 215000,  # 100,000 SEK + 10,000 EUR at 11.5
        "eu_received_period": 25000,  # April; the July payment is after the period
        "eu_received_total": 65000,  # October 2025 + April 2026
        "money": 20000,  # "new"; "later" has not started
        "staff_time": 30000,
        "hours": 60.0,
    }
    programme = {row["name"]: row for row in figures["money_by_programme"]}
    assert programme["Interreg Test"]["eu_granted"] == 100000
    assert programme["Interreg Test"]["eu_received_total"] == 65000
    assert programme["–"]["eu_granted"] == 115000  # the grant with no programme named
    assert programme["–"]["money"] == 0  # co-financing has no programme: not in this table
    theme = {row["name"]: row for row in figures["money_by_theme"]}
    # "running" counts under both of its themes; "new" under youth only.
    assert theme["Kultur T"]["eu_granted"] == 100000
    assert theme["Unga T"]["eu_granted"] == 215000
    assert theme["Unga T"]["money"] == 20000 and theme["Kultur T"]["money"] == 0
    assert theme["Unga T"]["staff_time"] == 30000
    assert figures["eu_per_year"] == [{"year": 2025, "sek": 40000}, {"year": 2026, "sek": 25000}]


def test_applications_are_counted_by_the_day_they_were_sent(world, municipality, make_project):
    from projektdatabas.governance.lifecycle import change_status
    from projektdatabas.projects.services import submit_project

    rep = world["users"]["rep"]
    Project.objects.all().update(status="idea")
    make_project(title_sv="Ansökt i mars", applied_on=dt.date(2026, 3, 10))
    approved_since = make_project(title_sv="Ansökt i maj, beviljat sedan", status="approved")
    approved_since.applied_on = dt.date(2026, 5, 2)
    approved_since.save()
    make_project(title_sv="Ansökt 2025", status="application", applied_on=dt.date(2025, 11, 1))
    marked = make_project(title_sv="Markerat som ansökt i dag")
    submit_project(project=marked, actor=rep)
    marked = change_status(project=Project.objects.get(pk=marked.pk), to="application", actor=rep)
    assert marked.applied_on == timezone.localdate()

    period = HalfYear(2026, 1)
    titles = [p["title"] for p in compute(municipality, period)["applications"]]
    assert titles[:2] == ["Ansökt i mars", "Ansökt i maj, beviljat sedan"]
    assert "Ansökt 2025" not in titles
    assert compute(municipality, period)["key_figures"]["applications"] == len(titles)


def test_a_finalised_report_does_not_change_after_an_edit(projects, municipality, world, client):
    report = finalise_report(
        municipality=municipality, period=H1_2026, actor=world["users"]["coordinator"]
    )
    assert report.checksum_matches() and "Pågående sedan 2025" in report.html
    projects["running"].title_sv = "Nytt namn efteråt"
    projects["running"].save()

    sign_in(client, world["users"]["coordinator"])
    html = client.get("/intern/rapporter/2026/1/").content.decode()
    assert "Pågående sedan 2025" in html and "Nytt namn efteråt" not in html
    assert report.checksum in html
    # The next half-year's draft is computed afresh and compares with the finalised one.
    html = client.get("/intern/rapporter/2026/2/").content.decode()
    assert "Nytt namn efteråt" in html
    assert "Vad har ändrats sedan rapporten för januari–juni 2026" in html


def test_a_half_year_still_running_is_not_finalised(projects, municipality, world, client):
    """Frozen on 1 December, the July–December report would say for ever what December had
    not yet done: the page says from when it can be finalised, and a forged post is refused
    with the same words."""
    today = timezone.localdate()
    running = HalfYear(today.year, 1 if today.month <= 6 else 2)
    url = f"/intern/rapporter/{running.year}/{running.half}/"
    sign_in(client, world["users"]["coordinator"])
    page = client.get(url).content.decode()
    first = running.end + dt.timedelta(days=1)
    months = ["juli", "januari"]  # the day after June, after December
    when = f"kan fastställas från och med 1 {months[running.half - 1]} {first.year}"
    assert when in page and "faststall/" not in page
    response = client.post(url + "faststall/", follow=True)
    assert when in response.content.decode()
    assert not SemiAnnualReport.objects.exists()
    # The half-year before it has ended: offered, and finalised.
    previous = running.previous
    url = f"/intern/rapporter/{previous.year}/{previous.half}/"
    assert f'action="{url}faststall/"' in client.get(url).content.decode()
    client.post(url + "faststall/")
    assert SemiAnnualReport.objects.finalised().filter(year=previous.year).exists()


def test_only_the_coordinator_finalises(projects, municipality, world, client):
    sign_in(client, world["users"]["reader"])
    assert client.get("/intern/rapporter/2026/1/").status_code == 200
    assert client.post("/intern/rapporter/2026/1/faststall/").status_code == 403
    assert not SemiAnnualReport.objects.exists()


def test_command_writes_the_report_in_each_format(projects, municipality, tmp_path):
    progress = io.StringIO()
    target = tmp_path / "rapport.html"
    call_command("make_report", year=2026, half=1, output=str(target), stderr=progress)
    text = target.read_text()
    assert '<html lang="sv">' in text and "Avslutat i maj" in text
    assert "3/3" in progress.getvalue()
    call_command(
        "make_report",
        year=2026,
        half=1,
        format="pdf",
        output=str(tmp_path / "r.pdf"),
        stderr=progress,
    )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")


def test_pdf_is_tagged_with_its_language_and_chart_texts(projects, world, client):
    from pypdf import PdfReader

    sign_in(client, world["users"]["coordinator"])
    response = client.get("/intern/rapporter/2026/1/rapport.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    tags = _structure(root["/StructTreeRoot"])
    assert ("/H1", None) in tags and any(s == "/H2" for s, _ in tags)
    figures = [alt for s, alt in tags if s == "/Figure"]
    assert figures and all(alt and "Stapeldiagram" in alt for alt in figures)


def _structure(node, found=None):
    found = [] if found is None else found
    node = node.get_object()
    if "/S" in node:
        found.append((str(node["/S"]), node.get("/Alt")))
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "get"):
            _structure(kid, found)
    return found


def test_docx_opens_with_real_headings(projects, world, client):
    from docx import Document

    sign_in(client, world["users"]["coordinator"])
    response = client.get("/intern/rapporter/2026/1/rapport.docx")
    document = Document(io.BytesIO(response.content))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0][0] == "Heading 1" and "halvårsrapport" in headings[0][1]
    assert ("Heading 2", "Nyckeltal") in headings
    assert ("Heading 2", "Avslutade projekt och deras resultat") in headings
    assert ("Heading 2", "Pengar") in headings
    assert ("Heading 3", "Per tema") in headings and ("Heading 3", "Per program") in headings
    assert document.core_properties.language == "sv-SE"
    # Every table starts with a header row that Word repeats and screen readers announce.
    for table in document.tables:
        first_row = table.rows[0]._tr
        assert first_row.trPr is not None and first_row.trPr.xpath("./w:tblHeader")
    key_figures = document.tables[0]
    assert [c.text for c in key_figures.rows[0].cells] == ["Nyckeltal", "Värde"]
    assert document.inline_shapes[0]._inline.docPr.get("descr").startswith("Stapeldiagram")


def test_finalised_files_are_kept(projects, municipality, world, client):
    report = finalise_report(
        municipality=municipality, period=H1_2026, actor=world["users"]["coordinator"]
    )
    checksums = report.file_checksums()
    projects["done"].results_sv = "Ändrat efteråt."
    projects["done"].save()
    sign_in(client, world["users"]["coordinator"])
    import hashlib

    pdf = client.get("/intern/rapporter/2026/1/rapport.pdf").content
    assert hashlib.sha256(pdf).hexdigest() == checksums["pdf"]


@pytest.mark.django_db(transaction=True)
def test_finalising_draws_its_files_with_no_transaction_open(
    projects, municipality, world, monkeypatch
):
    """On SQLite a transaction holds the one write lock: drawing the PDF (15 s at 10,000
    projects) inside it made every staff save wait, and at 20 s fail."""
    from django.db import connection

    from projektdatabas.reporting import services

    drawn_in_transaction = []
    real_to_pdf = services.to_pdf

    def to_pdf(html):
        drawn_in_transaction.append(connection.in_atomic_block)
        return real_to_pdf(html)

    monkeypatch.setattr(services, "to_pdf", to_pdf)
    report = finalise_report(
        municipality=municipality, period=H1_2026, actor=world["users"]["coordinator"]
    )
    assert drawn_in_transaction == [False]
    assert report.is_finalised and report.pdf.startswith(b"%PDF")


def csv_lines(response) -> list[str]:
    """Each row of a CSV download as its cells joined by semicolons, quoting read away."""
    text = response.content.decode("utf-8-sig")
    return [";".join(row) for row in csv.reader(io.StringIO(text), delimiter=";")]


def test_public_statistics_reproduce_the_strategys_1998_figure(client, demo_data):
    html = client.get("/statistik/").content.decode()
    assert "EU-medel mottagna per år" in html and "data:image/svg+xml" in html
    rows = csv_lines(client.get("/statistik/eu-per-ar.csv"))
    assert rows[0] == "År;kr;Projekt"
    assert "1998;8000000;20" in rows


def test_public_statistics_leave_out_unpublished_projects(projects, municipality, client, world):
    from projektdatabas.projects.services import publish_project

    publish_project(
        project=projects["running"], actor=coordinator_of(projects["running"].municipality)
    )
    public = csv_lines(client.get("/statistik/eu-per-ar.csv"))
    assert "2025;40000;1" in public and "2026;25000;1" in public
    assert not any("50000" in row for row in public)  # the unpublished project's payment
    sign_in(client, world["users"]["coordinator"])
    internal = csv_lines(client.get("/intern/statistik/eu-per-ar.csv"))
    assert "2026;75000;2" in internal


def test_the_report_is_swedish_in_the_english_interface_too(projects, world, client):
    """It declares lang="sv" (and /Lang sv in the PDF), so its words must be Swedish."""
    sign_in(client, world["users"]["coordinator"])
    html = client.get("/en/intern/rapporter/2026/1/").content.decode()
    report = html[html.index('<article class="report" lang="sv">') :]
    assert "Nyckeltal" in report and "Pågående projekt" in report
    assert "Key figures" not in report and "Ongoing projects" not in report
