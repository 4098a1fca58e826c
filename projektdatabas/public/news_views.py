"""News for residents: the list, an item, its image. Only public items that are published;
a draft, an internal, unpublished or archived item is not found (404) at its address."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from projektdatabas.news.images import image_response
from projektdatabas.news.models import NewsImage, NewsItem
from projektdatabas.projects.visibility import public_organisations

from .caching import public_page
from .views import site_municipality

PER_PAGE = 10
# How long a browser or proxy may keep a picture without asking: a stored picture never
# changes (a new upload is a new address), but an unpublished item's picture should not
# linger for long.
IMAGE_MAX_AGE = 3600


def public_news(request):
    return NewsItem.objects.for_municipality(site_municipality(request)).public()


@require_safe
@public_page
def news_list(request):
    items = public_news(request).newest_first().select_related("image")
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "public/news_list.html",
        {"municipality": site_municipality(request), "page": page},
    )


@require_safe
@public_page
def news_detail(request, pk, slug):
    item = get_object_or_404(public_news(request).select_related("image"), pk=pk)
    if slug != item.slug:
        return redirect("public:news_item", pk=item.pk, slug=item.slug, permanent=True)
    twinnings = item.twinnings.filter(municipality=item.municipality).select_related("partner")
    return render(
        request,
        "public/news_detail.html",
        {
            "municipality": site_municipality(request),
            "item": item,
            "projects": item.projects.public().order_by("title_sv"),
            "twinnings": twinnings,
            # A twin town is named once, as the twin town.
            "organisations": item.organisations.exclude(
                pk__in=[t.partner_id for t in twinnings]
            ).order_by("name"),
            # Linked where the organisation has a public page of its own (projects/visibility.py).
            "public_organisation_ids": set(
                public_organisations(item.municipality)
                .filter(news=item)
                .values_list("pk", flat=True)
            ),
        },
    )


@require_safe
def news_image(request, pk):
    """A picture of a public, published item, as stored (checked and re-encoded when it was
    uploaded, news/images.py). Not through the page cache: it is bytes, with its own
    validator, the checksum of those bytes."""
    if not public_news(request).filter(image_id=pk).exists():
        raise Http404
    image = get_object_or_404(NewsImage, pk=pk)
    return image_response(request, image, cache_control=f"public, max-age={IMAGE_MAX_AGE}")
