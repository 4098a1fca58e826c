"""The report's PDF and Word file as a reader gets them: the PDF's structure tree as a screen
reader walks it, "Utkast" on a draft and not on the finalised files, and a Word file on A4
in Swedish that says what the page says."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NullObject

from projektdatabas.finance.models import Funding, FundingSource
from projektdatabas.projects.models import Project, Theme
from projektdatabas.reporting.periods import HalfYear
from projektdatabas.reporting.services import finalise_report
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
ONGOING, THEMES = 80, 45


@pytest.fixture
def long_report(world, make_project):
    """Enough projects for the list of ongoing ones, and enough themes for the money table,
    to run over page breaks."""
    Project.objects.all().update(status="idea")
    for n in range(ONGOING):
        project = make_project(
            title_sv=f"Pågående projekt nummer {n:02} med ett namn",
            status="ongoing",
            start_date=dt.date(2025, 1, 1),
        )
        if n < THEMES:
            theme = Theme.objects.create(slug=f"tema-{n}", name_sv=f"Tema {n:02}", name_en="T")
            project.themes.add(theme)
            Funding.objects.create(
                project=project, source=FundingSource.EU_GRANT, amount=Decimal(1000 * (n + 1))
            )


def pdf_of(client, world, url="/intern/rapporter/2026/1/rapport.pdf") -> PdfReader:
    sign_in(client, world["users"]["coordinator"])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


class Element:
    """A structure element as a screen reader meets it, with the pages its text is on."""

    def __init__(self, node, parent, pages):
        self.type = str(node["/S"])
        self.parent = parent
        self.node = node
        attributes = node.get("/A")
        self.attributes = attributes.get_object() if attributes is not None else {}
        self.id = str(node["/ID"]) if "/ID" in node else None
        self.children, self.pages = [], set()
        own_page = pages.get(node.raw_get("/Pg").idnum) if "/Pg" in node else None
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                child = Element(kid, self, pages)
                self.children.append(child)
                self.pages |= child.pages
            elif isinstance(kid, DictionaryObject) and "/MCID" in kid:
                self.pages.add(pages[kid.raw_get("/Pg").idnum])
            elif isinstance(kid, int):
                self.pages.add(own_page)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def kinds(self) -> list[str]:
        return [child.type for child in self.children]


def structure(pdf: PdfReader) -> Element:
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(pdf.pages)}
    root = pdf.trailer["/Root"]["/StructTreeRoot"].get_object()
    (document,) = [kid.get_object() for kid in root["/K"]]
    return Element(document, None, pages)


def test_the_pdf_reads_as_one_article_with_whole_lists_and_tables(long_report, world, client):
    pdf = pdf_of(client, world)
    document = structure(pdf)
    everything = list(document.walk())

    # One article, although it runs over every page (it was one /Art per page).
    (article,) = [e for e in everything if e.type == "/Art"]
    assert article.pages == set(range(len(pdf.pages))) and len(pdf.pages) >= 3

    # The list of ongoing projects is one list, over a page break (it was one per page).
    (ongoing,) = [e for e in everything if e.type == "/L" and len(e.children) == ONGOING]
    assert set(ongoing.kinds()) == {"/LI"} and len(ongoing.pages) >= 2

    # Tables: Table › (Caption) THead/TBody › TR › TH/TD, no table inside a table.
    tables = [e for e in everything if e.type == "/Table"]
    assert tables
    for table in tables:
        kinds = table.kinds()
        assert set(kinds) <= {"/Caption", "/THead", "/TBody", "/TFoot", "/TR"}, kinds
        assert kinds.count("/THead") <= 1 and kinds.count("/Caption") <= 1
        for group in (c for c in table.children if c.type in ("/THead", "/TBody")):
            assert group.children and set(group.kinds()) == {"/TR"}
        rows = [e for e in table.walk() if e.type == "/TR"]
        assert rows and all(set(row.kinds()) <= {"/TH", "/TD"} for row in rows)
    assert not [e for e in everything if e.type == "/Table" and e.parent.type != "/Art"]

    # Every header cell has its scope, as the HTML's scope attribute says: the header row's
    # cells are column headers, the first cell of a body row a row header.
    headers = [e for e in everything if e.type == "/TH"]
    assert len(headers) > THEMES
    for cell in headers:
        expected = "/Column" if cell.parent.parent.type == "/THead" else "/Row"
        assert cell.attributes.get("/Scope") == expected

    # The theme table runs over a page break as one table with one header row; the row
    # printed again at the top of the next page is not read twice, and the data cells
    # there still name their column's header.
    (themes,) = [t for t in tables if len([r for r in t.walk() if r.type == "/TR"]) == THEMES + 1]
    assert len(themes.pages) >= 2
    (body,) = [c for c in themes.children if c.type == "/TBody"]
    assert len(body.children) == THEMES
    names = {e.id for e in everything if e.type == "/TH"}
    for cell in (e for e in themes.walk() if e.type == "/TD"):
        headers = [str(h) for h in cell.attributes["/Headers"]]
        assert len(headers) == 2 and set(headers) <= names
    later_page = pdf.pages[max(themes.pages)].extract_text()
    assert later_page.startswith("Tema EU-bidrag")  # the header row is still printed there


def test_all_marked_content_belongs_to_the_tree(long_report, world, client):
    """Text in the page margins (the running header, page numbers) was marked as content of
    elements outside the tree; now it is an artifact, as pagination is."""
    pdf = pdf_of(client, world)
    document = structure(pdf)
    in_tree = {id(e.node) for e in document.walk()}
    parents = pdf.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    owners = [
        entry.get_object() for page in range(len(pdf.pages)) for entry in parents[2 * page + 1]
    ]
    marked = [owner for owner in owners if not isinstance(owner, NullObject)]
    assert marked and all(id(owner) in in_tree for owner in marked)
    text = pdf.pages[0].extract_text()
    assert "Sida 1 av" in text and "Utkast" in text  # artifacts are still printed


def test_a_draft_says_utkast_on_every_page_and_the_finalised_files_do_not(
    long_report, world, client, municipality
):
    draft = pdf_of(client, world)
    assert all("Utkast" in page.extract_text() for page in draft.pages)
    assert "Utkast: beräknat från uppgifterna" in draft.pages[0].extract_text()
    assert draft.metadata.author == municipality.name
    word = Document(io.BytesIO(client.get("/intern/rapporter/2026/1/rapport.docx").content))
    assert word.sections[0].header.paragraphs[0].text == "Utkast"
    assert word.core_properties.content_status == "Utkast"
    # The PDF's notice above the report, in Word too.
    assert word.paragraphs[0].text.startswith("Utkast: beräknat från uppgifterna")

    finalise_report(
        municipality=municipality, period=HalfYear(2026, 1), actor=world["users"]["coordinator"]
    )
    final = pdf_of(client, world)
    assert not any("Utkast" in page.extract_text() for page in final.pages)
    word = Document(io.BytesIO(client.get("/intern/rapporter/2026/1/rapport.docx").content))
    assert "Utkast" not in "".join(p.text for p in word.sections[0].header.paragraphs)
    assert not any(p.text.startswith("Utkast") for p in word.paragraphs)
    assert word.core_properties.content_status == "Fastställd"


def test_the_word_file_is_a4_in_swedish_by_the_municipality(world, client, municipality):
    sign_in(client, world["users"]["coordinator"])
    response = client.get("/intern/rapporter/2026/1/rapport.docx")
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    languages = [lang.get(qn("w:val")) for lang in defaults.iter(qn("w:lang"))]
    assert languages == ["sv-SE"]
    assert {lang.get(qn("w:val")) for lang in document.styles.element.iter(qn("w:lang"))} == {
        "sv-SE"
    }
    properties = document.core_properties
    assert properties.author == municipality.name == "Testkommun"
    assert properties.title.startswith("Internationella projekt i Testkommun: halvårsrapport")
    assert "python-docx" not in f"{properties.author} {properties.comments}"


def test_the_word_file_says_what_the_page_says(world, client, municipality, make_project):
    """The lead line, the explanatory paragraphs and what changed since the last report."""
    finalise_report(
        municipality=municipality, period=HalfYear(2026, 1), actor=world["users"]["coordinator"]
    )
    make_project(title_sv="Nytt i höst", status="ongoing", start_date=dt.date(2026, 8, 1))
    sign_in(client, world["users"]["coordinator"])
    page = client.get("/intern/rapporter/2026/2/").content.decode()
    response = client.get("/intern/rapporter/2026/2/rapport.docx")
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    for text in [
        "Till kommunstyrelsen och förvaltningschefsgruppen.",
        "Projekt med kommunal medfinansiering, eller som kommunen äger, får starta först",
        "EU-bidrag och kommunal medfinansiering avser de projekt som pågick under perioden",
    ]:
        assert text in page
        assert any(p.startswith(text) for p in paragraphs), text
    (plan,) = [p for p in paragraphs if " % i genomsnitt." in p]
    assert plan in page
    changed = "Vad har ändrats sedan rapporten för januari–juni 2026"
    assert changed in page and changed in paragraphs
    (table,) = [
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells] == ["Nyckeltal", "Före", "Nu"]
    ]
    changes = [row.cells[0].text for row in table.rows[1:]]
    assert changes and all(label in page for label in changes)


def test_the_report_counts_the_plans_late_measures_on_the_page_and_in_word(
    world, client, monkeypatch
):
    """The board hears how many measures are past their deadline: as the half-year ended,
    or today for the half-year still running. The world's one measure, not started, was
    due 2026-06-30."""
    from django.utils import timezone

    moment = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    sign_in(client, world["users"]["coordinator"])
    first = client.get("/intern/rapporter/2026/1/").content.decode()
    assert "passerat sitt slutdatum" not in first  # due on the period's last day: not late
    page = client.get("/intern/rapporter/2026/2/").content.decode()
    late = "Den 1 december 2026 hade 1 åtgärd passerat sitt slutdatum utan att vara klar."
    assert late in page
    assert '<th scope="col" class="number">Försenade</th>' in page
    document = Document(io.BytesIO(client.get("/intern/rapporter/2026/2/rapport.docx").content))
    assert any(late in p.text for p in document.paragraphs)
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "Inriktning"]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Inriktning", "Åtgärder", "Klara", "Försenade", "Framsteg"]
    assert [c.text for c in table.rows[1].cells][1:4] == ["1", "0", "1"]
