"""News in the staff pages: the list, writing and editing an item, and its publication
steps. Each write is one service call (news/services.py), which checks who may."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.accounts.models import Role
from projektdatabas.news import services
from projektdatabas.news.images import image_response
from projektdatabas.news.models import NewsItem, NewsStatus

from ..access import staff_view
from ..history import timeline
from ..news_forms import NewsItemForm
from ..shown import several
from ..submitting import carry_stored_version, submit_to_service


def _news_for(request):
    return NewsItem.objects.filter(municipality_id__in=perms.news_municipality_ids(request.user))


@require_safe
@staff_view
def news_list(request):
    items = _news_for(request).select_related("created_by", "municipality")
    status = request.GET.get("status", "")
    if status in NewsStatus.values:
        items = items.filter(status=status)
    else:
        status = ""
        items = items.exclude(status=NewsStatus.ARCHIVED)  # archived: asked for by name
    page = Paginator(items.order_by("-updated_at", "-id"), 50).get_page(request.GET.get("sida"))
    return render(
        request,
        "staff/news_list.html",
        {
            "page": page,
            "status": status,
            "statuses": NewsStatus.choices,
            "can_write": perms.can_write_news(request.user),
            # A regional coordinator reads several municipalities' news: each row names its own.
            "several": several(perms.news_municipality_ids(request.user)),
        },
    )


def _writing_municipality(user):
    """Where a new item belongs: the first municipality the user writes news for."""
    for membership in perms.memberships(user):
        if membership.role in (Role.COORDINATOR, Role.DEPARTMENT_REP):
            return membership.municipality
    return None


def _form_page(request, form, item):
    return render(
        request,
        "staff/news_form.html",
        {
            "form": form,
            "item": item,
            "entries": timeline(
                (NewsItem.history.filter(id=item.pk), NewsItem, lambda r: _("The news item"))
            )
            if item.pk
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def news_create(request):
    perms.require(perms.can_write_news(request.user))
    municipality = _writing_municipality(request.user)
    form = NewsItemForm(request.POST or None, request.FILES or None, municipality=municipality)
    item = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.create_news_item(
            actor=request.user,
            municipality=municipality,
            changes=form.changes(),
            image=form.cleaned_data.get("image"),
        ),
    )
    if item:
        messages.success(request, _("The news item is saved as a draft."))
        return redirect("staff:news_edit", pk=item.pk)
    return _form_page(request, form, NewsItem(municipality=municipality))


@require_http_methods(["GET", "POST"])
@staff_view
def news_edit(request, pk):
    item = get_object_or_404(NewsItem.objects.select_related("image"), pk=pk)
    perms.require(perms.can_write_news(request.user, item.municipality_id))
    form = NewsItemForm(
        request.POST or None, request.FILES or None, instance=item, municipality=item.municipality
    )
    saved = submit_to_service(
        request=request, form=form, service=lambda: _save(request, form, item)
    )
    if saved:
        messages.success(request, _("The news item is saved."))
        return redirect("staff:news_edit", pk=item.pk)
    return _form_page(request, form, item)


def _save(request, form, item):
    try:
        return services.save_news_item(
            item=item,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            changes=form.changes(),
            image=form.cleaned_data.get("image"),
            remove_image=form.cleaned_data.get("remove_image", False),
        )
    except services.NewsEditConflict as conflict:
        carry_stored_version(form, item)
        form.add_error(None, conflict)
        form.add_error(
            None,
            _(
                "What you typed is still in the form below. Open the news item in a new tab "
                "to see what was saved, then save again."
            ),
        )
        return None


@require_safe
@staff_view
def news_image(request, pk):
    """The item's picture for everyone who sees the item in the staff pages, whatever its
    status: the public address serves only published items' pictures. Not kept in shared
    caches, and asked for again each time (a 304 while it is the same picture)."""
    item = get_object_or_404(_news_for(request).select_related("image"), pk=pk, image__isnull=False)
    return image_response(request, item.image, cache_control="private, no-cache")


STATUS_ACTIONS = {
    "publish": (services.publish_news_item, gettext_lazy("Published.")),
    "unpublish": (services.unpublish_news_item, gettext_lazy("Unpublished.")),
    "archive": (services.archive_news_item, gettext_lazy("Archived.")),
    "restore": (services.restore_news_item, gettext_lazy("Restored.")),
}


@require_POST
@staff_view
def news_status(request, pk):
    item = get_object_or_404(NewsItem, pk=pk)
    action = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    service, done = action  # the service checks who may (PermissionDenied, the 403 page)
    try:
        # The version the page was read at; one that is missing never matches (0).
        version = request.POST.get("version", "")
        service(
            item=item, actor=request.user, expected_version=int(version) if version.isdigit() else 0
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("staff:news_edit", pk=pk)
