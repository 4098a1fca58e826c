"""The staff menu shows only the pages the signed-in user may open."""

from projektdatabas.accounts import permissions as perms


def staff_menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or "/intern/" not in request.path:
        return {}
    return {
        "menu": {
            "decisions": perms.can_oversee(user) or perms.can_record_any_decision(user),
            "compliance": perms.can_view_compliance(user),
            "coordination_group": perms.can_oversee(user),
            "users": perms.can_manage_users(user),
            "money": perms.can_view_money(user),
        }
    }
