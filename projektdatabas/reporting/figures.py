"""The semi-annual report's content, computed from the data for one municipality and
half-year. Everything is returned as plain JSON-able values, so that a finalised report
can store exactly what it said and the next one can compare with it.

Definitions (the report states them too):
- ongoing in the period: started on or before its last day and not ended before its first
  (status ongoing, completed or final report done);
- new: started in the period; applications: sent in the period (the day the project was
  marked as applied for, or the date given on it), whatever has happened to them since;
  completed: ended in the period with status completed or final report done;
- EU money granted: EU grant lines of the projects that started in the period (the
  period's new grants) and of all ongoing ones; received: payments dated in the period,
  and all payments up to its end;
- co-financing: municipal money and own staff time of the ongoing projects;
- money by department, programme and theme: the same sums grouped by the project's lead
  department, the grant's or payment's own programme (EU money only: co-financing has no
  programme) and the project's themes (a project with two themes counts under both);
- EU money per year: payments per calendar year over the ten years up to the period."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projektdatabas.finance.models import MUNICIPAL_SOURCES, Funding, FundingSource, Receipt
from projektdatabas.governance.models import Decision
from projektdatabas.governance.rules import projects_lacking_decision
from projektdatabas.planning.models import ActionPlan
from projektdatabas.planning.rollup import rollup
from projektdatabas.projects.models import Project, ProjectKind, ProjectStatus

from .language import in_report_language
from .periods import HalfYear
from .statistics import receipts_per_year

STARTED = (ProjectStatus.ONGOING, ProjectStatus.COMPLETED, ProjectStatus.FINAL_REPORT_DONE)
FINISHED = (ProjectStatus.COMPLETED, ProjectStatus.FINAL_REPORT_DONE)


def _sek(value) -> int:
    return int((value or Decimal("0")).quantize(Decimal("1")))


def _project(p: Project) -> dict:
    return {
        "id": p.pk,
        "title": p.title_sv,
        "department": str(p.lead_department),
        "status": p.get_status_display(),
        "start": p.start_date.isoformat() if p.start_date else "",
        "end": p.end_date.isoformat() if p.end_date else "",
        "applied": p.applied_on.isoformat() if p.applied_on else "",
        "results": p.results_sv,
    }


def _lacking(p: Project, need) -> dict:
    """A project lacking a decision, in the few words a board report needs; the staff
    pages give the full reason with the delegates who could decide."""
    latest = need.latest
    if need.committee_only:
        text = _("Owned by the municipality: %(committee)s decides itself.") % {
            "committee": need.committee
        }
    else:
        text = _("Co-financing %(amount)s SEK: a decision by %(committee)s or its delegate.") % {
            "amount": number_format(_sek(need.cofinancing_sek), force_grouping=True),
            "committee": need.committee,
        }
    if latest is not None and latest.is_approving:
        text += " " + _("Raised since decision %(decision)s.") % {"decision": latest}
    elif latest is not None:
        text += " " + _("Rejected in %(decision)s.") % {"decision": latest}
    return {
        "title": p.title_sv,
        "department": str(p.lead_department),
        "status": p.get_status_display(),
        "started": p.status in STARTED,
        "need": text,
    }


def ongoing(projects, period: HalfYear):
    return projects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start),
        status__in=STARTED,
        start_date__lte=period.end,
    )


def _money_by(key: str, fundings, receipts, period: HalfYear, *, cofinancing=True) -> list[dict]:
    """Money grouped by `key`, a path that both a financing line and a payment have (the
    department or themes of its project, or its own programme): EU grants and municipal
    co-financing of the ongoing projects, and EU payments in the period and up to its end.
    Rows with nothing in them are left out."""
    rows = defaultdict(
        lambda: (
            dict.fromkeys(
                ["eu_granted", "eu_received_period", "eu_received_total", "money", "staff_time"], 0
            )
            | {"hours": 0.0}
        )
    )
    sources = [FundingSource.EU_GRANT, *(MUNICIPAL_SOURCES if cofinancing else [])]
    column = {
        FundingSource.EU_GRANT: "eu_granted",
        FundingSource.MUNICIPAL_MONEY: "money",
        FundingSource.MUNICIPAL_STAFF_TIME: "staff_time",
    }
    lines = (
        fundings.filter(source__in=sources)
        .values(key, "source")
        .annotate(sek=Sum("amount_sek"), hours=Sum("staff_hours"))
        .order_by()
    )
    for line in lines:
        row = rows[line[key]]
        row[column[line["source"]]] += _sek(line["sek"])
        row["hours"] += float(line["hours"] or 0)
    paid = (
        receipts.filter(received_on__lte=period.end)
        .values(key)
        .annotate(
            total=Sum("amount_sek"),
            in_period=Sum("amount_sek", filter=Q(received_on__gte=period.start)),
        )
        .order_by()
    )
    for line in paid:
        rows[line[key]]["eu_received_total"] = _sek(line["total"])
        rows[line[key]]["eu_received_period"] = _sek(line["in_period"])
    named = [{"name": name or "–", **values} for name, values in rows.items()]
    return sorted(named, key=lambda row: (row["name"] == "–", row["name"]))


def _eu_per_year(receipts, period: HalfYear) -> list[dict]:
    """EU money received per year over the ten years up to the period's end."""
    since = dt.date(period.year - 9, 1, 1)
    years = receipts_per_year(receipts.filter(received_on__range=(since, period.end)))
    return [{"year": row["year"], "sek": _sek(row["sek"])} for row in years]


@in_report_language
def compute(municipality, period: HalfYear) -> dict:
    projects = Project.objects.for_municipality(municipality).filter(archived_at__isnull=True)
    running = ongoing(projects, period).select_related("lead_department")
    new = projects.filter(start_date__range=(period.start, period.end), status__in=STARTED)
    applications = projects.filter(applied_on__range=(period.start, period.end))
    completed = projects.filter(
        status__in=FINISHED, end_date__range=(period.start, period.end)
    ).select_related("lead_department")
    eu = Funding.objects.eu()
    receipts = Receipt.objects.filter(
        project__municipality=municipality, source=FundingSource.EU_GRANT
    )
    financing = Funding.objects.filter(project__in=running)
    cofinancing = financing.filter(source__in=MUNICIPAL_SOURCES)
    youth = running.filter(kind=ProjectKind.SCHOOL_YOUTH_EXCHANGE)
    decisions = Decision.objects.filter(
        project__municipality=municipality, decided_on__range=(period.start, period.end)
    ).select_related("project", "committee")
    twin_towns = []
    for twinning in municipality.twinnings.select_related("partner"):
        exchanges = running.filter(partnerships__organisation=twinning.partner).distinct()
        events = twinning.events.filter(date__range=(period.start, period.end))
        twin_towns.append(
            {
                "name": twinning.partner.name,
                "exchanges": [p.title_sv for p in exchanges],
                "events": [e.title_sv for e in events],
            }
        )
    lacking = projects_lacking_decision(projects.select_related("lead_department"))
    plan = ActionPlan.objects.for_municipality(municipality).current(period.end).first()
    plan_progress = None
    if plan is not None:
        whole, groups = rollup(plan)
        plan_progress = {
            "plan": str(plan),
            "percent": whole.percent,
            "orientations": [
                {
                    "name": str(g.orientation),
                    "percent": g.progress.percent,
                    "measures": g.progress.measures,
                    "done": g.progress.done,
                }
                for g in groups
            ],
        }
    return {
        "period": {"year": period.year, "half": period.half, "label": str(period)},
        "key_figures": {
            "ongoing": running.count(),
            "new": new.count(),
            "applications": applications.count(),
            "completed": completed.count(),
            "decisions": decisions.count(),
            "eu_granted_new_sek": _sek(eu.filter(project__in=new).total_sek()),
            "eu_granted_ongoing_sek": _sek(eu.filter(project__in=running).total_sek()),
            "eu_received_period_sek": _sek(
                receipts.filter(received_on__range=(period.start, period.end)).aggregate(
                    s=Sum("amount_sek")
                )["s"]
            ),
            "eu_received_total_sek": _sek(
                receipts.filter(received_on__lte=period.end).aggregate(s=Sum("amount_sek"))["s"]
            ),
            "cofinancing_money_sek": _sek(
                cofinancing.filter(source=FundingSource.MUNICIPAL_MONEY).total_sek()
            ),
            "cofinancing_staff_time_sek": _sek(
                cofinancing.filter(source=FundingSource.MUNICIPAL_STAFF_TIME).total_sek()
            ),
            "started_without_decision": sum(1 for p, _need in lacking if p.status in STARTED),
            "youth_exchanges": youth.count(),
            "participants": running.aggregate(n=Sum("participants"))["n"] or 0,
            "young_participants": running.aggregate(n=Sum("young_participants"))["n"] or 0,
        },
        "ongoing": [_project(p) for p in running.order_by("title_sv")],
        "new": [_project(p) for p in new.select_related("lead_department").order_by("start_date")],
        "applications": [
            _project(p)
            for p in applications.select_related("lead_department").order_by("applied_on", "pk")
        ],
        "completed": [_project(p) for p in completed.order_by("end_date")],
        "decisions": [
            {
                "date": d.decided_on.isoformat(),
                "project": d.project.title_sv,
                "committee": str(d.committee),
                "kind": d.get_kind_display(),
                "case_number": d.case_number,
                "outcome": d.get_outcome_display(),
                "approved_sek": _sek(d.approved_cofinancing_sek),
            }
            for d in decisions.order_by("decided_on")
        ],
        "lacking_decision": [_lacking(p, need) for p, need in lacking],
        "money_by_department": _money_by(
            "project__lead_department__name", financing, receipts, period
        ),
        "money_by_programme": _money_by(
            "programme__name", financing, receipts, period, cofinancing=False
        ),
        "money_by_theme": _money_by("project__themes__name_sv", financing, receipts, period),
        "eu_per_year": _eu_per_year(receipts, period),
        "twin_towns": twin_towns,
        "plan_progress": plan_progress,
    }


KEY_FIGURES = {
    "ongoing": gettext_lazy("Ongoing projects"),
    "new": gettext_lazy("New projects"),
    "applications": gettext_lazy("Applications sent"),
    "completed": gettext_lazy("Completed projects"),
    "decisions": gettext_lazy("Decisions"),
    "started_without_decision": gettext_lazy("Started without a required decision"),
    "eu_granted_new_sek": gettext_lazy("EU grants to new projects (SEK)"),
    "eu_granted_ongoing_sek": gettext_lazy("EU grants to ongoing projects (SEK)"),
    "eu_received_period_sek": gettext_lazy("EU money received in the period (SEK)"),
    "eu_received_total_sek": gettext_lazy("EU money received in total (SEK)"),
    "cofinancing_money_sek": gettext_lazy("Municipal co-financing in money (SEK)"),
    "cofinancing_staff_time_sek": gettext_lazy("Municipal co-financing in staff time (SEK)"),
    "youth_exchanges": gettext_lazy("Youth exchanges"),
    "participants": gettext_lazy("Participants"),
    "young_participants": gettext_lazy("Of whom young people"),
}


def key_figures(figures: dict) -> list[tuple[str, int]]:
    return [(str(KEY_FIGURES[key]), value) for key, value in figures["key_figures"].items()]


def changes(current: dict, previous: dict | None) -> list[dict]:
    """Key figures beside the previous finalised report's."""
    if not previous:
        return []
    before = previous.get("key_figures", {})
    return [
        {"label": str(KEY_FIGURES[key]), "before": before.get(key), "now": value}
        for key, value in current["key_figures"].items()
        if before.get(key) != value
    ]
