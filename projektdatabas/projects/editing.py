"""No silent overwrites: the version check every save of a project passes through
(projects/services.py, governance/lifecycle.py).

Every form carries the version it was read at. A save first claims the next version
with a compare-and-set UPDATE, which takes the row's write lock on both databases
(SQLite ignores SELECT ... FOR UPDATE). If someone else saved in between, the claim
matches no row and the save is refused with what they changed, from the history."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.core.editing import claim_next_version

from .models import Project


class EditConflict(ValidationError):
    def __init__(self, changes: list[dict]):
        self.changes = changes
        super().__init__(
            _(
                "The project has been saved since you opened this page (by someone else, or "
                "by you in another tab). Your changes have not been saved; they are still in "
                "the form below. Compare with what changed, then save again."
            ),
            code="edit_conflict",
        )


def locked_for_edit(project: Project, *, expected_version: int | None) -> Project:
    """The project as stored, with the next version claimed for this transaction."""
    expected = project.version if expected_version is None else expected_version
    if not claim_next_version(project, expected_version=expected):
        raise EditConflict(changes_since(project, expected))
    return Project.objects.select_related("lead_department__committee").get(pk=project.pk)


def changes_since(project: Project, version: int) -> list[dict]:
    """Who changed what after `version`: one entry per later save, newest last."""
    records = list(
        Project.history.filter(id=project.pk, version__gte=version).order_by(
            "history_date", "history_id"
        )
    )
    base = next((r for r in records if r.version == version), None)
    entries, previous = [], base
    for record in records:
        if record.version <= version:
            previous = record
            continue
        fields = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["version"])
            fields = [str(Project._meta.get_field(c.field).verbose_name) for c in delta.changes]
        if not fields and record.history_change_reason:
            # A save of partners or money changes no project field; say which section.
            fields.append(record.history_change_reason)
        entries.append(
            {
                "who": display_name(record.history_user),
                "when": timezone.localtime(record.history_date),
                "fields": fields,
            }
        )
        previous = record
    return entries


def display_name(user) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.username
