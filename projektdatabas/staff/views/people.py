"""People: the coordination group (who represents which department, and which
departments have gone quiet), and user administration for administrators."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.accounts.models import Membership, Role
from projektdatabas.accounts.services import (
    create_user,
    deactivate_user,
    reactivate_user,
    save_user,
)
from projektdatabas.organisations.models import Department, Municipality

from ..access import staff_view
from ..forms import add_service_errors
from ..submitting import submit_to_service
from ..user_forms import MembershipFormSet, NewUserForm, UserDetailsForm

# The strategy's rhythm is the half-year report: a department whose projects have not
# moved in one has nothing new to report.
STALE_AFTER = dt.timedelta(days=183)


@require_safe
@staff_view
def coordination_group(request):
    perms.require(perms.can_oversee(request.user))
    # A regional coordinator: the departments of every municipality of the region.
    municipalities = perms.readable_municipality_ids(request.user)
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
    perms.require(perms.can_manage_users(request.user))
    municipalities = _administered_municipalities(request.user)
    # Roles elsewhere are another administrator's business: only these are listed.
    here = Q(municipality__in=municipalities)
    if perms.can_give_regional_role(request.user):
        here |= Q(region__isnull=False)
    roles_here = Membership.objects.filter(here).select_related(
        "municipality", "region", "department", "committee"
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
    perms.require(perms.can_manage_users(request.user))
    form = NewUserForm(request.POST or None)
    user = submit_to_service(
        request=request,
        form=form,
        service=lambda: create_user(account=form.save(commit=False), actor=request.user),
    )
    if user:
        messages.success(request, _("The account is created. Now give it a role."))
        return redirect("staff:user_edit", pk=user.pk)
    return render(request, "staff/user_form.html", {"form": form, "creating": True})


def _account(request, pk):
    account = get_object_or_404(get_user_model(), pk=pk)
    perms.require(perms.can_manage_user(request.user, account))
    return account


@require_http_methods(["GET", "POST"])
@staff_view
def user_edit(request, pk):
    perms.require(perms.can_manage_users(request.user))
    account = _account(request, pk)
    municipalities = _administered_municipalities(request.user)
    data = request.POST or None
    form = UserDetailsForm(data, instance=account)
    # A superuser also gives and withdraws regional coordinators' roles (held for a region).
    regional = perms.can_give_regional_role(request.user).allowed
    shown = Q(municipality__in=municipalities)
    if regional:
        shown |= Q(region__isnull=False)
    formset = MembershipFormSet(
        data,
        instance=account,
        queryset=Membership.objects.filter(shown),
        form_kwargs={
            "municipalities": municipalities,
            "regional": regional,
            "home": perms.municipality_of(request.user),
        },
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        roles = formset.save(commit=False)  # nothing is written until the service runs
        try:
            save_user(
                account=form.instance,
                roles=roles,
                withdrawn=formset.deleted_objects,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("staff:users")
    return render(
        request, "staff/user_form.html", {"form": form, "formset": formset, "account": account}
    )


@require_POST
@staff_view
def user_active(request, pk):
    """Deactivating (or reactivating) an account: its own action, with its own button."""
    account = _account(request, pk)
    action = request.POST.get("action")
    if action not in ("deactivate", "reactivate"):
        raise Http404
    service = deactivate_user if action == "deactivate" else reactivate_user
    try:
        service(account=account, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        done = (
            _("The account is deactivated.")
            if action == "deactivate"
            else _("The account is active again.")
        )
        messages.success(request, done)
    return redirect("staff:user_edit", pk=account.pk)
