""" "Anmäl intresse": a resident registers interest in a project or exchange open to them
(projects.Project.takes_interest). Never cached (the form carries a CSRF token and a
time token of its own); what was typed comes back with the errors; a receipt page says what
happens next and repeats nothing of what was sent."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts.addresses import client_address
from projektdatabas.participation import retention
from projektdatabas.participation.services import InterestClosed, register_interest

from .antispam import over_limit
from .interest_forms import InterestForm
from .views import _public_projects, site_municipality

# Registrations one client address may send in an hour: more than a family or an
# association sends, far fewer than a flood. Counted by client address only: no mail goes
# to the address a resident gives, so there is no inbox to flood, and counting e-mail
# addresses would keep personal data the privacy notice does not mention.
PER_ADDRESS = 5
PER_HOUR = dt.timedelta(hours=1)


def _project(request, pk, slug):
    return get_object_or_404(_public_projects(request).select_related("lead_department"), pk=pk)


# never_cache: a page sent back with its errors repeats the resident's name and contact
# details, and every page carries a time token of its own; no browser or proxy keeps a copy.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def interest_form(request, pk, slug):
    project = _project(request, pk, slug)
    if slug != project.slug:
        return redirect("public:project_interest", pk=project.pk, slug=project.slug)
    if not project.takes_interest():
        return _closed(request, project)
    form = InterestForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _too_many(request):
            form.add_error(
                None,
                _(
                    "Many registrations have been sent from here in a short time, so this one "
                    "was not. What you wrote is kept: wait an hour and send it again."
                ),
            )
        else:
            try:
                register_interest(
                    project=project,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    kinds=data["kinds"],
                    message=data["message"],
                )
            except InterestClosed:
                return _closed(request, project)
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {}
                for field, messages in (errors or {None: error.messages}).items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return redirect("public:project_interest_sent", pk=project.pk, slug=project.slug)
    return render(
        request,
        "public/interest_form.html",
        {"project": project, "form": form, "municipality": site_municipality(request)},
    )


def _closed(request, project):
    return render(
        request,
        "public/interest_closed.html",
        {"project": project, "municipality": site_municipality(request)},
    )


def _too_many(request) -> bool:
    return over_limit(
        scope="interest", address=client_address(request), limit=PER_ADDRESS, per=PER_HOUR
    )


@require_safe
def interest_sent(request, pk, slug):
    project = _project(request, pk, slug)
    return render(
        request,
        "public/interest_sent.html",
        {"project": project, "retention": retention, "municipality": site_municipality(request)},
    )
