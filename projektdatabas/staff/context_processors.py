"""The staff menu shows only the pages the signed-in user may open; the idle warning
knows when to show."""

from django.conf import settings

from projektdatabas.accounts import permissions as perms
from projektdatabas.euprojects.permissions import can_find_partners
from projektdatabas.groups.permissions import can_view_groups


def staff_menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or "/intern/" not in request.path:
        return {}
    return {
        "menu": {
            "decisions": perms.can_oversee(user) or perms.can_record_any_decision(user),
            "compliance": perms.can_view_compliance(user),
            "coordination_group": perms.can_oversee(user),
            # The groups' pages: the coordinator, readers and the groups' own members.
            "groups": can_view_groups(user),
            "users": perms.can_manage_users(user),
            "money": perms.can_view_money(user),
            # Partners in EU projects, under "Omvärld".
            "eu_partners": can_find_partners(user),
        }
    }


def idle_warning(request):
    """For staff/idle.js: the idle limit, and how long before it the warning shows."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or "/intern/" not in request.path:
        return {}
    idle_seconds = settings.STAFF_IDLE_MINUTES * 60
    warn_seconds = min(120, idle_seconds // 2)  # WCAG 2.2.1 asks for at least 20 seconds
    return {
        "idle_warning": {
            "idle_seconds": idle_seconds,
            "warn_seconds": warn_seconds,
            "warn_minutes": max(1, warn_seconds // 60),
        }
    }
