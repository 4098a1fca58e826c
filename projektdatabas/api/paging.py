"""Pages of a list, as the Swedish REST API profile asks (FNS.07-09): `limit` (20 unless
asked, at most 100) and `page` from 1, with an exact total and links to the next and
previous pages that keep every other parameter."""

from ninja import Field, Schema

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Sidnummer, från 1. / Page, from 1.")
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"Träffar per sida, högst {MAX_LIMIT}. / Hits per page, at most {MAX_LIMIT}.",
    )


def page_links(request, *, page: int, limit: int, total: int) -> dict:
    """The envelope's fields other than `results`."""
    pages = max(1, -(-total // limit))

    def link(number):
        query = request.GET.copy()
        query["page"] = str(number)
        query["limit"] = str(limit)
        return request.build_absolute_uri(request.path) + "?" + query.urlencode()

    return {
        "count": total,
        "page": page,
        "limit": limit,
        "pages": pages,
        "next": link(page + 1) if page < pages else None,
        # Past the end, `prev` leads back to the last page.
        "prev": link(min(page - 1, pages)) if page > 1 else None,
    }


def page_of(request, items, params: PageParams, *, total: int | None = None) -> dict:
    """One page of a queryset or list; `total` when the caller knows it already."""
    start = (params.page - 1) * params.limit
    if total is None:
        total = (
            items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
        )
    envelope = page_links(request, page=params.page, limit=params.limit, total=total)
    return envelope | {"results": list(items[start : start + params.limit])}
