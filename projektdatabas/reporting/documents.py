"""The report's other two outputs from the same content: a tagged PDF (PDF/UA-1, with its
language and the charts' text alternatives) made by WeasyPrint from the HTML, and a Word
file with real headings for the coordinator to edit before sending."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .language import in_report_language


@in_report_language
def standalone_html(body: str, period) -> str:
    return render_to_string("reporting/standalone.html", {"body": body, "period": period})


def to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy: only when a PDF is asked for

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


@in_report_language
def to_docx(context: dict) -> bytes:
    """The same sections as the HTML template, in its order, with Word's own heading styles
    (so the navigation pane and a table of contents work) and tables whose first row is a
    header row, repeated on each page, as Word's accessibility checker asks."""
    from docx import Document  # only when a Word file is asked for

    figures, labels, charts = context["figures"], context["labels"], context["charts"]
    document = Document()
    document.core_properties.language = "sv-SE"
    document.core_properties.title = str(context["title"])
    document.add_heading(str(context["title"]), level=1)
    document.add_heading(str(labels["key_figures"]), level=2)
    _table(
        document,
        [_("Figure"), _("Value")],
        [(label, _n(value)) for label, value in context["key_figures"]],
    )
    for key in ("ongoing", "new", "applications", "completed"):
        document.add_heading(str(labels[key]), level=2)
        applied = key == "applications"
        _table(
            document,
            [_("Project"), _("Department"), _("Status")]
            + [_("Application sent") if applied else _("Period")],
            [
                (p["title"], p["department"], p["status"])
                + (p["applied"] if applied else f"{p['start']}–{p['end']}",)
                for p in figures[key]
            ],
        )
        if key == "completed":
            for p in figures[key]:
                if p["results"]:
                    document.add_paragraph(f"{p['title']}: {p['results']}")
    document.add_heading(str(labels["decisions"]), level=2)
    _table(
        document,
        [_("Date"), _("Project"), _("Committee"), _("Case number"), _("Outcome")]
        + [_("Co-financing approved")],
        [
            (d["date"], d["project"], d["committee"], d["case_number"], d["outcome"])
            + (_n(d["approved_sek"]),)
            for d in figures["decisions"]
        ],
    )
    document.add_heading(str(labels["lacking_decision"]), level=2)
    for started, heading in [
        (True, _("Started without the decision")),
        (False, _("Waiting for a decision before they start")),
    ]:
        rows = [row for row in figures["lacking_decision"] if row["started"] == started]
        if rows:
            document.add_heading(f"{heading} ({len(rows)})", level=3)
        for row in rows:
            text = f"{row['title']} – {row['department']}, {row['status'].lower()}. {row['need']}"
            document.add_paragraph(text, style="List Bullet")
    document.add_heading(str(labels["money"]), level=2)
    document.add_heading(str(labels["eu_per_year"]), level=3)
    _chart(document, charts.get("eu_per_year"))
    _table(
        document,
        [_("Year"), _("SEK")],
        [(str(r["year"]), _n(r["sek"])) for r in figures["eu_per_year"]],
    )
    for key, first in [
        ("money_by_department", _("Department")),
        ("money_by_programme", _("Programme")),
        ("money_by_theme", _("Theme")),
    ]:
        document.add_heading(str(labels[key]), level=3)
        _chart(document, charts.get(key))
        eu_only = key == "money_by_programme"
        header = [first, _("EU grants (SEK)"), _("EU received in the period (SEK)")]
        header += [_("EU received in total (SEK)")]
        if not eu_only:
            header += [_("Co-financing, money (SEK)"), _("Co-financing, staff time (SEK)")]
            header += [_("Staff hours")]
        rows = []
        for r in figures[key]:
            row = [r["name"], _n(r["eu_granted"]), _n(r["eu_received_period"])]
            row += [_n(r["eu_received_total"])]
            if not eu_only:
                row += [_n(r["money"]), _n(r["staff_time"]), _n(round(r["hours"]))]
            rows.append(row)
        _table(document, header, rows)
    document.add_heading(str(labels["twin_towns"]), level=2)
    for town in figures["twin_towns"]:
        document.add_heading(town["name"], level=3)
        document.add_paragraph(", ".join(town["exchanges"] + town["events"]) or "–")
    document.add_heading(str(labels["plan"]), level=2)
    plan = figures["plan_progress"]
    if plan:
        document.add_paragraph(f"{plan['plan']}: {plan['percent']} %")
    _table(
        document,
        [_("Orientation"), _("Measures"), _("Done"), _("Progress")],
        [
            (o["name"], str(o["measures"]), str(o["done"]), f"{o['percent']} %")
            for o in (plan["orientations"] if plan else [])
        ],
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _n(value) -> str:
    return f"{value:,}".replace(",", "\u00a0") if isinstance(value, int) else str(value)


def _chart(document, chart) -> None:
    from docx.shared import Cm

    if chart is not None:
        document.add_picture(io.BytesIO(chart.png), width=Cm(16))
        _set_alt_text(document, chart.alt)
        document.add_paragraph(chart.title, style="Caption")


def _table(document, header: list, rows: list) -> None:
    """A table with a header row, or a line saying there is nothing to show."""
    from docx.oxml import OxmlElement

    if not rows:
        document.add_paragraph(_("None in the period."))
        return
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
