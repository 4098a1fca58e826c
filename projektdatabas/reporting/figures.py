"""The semi-annual report's content, computed from the data for one municipality and
half-year. Everything is returned as plain JSON-able values, so that a finalised report
can store exactly what it said and the next one can compare with it.

Each key figure is a `Definition` in definitions.py, where its meaning is written out (the
report prints the same text in its appendix); the lists of projects are the same QuerySets
the figures count. Money by department, programme and theme: EU grants and municipal
co-financing of the projects ongoing in the period, EU money received in the period and up to
its end, grouped by the project's lead department, the grant's or payment's own programme (EU
money only: co-financing has no programme) and the project's themes (a project with two themes
counts under both). EU money per year: payments per calendar year over the ten years up to the
period."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.core.dates import end_of_day
from projektdatabas.core.money import grouped
from projektdatabas.finance.models import MUNICIPAL_SOURCES, FundingSource, every_year
from projektdatabas.governance.rules import has_begun
from projektdatabas.planning.models import ActionPlan
from projektdatabas.planning.rollup import as_they_stood, rollup
from projektdatabas.projects.models import Project

from . import informing
from .definitions import (
    ALLOCATIONS,
    EU_PER_YEAR,
    PERIOD,
    Scope,
    allocation_rows,
    decisions,
    fundings,
    values,
    whole,
)
from .language import in_report_language
from .periods import HalfYear


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
            "amount": grouped(whole(need.cofinancing_sek)),
            "committee": need.committee,
        }
    if need.late is not None:
        text += " " + _("Began on %(began)s, before decision %(decision)s of %(date)s.") % {
            "began": p.began_on.isoformat(),
            "decision": need.late,
            "date": need.late.decided_on.isoformat(),
        }
    elif latest is not None and latest.is_approving:
        text += " " + _("Raised since decision %(decision)s.") % {"decision": latest}
    elif latest is not None:
        text += " " + _("Rejected in %(decision)s.") % {"decision": latest}
    return {
        "title": p.title_sv,
        "department": str(p.lead_department),
        "status": p.get_status_display(),
        "started": has_begun(p),
        "late": need.late is not None,
        "need": text,
    }


def _money_by(key: str, financing, receipts, period: HalfYear, *, cofinancing=True) -> list[dict]:
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
        financing.filter(source__in=sources)
        .values(key, "source")
        .annotate(sek=Sum("amount_sek"), hours=Sum("staff_hours"))
        .order_by()
    )
    for line in lines:
        row = rows[line[key]]
        row[column[line["source"]]] += whole(line["sek"])
        row["hours"] += float(line["hours"] or 0)
    paid = (
        receipts.received_by(period.end)
        .values(key)
        .annotate(
            total=Sum("amount_sek"),
            in_period=Sum("amount_sek", filter=Q(received_on__gte=period.start)),
        )
        .order_by()
    )
    for line in paid:
        rows[line[key]]["eu_received_total"] = whole(line["total"])
        rows[line[key]]["eu_received_period"] = whole(line["in_period"])
    named = [{"name": name or "–", **values} for name, values in rows.items()]
    return sorted(named, key=lambda row: (row["name"] == "–", row["name"]))


def _eu_per_year(scope: Scope, period: HalfYear) -> list[dict]:
    """EU money received per year over the ten years up to the period's end."""
    since = dt.date(period.year - 9, 1, 1)
    years = scope.eu_receipts.received_during(since, period.end).per_year()
    return [
        {"year": row["year"], "sek": whole(row["sek"])}
        for row in every_year(years, until=period.year)
    ]


@in_report_language
def compute(municipality, period: HalfYear) -> dict:
    scope = Scope(municipality, public=False, start=period.start, end=period.end)
    running = scope.ongoing.select_related("lead_department")
    financing = fundings(scope.ongoing)
    twin_towns = []
    for twinning in municipality.twinnings.select_related("partner"):
        exchanges = running.filter(partnerships__organisation=twinning.partner)
        events = twinning.events.filter(date__range=(period.start, period.end))
        twin_towns.append(
            {
                "name": twinning.partner.name,
                "exchanges": [p.title_sv for p in exchanges.order_by("title_sv", "pk")],
                "events": [e.title_sv for e in events],
            }
        )
    plan = ActionPlan.objects.for_municipality(municipality).current(period.end).first()
    plan_progress = None
    if plan is not None:
        # Late as the period ended, or today for the half-year still running; and the
        # measures as they stood then, from their history, so that the two agree.
        as_of = min(period.end, timezone.localdate())
        measures = as_they_stood(plan, end_of_day(as_of))
        whole_plan, groups = rollup(plan, measures=measures, today=as_of)
        plan_progress = {
            "plan": str(plan),
            "percent": whole_plan.percent,
            "late": whole_plan.late,
            "late_on": as_of.isoformat(),
            "orientations": [
                {
                    "name": str(g.orientation),
                    "percent": g.progress.percent,
                    "measures": g.progress.measures,
                    "done": g.progress.done,
                    "late": g.progress.late,
                }
                for g in groups
            ],
            # Each late measure with the department's word on it: the board asks why.
            "late_measures": [
                {
                    "number": m.number,
                    "text": m.description_sv,
                    "department": str(m.responsible_department),
                    "deadline": m.deadline.isoformat(),
                    "progress": m.progress,
                    "note": m.progress_note,
                }
                for m in measures
                if m.late
            ],
        }
    return {
        "period": {"year": period.year, "half": period.half, "label": str(period)},
        "key_figures": values(PERIOD, scope),
        "ongoing": [_project(p) for p in running.order_by("title_sv", "pk")],
        "new": [
            _project(p) for p in scope.new.select_related("lead_department").order_by("began", "pk")
        ],
        "applications": [
            _project(p)
            for p in scope.applications.select_related("lead_department").order_by(
                "applied_on", "pk"
            )
        ],
        "completed": [
            _project(p)
            for p in scope.completed.select_related("lead_department").order_by("ended", "pk")
        ],
        "decisions": [
            {
                "date": d.decided_on.isoformat(),
                "project": d.project.title_sv,
                "committee": str(d.committee),
                "kind": d.get_kind_display(),
                "case_number": d.reference,
                "outcome": d.get_outcome_display(),
                "approved_sek": whole(d.approved_cofinancing_sek),
            }
            for d in decisions(scope)
            .select_related("project", "committee")
            .order_by("decided_on", "pk")
        ],
        "lacking_decision": [_lacking(p, need) for p, need in scope.lacking_decision],
        "money_by_department": _money_by(
            "project__lead_department__name", financing, scope.eu_receipts, period
        ),
        "money_by_programme": _money_by(
            "programme__name", financing, scope.eu_receipts, period, cofinancing=False
        ),
        "money_by_theme": _money_by(
            "project__themes__name_sv", financing, scope.eu_receipts, period
        ),
        "eu_per_year": _eu_per_year(scope, period),
        "allocations": allocation_rows(municipality, year=period.year, up_to=period.end),
        "twin_towns": twin_towns,
        "plan_progress": plan_progress,
        # News, EU monitoring, funding calls and competence development.
        **informing.compute(municipality, period.start, period.end),
    }


def key_figures(figures: dict) -> list[tuple[str, int]]:
    """(label, value) of the key figures a report stored, in the order they are defined; a
    report finalised before a figure was defined lacks it, and one no longer defined is
    left out."""
    stored = figures["key_figures"]
    return [(str(d.label), stored[d.key]) for d in PERIOD if d.key in stored]


def definitions_for_report() -> list:
    return [*PERIOD, EU_PER_YEAR, ALLOCATIONS]


def changes(current: dict, previous: dict | None) -> list[dict]:
    """Key figures beside the previous finalised report's; a figure that report did not have
    yet is not a change."""
    if not previous:
        return []
    before = previous.get("key_figures", {})
    return [
        {"label": str(d.label), "before": before[d.key], "now": current["key_figures"][d.key]}
        for d in PERIOD
        if d.key in before
        and d.key in current["key_figures"]
        and before[d.key] != current["key_figures"][d.key]
    ]
