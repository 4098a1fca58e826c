"""What a project needs next, in the words of the person who has to do it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.projects.models import Project, ProjectStatus

from .rules import DecisionNeed, decision_need


def things_to_do(project: Project, need: DecisionNeed | None = None) -> list[str]:
    need = need or decision_need(project)
    today = timezone.localdate()
    todo = []
    if project.archived_at is not None:
        return todo
    if project.submitted_at is None:
        todo.append(_("Complete the project and submit it to the coordinator."))
    if need.missing and project.status in (
        ProjectStatus.IDEA,
        ProjectStatus.APPLICATION,
        ProjectStatus.APPROVED,
        ProjectStatus.ONGOING,
    ):
        todo.append(need.reason)
    if not project.public_summary_sv.strip():
        todo.append(_("Write a public summary in Swedish."))
    elif not project.is_published:
        todo.append(_("Publish the project: the strategy says every project is published."))
    if project.status == ProjectStatus.ONGOING and project.end_date and project.end_date < today:
        todo.append(_("The end date has passed: mark the project as completed."))
    if project.status == ProjectStatus.COMPLETED:
        todo.append(_("Describe the results and mark the final report as done."))
    return todo
