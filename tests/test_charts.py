"""The charts of the report and the statistics pages, measured by matplotlib itself: no tick
label printed over another ("250 000500 000750 000…"), and bars that stay thick and long
beside long labels ("Projekt per inriktning" drew its bars in 17 pt of a 504 pt figure)."""

import base64
import re

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from projektdatabas.reporting.charts import BRAND, bar_chart

# The demo's orientations and departments: the long labels the statistics page draws.
ORIENTATIONS = [
    "Tillvarata finansieringsmöjligheter som EU erbjuder i kommunens utvecklingsarbete",
    "Öka förståelsen mellan människor i olika länder",
    "Öka kommuninvånarnas delaktighet avseende kommunens internationella arbete",
    "Utveckla den internationella kompetensen hos förtroendevalda och personal",
    "Etablera kommersiella kontakter för att stödja näringslivet",
    "Stödja internationellt samarbete",
    "Utveckla erfarenhets- och kunskapsutbyte mellan vänorternas kommunala organisationer",
    "Starta och genomföra gemensamma projekt",
    "Skapa erfarenhetsutbyte och/eller affärsrelationer inom näringslivet",
    "Medverka till vänortsturism för kommunens medborgare",
]
DEPARTMENTS = [
    "Kommunstyrelseförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Arbetsmarknadsenheten",
    "Kultur- och fritidsförvaltningen",
    "Omsorgs- och arbetsmarknadsförvaltningen",
]
CASES = {
    "millions beside department names": (
        DEPARTMENTS,
        [3_044_000, 1_449_000, 1_271_000, 1_125_000, 1_111_000],
    ),
    "large values, many bars": (
        [f"Program {n}" for n in range(1, 31)],
        [n * 987_654 for n in range(1, 31)],
    ),
    "long labels": (ORIENTATIONS, [26, 25, 22, 21, 21, 20, 1, 1, 1, 1]),
    "one bar": (["1998"], [8_000_000]),
}


def drawn(labels, values):
    chart = bar_chart("Test", labels, values, "kr")
    figure = chart.figure
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    return figure, figure.axes[0], renderer


def shown(axis) -> list:
    """The tick labels the axis prints: with text, at a tick inside its limits."""
    low, high = sorted(axis.get_view_interval())
    labels = zip(axis.get_majorticklabels(), axis.get_majorticklocs(), strict=True)
    return [label for label, at in labels if label.get_text() and low <= at <= high]


@pytest.mark.parametrize("labels, values", CASES.values(), ids=CASES.keys())
def test_no_tick_label_is_printed_over_another(labels, values):
    figure, axes, renderer = drawn(labels, values)
    for axis, at_least in [(axes.xaxis, 2), (axes.yaxis, len(labels))]:
        boxes = [label.get_window_extent(renderer) for label in shown(axis)]
        assert len(boxes) >= at_least  # a scale to read, and every bar named
        touching = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b)]
        assert not touching


@pytest.mark.parametrize("labels, values", CASES.values(), ids=CASES.keys())
def test_bars_are_thick_and_long_enough_to_read(labels, values):
    figure, axes, renderer = drawn(labels, values)
    points = 72 / figure.dpi  # the SVG's unit: the figure at its own size
    width = figure.get_figwidth() * 72
    bars = [bar.get_window_extent(renderer) for bar in axes.patches]
    assert len(bars) == len(labels)
    assert min(bar.height for bar in bars) * points >= 14  # a line of 10 pt text and more
    assert axes.get_window_extent(renderer).width * points >= 0.5 * width
    assert max(bar.width for bar in bars) * points >= 0.45 * width


def test_a_long_label_is_wrapped_whole_inside_the_figure():
    figure, axes, renderer = drawn(ORIENTATIONS[:1], [3])
    label = shown(axes.yaxis)[0]
    assert label.get_text().count("\n") >= 1
    assert label.get_text().replace("\n", " ") == ORIENTATIONS[0]
    extent = label.get_window_extent(renderer)
    assert extent.x0 >= 0 and extent.width <= 0.45 * figure.bbox.width


def test_a_report_chart_of_many_rows_keeps_the_largest_that_fit_a_page():
    """A chart taller than a page was scaled down to fit it, and its text with it; the report
    draws the largest bars that fit and says so (its table below has every row)."""
    from django.utils import translation

    from projektdatabas.reporting.charts import REPORT_HEIGHT, report_charts

    programmes = [
        {"name": f"Interreg Öresund–Kattegat–Skagerrak, delprogram {n:02}", "eu_granted": n}
        for n in range(1, 26)
    ]
    figures = {"eu_per_year": [], "money_by_programme": programmes, "money_by_department": []}
    with translation.override("sv"):
        chart = report_charts(figures)["money_by_programme"]
    axes = chart.figure.axes[0]
    shown = len(axes.patches)
    assert 5 <= shown < 25 and chart.figure.get_figheight() <= REPORT_HEIGHT
    assert chart.title.endswith(f", de {shown} största av 25")
    assert sorted(bar.get_width() for bar in axes.patches) == list(range(26 - shown, 26))
    # In the table's order (here: by name), not by size.
    labels = [label.get_text().replace("\n", " ") for label in axes.get_yticklabels()]
    assert labels == sorted(labels)


@pytest.mark.parametrize("values", [[1, 2, 1], [2, 1, 1, 0], [1]])
def test_small_counts_have_whole_numbers_on_their_scale_each_once(values):
    """Counts of one and two had ticks a quarter apart, printed "0 0 1 1 1 1 2 2 2"."""
    _figure, axes, _renderer = drawn([f"Tema {n}" for n in range(len(values))], values)
    texts = [label.get_text() for label in shown(axes.xaxis)]
    assert len(texts) >= 2 and len(set(texts)) == len(texts), texts
    assert all(float(at).is_integer() for at in axes.xaxis.get_majorticklocs())


def test_a_municipalitys_statistics_draw_their_bars_in_its_colour(client, demo_data):
    """Kungälv's statistics had Ale's green bars under Kungälv's blue header."""
    from projektdatabas.organisations.models import Municipality

    kungalv = Municipality.objects.get(slug="kungalv")
    assert kungalv.brand_colour.lower() != BRAND
    page = client.get("/kungalv/statistik/").content.decode()
    charts = [
        base64.b64decode(data).decode().lower()
        for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    ]
    assert charts
    for svg in charts:
        assert f"fill: {kungalv.brand_colour.lower()}" in svg and BRAND not in svg
