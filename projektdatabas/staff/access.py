"""How staff views ask the permission functions and answer a refusal."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from projektdatabas.accounts.permissions import can_use_staff_pages


def refuse(request, verdict, *, status: int = 403):
    """A page that says why, instead of a bare error."""
    return render(request, "staff/refused.html", {"reason": verdict.reason}, status=status)


def staff_view(view):
    """Signed-in users with a role; everyone else to the sign-in page or a refusal."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        allowed = can_use_staff_pages(request.user)
        if not allowed:
            return refuse(request, allowed)
        return view(request, *args, **kwargs)

    return wrapper
