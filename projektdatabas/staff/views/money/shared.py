"""What the money pages share: who may see them, how a posted form reaches its service,
and the one form page."""

from functools import wraps

from django.shortcuts import render
from django.utils.translation import gettext as _

from projektdatabas.accounts import permissions as perms


def money_view(view):
    """For those who may see the money pages (the coordinator and readers); anyone else
    is told why. A page that creates a record asks `can_manage_money` alone, whose reason
    names the coordinator."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        perms.require(perms.can_view_money(request.user))
        return view(request, *args, **kwargs)

    return wrapper


def coordinated_municipality(user):
    ids = perms.coordinated_municipality_ids(user)
    return min(ids) if ids else None


def form_page(request, form, *, title, back_url, back_label, intro="", button=None):
    return render(
        request,
        "staff/money_form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "back_label": back_label,
            "intro": intro,
            "button": button or _("Save"),
        },
    )
