"""Charts for the report, drawn once with matplotlib: SVG for the web page and the PDF
(text kept as text), PNG for Word, which cannot embed SVG. Every chart carries a text
alternative, and the report always prints its numbers as a table beside it."""

import base64
import io
from dataclasses import dataclass, field
from functools import cache, cached_property

from django.utils.translation import gettext as _

BRAND = "#00504b"


@cache
def _matplotlib():
    """matplotlib, loaded on the first chart: it adds some 40 MB to a worker that would
    otherwise never draw one (the public site's workers, mostly). The object-oriented API
    with no pyplot: no global figure registry to leak figures into on a long-lived server."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    matplotlib.rcParams.update(
        {"svg.fonttype": "none", "font.size": 10, "font.family": "DejaVu Sans"}
    )
    return Figure, FuncFormatter


def _grouped(value, _position=None) -> str:
    return f"{value:,.0f}".replace(",", "\u00a0")  # 1 250 000, not 1.25e6


@dataclass
class Chart:
    """A chart drawn once; the SVG is written at once (every page and PDF needs it), the PNG
    only if a Word file asks for it."""

    title: str
    alt: str
    figure: object
    svg: str = field(init=False)

    def __post_init__(self):
        out = io.StringIO()
        self.figure.savefig(out, format="svg", metadata={"Date": None})
        self.svg = out.getvalue()

    @cached_property
    def png(self) -> bytes:
        out = io.BytesIO()
        self.figure.savefig(out, format="png", dpi=150)
        return out.getvalue()

    @property
    def svg_data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def bar_chart(title: str, labels: list[str], values: list[int], unit: str) -> Chart:
    Figure, FuncFormatter = _matplotlib()
    figure = Figure(figsize=(7, 0.45 * max(len(labels), 1) + 1.2))
    axes = figure.subplots()
    positions = range(len(labels))  # labels as given, even when they look like numbers
    axes.barh(positions, values, color=BRAND)
    # Labels are names typed by people: text, never mathtext (`Interreg $\frac{1}{$` would
    # otherwise be parsed as maths, and fail).
    axes.set_yticks(positions, labels, parse_math=False)
    axes.invert_yaxis()  # the first row on top, as in the table
    axes.set_xlabel(unit, parse_math=False)
    axes.xaxis.set_major_formatter(FuncFormatter(_grouped))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    described = "; ".join(
        f"{label}: {_grouped(value)}" for label, value in zip(labels, values, strict=True)
    )
    alt = _("Bar chart, %(title)s. %(values)s %(unit)s.") % {
        "title": title,
        "values": described,
        "unit": unit,
    }
    return Chart(title, alt, figure)


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
