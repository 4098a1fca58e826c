"""People: the coordination group (who represents which department, and which
departments have gone quiet), and user administration for administrators."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.accounts.models import Membership, Role
from projektdatabas.core.models import log_action
from projektdatabas.organisations.models import Department, Municipality

from ..access import refuse, staff_view
from ..user_forms import MembershipFormSet, NewUserForm, UserDetailsForm

# The strategy's rhythm is the half-year report: a department whose projects have not
# moved in one has nothing new to report.
STALE_AFTER = dt.timedelta(days=183)


@require_safe
@staff_view
def coordination_group(request):
    allowed = perms.can_oversee(request.user)
    if not allowed:
        return refuse(request, allowed)
    municipalities = {m.municipality_id for m in perms.memberships(request.user)}
    stale_before = timezone.now() - STALE_AFTER
    departments = (
        Department.objects.filter(municipality_id__in=municipalities, is_active=True)
        .annotate(
            last_update=Max("projects__updated_at", filter=Q(projects__archived_at__isnull=True))
        )
        .order_by("name")
    )
    reps = {}
    for membership in (
        Membership.objects.active()
        .filter(role=Role.DEPARTMENT_REP, department__in=departments)
        .select_related("user")
    ):
        reps.setdefault(membership.department_id, []).append(membership.user)
    rows = [
        {
            "department": department,
            "representatives": reps.get(department.pk, []),
            "last_update": department.last_update,
            "stale": department.last_update is None or department.last_update < stale_before,
        }
        for department in departments
    ]
    return render(
        request,
        "staff/coordination_group.html",
        {
            "rows": rows,
            "stale_rows": [r for r in rows if r["stale"]],
            "stale_days": STALE_AFTER.days,
        },
    )


def _administered_municipalities(user):
    """Where the administrator gives roles: every municipality for a superuser."""
    municipalities = Municipality.objects.order_by("name")
    if user.is_superuser:
        return municipalities
    return municipalities.filter(pk__in=perms.administered_municipality_ids(user))


@require_safe
@staff_view
def user_list(request):
    allowed = perms.can_manage_users(request.user)
    if not allowed:
        return refuse(request, allowed)
    municipalities = _administered_municipalities(request.user)
    # Roles elsewhere are another administrator's business: only these are listed.
    roles_here = Membership.objects.filter(municipality__in=municipalities).select_related(
        "municipality", "department", "committee"
    )
    users = (
        perms.users_managed_by(request.user, get_user_model())
        .prefetch_related(Prefetch("memberships", queryset=roles_here))
        .order_by("-is_active", "last_name", "username")
    )
    return render(
        request,
        "staff/user_list.html",
        {"users": users, "several_municipalities": len(municipalities) > 1},
    )


@require_http_methods(["GET", "POST"])
@staff_view
def user_create(request):
    allowed = perms.can_manage_users(request.user)
    if not allowed:
        return refuse(request, allowed)
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        log_action(actor=request.user, action="user.created", target=user)
        messages.success(request, _("The account is created. Now give it a role."))
        return redirect("staff:user_edit", pk=user.pk)
    return render(request, "staff/user_form.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
@staff_view
def user_edit(request, pk):
    allowed = perms.can_manage_users(request.user)
    if not allowed:
        return refuse(request, allowed)
    account = get_object_or_404(get_user_model(), pk=pk)
    allowed = perms.can_manage_user(request.user, account)
    if not allowed:
        return refuse(request, allowed)
    municipalities = _administered_municipalities(request.user)
    data = request.POST or None
    form = UserDetailsForm(data, instance=account)
    formset = MembershipFormSet(
        data,
        instance=account,
        queryset=Membership.objects.filter(municipality__in=municipalities),
        form_kwargs={"municipalities": municipalities},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        form.save()
        formset.save()
        log_action(actor=request.user, action="user.changed", target=account)
        messages.success(request, _("Saved."))
        return redirect("staff:users")
    return render(
        request, "staff/user_form.html", {"form": form, "formset": formset, "account": account}
    )
