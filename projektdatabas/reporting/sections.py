"""The semi-annual report's sections, defined once.

`SECTIONS` lists them in order: a key, the heading and its level, the kind of content
(a table of key figures, a list of projects, money tables …), the paragraph under the
heading and the sentence shown when there is nothing to show. `parts(context)` binds them
to one report's figures; the HTML (and so the PDF) renders each part with the template of
its kind (templates/reporting/sections/), the Word file with the writer of its kind
(documents.py), so neither can gain a section the other lacks. The sentences both print
are made here once.

A section's data is `figures[key]` unless its kind says otherwise (see `_data`)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from projektdatabas.core import money
from projektdatabas.governance.rules import LACK_KINDS, LATE, STARTED, WAITING

from .language import in_report_language
from .periods import HalfYear

# The kinds of content, each with a template and a Word writer of the same name.
PARAGRAPHS = "paragraphs"  # the heading and its paragraph only
KEY_FIGURES = "key_figures"
CHANGES = "changes"
PROJECTS = "projects"
DECISIONS = "decisions"
LACKING_DECISION = "lacking_decision"
YEARS = "years"  # a chart and its table
MONEY = "money"  # a chart, the EU money table and, where it applies, the co-financing one
ALLOCATIONS = "allocations"
TWIN_TOWNS = "twin_towns"
PLAN = "plan"
DEFINITIONS = "definitions"
NEWS = "news"  # news items published, a line each
FIGURES = "figures"  # a table of labelled counts another app computed
TRAININGS = "trainings"  # the counts of competence development, then each event


@dataclass(frozen=True)
class Section:
    key: str
    heading: Promise | Callable[[dict], str]
    level: int
    kind: str
    intro: Promise | None = None  # printed under the heading when there is something to show
    empty: Promise | None = None  # printed instead when there is nothing
    options: dict = field(default_factory=dict)
    shown: Callable[[dict], bool] | None = None  # left out of the report when false


SECTIONS = (
    Section(
        "title",
        lambda c: c["title"],
        1,
        PARAGRAPHS,
        intro=gettext_lazy("To the executive board and the group of department heads."),
    ),
    Section("key_figures", gettext_lazy("Key figures"), 2, KEY_FIGURES),
    Section(
        "changes",
        lambda c: (
            _("What changed since the report for %(period)s") % {"period": c["previous"].period}
        ),
        2,
        CHANGES,
        empty=gettext_lazy("No key figure has changed."),
        shown=lambda c: c["previous"] is not None,
    ),
    Section("ongoing", gettext_lazy("Ongoing projects"), 2, PROJECTS),
    Section("new", gettext_lazy("New projects"), 2, PROJECTS),
    Section(
        "applications",
        gettext_lazy("Applications sent in the period"),
        2,
        PROJECTS,
        options={"applied": True},
    ),
    Section(
        "completed",
        gettext_lazy("Completed projects and their results"),
        2,
        PROJECTS,
        options={"results": True},
    ),
    Section("decisions", gettext_lazy("Decisions in the period"), 2, DECISIONS),
    Section(
        "lacking_decision",
        gettext_lazy("Projects lacking a required decision"),
        2,
        LACKING_DECISION,
        intro=gettext_lazy(
            "Projects with municipal co-financing, or owned by the municipality, may start "
            "only after a decision by the responsible committee or its delegate (an owned "
            "project: the committee itself). The project pages say in full what each one "
            "needs."
        ),
        empty=gettext_lazy("Every project has the decisions it needs."),
    ),
    Section(
        "money",
        gettext_lazy("Money"),
        2,
        PARAGRAPHS,
        intro=gettext_lazy(
            "EU grants and municipal co-financing are those of the projects ongoing in the "
            "period; EU money received is what was paid in the period and in total up to its "
            "end. Co-financing has no programme, so the programme table shows EU money only; a "
            "project with several themes counts under each of them."
        ),
    ),
    Section(
        "eu_per_year",
        gettext_lazy("EU money received per year"),
        3,
        YEARS,
        empty=gettext_lazy("No EU money received in the last ten years."),
    ),
    # Seven columns of sums in the millions do not fit an A4 page in portrait (they ran off
    # its right edge), so each grouping gets two tables of four: EU money, then co-financing.
    # A chart goes right above the table that holds its numbers.
    Section(
        "money_by_department",
        gettext_lazy("By department"),
        3,
        MONEY,
        empty=gettext_lazy("No money in the period."),
        options={
            "first": gettext_lazy("Department"),
            "eu": gettext_lazy("EU money by department"),
            "cofinancing": gettext_lazy("Municipal co-financing by department"),
            "chart": "cofinancing",
        },
    ),
    Section(
        "money_by_programme",
        gettext_lazy("By programme"),
        3,
        MONEY,
        empty=gettext_lazy("No money in the period."),
        options={"first": gettext_lazy("Programme"), "eu": gettext_lazy("EU money by programme")},
    ),
    Section(
        "money_by_theme",
        gettext_lazy("By theme"),
        3,
        MONEY,
        empty=gettext_lazy("No money in the period."),
        options={
            "first": gettext_lazy("Theme"),
            "eu": gettext_lazy("EU money by theme"),
            "cofinancing": gettext_lazy("Municipal co-financing by theme"),
        },
    ),
    Section(
        "allocations",
        lambda c: _("Annual allocations %(year)s") % {"year": c["period"].year},
        3,
        ALLOCATIONS,
        empty=gettext_lazy("No allocation is recorded for the year."),
    ),
    Section(
        "twin_towns",
        gettext_lazy("Twin towns"),
        2,
        TWIN_TOWNS,
        empty=gettext_lazy("No twin town is recorded."),
    ),
    Section(
        "informing",
        gettext_lazy("Information, EU monitoring and competence development"),
        2,
        PARAGRAPHS,
        intro=gettext_lazy(
            "The strategy asks the coordinator and the groups to keep staff and residents "
            "informed, to follow the EU decisions that affect the municipality, to encourage "
            "applications and to develop the international competence of staff and elected "
            "members. Each figure counts what happened in the period."
        ),
    ),
    Section(
        "news_published",
        gettext_lazy("News published"),
        3,
        NEWS,
        empty=gettext_lazy("No news was published in the period."),
    ),
    Section(
        "eu_items",
        gettext_lazy("EU monitoring"),
        3,
        FIGURES,
        shown=lambda c: "eu_items" in c["figures"],
    ),
    Section(
        "calls",
        gettext_lazy("Funding calls"),
        3,
        FIGURES,
        shown=lambda c: "calls" in c["figures"],
    ),
    Section(
        "trainings",
        gettext_lazy("Competence development"),
        3,
        TRAININGS,
        empty=gettext_lazy("No training, study visit or conference was registered in the period."),
    ),
    Section(
        "plan",
        gettext_lazy("The action plan"),
        2,
        PLAN,
        empty=gettext_lazy("No action plan was in force at the end of the period."),
    ),
    Section(
        "definitions",
        gettext_lazy("Definitions"),
        2,
        DEFINITIONS,
        intro=gettext_lazy(
            "The report counts all projects, published or not; archived projects are left out. "
            "The staff statistics page counts with the same definitions, but over every year "
            "up to today rather than over the half-year."
        ),
    ),
)


@dataclass
class Part:
    """A section of one report: its heading, paragraph and what it shows."""

    key: str
    heading: str
    level: int
    kind: str
    intro: str
    empty: str  # the sentence shown instead of the content; "" when there is content
    data: Any
    chart: Any = None
    options: dict = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"reporting/sections/{self.kind}.html"

    @property
    def sublevel(self) -> int:
        return self.level + 1


@in_report_language
def parts(context: dict) -> list[Part]:
    """The sections this report shows, bound to its figures, in order."""
    bound = []
    for section in SECTIONS:
        if section.shown is not None and not section.shown(context):
            continue
        heading = section.heading
        heading = heading(context) if callable(heading) else heading
        data = _data(section, context)
        nothing = section.kind != PARAGRAPHS and not data
        bound.append(
            Part(
                key=section.key,
                heading=str(heading),
                level=section.level,
                kind=section.kind,
                intro="" if nothing or section.intro is None else str(section.intro),
                empty=str(section.empty or _("None in the period.")) if nothing else "",
                data=data,
                chart=context["charts"].get(section.key),
                options={
                    name: str(value) if isinstance(value, Promise) else value
                    for name, value in section.options.items()
                },
            )
        )
    return bound


def _data(section: Section, context: dict):
    figures = context["figures"]
    if section.kind == PARAGRAPHS:
        return None
    if section.kind == KEY_FIGURES:
        return context["key_figures"]
    if section.kind == CHANGES:
        return context["changes"]
    if section.kind == DEFINITIONS:
        return context["definitions"]
    if section.kind == LACKING_DECISION:
        return _lacking_groups(figures["lacking_decision"])
    if section.kind == YEARS:
        period = HalfYear(figures["period"]["year"], figures["period"]["half"])
        return [{**row, "label": period.year_label(row["year"])} for row in figures[section.key]]
    if section.kind == TWIN_TOWNS:
        return [_twin_town(town) for town in figures["twin_towns"]]
    if section.kind == PLAN:
        return _plan(figures["plan_progress"])
    if section.kind == TRAININGS:
        trainings = figures.get("trainings")
        return trainings if trainings and trainings["events"] else None
    if section.kind == MONEY:
        return _money_tables(figures[section.key], cofinancing="cofinancing" in section.options)
    return figures.get(section.key) or []


def _row_kind(row: dict) -> str:
    if row.get("late"):  # reports frozen before 2026-12 have no such rows
        return LATE
    return STARTED if row["started"] else WAITING


def _lacking_groups(rows: list[dict]) -> list[dict]:
    """The breaches first (started without the decision, or before it was made), then
    those waiting for it."""
    groups = []
    for kind, heading in LACK_KINDS:
        members = [row for row in rows if _row_kind(row) == kind]
        if members:
            groups.append({"heading": f"{heading} ({len(members)})", "rows": members})
    return groups


def _twin_town(town: dict) -> dict:
    # Semicolons between the titles: a title may hold a comma ("Ungdomsutbyte med
    # Kaufungen, startat utan beslut"), and three exchanges read as four.
    text = _("No ongoing exchange.")
    if town["exchanges"]:
        text = f"{_('Exchanges:')} {'; '.join(town['exchanges'])}."
    if town["events"]:
        text += f" {_('Events:')} {'; '.join(town['events'])}."
    return {"name": town["name"], "text": text}


def _plan(plan: dict | None) -> dict | None:
    if not plan:
        return None
    summary = f"{plan['plan']}: " + _("%(p)s %% on average.") % {"p": plan["percent"]}
    if plan.get("late"):  # reports frozen before 2026-12 have no count
        day = date_format(dt.date.fromisoformat(plan["late_on"]), "j F Y")
        summary += " " + ngettext(
            "On %(day)s %(n)s measure was past its deadline without being done.",
            "On %(day)s %(n)s measures were past their deadline without being done.",
            plan["late"],
        ) % {"day": day, "n": plan["late"]}
    late_lines = [
        f"{m['number']}. {m['text'].rstrip('.')} – {m['department']}, "
        + _("deadline %(date)s, %(p)s %%.") % {"date": m["deadline"], "p": m["progress"]}
        + " "
        + (m["note"] or _("No comment given."))
        for m in plan.get("late_measures", [])  # reports frozen before 2026-12 have none
    ]
    # An orientation whose measures were all cancelled has no average: its "–" is explained.
    uncounted = any(o["percent"] is None for o in plan["orientations"])
    note = _("–: all its measures were cancelled; cancelled measures are not counted.")
    return {
        **plan,
        "summary": summary,
        "late_lines": late_lines,
        "uncounted_note": note if uncounted else "",
    }


EU_COLUMNS = ("eu_granted", "eu_received_period", "eu_received_total")
COFINANCING_COLUMNS = ("money", "staff_time", "hours")


def _money_tables(rows: list[dict], *, cofinancing: bool) -> dict | None:
    """The rows of the EU table and of the co-financing table (None where the grouping has
    no co-financing: programmes); each leaves out the rows with nothing in its columns."""
    eu = [row for row in rows if any(row[c] for c in EU_COLUMNS)]
    shared = None
    if cofinancing:
        shared = [
            {**row, "hours": money.whole(row["hours"])}
            for row in rows
            if any(row[c] for c in COFINANCING_COLUMNS)
        ]
    if not eu and not shared:
        return None
    return {"eu": eu, "cofinancing": shared}
