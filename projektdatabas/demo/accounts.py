"""Creates the demo accounts, delegation order and action plan (see people.py). Idempotent."""

import base64
import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from projektdatabas.accounts.models import Membership, Role
from projektdatabas.governance.models import Delegation
from projektdatabas.organisations.models import Committee, Department, Municipality, Region
from projektdatabas.planning.models import ActionPlan, Measure, PlanStatus
from projektdatabas.strategy.models import Orientation, Strategy

from .people import (
    DELEGATIONS,
    DELEGATIONS_VALID_FROM,
    DEMO_ADMIN_TOTP_KEY,
    DEMO_PASSWORD,
    DEMO_USERS,
    EXAMPLE_MEASURES,
    EXAMPLE_PLAN,
    EXAMPLE_PROGRESS_NOTES,
)


def load_people(*, municipality) -> None:
    User = get_user_model()
    for username, first, last, role, scope in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            # The administrator also keeps the reference data in Django's admin.
            user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
            user.save()
        scope_fields = {}
        if role == Role.DEPARTMENT_REP:
            scope_fields["department"] = Department.objects.get(
                municipality=municipality, name=scope
            )
        elif role == Role.COMMITTEE_SECRETARY:
            scope_fields["committee"] = Committee.objects.get(
                municipality=municipality, short_name=scope
            )
        Membership.objects.get_or_create(
            user=user, municipality=municipality, role=role, **scope_fields
        )
        if role == Role.ADMINISTRATOR and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(
                user=user,
                name="Demo",
                confirmed=True,
                key=base64.b32decode(DEMO_ADMIN_TOTP_KEY).hex(),
            )


# The neighbours' coordinators and Göteborgsregionen's regional coordinator (demo/region.py
# makes the region and the municipalities): (username, first name, last name, role, slug of
# the municipality, or of the region for the regional coordinator). Same password as above.
REGIONAL_USERS = [
    ("samordnare-kungalv", "Kalle", "Kustsamordnare", Role.COORDINATOR, "kungalv"),
    ("samordnare-lilla-edet", "Lilly", "Älvsamordnare", Role.COORDINATOR, "lilla-edet"),
    ("regionsamordnare", "Regina", "Regionsamordnare", Role.REGIONAL_COORDINATOR, "gr"),
]


def load_regional_people() -> list[tuple]:
    """The accounts of REGIONAL_USERS whose municipality or region is in the database (none
    without the example data); returns those made or found, for the command to print."""
    User = get_user_model()
    loaded = []
    for username, first, last, role, slug in REGIONAL_USERS:
        if role == Role.REGIONAL_COORDINATOR:
            scope = {"region": Region.objects.filter(slug=slug).first()}
        else:
            scope = {"municipality": Municipality.objects.filter(slug=slug).first()}
        if None in scope.values():
            continue
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, role=role, **scope)
        loaded.append((username, first, last, role, str(next(iter(scope.values())))))
    return loaded


def load_delegations(*, municipality) -> None:
    """The example delegation order, before any project: the demo's delegated decisions
    rest on its lines."""
    for short_name, delegate, limit, reference in DELEGATIONS:
        Delegation.objects.get_or_create(
            committee=Committee.objects.get(municipality=municipality, short_name=short_name),
            delegate_title=delegate,
            defaults={
                "max_amount_sek": limit,
                "reference": reference,
                "valid_from": DELEGATIONS_VALID_FROM,
            },
        )


def load_example_plan(*, municipality) -> None:
    strategy = Strategy.objects.filter(municipality=municipality).order_by("-adopted_on").first()
    data = {key: value for key, value in EXAMPLE_PLAN.items() if key != "title"}
    plan, created = ActionPlan.objects.get_or_create(
        strategy=strategy,
        title=EXAMPLE_PLAN["title"],
        defaults={**data, "status": PlanStatus.ADOPTED, "is_example_data": True},
    )
    if not created:
        return  # a demo user may have changed it since
    for number, row in enumerate(EXAMPLE_MEASURES, start=1):
        key, department, deadline, status, progress, indicator, target, text, text_en = row
        area, orientation_number = key
        Measure.objects.create(
            plan=plan,
            number=number,
            orientation=Orientation.objects.get(
                area__strategy=strategy, area__position=area, number=orientation_number
            ),
            responsible_department=Department.objects.get(
                municipality=municipality, name=department
            ),
            deadline=deadline,
            status=status,
            progress=progress,
            indicator=indicator,
            target_value=target,
            description_sv=text,
            description_en=text_en,
            progress_note=EXAMPLE_PROGRESS_NOTES.get(number, ""),
            is_example_data=True,
        )
    # Registered when the plan was adopted, as a coordinator would have done: a report on
    # an earlier half-year reads the measures as they stood then (planning/rollup.py), and
    # would otherwise find none registered yet.
    plan.refresh_from_db(fields=["adopted_on", "starts_on"])  # created from strings
    registered = timezone.make_aware(
        dt.datetime.combine(plan.adopted_on or plan.starts_on, dt.time(9))
    )
    Measure.history.filter(plan_id=plan.pk, history_type="+").update(history_date=registered)
