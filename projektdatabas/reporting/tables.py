"""Statistics tables as pages and as CSV: shared by the public and the staff views."""

from django.http import Http404, HttpResponse

from projektdatabas.core.spreadsheets import csv_writer

from .charts import bar_chart
from .statistics import Table


def with_charts(tables: list[Table]) -> list[tuple[Table, object]]:
    """Each table with a bar chart of its second column, where one label has one value
    (the twin-town table has two labels a row, and stays a table)."""
    charted = []
    for table in tables:
        chart = None
        if table.rows and table.slug != "vanortsutbyten":
            labels = [str(row[0]) for row in table.rows]
            values = [int(row[1]) for row in table.rows]
            chart = bar_chart(table.title, labels, values, table.columns[1])
        charted.append((table, chart))
    return charted


def csv_response(tables: list[Table], slug: str) -> HttpResponse:
    table = next((t for t in tables if t.slug == slug), None)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    writer = csv_writer(response)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return response
