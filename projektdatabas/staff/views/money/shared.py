"""What the money pages share: who may see them, how a posted form reaches its service,
and the one form page."""

from functools import wraps

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from projektdatabas.accounts import permissions as perms

from ...access import refuse
from ...forms import add_service_errors


def money_view(view):
    """For those who may see the money pages (the coordinator and readers); anyone else
    is told why. A page that creates a record asks `can_manage_money` alone, whose reason
    names the coordinator."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        allowed = perms.can_view_money(request.user)
        if not allowed:
            return refuse(request, allowed)
        return view(request, *args, **kwargs)

    return wrapper


def coordinated_municipality(user):
    ids = perms.coordinated_municipality_ids(user)
    return min(ids) if ids else None


def submit_to_service(*, request, form, service):
    """Calls `service` once the form is posted and valid, and returns what it returns (the
    money services return what they saved, never None). None means the form is shown
    (again): it was not posted, not valid, or the service refused it, and then the
    service's reasons stand on the form beside what was typed."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return service()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


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
