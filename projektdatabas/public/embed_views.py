"""Pages for the municipality's website to frame (an iframe in Sitevision): a project list
whose filters are the public search's parameters in the address, a twin town's projects and
the latest news. No site header, menus or footer, no JavaScript; the brand colour from
tema.css. Every link opens in the top window (base target="_top" in the template): the
pages it leads to refuse frames, and the visitor's back button should lead back to the
municipality's page. Who may frame them: public/embedding.py."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .caching import public_page
from .embedding import embeddable
from .listing import ProjectListing
from .news_views import public_news
from .views import _public_projects, site_municipality

# How many items a framed list shows unless the address says "antal": a frame has a fixed
# height, so the list stays short and ends with a link to the whole list.
DEFAULT_COUNT = 10
MAX_COUNT = 20


def _count(request) -> int:
    try:
        return min(max(int(request.GET.get("antal", DEFAULT_COUNT)), 1), MAX_COUNT)
    except ValueError:
        return DEFAULT_COUNT


@require_safe
@public_page
@embeddable
def projects(request):
    municipality = site_municipality(request)
    listing = ProjectListing(municipality=municipality, params=request.GET)
    count = _count(request)
    ordered = listing.search.ordered_ids()[:count]
    rows = _public_projects(request).select_related("lead_department").in_bulk(ordered)
    # The same filters on the full list, where the visitor can change them.
    query = listing.params.copy()
    for key in ("antal", "sida"):
        query.pop(key, None)
    return render(
        request,
        "public/embed/projects.html",
        {
            "municipality": municipality,
            "listing": listing,
            "projects": [rows[pk] for pk in ordered if pk in rows],
            "total": listing.search.total,
            "full_list_query": query.urlencode(),
        },
    )


@require_safe
@public_page
@embeddable
def twinning(request, slug):
    municipality = site_municipality(request)
    twinning = get_object_or_404(municipality.twinnings.select_related("partner"), slug=slug)
    exchanges = (
        _public_projects(request)
        .filter(partnerships__organisation=twinning.partner)
        .distinct()
        .order_by("-start_date", "-id")
    )
    count = _count(request)
    return render(
        request,
        "public/embed/twinning.html",
        {
            "municipality": municipality,
            "twinning": twinning,
            "projects": exchanges[:count],
            "total": exchanges.count(),
        },
    )


@require_safe
@public_page
@embeddable
def news(request):
    return render(
        request,
        "public/embed/news.html",
        {
            "municipality": site_municipality(request),
            "items": public_news(request).newest_first()[: _count(request)],
        },
    )
