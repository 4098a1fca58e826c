"""Charts for the report, drawn once with matplotlib: SVG for the web page and the PDF
(text kept as text), PNG for Word, which cannot embed SVG. Every chart carries a text
alternative, and the report always prints its numbers as a table beside it."""

import base64
import io
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

BRAND = "#00504b"


@cache
def _pyplot():
    """matplotlib, loaded on the first chart: it adds some 40 MB to a worker that would
    otherwise never draw one (the public site's workers, mostly)."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 10, "font.family": "DejaVu Sans"})
    return plt


@dataclass
class Chart:
    title: str
    alt: str
    svg: str
    png: bytes

    @property
    def svg_data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def bar_chart(title: str, labels: list[str], values: list[int], unit: str) -> Chart:
    plt = _pyplot()
    height = 0.45 * max(len(labels), 1) + 1.2
    figure, axes = plt.subplots(figsize=(7, height))
    axes.barh(labels, values, color=BRAND)
    axes.invert_yaxis()  # the first row on top, as in the table
    axes.set_xlabel(unit)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    svg, png = io.StringIO(), io.BytesIO()
    figure.savefig(svg, format="svg")
    figure.savefig(png, format="png", dpi=150)
    plt.close(figure)
    described = "; ".join(
        f"{label}: {value:,}".replace(",", " ") for label, value in zip(labels, values, strict=True)
    )
    alt = _("Bar chart, %(title)s. %(values)s %(unit)s.") % {
        "title": title,
        "values": described,
        "unit": unit,
    }
    return Chart(title, alt, svg.getvalue(), png.getvalue())


def report_charts(figures: dict) -> dict[str, Chart]:
    """The report's charts, by the table of the report that holds their numbers."""
    charts = {}
    years = figures["eu_per_year"]
    if years:
        charts["eu_per_year"] = bar_chart(
            _("EU money received per year"),
            [str(row["year"]) for row in years],
            [row["sek"] for row in years],
            _("SEK"),
        )
    programmes = [row for row in figures["money_by_programme"] if row["eu_granted"]]
    if programmes:
        charts["money_by_programme"] = bar_chart(
            _("EU grants to ongoing projects by programme"),
            [row["name"] for row in programmes],
            [row["eu_granted"] for row in programmes],
            _("SEK"),
        )
    departments = [
        row for row in figures["money_by_department"] if row["money"] or row["staff_time"]
    ]
    if departments:
        charts["money_by_department"] = bar_chart(
            _("Municipal co-financing by department"),
            [row["name"] for row in departments],
            [row["money"] + row["staff_time"] for row in departments],
            _("SEK"),
        )
    return charts
