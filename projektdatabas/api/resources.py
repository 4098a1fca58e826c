"""Twin towns with their timelines, partner organisations (those with a public page),
the action plan's measures (plans past their draft, as /handlingsplan/ shows them), public
news and the statistics tables: each a list with the same paging, and one item where the
site has a page for it."""

from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.utils import translation
from ninja import Query, Router

from projektdatabas.news.models import NewsItem
from projektdatabas.organisations.models import TwinningEvent
from projektdatabas.planning.models import ActionPlan, Measure, PlanStatus
from projektdatabas.projects.models import Project, ProjectPartner
from projektdatabas.projects.visibility import public_organisations
from projektdatabas.reporting.definitions import Scope
from projektdatabas.reporting.statistics import key_figures, key_figures_table, statistics

from . import schemas
from .common import both_languages, municipality, page_address
from .paging import PageParams, page_of

router = Router()


# --- twin towns -----------------------------------------------------------------------------
def _twin_town(request, twinning) -> dict:
    partner = twinning.partner
    return {
        "slug": twinning.slug,
        "name": partner.name,
        "country": partner.country.code,
        "organisation_id": partner.pk,
        "status": twinning.status,
        "first_contact": twinning.first_contact,
        "agreement_signed": twinning.agreement_signed,
        "ended": twinning.ended,
        "history": both_languages(twinning, "history"),
        "url": page_address(request, "public:twinning", twinning.slug),
        "events": [
            {
                "date": event.date,
                "precision": event.precision,
                "kind": event.kind,
                "title": both_languages(event, "title"),
                "description": both_languages(event, "description"),
            }
            for event in twinning.events.all()
        ],
    }


def _twinnings():
    events = Prefetch("events", TwinningEvent.objects.order_by("date", "id"))
    return (
        municipality()
        .twinnings.select_related("partner")
        .prefetch_related(events)
        .order_by("slug", "id")
    )


@router.get(
    "/vanorter",
    response=schemas.TwinTownPage,
    url_name="twin_towns",
    tags=["vänorter"],
    summary="Vänorter / Twin towns",
    description="The twin towns, each with its timeline (the events of the twin-town page).",
)
def twin_town_list(request, paging: Query[PageParams]):
    page = page_of(request, _twinnings(), paging)
    return page | {"results": [_twin_town(request, t) for t in page["results"]]}


@router.get(
    "/vanorter/{slug}",
    response=schemas.TwinTown,
    url_name="twin_town",
    tags=["vänorter"],
    summary="En vänort / One twin town",
    description="One twin town by its short name, as in /vanorter/<slug>/; 404 for others.",
)
def twin_town_detail(request, slug: str):
    twinning = _twinnings().filter(slug=slug).first()
    if twinning is None:
        raise Http404
    return _twin_town(request, twinning)


# --- partner organisations ------------------------------------------------------------------
def _organisations(request, organisations) -> list[dict]:
    public_projects = Project.objects.for_municipality(municipality()).public()
    links = ProjectPartner.objects.filter(
        organisation__in=[o.pk for o in organisations], project__in=public_projects
    ).order_by("project_id")
    project_ids = {}
    for organisation_id, project_id in links.values_list("organisation_id", "project_id"):
        project_ids.setdefault(organisation_id, []).append(project_id)
    return [
        {
            "id": o.pk,
            "name": o.name,
            "kind": o.kind,
            "country": o.country.code,
            "town": o.town,
            "website": o.website,
            "description": both_languages(o, "description"),
            "url": page_address(request, "public:organisation", o.pk),
            "project_ids": project_ids.get(o.pk, []),
        }
        for o in organisations
    ]


@router.get(
    "/organisationer",
    response=schemas.OrganisationPage,
    url_name="organisations",
    tags=["organisationer"],
    summary="Partnerorganisationer / Partner organisations",
    description="Organisations with a public page: partners in published projects, and the "
    "twin towns.",
)
def organisation_list(request, paging: Query[PageParams]):
    organisations = public_organisations(municipality()).order_by("name", "id")
    page = page_of(request, organisations, paging)
    return page | {"results": _organisations(request, page["results"])}


@router.get(
    "/organisationer/{organisation_id}",
    response=schemas.Organisation,
    url_name="organisation",
    tags=["organisationer"],
    summary="En organisation / One organisation",
    description="One organisation with a public page; 404 for any other id.",
)
def organisation_detail(request, organisation_id: int):
    organisation = public_organisations(municipality()).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return _organisations(request, [organisation])[0]


# --- the action plan's measures -------------------------------------------------------------
@router.get(
    "/atgarder",
    response=schemas.MeasurePage,
    url_name="measures",
    tags=["handlingsplan"],
    summary="Handlingsplanens åtgärder / The action plan's measures",
    description="The measures of every action plan past its draft (as /handlingsplan/ shows "
    "them), the newest plan first; who is responsible is given as a department, never a "
    "person.",
)
def measure_list(request, paging: Query[PageParams]):
    site = municipality()
    plans = ActionPlan.objects.for_municipality(site).exclude(status=PlanStatus.DRAFT)
    public_projects = Project.objects.for_municipality(site).public().order_by("id")
    measures = (
        Measure.objects.filter(plan__in=plans)
        .select_related("plan", "orientation", "responsible_department")
        .prefetch_related(Prefetch("projects", public_projects))
        .order_by("-plan__starts_on", "plan_id", "number", "id")
    )
    page = page_of(request, measures, paging)
    return page | {
        "results": [
            {
                "id": m.pk,
                "plan": m.plan.title,
                "plan_period": [m.plan.starts_on, m.plan.ends_on],
                "number": m.number,
                "orientation": m.orientation.name_sv,
                "description": both_languages(m, "description"),
                "responsible_department": getattr(m.responsible_department, "name", None),
                "starts_on": m.starts_on,
                "deadline": m.deadline,
                "indicator": m.indicator,
                "target_value": m.target_value,
                "status": m.status,
                "progress": m.progress,
                "project_ids": [p.pk for p in m.projects.all()],
                "updated_at": m.updated_at,
            }
            for m in page["results"]
        ]
    }


# --- news -----------------------------------------------------------------------------------
@router.get(
    "/nyheter",
    response=schemas.NewsPage,
    url_name="news",
    tags=["nyheter"],
    summary="Nyheter / News",
    description="Published public news, newest first (internal items never appear).",
)
def news_list(request, paging: Query[PageParams]):
    public_projects = Project.objects.public().order_by("id")
    items = (
        NewsItem.objects.for_municipality(municipality())
        .public()
        .newest_first()
        .prefetch_related(Prefetch("projects", public_projects))
    )
    page = page_of(request, items, paging)
    return page | {
        "results": [
            {
                "id": item.pk,
                "url": page_address(request, "public:news_item", item.pk, item.slug),
                "title": both_languages(item, "title"),
                "body": both_languages(item, "body"),
                "published_at": item.published_at,
                "project_ids": [p.pk for p in item.projects.all()],
            }
            for item in page["results"]
        ]
    }


# --- statistics -----------------------------------------------------------------------------
def _tables(site) -> list[dict]:
    """The public statistics page's tables, key figures first, with headings in both
    languages (row labels such as names and countries as the Swedish page has them)."""
    drawn = {}
    for language in ("sv", "en"):
        with translation.override(language):
            scope = Scope(site, public=True)
            drawn[language] = [
                key_figures_table(key_figures(scope)),
                *statistics(site, public=True),
            ]
    tables = []
    for sv, en in zip(drawn["sv"], drawn["en"], strict=True):
        tables.append(
            {
                "slug": sv.slug,
                "title": {"sv": sv.title, "en": en.title},
                "explanation": {"sv": sv.explanation, "en": en.explanation},
                "columns": [
                    {"sv": a, "en": b} for a, b in zip(sv.columns, en.columns, strict=True)
                ],
                "rows": [[_plain(cell) for cell in row] for row in sv.rows],
            }
        )
    return tables


def _plain(cell):
    return float(cell) if isinstance(cell, Decimal) else cell


@router.get(
    "/statistik",
    response=schemas.StatisticsPage,
    url_name="statistics",
    tags=["statistik"],
    summary="Statistik / Statistics",
    description="The tables of /statistik/ (public projects only), key figures first; the "
    "same numbers as the page's CSV files.",
)
def statistics_list(request, paging: Query[PageParams]):
    return page_of(request, _tables(municipality()), paging)
