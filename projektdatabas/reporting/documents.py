"""The report's other two outputs from the same content: a tagged PDF (PDF/UA-1, with its
language and the charts' text alternatives) made by WeasyPrint from the HTML, and a Word
file with real headings for the coordinator to edit before sending. Until the report is
finalised both say "Utkast" (draft) on every page."""

import io
import re

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from projektdatabas.core.money import grouped

from . import sections
from .language import in_report_language


@in_report_language
def standalone_html(body: str, period, *, draft: bool, author: str = "") -> str:
    return render_to_string(
        "reporting/standalone.html",
        {"body": body, "period": period, "draft": draft, "author": author},
    )


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
    _set_up(document, context, draft=draft)
    if draft:  # as the PDF says it above the report
        note = document.add_paragraph()
        note.add_run(
            _(
                "Draft: computed from the data as it stood when this file was made. It may "
                "change until the coordinator finalises the report."
            )
        ).bold = True
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
        [(str(r["year"]), _n(r["sek"])) for r in part.data],
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


def _set_up(document, context: dict, *, draft: bool) -> None:
    """A4 with Swedish as the language of every style (Word's spelling and a screen reader
    follow the styles, not the file's properties), the municipality as author, and
    "Utkast" in the header until the report is finalised."""
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
    for lang in document.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), "sv-SE")
    properties = document.core_properties
    properties.language = "sv-SE"
    properties.title = str(context["title"])
    properties.author = properties.last_modified_by = context["municipality"].name
    properties.comments = ""  # python-docx's template says "generated by python-docx"
    properties.content_status = _("Draft") if draft else _("Finalised")


def _n(value) -> str:
    if value is None:
        return "–"  # a figure the earlier report did not have
    return grouped(value) if isinstance(value, int) else str(value)


def _chart(document, chart) -> None:
    from docx.shared import Cm

    if chart is not None:
        document.add_picture(io.BytesIO(chart.png), width=Cm(16))
        _set_alt_text(document, chart.alt)
        # The HTML's figure caption (reporting/_chart.html).
        note = _("the numbers are in the table below")
        document.add_paragraph(f"{chart.title} ({note})", style="Caption")


def _table(document, header: list, rows: list, *, empty: str = "", caption: str = "") -> None:
    """A table with a header row (and its caption above, as in the HTML), or a line saying
    there is nothing to show."""
    from docx.oxml import OxmlElement

    if not rows:
        document.add_paragraph(empty or _("None in the period."))
        return
    if caption:
        document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(label)
        cell.paragraphs[0].runs[0].bold = True
    # Marks the first row as the header: read as such by screen readers, repeated on
    # every page the table runs over.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)


def _set_alt_text(document, text: str) -> None:
    """Word reads an image's text alternative from `descr` on the drawing's docPr."""
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", text)
