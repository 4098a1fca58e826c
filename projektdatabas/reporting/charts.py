"""Charts for the report, drawn once with matplotlib: SVG for the web page and the PDF
(text kept as text), PNG for Word, which cannot embed SVG. Every chart carries a text
alternative, and the report always prints its numbers as a table beside it."""

import base64
import io
import textwrap
from dataclasses import dataclass, field
from functools import cache, cached_property

from django.utils.translation import gettext as _

from projektdatabas.core.money import grouped

from .periods import HalfYear

# The bars' colour where no municipality's is given (the installation's default, Ale's).
BRAND = "#00504b"

# Sizes in inches. A label longer than LABEL_CHARACTERS is wrapped onto more lines rather
# than allowed to push the plot into a sliver beside it ("Projekt per inriktning" once drew
# its bars in 17 pt of a 504 pt wide figure); each row is as tall as its label, and every
# bar is BAR thick whatever the number of rows.
LABEL_CHARACTERS = 32
LINE = 0.17  # one line of 10 pt text
ROW_PADDING = 0.16
BAR = 0.26
WIDTH = 7.0
AXIS_SPACE = 0.85  # below the bars: tick labels and the unit
# The tallest chart the report draws: with its caption it fits an A4 page's content area at
# the page's width (report.css scales a taller one down, which shrinks its text with it).
REPORT_HEIGHT = 7.5


@cache
def _matplotlib():
    """matplotlib, loaded on the first chart: it adds some 40 MB to a worker that would
    otherwise never draw one (the public site's workers, mostly). The object-oriented API
    with no pyplot: no global figure registry to leak figures into on a long-lived server."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    matplotlib.rcParams.update(
        {"svg.fonttype": "none", "font.size": 10, "font.family": "DejaVu Sans"}
    )
    return Figure, FigureCanvasAgg, FuncFormatter, MaxNLocator


def _grouped(value, _position=None) -> str:
    return grouped(value)  # 1 250 000, not 1.25e6


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


def wrap_label(label: str) -> str:
    return "\n".join(textwrap.wrap(label, LABEL_CHARACTERS)) or label


def _row_height(label: str) -> float:
    return max(2, wrap_label(label).count("\n") + 1) * LINE + ROW_PADDING


def largest_that_fit(labels: list[str], values: list[int], height: float) -> list[int]:
    """The positions, in their order, of the largest values whose rows fit in `height`
    inches of chart."""
    room, kept = height - AXIS_SPACE, []
    for i in sorted(range(len(values)), key=lambda i: -values[i]):
        room -= _row_height(labels[i])
        if room < 0 and kept:
            break
        kept.append(i)
    return sorted(kept)


def bar_chart(
    title: str, labels: list[str], values: list[int], unit: str, colour: str = BRAND
) -> Chart:
    """Bars in the municipality's colour (`colour`, checked readable on white as the site's
    own): Kungälv's statistics had Ale's green bars under Kungälv's blue header."""
    Figure, FigureCanvasAgg, FuncFormatter, MaxNLocator = _matplotlib()
    wrapped = [wrap_label(label) for label in labels]
    rows = [_row_height(label) for label in labels]
    # Rows are laid out in inches, so that a bar is BAR thick in any chart.
    centres = [sum(rows[:i]) + row / 2 for i, row in enumerate(rows)]
    height = sum(rows) or 1.0
    figure = Figure(figsize=(WIDTH, height + AXIS_SPACE))
    canvas = FigureCanvasAgg(figure)
    axes = figure.subplots()
    axes.barh(centres, values, height=BAR, color=colour)
    # Labels are names typed by people: text, never mathtext (`Interreg $\frac{1}{$` would
    # otherwise be parsed as maths, and fail).
    axes.set_yticks(centres, wrapped, parse_math=False)
    axes.set_ylim(height, 0)  # the first row on top, as in the table
    axes.tick_params(axis="y", length=0)
    axes.set_xlabel(unit, parse_math=False)
    axes.xaxis.set_major_formatter(FuncFormatter(_grouped))
    # Whole numbers only: counts of 2 had ticks at 0.25 apart, printed "0 0 1 1 1 1 2 2 2".
    axes.xaxis.set_major_locator(MaxNLocator(steps=[1, 2, 2.5, 5, 10], integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    _spread_ticks(axes, canvas.get_renderer(), MaxNLocator)
    described = "; ".join(
        f"{label}: {_grouped(value)}" for label, value in zip(labels, values, strict=True)
    )
    alt = _("Bar chart, %(title)s. %(values)s %(unit)s.") % {
        "title": title,
        "values": described,
        "unit": unit,
    }
    return Chart(title, alt, figure)


def visible_tick_labels(axis, renderer) -> list:
    """The tick labels the axis draws: those with text, at ticks within its limits."""
    low, high = sorted(axis.get_view_interval())
    return [
        label
        for label, tick in zip(axis.get_majorticklabels(), axis.get_majorticklocs(), strict=True)
        if label.get_visible() and label.get_text() and low <= tick <= high
    ]


def _spread_ticks(axes, renderer, MaxNLocator) -> None:
    """Fewer ticks on the value axis until no two of their labels touch. matplotlib's own
    count assumes labels about three characters wide; "1 250 000" is nine, and printed
    over its neighbours ("250 000500 000750 000")."""
    bins = None
    for _attempt in range(8):
        axes.figure.draw_without_rendering()
        boxes = [
            label.get_window_extent(renderer).expanded(1.15, 1.0)
            for label in visible_tick_labels(axes.xaxis, renderer)
        ]
        if not any(a.overlaps(b) for a, b in zip(boxes, boxes[1:], strict=False)) or bins == 1:
            return
        bins = max(1, len(boxes) - 2) if bins is None else max(1, bins - 1)
        axes.xaxis.set_major_locator(
            MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10], integer=True)
        )


def _report_chart(
    title: str, labels: list[str], values: list[int], unit: str, colour: str
) -> Chart:
    """A chart that fits a printed page: beyond what fits, the largest bars, and the title
    says so (the table below it has them all)."""
    kept = largest_that_fit(labels, values, REPORT_HEIGHT)
    if len(kept) < len(labels):
        title = _("%(title)s, the %(shown)s largest of %(total)s") % {
            "title": title,
            "shown": len(kept),
            "total": len(labels),
        }
        labels, values = [labels[i] for i in kept], [values[i] for i in kept]
    return bar_chart(title, labels, values, unit, colour)


def report_charts(figures: dict, colour: str = BRAND) -> dict[str, Chart]:
    """The report's charts, by the table of the report that holds their numbers."""
    charts = {}
    years = figures["eu_per_year"]
    if years:
        period = HalfYear(figures["period"]["year"], figures["period"]["half"])
        charts["eu_per_year"] = _report_chart(
            _("EU money received per year"),
            [period.year_label(row["year"]) for row in years],
            [row["sek"] for row in years],
            _("SEK"),
            colour,
        )
    programmes = [row for row in figures["money_by_programme"] if row["eu_granted"]]
    if programmes:
        charts["money_by_programme"] = _report_chart(
            _("EU grants to ongoing projects by programme"),
            [row["name"] for row in programmes],
            [row["eu_granted"] for row in programmes],
            _("SEK"),
            colour,
        )
    departments = [
        row for row in figures["money_by_department"] if row["money"] or row["staff_time"]
    ]
    if departments:
        charts["money_by_department"] = _report_chart(
            # The bar is both columns of the table below added up; the title says so.
            _("Municipal co-financing by department, money and staff time together"),
            [row["name"] for row in departments],
            [row["money"] + row["staff_time"] for row in departments],
            _("SEK"),
            colour,
        )
    return charts
