"""The regional portal (/region/): one search over every public project of the region's
municipalities, with a "Kommun" filter, each hit linking to the project's page on its own
municipality's site; the region's figures beside each municipality's; and a municipality's
logo for its site's header."""

from functools import partial

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from projektdatabas.core.i18n import localized
from projektdatabas.core.kept import kept
from projektdatabas.news.images import image_response
from projektdatabas.projects.models import ProjectKind, ProjectStatus
from projektdatabas.projects.reference import Theme
from projektdatabas.projects.search import PublicSearch, parse_query
from projektdatabas.projects.search_form import ProjectSearchForm
from projektdatabas.reporting.definitions import OVERVIEW_BY_KEY
from projektdatabas.reporting.regional import REGIONAL_FIGURES, RegionalFigures
from projektdatabas.reporting.tallies import public_figures

from .caching import public_page
from .hits import hits, kept_rows, prepare_hits
from .listing import (
    PAGE_SIZE,
    Facet,
    choice_facet,
    country_facet,
    facet_counts,
    related_facet,
    url_with,
)
from .models import SiteLogo
from .named_filters import filters_named
from .portal_pages import at_the_portals_address, portal_region, portal_sites
from .sites import site_address
from .views import site_municipality

# The portal's filters: those that mean the same in every municipality (a department or an
# orientation belongs to one).
FILTERS = ["kommun", "typ", "status", "tema", "land"]
# The logo's address carries its checksum, so a browser may keep it for a year.
LOGO_MAX_AGE = 365 * 24 * 3600


@require_safe
@public_page
@at_the_portals_address
def portal(request):
    region = portal_region(request)
    municipalities = list(region.municipalities.order_by("name"))
    form = ProjectSearchForm(request.GET, municipalities=municipalities)
    data = form.valid_data()
    params = request.GET.copy()
    for key in list(params):
        if key in form.errors or key in ProjectSearchForm.FILTERS and key not in FILTERS:
            params.pop(key)
    query = parse_query(data.get("q", ""))
    search = PublicSearch(
        municipalities=municipalities,
        query=query,
        filters={k: v for k, v in data.items() if k in FILTERS},
        order=data.get("sortera", ""),
    )
    page = Paginator(search.ordered_ids(), PAGE_SIZE).get_page(data.get("sida", 1))
    page.object_list = hits(page.object_list)
    prepare_hits(
        page,
        query,
        lambda p: site_address(p.municipality, "public:project", p.pk, p.slug, request=request),
        regional=True,
    )
    return render(
        request,
        "public/region.html",
        {
            "region": region,
            "sites": portal_sites(request, municipalities),
            "q": data.get("q", ""),
            "params": params,
            "errors": [
                (form.fields[name].label, error)
                for name, errors in form.errors.items()
                if name in form.fields
                for error in errors
            ],
            "page": page,
            "facets": _facets(search, params, municipalities) if page.paginator.count else [],
            "named_filters": filters_named(search, params, FILTERS),
            "active_filters": [
                (form.fields[key].label, _label(key, data[key]), url_with(params, **{key: None}))
                for key in FILTERS
                if key in data
            ],
            "figures": kept(
                ("region figures", *[m.pk for m in municipalities]),
                partial(_figures, municipalities),
            ),
        },
    )


def _label(key, value) -> str:
    if key == "typ":
        return str(ProjectKind(value).label)
    if key == "status":
        return str(ProjectStatus(value).label)
    if key == "land":
        return str(countries.name(value))
    return localized(value, "name") if key == "tema" else value.name


def _facets(search, params, municipalities) -> list[Facet]:
    counts = facet_counts(search, params)
    return [
        related_facet(
            params,
            counts["kommun"],
            "kommun",
            _("Municipality"),
            {m.pk: m for m in municipalities},
            key_attr="slug",
        ),
        choice_facet(params, counts["typ"], "typ", _("Kind"), ProjectKind, ordered=True),
        choice_facet(params, counts["status"], "status", _("Status"), ProjectStatus, ordered=True),
        related_facet(
            params, counts["tema"], "tema", _("Theme"), kept_rows(Theme.objects.all()), "slug"
        ),
        country_facet(params, counts["land"]),
    ]


def _figures(municipalities) -> RegionalFigures:
    """The region's figures as each municipality's start page shows them: kept counted
    (reporting/tallies.py), read once per content version in each worker (core/kept.py);
    counted from the definitions on each rendering (reporting/regional.py, the same numbers)
    they took 7-13 s at a million projects."""
    definitions = [OVERVIEW_BY_KEY[key] for key in REGIONAL_FIGURES]

    def row(figures):
        return [figures[d.key] for d in definitions]

    return RegionalFigures(
        definitions,
        [(m, row(public_figures(m))) for m in municipalities],
        row(public_figures(municipalities)),
    )


@require_safe
def logo(request, checksum):
    """The site's logo as stored (checked and re-encoded on upload, public/admin.py). Its
    address carries the start of its checksum: a new logo is a new address."""
    logo = get_object_or_404(
        SiteLogo, municipality=site_municipality(request), sha256__startswith=checksum
    )
    return image_response(request, logo, cache_control=f"public, max-age={LOGO_MAX_AGE}")
