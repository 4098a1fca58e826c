"""Recording decisions. Keyword-only, with the acting user; the audit trail and the
notifications follow every decision."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projektdatabas.accounts.models import Membership
from projektdatabas.accounts.permissions import can_record_decision, require
from projektdatabas.core.models import log_action
from projektdatabas.core.notify import notify
from projektdatabas.projects.models import MunicipalRole, Project

from .models import Decision, DecisionKind
from .rules import decision_need, kronor


def check_decision(decision: Decision) -> None:
    """The strategy's rules a decision must obey, beyond its fields' own validation."""
    project = decision.project
    errors = {}
    responsible = project.lead_department.committee
    if decision.committee_id != responsible.pk:
        errors["committee"] = _(
            "Decisions on this project are taken by the responsible committee, %(committee)s."
        ) % {"committee": responsible}
    if decision.kind == DecisionKind.DELEGATED:
        if project.municipal_role == MunicipalRole.OWNER:
            errors["kind"] = _(
                "The municipality owns this project: the committee must decide itself; a "
                "delegated decision is not enough."
            )
        elif decision_need(project).unvalued_hours > 0:
            errors["kind"] = _(
                "Some of the project's own staff time has no value (no amount and no hourly "
                "rate for its year): the committee must decide itself, or the hours must be "
                "valued first."
            )
        delegation = decision.delegation
        if delegation is not None:
            if (
                not delegation.__class__.objects.valid_on(decision.decided_on)
                .filter(pk=delegation.pk)
                .exists()
            ):
                errors["delegation"] = _("The delegation was not valid on the decision date.")
            elif not delegation.covers(decision.approved_cofinancing_sek):
                errors["approved_cofinancing_sek"] = _(
                    "%(delegate)s may approve at most %(limit)s; larger amounts need a "
                    "committee decision."
                ) % {
                    "delegate": delegation.delegate_title,
                    "limit": kronor(delegation.max_amount_sek),
                }
    same = Decision.objects.filter(
        project=project,
        committee_id=decision.committee_id,
        kind=decision.kind,
        delegation_id=decision.delegation_id,
        decided_on=decision.decided_on,
        case_number__iexact=decision.case_number.strip(),
        paragraph__iexact=decision.paragraph.strip(),
        outcome=decision.outcome,
        approved_cofinancing_sek=decision.approved_cofinancing_sek,
    )
    if decision.pk is None and same.exists():
        # Back and "Registrera beslutet" again had recorded it twice, counted twice.
        errors["case_number"] = _(
            "This decision is already recorded for the project: %(committee)s, %(date)s. "
            "It is listed on the project's page."
        ) % {"committee": decision.committee, "date": decision.decided_on.isoformat()}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_decision(*, decision: Decision, actor) -> Decision:
    require(can_record_decision(actor, decision.committee))
    # Two posts of one decision at once check for each other one after the other.
    Project.objects.select_for_update().filter(pk=decision.project_id).only("pk").first()
    decision.full_clean(exclude=["recorded_by"])
    check_decision(decision)
    decision.recorded_by = actor
    decision._history_user = actor
    decision.save()
    project = decision.project
    log_action(
        actor=actor,
        action="decision.recorded",
        target=project,
        data={
            "decision": decision.pk,
            "case_number": decision.case_number,
            "outcome": decision.outcome,
        },
    )
    notify(
        recipients=[
            *Membership.objects.coordinators(project.municipality).recipients(),
            project.municipality.coordinator_email,
            *Membership.objects.representatives(project.lead_department).recipients(),
        ],
        subject=_("Decision recorded: %(title)s") % {"title": project.title_sv},
        template="governance/mail/decision_recorded.txt",
        context={"decision": decision, "project": project, "actor": actor},
    )
    return decision
