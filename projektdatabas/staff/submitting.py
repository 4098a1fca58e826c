"""Views only translate a request into a service call; this is that translation for a form."""

from django.core.exceptions import ValidationError

from .forms import add_service_errors


def submit_to_service(*, request, form, service):
    """Calls `service` once the form is posted and valid, and returns what it returns (the
    services return what they saved, never None). None means the form is shown (again): it
    was not posted, not valid, or the service refused it, and then the service's reasons
    stand on the form beside what was typed. A refusal for lack of permission is not caught:
    it is a PermissionDenied, and the 403 page shows its reason."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return service()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def carry_stored_version(form, record) -> None:
    """Someone saved `record` after the form was read (a versioned save was refused): what
    was typed stays in the form, now carrying the stored version, so that saving again
    overwrites the other person's save knowingly (core/editing.py)."""
    stored = type(record)._base_manager.values_list("version", flat=True).get(pk=record.pk)
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = stored
