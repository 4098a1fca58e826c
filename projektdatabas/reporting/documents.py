"""The report's other two outputs from the same content: a tagged PDF (PDF/UA-1, with its
language and the charts' text alternatives) made by WeasyPrint from the HTML, and a Word
file with real headings for the coordinator to edit before sending."""

import io

from django.template.loader import render_to_string


def standalone_html(body: str, period) -> str:
    return render_to_string("reporting/standalone.html", {"body": body, "period": period})


def to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy: only when a PDF is asked for

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def to_docx(context: dict) -> bytes:
    from docx import Document  # only when a Word file is asked for
    from docx.shared import Cm

    figures = context["figures"]
    document = Document()
    document.core_properties.language = "sv-SE"
    document.core_properties.title = str(context["title"])
    document.add_heading(str(context["title"]), level=1)
    document.add_heading(str(context["labels"]["key_figures"]), level=2)
    _table(document, [(label, _n(value)) for label, value in context["key_figures"]])
    for chart in context["charts"]:
        document.add_heading(chart.title, level=2)
        document.add_picture(io.BytesIO(chart.png), width=Cm(16))
        _set_alt_text(document, chart.alt)
    for key in ("ongoing", "new", "applications", "completed"):
        document.add_heading(str(context["labels"][key]), level=2)
        rows = [
            (p["title"], p["department"], p["status"], f"{p['start']}–{p['end']}")
            for p in figures[key]
        ]
        if rows:
            _table(document, rows)
        else:
            document.add_paragraph(str(context["labels"]["none"]))
        if key == "completed":
            for p in figures[key]:
                if p["results"]:
                    document.add_paragraph(f"{p['title']}: {p['results']}")
    document.add_heading(str(context["labels"]["decisions"]), level=2)
    rows = [
        (
            d["date"],
            d["project"],
            d["committee"],
            d["case_number"],
            d["outcome"],
            _n(d["approved_sek"]),
        )
        for d in figures["decisions"]
    ]
    if rows:
        _table(document, rows)
    else:
        document.add_paragraph(str(context["labels"]["none"]))
    document.add_heading(str(context["labels"]["lacking_decision"]), level=2)
    for row in figures["lacking_decision"]:
        document.add_paragraph(f"{row['title']}: {row['reason']}", style="List Bullet")
    document.add_heading(str(context["labels"]["twin_towns"]), level=2)
    for town in figures["twin_towns"]:
        document.add_heading(town["name"], level=3)
        document.add_paragraph(", ".join(town["exchanges"] + town["events"]) or "–")
    if figures["plan_progress"]:
        document.add_heading(str(context["labels"]["plan"]), level=2)
        _table(
            document,
            [
                (o["name"], str(o["measures"]), str(o["done"]), f"{o['percent']} %")
                for o in figures["plan_progress"]["orientations"]
            ],
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _n(value) -> str:
    return f"{value:,}".replace(",", "\u00a0") if isinstance(value, int) else str(value)


def _table(document, rows) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def _set_alt_text(document, text: str) -> None:
    """Word reads an image's text alternative from `descr` on the drawing's docPr."""
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", text)
