import copy
import re
from urllib.parse import urlencode

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from projektdatabas.core.colours import tint
from projektdatabas.core.kept import kept
from projektdatabas.core.spreadsheets import spreadsheet_response
from projektdatabas.euprojects.ranking import projects_of_partner
from projektdatabas.finance.project_page import (
    public_project_page,
    with_public_relations,
)
from projektdatabas.news.models import NewsItem
from projektdatabas.organisations import sites
from projektdatabas.organisations.models import Municipality
from projektdatabas.participation import retention as interest_retention
from projektdatabas.projects.models import Project
from projektdatabas.projects.public_data import public_project_data
from projektdatabas.projects.search_form import ProjectSearchForm
from projektdatabas.projects.visibility import public_organisations
from projektdatabas.reporting.definitions import OVERVIEW
from projektdatabas.reporting.tallies import newest_public_projects, public_figures
from projektdatabas.subscriptions.models import Subscription

from .caching import public_page
from .exports import COLUMNS, project_rows
from .hits import prepare_hits
from .listing import ProjectListing, url_with
from .models import DIGG_COMPLAINT_URL, AccessibilityStatement, software_known_gaps
from .named_filters import filters_named


def latest_news_about(request, obj, count: int = 3):
    """The newest public news linked to a project, a twin town or an organisation."""
    if isinstance(obj, Project) and obj.pk not in kept("projects with news", _projects_with_news):
        # Few projects have news: at a million projects this query was a tenth of a
        # first-time project page, and it almost always found nothing.
        return []
    return (
        NewsItem.objects.for_municipality(site_municipality(request))
        .public()
        .about(obj)
        .newest_first()[:count]
    )


def site_municipality(request) -> Municipality:
    """The municipality this site shows: the one whose /<slug>/ or host the address names
    (public/sites.py), else SITE_MUNICIPALITY; looked up once per request."""
    if not hasattr(request, "_site_municipality"):
        slug = sites.current_slug()
        found = kept(("site municipality", slug), lambda: _municipality(slug))
        if found is None:
            raise Http404
        # A copy: a view may set attributes on its own, which no other request should see.
        request._site_municipality = copy.copy(found)
    return request._site_municipality


def _municipality(slug: str) -> Municipality | None:
    return Municipality.objects.select_related("region").filter(slug=slug).first()


def _projects_with_news() -> frozenset[int]:
    """The projects that any news item (public or not, of any municipality) is linked to."""
    links = NewsItem.projects.through.objects.values_list("project_id", flat=True)
    return frozenset(links.distinct())


# The start page's figures, from the statistics page's definitions.
HOME_FIGURES = (
    "projects",
    "ongoing_today",
    "partner_countries",
    "eu_granted_sek",
    "eu_received_sek",
)


def _public_projects(request):
    return Project.objects.for_municipality(site_municipality(request)).public()


@require_safe
@public_page
def home(request):
    municipality = site_municipality(request)
    # Kept counted (reporting/tallies.py): counted on each rendering, a million projects
    # took 4.5 s, and sorting them for the newest six 3.4 s more.
    figures = public_figures(municipality)
    return render(
        request,
        "public/home.html",
        {
            "municipality": municipality,
            "figures": [(d, figures[d.key]) for d in OVERVIEW if d.key in HOME_FIGURES],
            "latest_projects": newest_public_projects(municipality, 6),
            "twinnings": municipality.twinnings.select_related("partner"),
        },
    )


@require_safe
@public_page
def project_list(request, format="html"):
    listing = ProjectListing(municipality=site_municipality(request), params=request.GET)
    base_url = request.build_absolute_uri("/")[:-1]
    if format in ("csv", "xlsx"):
        return spreadsheet_response(
            format,
            filename="projekt",
            title=_("Projects"),
            columns=COLUMNS,
            rows=project_rows(with_public_relations(listing.ordered()), base_url=base_url),
        )
    page = listing.page()
    if format == "json":
        projects = with_public_relations(Project.objects.filter(pk__in=[p.pk for p in page]))
        by_id = {p.pk: p for p in projects}
        return JsonResponse(
            {
                "count": page.paginator.count,  # exact: every hit is counted
                "page": page.number,
                "pages": page.paginator.num_pages,
                "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
                "previous": (
                    _page_url(request, page.previous_page_number()) if page.has_previous() else None
                ),
                "results": [public_project_data(by_id[p.pk], base_url=base_url) for p in page],
            },
            json_dumps_params={"ensure_ascii": False},
        )
    prepare_hits(page, listing.query, project_address())
    empty = page.paginator.count == 0
    return render(
        request,
        "public/project_list.html",
        {
            "municipality": site_municipality(request),
            "listing": listing,
            "page": page,
            "facets": listing.facets() if not empty else [],
            "active_filters": listing.active_filters(with_counts=empty),
            "named_filters": filters_named(
                listing.search, listing.params, ProjectSearchForm.FILTERS
            ),
            "csv_url": _export_url(request, "csv"),
            "xlsx_url": _export_url(request, "xlsx"),
            "json_url": _export_url(request, "json"),
            "clear_url": "?" + urlencode({"q": listing.data["q"]})
            if listing.data.get("q")
            else "?",
        },
    )


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def project_address():
    """reverse("public:project", args=(p.pk, p.slug)) for a page's hits, reversed once a
    page: its path ends in "<pk>-<slug>/" (public/urls.py), and a slug the pattern takes
    is written as it is (reversing twenty times was a seventh of drawing the hits)."""
    stand_in = reverse("public:project", args=(1, "x"))
    if not stand_in.endswith("/1-x/"):
        return lambda p: reverse("public:project", args=(p.pk, p.slug))
    head = stand_in[: -len("1-x/")]
    return lambda p: (
        f"{head}{p.pk}-{p.slug}/"
        if _SLUG.fullmatch(p.slug)
        else reverse("public:project", args=(p.pk, p.slug))
    )


def _page_url(request, number) -> str:
    return request.build_absolute_uri(request.path) + url_with(request.GET, sida=number)


def _export_url(request, extension) -> str:
    query = request.GET.copy()
    query.pop("sida", None)
    encoded = query.urlencode()
    return f"{request.path.rstrip('/')}.{extension}" + (f"?{encoded}" if encoded else "")


@require_safe
@public_page
def project_detail(request, pk, slug):
    context = public_project_page(pk, municipality=site_municipality(request))
    if context is None:
        raise Http404
    project = context["project"]
    if slug != project.slug:
        return redirect("public:project", pk=project.pk, slug=project.slug, permanent=True)
    context["latest_news"] = latest_news_about(request, project)
    return render(request, "public/project_detail.html", context)


@require_safe
@public_page
def twinning_list(request):
    municipality = site_municipality(request)
    return render(
        request,
        "public/twinning_list.html",
        {
            "municipality": municipality,
            "twinnings": municipality.twinnings.select_related("partner"),
        },
    )


@require_safe
@public_page
def twinning_detail(request, slug):
    municipality = site_municipality(request)
    twinning = get_object_or_404(municipality.twinnings.select_related("partner"), slug=slug)
    exchanges = (
        _public_projects(request)
        .filter(partnerships__organisation=twinning.partner)
        .order_by("-start_date", "-id")
    )
    return render(
        request,
        "public/twinning_detail.html",
        {
            "municipality": municipality,
            "twinning": twinning,
            "events": twinning.events.order_by("date", "id"),
            "exchanges": exchanges,
            "latest_news": latest_news_about(request, twinning),
        },
    )


@require_safe
@public_page
def organisation_detail(request, pk):
    # Organisations with nothing public have no public page.
    organisation = get_object_or_404(public_organisations(site_municipality(request)), pk=pk)
    projects = (
        _public_projects(request)
        .filter(partnerships__organisation=organisation)
        .order_by("-start_date", "-id")
    )
    return render(
        request,
        "public/organisation_detail.html",
        {
            "municipality": site_municipality(request),
            "organisation": organisation,
            "projects": projects,
            "latest_news": latest_news_about(request, organisation),
            "twinning": organisation.twinnings.filter(
                municipality=site_municipality(request)
            ).first(),
            # keep.eu and Kohesio are public data; shown once a person has linked them.
            "eu_projects": projects_of_partner(organisation)[:50],
        },
    )


@require_safe
@public_page
def accessibility_statement(request):
    municipality = site_municipality(request)
    statement = AccessibilityStatement.objects.filter(municipality=municipality).first()
    if statement is None:
        # Until staff have written one, show the default statement rather than nothing.
        statement = AccessibilityStatement(
            municipality=municipality,
            assessed_on=timezone.localdate(),
            feedback_email=municipality.coordinator_email or "info@example.se",
            updated_at=timezone.now(),
        )
    return render(
        request,
        "public/accessibility_statement.html",
        {
            "municipality": municipality,
            "responsible": municipality.name,
            "statement": statement,
            "software_gaps": software_known_gaps(),
            "digg_url": DIGG_COMPLAINT_URL,
        },
    )


@require_safe
@public_page
def privacy_notice(request):
    municipality = site_municipality(request)
    return render(
        request,
        "public/privacy.html",
        {
            "municipality": municipality,
            "controller": municipality.committees.filter(is_executive_board=True).first(),
            # One source for the notice and the daily job that removes registrations.
            "interest_retention": interest_retention,
            "unconfirmed_days": Subscription.CONFIRM_WITHIN.days,
        },
    )


@require_safe
@public_page
def api_docs(request):
    """The API's documentation for people; programs read /api/v1/openapi.json."""
    return render(
        request,
        "public/api_docs.html",
        {
            "municipality": site_municipality(request),
            "api_root": request.build_absolute_uri(reverse("api-v1:root")),
        },
    )


@require_safe
@public_page
def brand_css(request):
    """The municipality's colour, and the light tint derived from it, as a stylesheet: the CSP
    forbids inline styles. Municipality.brand_colour is checked against both."""
    colour = site_municipality(request).brand_colour
    css = f":root {{ --brand: {colour}; --brand-light: {tint(colour)}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")
