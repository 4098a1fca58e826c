"""A project's way from idea to final report, one guarded step at a time.

idea → application → approved → ongoing → completed → final report done; an application
can be rejected, and anything before the start can be withdrawn. Each step has a guard
that says, in the user's words, why it is refused; `change_status` is the only way the
staff interface moves a project."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projektdatabas.accounts.permissions import ALLOWED, Verdict, can_edit_project, require
from projektdatabas.core.models import log_action
from projektdatabas.projects.editing import locked_for_edit
from projektdatabas.projects.models import Project, ProjectStatus

from .rules import decision_need

S = ProjectStatus

NEXT = {
    S.IDEA: (S.APPLICATION, S.APPROVED, S.WITHDRAWN),
    S.APPLICATION: (S.APPROVED, S.REJECTED, S.WITHDRAWN),
    S.APPROVED: (S.ONGOING, S.WITHDRAWN),
    S.ONGOING: (S.COMPLETED,),
    S.COMPLETED: (S.FINAL_REPORT_DONE,),
    S.REJECTED: (S.APPLICATION,),  # a new application after a refusal
    S.WITHDRAWN: (),
    S.FINAL_REPORT_DONE: (),
}

# What the button says, as a verb: the statuses themselves are nouns.
ACTION_LABELS = {
    S.APPLICATION: gettext_lazy("Mark as applied for"),
    S.APPROVED: gettext_lazy("Mark as approved"),
    S.ONGOING: gettext_lazy("Start the project"),
    S.COMPLETED: gettext_lazy("Mark as completed"),
    S.FINAL_REPORT_DONE: gettext_lazy("Mark the final report as done"),
    S.REJECTED: gettext_lazy("Mark as rejected"),
    S.WITHDRAWN: gettext_lazy("Withdraw"),
}


class TransitionRefused(ValidationError):
    pass


def _guard_start(project: Project) -> Verdict:
    if project.submitted_at is None:
        return Verdict(False, _("Submit the project to the coordinator before starting it."))
    # The decision before the dates: told only that the period starts later, and invited
    # to give an earlier start, a department had back-dated before learning of it.
    need = decision_need(project)
    if need.missing:
        return Verdict(
            False, _("The project cannot start yet. %(reason)s") % {"reason": need.reason}
        )
    if project.start_date is None:
        return Verdict(False, _("Give the project's start date before starting it."))
    if project.start_date > timezone.localdate():
        return Verdict(
            False,
            _(
                "The project's period starts on %(date)s: it can be started from that day, "
                "or give an earlier start date if it has begun."
            )
            % {"date": project.start_date.isoformat()},
        )
    return ALLOWED


def _guard_complete(project: Project) -> Verdict:
    if project.end_date is None:
        return Verdict(False, _("Give the project's end date before marking it completed."))
    return ALLOWED


def _guard_final_report(project: Project) -> Verdict:
    if not (project.results_sv or "").strip():
        return Verdict(
            False, _("Describe the project's results (in Swedish) before closing the report.")
        )
    return ALLOWED


GUARDS = {
    S.ONGOING: _guard_start,
    S.COMPLETED: _guard_complete,
    S.FINAL_REPORT_DONE: _guard_final_report,
}


def can_move(project: Project, to: str) -> Verdict:
    if to not in S.values:
        return Verdict(False, _("Unknown status."))
    if to not in NEXT.get(project.status, ()):
        return Verdict(
            False,
            _("A project that is %(current)s cannot become %(target)s.")
            % {"current": project.get_status_display(), "target": S(to).label},
        )
    guard = GUARDS.get(to)
    return guard(project) if guard else ALLOWED


def next_steps(project: Project) -> list[tuple[str, str, Verdict]]:
    """(status, button label, verdict) for every step the project's status allows."""
    return [(to, ACTION_LABELS[to], can_move(project, to)) for to in NEXT[project.status]]


@transaction.atomic
def change_status(
    *, project: Project, to: str, actor, expected_version: int | None = None
) -> Project:
    require(can_edit_project(actor, project))
    project = locked_for_edit(project, expected_version=expected_version)
    verdict = can_move(project, to)
    if not verdict:
        raise TransitionRefused(verdict.reason)
    previous = project.status
    project.status = to
    fields = ["status", "version", "updated_at"]
    # The report counts applications by the day they were sent: today, unless a date was
    # already given for this application (a new one after a rejection gets a new date).
    if to == ProjectStatus.APPLICATION and (
        project.applied_on is None or previous == ProjectStatus.REJECTED
    ):
        project.applied_on = timezone.localdate()
        fields.append("applied_on")
    # "New" and "completed" in the report count by the day these steps were taken (the
    # planned period may lie before it), unless someone has already given the day.
    for status, field in ((S.ONGOING, "started_on"), (S.COMPLETED, "completed_on")):
        if to == status and getattr(project, field) is None:
            setattr(project, field, timezone.localdate())
            fields.append(field)
    # locked_for_edit has already claimed the next version: that one step is this change.
    project._history_user = actor
    project.save(update_fields=fields)
    log_action(
        actor=actor,
        action="project.status_changed",
        target=project,
        data={"from": previous, "to": to},
    )
    return project
