"""The door of the staff views. A refusal anywhere behind it is raised, not returned:
`accounts.permissions.require` raises PermissionDenied with the reason, and the one 403
page (public/errors.py, `handler403`) shows that reason in the staff design."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from projektdatabas.accounts.permissions import can_use_staff_pages, require


def staff_view(view):
    """Signed-in users with a role; everyone else to the sign-in page or a refusal."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require(can_use_staff_pages(request.user))
        return view(request, *args, **kwargs)

    return wrapper
