"""The hourly rate per year that values own staff time given in hours only. Saving a rate
values again the staff-time lines it concerns, and the page says how many."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.finance import services
from projektdatabas.finance.models import Funding, FundingSource, StaffTimeRate

from ...access import staff_view
from ...history import timeline
from ...money_forms import StaffTimeRateForm
from ...submitting import submit_to_service
from .shared import coordinated_municipality, form_page, money_view

# A rate for every year adds up; the latest changes are what is looked for.
HISTORY_SHOWN = 30

RATE_INTRO = gettext_lazy(
    "Own staff time given in hours without an amount is valued at the hourly rate of the "
    "year the project starts (or, with no start date, the year it was registered)."
)


@require_safe
@staff_view
@money_view
def rate_list(request):
    ids = perms.money_municipality_ids(request.user)
    rates = (
        StaffTimeRate.objects.filter(municipality_id__in=ids)
        .annotate(lines=Count("fundings"))
        .order_by("-year")  # a grouped query ignores Meta.ordering
    )
    unvalued = Funding.objects.filter(
        project__municipality_id__in=ids,
        source=FundingSource.MUNICIPAL_STAFF_TIME,
        amount_sek__isnull=True,
    ).count()
    entries = timeline(
        (
            StaffTimeRate.history.filter(municipality_id__in=ids),
            StaffTimeRate,
            lambda r: _("Hourly rate %(year)s") % {"year": r.year},
        )
    )
    return render(
        request,
        "staff/money_rates.html",
        {
            "rates": rates,
            "unvalued": unvalued,
            "can_manage": perms.can_manage_money(request.user),
            "entries": entries[:HISTORY_SHOWN],
            "history_cut": len(entries) > HISTORY_SHOWN,
        },
    )


def _rate_saved(request, rate, changed: int):
    if changed:
        messages.success(
            request,
            ngettext(
                "The hourly rate for %(year)s is saved; %(n)d staff-time line was valued again.",
                "The hourly rate for %(year)s is saved; %(n)d staff-time lines were valued again.",
                changed,
            )
            % {"year": rate.year, "n": changed},
        )
    else:
        messages.success(request, _("The hourly rate for %(year)s is saved.") % {"year": rate.year})
    return redirect("staff:staff_time_rates")


def _rate_page(request, rate):
    """The form for a new rate or a change to one; saved, it says how many staff-time lines
    it valued again."""
    form = StaffTimeRateForm(request.POST or None, instance=rate)
    saved = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_staff_time_rate(
            rate=form.save(commit=False), actor=request.user
        ),
    )
    if saved:
        return _rate_saved(request, *saved)
    if rate.pk is None:
        title = _("New hourly rate")
    else:
        title = _("Change the hourly rate for %(year)s") % {"year": rate.year}
    return form_page(
        request,
        form,
        title=title,
        back_url=reverse("staff:staff_time_rates"),
        back_label=_("Hourly rates"),
        intro=RATE_INTRO,
    )


@require_http_methods(["GET", "POST"])
@staff_view
def rate_create(request):
    perms.require(perms.can_manage_money(request.user))
    rate = StaffTimeRate(municipality_id=coordinated_municipality(request.user))
    return _rate_page(request, rate)


@require_http_methods(["GET", "POST"])
@staff_view
@money_view
def rate_edit(request, pk):
    rate = get_object_or_404(
        StaffTimeRate.objects.filter(
            municipality_id__in=perms.money_municipality_ids(request.user)
        ),
        pk=pk,
    )
    perms.require(perms.can_manage_money(request.user, rate.municipality_id))
    return _rate_page(request, rate)
