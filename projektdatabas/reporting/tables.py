"""Statistics as pages, CSV and JSON: shared by the public and the staff views."""

from django.http import Http404, HttpResponse, JsonResponse

from projektdatabas.core.spreadsheets import csv_writer

from .charts import bar_chart
from .definitions import ALLOCATIONS, EU_PER_YEAR, OVERVIEW, Scope
from .statistics import Table, key_figures, key_figures_table, statistics


def with_charts(tables: list[Table]) -> list[tuple[Table, object]]:
    """Each table with a bar chart of its second column, where one label has one value
    (the twin-town table has two labels a row, and stays a table)."""
    charted = []
    for table in tables:
        chart = None
        if table.rows and table.chart:
            labels = [str(row[0]) for row in table.rows]
            values = [int(row[1]) for row in table.rows]
            chart = bar_chart(table.title, labels, values, table.columns[1])
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
        "tables": with_charts(statistics(municipality, public=public)),
        "definitions": definitions,
    }


def csv_response(municipality, slug: str, *, public: bool) -> HttpResponse:
    if slug == "nyckeltal":
        table = key_figures_table(key_figures(Scope(municipality, public=public)))
    else:
        tables = statistics(municipality, public=public)
        table = next((t for t in tables if t.slug == slug), None)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    writer = csv_writer(response)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return response


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
