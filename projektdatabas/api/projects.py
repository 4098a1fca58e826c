"""Projects: the public search's list with its filters and parameter names (a value the
search cannot use is a 400 here, with the search form's message), every hit with an exact
total, and one project."""

from typing import Literal

from django.core.cache import cache
from django.http import Http404, QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from projektdatabas.core import versioning
from projektdatabas.finance.project_page import with_public_relations
from projektdatabas.projects.models import Project, ProjectKind, ProjectStatus
from projektdatabas.projects.public_data import public_project_data
from projektdatabas.projects.search import Order, PublicSearch, parse_query
from projektdatabas.projects.search_form import ProjectSearchForm

from . import schemas
from .common import municipality
from .paging import PageParams, page_links
from .problems import in_visitors_language, problem

router = Router(tags=["projekt"])

Kind = Literal[tuple(ProjectKind.values)]
Status = Literal[tuple(ProjectStatus.values)]
# Every hit is ranked (issue 16), so the API offers the search page's orders, relevance too.
ApiOrder = Literal[Order.RELEVANCE, Order.NEWEST, Order.START, Order.BUDGET]

SEARCH_PARAMETERS = ("q", *ProjectSearchForm.FILTERS)


class ProjectFilters(Schema):
    """Declared here for the OpenAPI document and checked again by the search's own form,
    which knows which themes, partners and departments exist."""

    q: str | None = Field(None, description="Sökord / words")
    typ: Kind | None = Field(None, description="Projekttyp / kind")
    status: Status | None = Field(None, description="Status")
    tema: str | None = Field(None, description="Temats kortnamn / theme's slug")
    program: int | None = Field(None, description="Programmets id / programme id")
    land: str | None = Field(None, description="Partnerland, ISO 3166-1 alfa-2 / country")
    partner: int | None = Field(None, description="Organisationens id / organisation id")
    forvaltning: int | None = Field(None, description="Förvaltningens id / department id")
    malgrupp: str | None = Field(None, description="Målgruppens kortnamn / target group")
    inriktning: int | None = Field(None, description="Inriktningens id / orientation id")
    fran: int | None = Field(None, ge=1950, le=2100, description="Från år / from year")
    till: int | None = Field(None, ge=1950, le=2100, description="Till år / to year")
    sortera: ApiOrder | None = Field(
        None,
        description="relevans (standard med sökord / default with words), "
        "nyast (standard utan / default without), start, budget",
    )

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_absent(cls, value):
        # The search page's form sends the fields left empty (…&fran=&till=); its address
        # moved here must mean the same search, not a 400.
        return None if value == "" else value


def _exact_total(search: PublicSearch, key: str) -> int:
    """Every hit counted. Walking a list asks for it once per page with the same filters:
    it is kept per worker under the content version, so only the first page counts (a
    broad word at a million projects costs about half a second to count on SQLite)."""
    version = versioning.current()
    if version is None:
        return search.results.count()
    # Per municipality: /kungalv/api/v1/ asks the same parameters of other projects.
    searched = ",".join(str(m.pk) for m in search.municipalities)
    key = f"api-v1-total|{version[0]}|{version[1].isoformat()}|{searched}|{key}"
    total = cache.get(key)
    if total is None:
        total = search.results.count()
        cache.set(key, total, 3600)
    return total


@router.get(
    "/projekt",
    response=schemas.ProjectPage,
    url_name="projects",
    summary="Projekt / Projects",
    description="Published projects, filtered as on the search page (/projekt/) with the same "
    "Swedish parameters; every hit, the most relevant first where there are words and the "
    "newest first where there are none unless `sortera` says otherwise, with an exact total. "
    "A value that is not valid answers 400 with the parameter named.",
)
def project_list(request, paging: Query[PageParams], filters: Query[ProjectFilters]):
    site = municipality()
    params = QueryDict(mutable=True)
    for name in SEARCH_PARAMETERS:
        if name in request.GET:
            params[name] = request.GET[name]
    form = ProjectSearchForm(params, municipality=site)
    data = form.valid_data()
    if form.errors:
        with in_visitors_language(request):
            return problem(
                400,
                _("One or more parameters have a value the API cannot use."),
                instance=request.get_full_path(),
                invalid_params=[
                    {"name": name, "reason": " ".join(str(e) for e in errors)}
                    for name, errors in form.errors.items()
                ],
            )
    search = PublicSearch(
        municipality=site,
        query=parse_query(data.get("q", "")),
        filters={k: v for k, v in data.items() if k in ProjectSearchForm.FILTERS},
        order=filters.sortera or "",
    )
    total = _exact_total(search, params.urlencode())
    start = (paging.page - 1) * paging.limit
    # The search's own order, which ranks in the worker's index when it can (ranking every
    # hit in SQL takes seconds for a broad word at a million projects).
    ids = list(search.ordered_ids()[start : start + paging.limit])
    by_id = with_public_relations(Project.objects.filter(pk__in=ids)).in_bulk()
    base_url = request.build_absolute_uri("/")[:-1]
    with translation.override("sv"):
        results = [public_project_data(by_id[pk], base_url=base_url) for pk in ids]
    return page_links(request, page=paging.page, limit=paging.limit, total=total) | {
        "results": results
    }


@router.get(
    "/projekt/{project_id}",
    response=schemas.Project,
    url_name="project",
    summary="Ett projekt / One project",
    description="One published project; 404 for any other id.",
)
def project_detail(request, project_id: int):
    projects = Project.objects.for_municipality(municipality()).public()
    project = with_public_relations(projects).filter(pk=project_id).first()
    if project is None:
        raise Http404
    with translation.override("sv"):
        return public_project_data(project, base_url=request.build_absolute_uri("/")[:-1])
