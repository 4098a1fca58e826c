"""What the public may know about a project, in one place, for the public list's JSON, the
feeds and the API (api/). It lived in public/exports.py until the API needed it too.

Internal descriptions, contact persons and non-public links are never read here."""

from django.urls import reverse


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
