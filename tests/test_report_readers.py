"""The semi-annual report as the board and the coordinator read it, in all three forms: a
draft that says when it was computed, a first half-year whose own year is marked as half a
year, a chart that says what its bars add up, titles that cannot be miscounted, and a Word
file whose pages are numbered and whose tables fit their text."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from projektdatabas.finance.models import Funding, FundingSource, Receipt
from projektdatabas.organisations.models import Organisation, Twinning
from projektdatabas.projects.models import ProjectPartner
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
MOMENT = dt.datetime(2026, 12, 1, 10, 5, tzinfo=dt.UTC)  # 11:05 in Sweden


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)


@pytest.fixture
def money(world):
    """EU money received in 2025 and in both halves of 2026; co-financing in money and in
    staff time for one department."""
    project = world["project"]  # already 100 000 SEK of municipal money
    project.status = "ongoing"
    project.save()
    Funding.objects.create(
        project=project,
        source=FundingSource.MUNICIPAL_STAFF_TIME,
        amount=Decimal("26000"),
        staff_hours=Decimal("52"),
    )
    Funding.objects.create(project=project, source=FundingSource.EU_GRANT, amount=Decimal(90000))
    for day, amount in [
        (dt.date(2025, 10, 1), "40000"),
        (dt.date(2026, 4, 15), "25000"),
        (dt.date(2026, 9, 2), "50000"),
    ]:
        Receipt.objects.create(project=project, received_on=day, amount=Decimal(amount))
    return project


def word(client, period="2026/1"):
    return Document(io.BytesIO(client.get(f"/intern/rapporter/{period}/rapport.docx").content))


def test_a_draft_says_when_it_was_computed(world, client, now):
    """Two drafts passed round with different figures can be told apart."""
    sign_in(client, world["users"]["coordinator"])
    when = "den 1 december 2026, 11:05"
    pdf = PdfReader(io.BytesIO(client.get("/intern/rapporter/2026/1/rapport.pdf").content))
    assert f"Utkast: beräknat från uppgifterna som de var {when}." in pdf.pages[0].extract_text()
    assert pdf.metadata.creation_date.astimezone(dt.UTC) == MOMENT.replace(second=0)
    document = word(client)
    assert document.paragraphs[0].text.startswith(
        f"Utkast: beräknat från uppgifterna som de var {when}."
    )
    # Not python-docx's template's "Microsoft Macintosh Word", nor its blank thumbnail.
    import zipfile

    package = zipfile.ZipFile(
        io.BytesIO(client.get("/intern/rapporter/2026/1/rapport.docx").content)
    )
    assert b"<Application>Projektdatabasen</Application>" in package.read("docProps/app.xml")
    assert not [name for name in package.namelist() if "thumbnail" in name]
    # Not python-docx's template's dates (2013).
    assert document.core_properties.created.replace(tzinfo=dt.UTC) == MOMENT.replace(microsecond=0)


def test_the_first_half_years_own_year_is_marked_as_half_a_year(world, client, money, now):
    sign_in(client, world["users"]["coordinator"])
    first = client.get("/intern/rapporter/2026/1/").content.decode()
    # 25 000 received in January–June: beside 2025's whole year it must not read as 2026's.
    assert '<th scope="row">2026 (januari–juni)</th><td class="number">25\u00a0000</td>' in first
    assert '<th scope="row">2025</th><td class="number">40\u00a0000</td>' in first
    assert "2026 (januari–juni)" in first.split('<table class="data years">')[0]  # the chart
    second = client.get("/intern/rapporter/2026/2/").content.decode()
    assert '<th scope="row">2026</th><td class="number">75\u00a0000</td>' in second
    (table,) = [t for t in word(client).tables if t.rows[0].cells[0].text == "År"]
    assert [c.text for c in table.rows[-1].cells] == ["2026 (januari–juni)", "25\u00a0000"]


def test_the_cofinancing_chart_says_its_bars_add_money_and_staff_time(world, client, money):
    sign_in(client, world["users"]["coordinator"])
    page = client.get("/intern/rapporter/2026/1/").content.decode()
    title = "Kommunal medfinansiering per förvaltning, pengar och arbetstid sammanlagt"
    assert title in page
    # The bar's 126 000 is the table's 100 000 and 26 000: both are in the table below it.
    table = page[page.index(title) :]
    assert ">100\u00a0000<" in table and ">26\u00a0000<" in table


def test_twin_town_exchanges_are_not_miscounted_by_their_commas(world, client, municipality):
    kaufungen = Organisation.objects.create(name="Gemeinde Kaufungen", kind="municipality")
    Twinning.objects.create(municipality=municipality, partner=kaufungen, slug="kaufungen")
    for title in ["Ungdomsutbyte, våren", "Kulturutbyte"]:
        project = world["project"] if title == "Kulturutbyte" else world["school_project"]
        project.title_sv = title
        project.status = "ongoing"
        project.save()
        ProjectPartner.objects.create(project=project, organisation=kaufungen, role="partner")
    sign_in(client, world["users"]["coordinator"])
    page = client.get("/intern/rapporter/2026/1/").content.decode()
    assert "Utbyten: Kulturutbyte; Ungdomsutbyte, våren." in page


def test_an_orientation_with_only_cancelled_measures_explains_its_dash(world, client):
    world["measure"].status = "cancelled"
    world["measure"].save()
    sign_in(client, world["users"]["coordinator"])
    note = "–: alla inriktningens åtgärder har avbrutits; avbrutna åtgärder räknas inte."
    # The half-year running (cancelled today): an earlier one reads the measure as it was.
    assert note in client.get("/intern/rapporter/2026/2/").content.decode()
    assert note in [p.text for p in word(client, "2026/2").paragraphs]


def test_the_word_file_numbers_its_pages_and_fits_its_tables(world, client, money):
    sign_in(client, world["users"]["coordinator"])
    document = word(client)
    footer = document.sections[0].footer.paragraphs[0]
    fields = [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"] and footer.text.startswith("Sida ")
    assert " av " in footer.text

    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "Förvaltning"][1:]
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "Förvaltning" and "arbetstid" in header[2]
    widths = [cell.width for cell in table.rows[1].cells]
    # Not the same width each (python-docx's): the name gets room, the hours less; the
    # sums line up on their last digit.
    assert widths[0] >= max(widths[1:]) > widths[-1] and sum(widths) <= 160 * 36000
    row = table.rows[1]
    assert row.cells[0].paragraphs[0].alignment is None
    assert all(c.paragraphs[0].alignment == 2 for c in row.cells[1:])  # RIGHT
    assert row._tr.trPr.find(qn("w:cantSplit")) is not None  # no row split over two pages

    # A chart's caption comes before it, on its page, as on the web page.
    body = list(document.element.body.iterchildren())
    (picture,) = [i for i, e in enumerate(body) if e.findall(".//" + qn("w:drawing"))][:1] or [None]
    caption = body[picture - 1]
    assert "siffrorna finns i tabellen nedan" in "".join(caption.itertext())
    assert caption.find(".//" + qn("w:keepNext")) is not None


def test_a_past_half_years_action_plan_is_read_as_it_stood_when_the_half_year_ended(world, client):
    """Drafted in December, the report on January–June counted a measure finished in the
    autumn as done (100 %) while judging lateness at 30 June: two dates in one table. The
    measure's history says how it stood on 30 June."""
    measure = world["measure"]
    measure.deadline = dt.date(2026, 6, 15)
    measure.status, measure.progress = "ongoing", 40
    measure.save()
    # That save as the history has it: in May.
    measure.history.update(history_date=dt.datetime(2026, 5, 4, 9, tzinfo=dt.UTC))
    measure.status, measure.progress = "done", 100
    measure.save()  # in the autumn (today, for the test)
    sign_in(client, world["users"]["coordinator"])
    first = client.get("/intern/rapporter/2026/1/").content.decode()
    assert "Handlingsplan (2025–2026): 40 % i genomsnitt." in first
    assert "Den 30 juni 2026 hade 1 åtgärd passerat sitt slutdatum utan att vara klar." in first
    assert "1. En åtgärd – " in first and "slutdatum 2026-06-15, 40 %" in first
    # The half-year still running reads the measure as it stands.
    second = client.get("/intern/rapporter/2026/2/").content.decode()
    assert "Handlingsplan (2025–2026): 100 % i genomsnitt." in second


def test_a_measure_registered_after_the_half_year_is_read_as_first_registered(world, client):
    """Typed in after the half-year (the plan is older than the register), the measure is
    in the report as it was first registered, not as it stands today."""
    from projektdatabas.planning.models import Measure

    measure = Measure.objects.create(
        plan=world["plan"],
        number=2,
        orientation=world["measure"].orientation,
        responsible_department=world["measure"].responsible_department,
        deadline=dt.date(2026, 10, 1),
        status="ongoing",
        progress=20,
        description_sv="Registrerad i efterhand",
    )
    measure.status, measure.progress = "done", 100
    measure.save()
    sign_in(client, world["users"]["coordinator"])
    page = client.get("/intern/rapporter/2026/1/").content.decode()
    assert "Handlingsplan (2025–2026): 10 % i genomsnitt." in page  # (0 + 20) / 2
    assert "Handlingsplan (2025–2026): 50 % i genomsnitt." in (
        client.get("/intern/rapporter/2026/2/").content.decode()
    )  # (0 + 100) / 2, as they stand
