"""Statistics as pages, CSV, XLSX and JSON: shared by the public and the staff views."""

from django.http import Http404, JsonResponse

from projektdatabas.core.spreadsheets import AMOUNT, Column, spreadsheet_response

from .charts import bar_chart
from .definitions import ALLOCATIONS, EU_PER_YEAR, OVERVIEW, Scope
from .statistics import Table, key_figures, key_figures_table, statistics


def with_charts(tables: list[Table], colour: str) -> list[tuple[Table, object]]:
    """Each table with a bar chart of its second column, where one label has one value
    (the twin-town table has two labels a row, and stays a table)."""
    charted = []
    for table in tables:
        chart = None
        if table.rows and table.chart:
            labels = [str(row[0]) for row in table.rows]
            values = [int(row[1]) for row in table.rows]
            chart = bar_chart(table.title, labels, values, table.columns[1], colour)
        charted.append((table, chart))
    return charted


def statistics_context(municipality, *, public: bool) -> dict:
    """What a statistics page shows: the key figures, the tables with their charts, and the
    definitions of both, for the public site (public projects) or the staff (all)."""
    scope = Scope(municipality, public=public)
    definitions = [*OVERVIEW, EU_PER_YEAR, *([] if public else [ALLOCATIONS])]
    return {
        "scope": scope,
        "key_figures": key_figures(scope),
        "tables": with_charts(statistics(municipality, public=public), municipality.brand_colour),
        "definitions": definitions,
    }


def table_file(municipality, slug: str, *, public: bool, format: str = "csv"):
    """One table (or the key figures) as CSV or XLSX, named by its slug."""
    if slug == "nyckeltal":
        table = key_figures_table(key_figures(Scope(municipality, public=public)))
    else:
        tables = statistics(municipality, public=public)
        table = next((t for t in tables if t.slug == slug), None)
    if table is None:
        raise Http404
    # The label first (a year there is a label, not a number to format), then whole numbers
    # (counts and kronor), shown with thousands separated in the XLSX.
    columns = [Column(table.columns[0], width=40)]
    columns += [Column(heading, AMOUNT) for heading in table.columns[1:]]
    return spreadsheet_response(
        format, filename=slug, title=table.title, columns=columns, rows=table.rows
    )


def key_figures_json(municipality, *, public: bool) -> JsonResponse:
    """The key figures with their labels and definitions in the page's language. Keys and
    units are stable; a versioned API will follow."""
    scope = Scope(municipality, public=public)
    return JsonResponse(
        {
            "municipality": municipality.name,
            "scope": "public" if public else "all",
            "scope_description": scope.description,
            "figures": [
                {
                    "key": d.key,
                    "label": str(d.label),
                    "value": value,
                    "unit": d.unit,
                    "definition": str(d.explanation),
                }
                for d, value in key_figures(scope)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
