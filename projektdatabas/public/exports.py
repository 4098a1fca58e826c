"""The public list as CSV and XLSX (its JSON is projects/public_data.py): one description
of the columns, written in either format by core/spreadsheets.

Internal descriptions, contact persons and non-public links are never read here."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projektdatabas.core import money
from projektdatabas.core.i18n import localized
from projektdatabas.core.spreadsheets import AMOUNT, DATE, INTEGER, Column
from projektdatabas.projects.public_data import project_url

# Headings translated when a file is written, in the language of the page it came from.
COLUMNS = [
    Column(gettext_lazy("Title"), width=50),
    Column(gettext_lazy("Kind")),
    Column(gettext_lazy("Status")),
    Column(gettext_lazy("Department"), width=30),
    Column(gettext_lazy("The municipality's role")),
    Column(gettext_lazy("Start"), DATE),
    Column(gettext_lazy("End"), DATE),
    Column(gettext_lazy("Themes"), width=30),
    Column(gettext_lazy("Programmes"), width=30),
    Column(gettext_lazy("Countries"), width=30),
    Column(gettext_lazy("Partners"), width=40),
    Column(gettext_lazy("Participants"), INTEGER),
    Column(gettext_lazy("Of whom young"), INTEGER),
    Column(gettext_lazy("Total budget (SEK)"), AMOUNT),
    Column(gettext_lazy("EU grant (SEK)"), AMOUNT),
    Column(gettext_lazy("Summary"), width=60),
    Column(gettext_lazy("Address"), width=50),
    Column(gettext_lazy("Example data")),
]


def project_rows(projects, *, base_url: str):
    """One row per project, readable labels in the active language, a chunk of projects
    from the database at a time."""
    for project in projects.iterator(chunk_size=500):
        partners = list(project.partnerships.all())
        yield [
            localized(project, "title"),
            project.get_kind_display(),
            project.get_status_display(),
            project.lead_department.name,
            project.get_municipal_role_display(),
            project.start_date,
            project.end_date,
            ", ".join(localized(t, "name") for t in project.themes.all()),
            ", ".join(p.name for p in project.programmes.all()),
            ", ".join(sorted({str(p.organisation.country.name) for p in partners})),
            ", ".join(p.organisation.name for p in partners),
            project.participants or None,
            project.young_participants or None,
            _krona(project.total_budget_sek),
            _krona(getattr(project, "eu_grant_sek", None)),
            localized(project, "public_summary"),
            base_url + project_url(project),
            _("yes") if project.is_example_data else "",
        ]


def _krona(value):
    # A number stays a number; rounded half up, as the pages show it.
    return None if value is None else money.whole(value)
