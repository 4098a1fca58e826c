"""What the public may know about a project, in one place, for JSON, CSV and feeds.

Internal descriptions, contact persons and non-public links are never read here."""

import io

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from projektdatabas.core.i18n import localized
from projektdatabas.core.spreadsheets import csv_writer


def project_url(project) -> str:
    return reverse("public:project", args=[project.pk, project.slug])


def public_project_data(project, *, base_url: str = "") -> dict:
    return {
        "id": project.pk,
        "url": base_url + project_url(project),
        "title": {"sv": project.title_sv, "en": project.title_en},
        "summary": {"sv": project.public_summary_sv, "en": project.public_summary_en},
        "results": {"sv": project.results_sv, "en": project.results_en},
        "kind": project.kind,
        "status": project.status,
        "department": project.lead_department.name,
        "municipal_role": project.municipal_role,
        "start_date": project.start_date.isoformat() if project.start_date else None,
        "end_date": project.end_date.isoformat() if project.end_date else None,
        "themes": [t.slug for t in project.themes.all()],
        "programmes": [p.name for p in project.programmes.all()],
        "target_groups": [t.slug for t in project.target_groups.all()],
        "partners": [
            {"name": p.organisation.name, "country": p.organisation.country.code, "role": p.role}
            for p in project.partnerships.all()
        ],
        "countries": sorted({p.organisation.country.code for p in project.partnerships.all()}),
        "orientations": [o.name_sv for o in project.orientations.all()],
        "sdgs": [g.number for g in project.sdgs.all()],
        "participants": project.participants,
        "young_participants": project.young_participants,
        "total_budget_sek": _number(project.total_budget_sek),
        "eu_grant_sek": _number(getattr(project, "eu_grant_sek", None)),
        "links": [{"url": link.url, "label": link.label_sv} for link in project.public_links],
        "is_example_data": project.is_example_data,
        "updated_at": project.updated_at.isoformat(),
    }


def _number(value):
    return None if value is None else float(value)


# Marked for translation here, translated when a file is written.
CSV_COLUMNS = [
    gettext_noop("Title"),
    gettext_noop("Kind"),
    gettext_noop("Status"),
    gettext_noop("Department"),
    gettext_noop("The municipality's role"),
    gettext_noop("Start"),
    gettext_noop("End"),
    gettext_noop("Themes"),
    gettext_noop("Programmes"),
    gettext_noop("Countries"),
    gettext_noop("Partners"),
    gettext_noop("Participants"),
    gettext_noop("Of whom young"),
    gettext_noop("Total budget (SEK)"),
    gettext_noop("EU grant (SEK)"),
    gettext_noop("Summary"),
    gettext_noop("Address"),
    gettext_noop("Example data"),
]


def csv_rows(projects, *, base_url: str):
    """Readable labels in the active language; semicolons and a BOM so that Excel with
    Swedish settings opens it in columns with å, ä and ö intact (and no cell a formula)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)

    def flush():
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow([_(column) for column in CSV_COLUMNS])
    yield flush()
    for project in projects.iterator(chunk_size=500):
        partners = list(project.partnerships.all())
        writer.writerow(
            [
                localized(project, "title"),
                project.get_kind_display(),
                project.get_status_display(),
                project.lead_department.name,
                project.get_municipal_role_display(),
                project.start_date or "",
                project.end_date or "",
                ", ".join(localized(t, "name") for t in project.themes.all()),
                ", ".join(p.name for p in project.programmes.all()),
                ", ".join(sorted({str(p.organisation.country.name) for p in partners})),
                ", ".join(p.organisation.name for p in partners),
                project.participants or "",
                project.young_participants or "",
                _krona(project.total_budget_sek),
                _krona(getattr(project, "eu_grant_sek", None)),
                localized(project, "public_summary"),
                base_url + project_url(project),
                _("yes") if project.is_example_data else "",
            ]
        )
        yield flush()


def _krona(value):
    return "" if value is None else int(round(value))  # a number stays a number
