"""The report's other two outputs from the same content: a tagged PDF (PDF/UA-1, with its
language and the charts' text alternatives) made by WeasyPrint from the HTML, and a Word
file with real headings for the coordinator to edit before sending. Until the report is
finalised both say "Utkast" (draft) on every page."""

import datetime as dt
import io
import re

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from projektdatabas.core.money import grouped

from . import sections
from .language import in_report_language


@in_report_language
def standalone_html(body: str, period, *, draft: bool, author: str = "") -> str:
    made = timezone.localtime()
    return render_to_string(
        "reporting/standalone.html",
        {
            "body": body,
            "period": period,
            "draft": draft,
            "draft_note": draft_note(made) if draft else "",
            "author": author,
            "made": made,  # the PDF's creation date (WeasyPrint reads dcterms.created)
        },
    )


def draft_note(made) -> str:
    """A draft's first line. Its figures follow the data, so two drafts passed round can
    differ: the moment each was computed tells them apart."""
    return _(
        "Draft: computed from the data as it stood on %(when)s. It may change until the "
        "coordinator finalises the report."
    ) % {"when": date_format(made, "j F Y, H:i")}


# The web page's scroll region around a wide table (a phone's screen, WCAG 1.4.10). Paper
# needs none, and WeasyPrint would tag it as a /Div between the article and its table.
SCROLL_REGION = re.compile(
    r'<div class="table-scroll"[^>]*>\s*(<table\b.*?</table>)\s*</div>', re.S
)


def to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy: only when a PDF is asked for

    from .pdf_structure import finish

    html = SCROLL_REGION.sub(r"\1", html)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", finisher=finish)


@in_report_language
def to_docx(context: dict, *, draft: bool) -> bytes:
    """The report's sections (sections.py), in the HTML's order, with Word's own heading
    styles (so the navigation pane and a table of contents work) and tables whose first
    row is a header row, repeated on each page, as Word's accessibility checker asks."""
    from docx import Document  # only when a Word file is asked for

    document = Document()
    made = timezone.localtime()
    _set_up(document, context, draft=draft, made=made)
    if draft:  # as the PDF says it above the report
        document.add_paragraph().add_run(draft_note(made)).bold = True
    for part in context["sections"]:
        document.add_heading(part.heading, level=part.level)
        if part.intro:
            document.add_paragraph(part.intro)
        if part.empty:
            document.add_paragraph(part.empty)
        elif part.kind != sections.PARAGRAPHS:
            WRITERS[part.kind](document, part, context)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# One writer per kind of section, as the HTML has one template per kind
# (templates/reporting/sections/). Project lists are tables here: python-docx writes a
# table row as fast as a paragraph, and the coordinator can sort and cut them.


def _key_figures(document, part, context) -> None:
    _table(document, [_("Figure"), _("Value")], [(label, _n(v)) for label, v in part.data])


def _changes(document, part, context) -> None:
    _table(
        document,
        [_("Figure"), _("Before"), _("Now")],
        [(c["label"], _n(c["before"]), _n(c["now"])) for c in part.data],
    )


def _projects(document, part, context) -> None:
    applied = part.options.get("applied", False)
    _table(
        document,
        [_("Project"), _("Department"), _("Status")]
        + [_("Application sent") if applied else _("Period")],
        [
            (p["title"], p["department"], p["status"])
            + (p["applied"] if applied else f"{p['start']}–{p['end']}",)
            for p in part.data
        ],
    )
    if part.options.get("results"):
        for p in part.data:
            if p["results"]:
                document.add_paragraph(f"{p['title']}: {p['results']}")


def _decisions(document, part, context) -> None:
    _table(
        document,
        [_("Date"), _("Project"), _("Committee and case number"), _("Outcome")]
        + [_("Co-financing approved (SEK)")],
        [
            (d["date"], d["project"], f"{d['committee']} ({d['kind']}), {d['case_number']}")
            + (d["outcome"], _n(d["approved_sek"]))
            for d in part.data
        ],
    )


def _lacking_decision(document, part, context) -> None:
    for group in part.data:
        document.add_heading(group["heading"], level=part.sublevel)
        for row in group["rows"]:
            text = f"{row['title']} – {row['department']}, {row['status'].lower()}. {row['need']}"
            document.add_paragraph(text, style="List Bullet")


def _years(document, part, context) -> None:
    _chart(document, part.chart)
    _table(
        document,
        [_("Year"), _("SEK")],
        [(r["label"], _n(r["sek"])) for r in part.data],
        caption=_("EU money received per year, the last ten years"),
    )


def _money(document, part, context) -> None:
    first, tables = part.options["first"], part.data
    chart_with_cofinancing = part.options.get("chart") == "cofinancing"
    if not chart_with_cofinancing:
        _chart(document, part.chart)
    _table(
        document,
        [first, _("EU grants (SEK)"), _("EU received in the period (SEK)")]
        + [_("EU received in total (SEK)")],
        [
            (r["name"], _n(r["eu_granted"]), _n(r["eu_received_period"]))
            + (_n(r["eu_received_total"]),)
            for r in tables["eu"]
        ],
        caption=part.options["eu"],
        empty=_("No EU money in the period."),
    )
    if tables["cofinancing"] is not None:
        if chart_with_cofinancing:
            _chart(document, part.chart)
        _table(
            document,
            [first, _("Co-financing, money (SEK)"), _("Co-financing, staff time (SEK)")]
            + [_("Staff hours")],
            [
                (r["name"], _n(r["money"]), _n(r["staff_time"]), _n(r["hours"]))
                for r in tables["cofinancing"]
            ],
            caption=part.options["cofinancing"],
            empty=_("No municipal co-financing in the period."),
        )


def _allocations(document, part, context) -> None:
    _table(
        document,
        [_("Purpose"), _("Set aside (SEK)")]
        + [_("Spent up to %(day)s (SEK)") % {"day": context["period"].end.isoformat()}]
        + [_("Remaining (SEK)")],
        [
            (a["purpose"].capitalize(), _n(a["set"]), _n(a["spent"]), _n(a["remaining"]))
            for a in part.data
        ],
    )


def _twin_towns(document, part, context) -> None:
    for town in part.data:
        document.add_heading(town["name"], level=part.sublevel)
        document.add_paragraph(town["text"])


def _plan(document, part, context) -> None:
    document.add_paragraph(part.data["summary"])
    late = "late" in part.data  # reports frozen before 2026-12 have no count
    _table(
        document,
        [_("Orientation"), _("Measures"), _("Done")]
        + ([_("Past their deadline")] if late else [])
        + [_("Progress")],
        [
            (o["name"], str(o["measures"]), str(o["done"]))
            + ((str(o["late"]),) if late else ())
            + ("–" if o["percent"] is None else f"{_n(o['percent'])} %",)
            for o in part.data["orientations"]
        ],
    )
    if part.data["uncounted_note"]:
        document.add_paragraph(part.data["uncounted_note"])
    if part.data["late_lines"]:
        document.add_paragraph(_("Measures past their deadline without being done:"))
        for line in part.data["late_lines"]:
            document.add_paragraph(line, style="List Bullet")


def _definitions(document, part, context) -> None:
    for definition in part.data:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{definition.label}. ").bold = True
        paragraph.add_run(str(definition.explanation))


def _news(document, part, context) -> None:
    for item in part.data:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(item["title"]).bold = True
        paragraph.add_run(f" – {item['date']}, {item['kind']}")


def _figures(document, part, context) -> None:
    _labelled(document, part.data)


def _labelled(document, rows: list[dict]) -> None:
    _table(document, [_("Figure"), _("Value")], [(r["label"], _n(r["value"])) for r in rows])


def _trainings(document, part, context) -> None:
    _labelled(document, part.data["totals"])
    for t in part.data["events"]:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(t["title"]).bold = True
        organiser = f", {t['organiser']}" if t["organiser"] else ""
        counts = _("staff %(staff)s, elected members %(elected)s, %(cost)s SEK") % {
            "staff": _n(t["staff"]),
            "elected": _n(t["elected"]),
            "cost": _n(t["cost_sek"]),
        }
        paragraph.add_run(f" – {t['kind']}, {t['date']}{organiser}; {counts}")


WRITERS = {
    sections.KEY_FIGURES: _key_figures,
    sections.CHANGES: _changes,
    sections.PROJECTS: _projects,
    sections.DECISIONS: _decisions,
    sections.LACKING_DECISION: _lacking_decision,
    sections.YEARS: _years,
    sections.MONEY: _money,
    sections.ALLOCATIONS: _allocations,
    sections.TWIN_TOWNS: _twin_towns,
    sections.PLAN: _plan,
    sections.DEFINITIONS: _definitions,
    sections.NEWS: _news,
    sections.FIGURES: _figures,
    sections.TRAININGS: _trainings,
}


def _set_up(document, context: dict, *, draft: bool, made) -> None:
    """A4 with Swedish as the language of every style (Word's spelling and a screen reader
    follow the styles, not the file's properties), the municipality as author, the page
    number in the footer as the PDF has it, and "Utkast" in the header until the report is
    finalised."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
        if draft:
            header = section.header.paragraphs[0]
            header.text = _("Draft")
            header.runs[0].bold = True
        # "Sida 3 av 7", in the words of the PDF's page footer (report.css).
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer.add_run(_("Page") + " ")
        footer._p.append(_field("PAGE"))
        footer.add_run(" " + pgettext("page 3 of 7", "of") + " ")
        footer._p.append(_field("NUMPAGES"))
    for lang in document.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), "sv-SE")
    properties = document.core_properties
    properties.language = "sv-SE"
    properties.title = str(context["title"])
    properties.author = properties.last_modified_by = context["municipality"].name
    properties.comments = ""  # python-docx's template says "generated by python-docx"
    properties.content_status = _("Draft") if draft else _("Finalised")
    # The template's own dates (2013) would otherwise be the file's.
    properties.created = properties.modified = made.astimezone(dt.UTC).replace(tzinfo=None)
    properties.revision = 1
    _own_application_properties(document)


def _own_application_properties(document) -> None:
    """python-docx's template says it was written by "Microsoft Macintosh Word" and shows
    a blank page as its thumbnail in a file browser: the file says what made it, and has
    no thumbnail rather than a wrong one."""
    package = document.part.package
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_PROPERTIES  # a plain part: its bytes are all it is
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)


APP_PROPERTIES = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"><Application>Projektdatabasen</Application></Properties>'
)


def _field(instruction: str):
    """A field Word fills in as it lays out the pages (PAGE, NUMPAGES)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"  # shown until Word updates it
    run.append(text)
    field.append(run)
    return field


def _n(value) -> str:
    if value is None:
        return "–"  # a figure the earlier report did not have
    return grouped(value) if isinstance(value, int) else str(value)


def _chart(document, chart) -> None:
    from docx.shared import Cm

    if chart is not None:
        # The caption above, as the HTML's (reporting/_chart.html): below, it read as the
        # caption of the table before it. Kept on the chart's page.
        note = _("the numbers are in the table below")
        caption = document.add_paragraph(f"{chart.title} ({note})", style="Caption")
        caption.paragraph_format.keep_with_next = True
        document.add_picture(io.BytesIO(chart.png), width=Cm(16))
        _set_alt_text(document, chart.alt)


def _table(document, header: list, rows: list, *, empty: str = "", caption: str = "") -> None:
    """A table with a header row (and its caption above, as in the HTML), or a line saying
    there is nothing to show."""
    from docx.oxml import OxmlElement

    if not rows:
        document.add_paragraph(empty or _("None in the period."))
        return
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    # 10 pt, as the PDF's text: a department's name then fits its column on one line.
    size = Pt(10)
    if caption:
        document.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
    rows = [[str(value) for value in row] for row in rows]
    # A column of figures (an empty cell is no figure, and no reason to left-align the rest).
    numbers = [
        i > 0
        and any(row[i] for row in rows)
        and all(NUMBER.fullmatch(row[i]) for row in rows if row[i])
        for i in range(len(header))
    ]
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(label)
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[0].runs[0].font.size = size
    # Marks the first row as the header: read as such by screen readers, repeated on
    # every page the table runs over.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row in rows:
        added = table.add_row()
        # A row is never split between two pages ("Arbetsmarknadse" / "nheten").
        added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, value, number in zip(added.cells, row, numbers, strict=True):
            cell.text = value
            for run in cell.paragraphs[0].runs:
                run.font.size = size
            if number:  # as the PDF: sums line up on their last digit
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _widths(table, [str(label) for label in header], rows, numbers)


# A cell that holds a figure: "1 250 000", "55 %", "–" (none).
NUMBER = re.compile(r"–|-?\d[\d\u00a0 ]*(,\d+)?( %)?")


def _widths(table, header: list[str], rows: list[list[str]], numbers: list[bool]) -> None:
    """Columns as wide as their text needs, within the page's 160 mm: python-docx makes
    them all equal, which broke names mid-word and made the action plan's rows ten lines
    tall. Each column first gets room for its longest word (a figure is one word), then
    what is left goes to the columns whose text would otherwise wrap most."""
    from docx.shared import Emu

    page = 160

    def mm(characters: int, bold: bool = False) -> float:
        # 10 pt text and the cell's margins, generously: LibreOffice without Word's fonts
        # sets the text in a wider one, and the header row is bold.
        return characters * (2.5 if bold else 2.25) + 4

    minimum, wish = [], []
    for i in range(len(header)):
        cells = [row[i] for row in rows]
        heading = max(mm(len(w), bold=True) for w in WORD_BREAK.split(header[i]))
        words = [len(w) for cell in cells for w in WORD_BREAK.split(cell)]
        longest = max(words + [len(cell) for cell in cells if numbers[i]])
        minimum.append(max(heading, mm(longest)))
        typical = sorted(len(cell) for cell in cells)[len(cells) * 3 // 4]
        wish.append(max(minimum[-1], mm(min(typical, 60))))
    if sum(wish) <= page:  # everything fits on one line: share the page as the PDF does
        widths = [w * page / sum(wish) for w in wish]
    elif sum(minimum) >= page:  # not even the words: the longest give way, the rest whole
        cap = page
        while sum(min(m, cap) for m in minimum) > page:
            cap -= 1
        widths = [min(m, cap) for m in minimum]
        widths = [w * page / sum(widths) for w in widths]
    else:
        extra = [w - m for w, m in zip(wish, minimum, strict=True)]
        room = (page - sum(minimum)) / sum(extra)
        widths = [m + e * room for m, e in zip(minimum, extra, strict=True)]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        # Down to a twip (635 EMU), Word's unit for a cell: together never over the page.
        width = Emu(int(width * 36000 / 635) * 635)
        column.width = width  # the grid, which LibreOffice reads
        for cell in column.cells:
            cell.width = width  # and each cell, which Word reads


# Where a line may break: a space, or after a dash ("2026-03-01–2026-12-31").
WORD_BREAK = re.compile(r"[ \n]|(?<=–)")


def _set_alt_text(document, text: str) -> None:
    """Word reads an image's text alternative from `descr` on the drawing's docPr."""
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", text)
