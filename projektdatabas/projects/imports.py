"""Projects from a spreadsheet (CSV or XLSX): a department's list, or last year's register.

Every row is checked before anything is written, and each problem is named by its row and
column; nothing is written unless every row is right. A project is found again by its
identifier in the file (`extern_id`, stored as `Project.external_id`): importing the same
file twice changes nothing, and a later file changes only what differs. What a file leaves
empty is left as stored. Partners are matched by name and country as the partner section
matches them (projects/partners.py: "Comune di Bertinoro" is "Bertinoro kommun"), and
created when the register has no such partner. Writes go through the project services,
so the audit trail and the history show the import as the coordinator's.

Columns (Swedish names; the English in brackets are accepted too), in any order:

    extern_id (external_id)            required: the project's identifier in the file
    titel (title_sv)                   required
    typ (kind)                         required: e.g. EU-projekt, vänortsutbyte
    förvaltning (department)           required: the lead department's name
    titel_en, status, kommunens_roll (municipal_role), start, slut (end): YYYY-MM-DD,
    deltagare (participants), varav_unga (young_participants), budget, valuta (currency),
    växelkurs (exchange_rate), teman (themes): names separated by commas,
    partner (partners): "Name (country)" separated by semicolons, the country as a
    two-letter code or a name, sammanfattning, sammanfattning_en, intern_beskrivning"""

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from projektdatabas.accounts.permissions import can_import_projects, require
from projektdatabas.core import import_preview
from projektdatabas.core.import_preview import ImportRefused
from projektdatabas.core.money import Currency, rate_error
from projektdatabas.core.spreadsheets import (
    AMOUNT,
    DATE,
    INTEGER,
    TEXT,
    Column,
    TableRefused,
    read_table,
)
from projektdatabas.organisations.models import Department, Organisation, OrganisationKind

from .models import MunicipalRole, PartnerRole, Project, ProjectKind, ProjectStatus, Theme
from .partners import add_organisation, normalised, similar_organisations
from .services import PartnerRow, create_project, save_project

MAX_ROWS = 1000
MAX_CELL = 5000  # a summary's worth; fields are checked against their own limits

# key: (names accepted in the header, the first is the template's), what the column holds.
COLUMNS = {
    "external_id": (("extern_id", "external_id", "id"), TEXT),
    "title_sv": (("titel", "title_sv", "titel_sv"), TEXT),
    "title_en": (("titel_en", "title_en"), TEXT),
    "kind": (("typ", "kind"), TEXT),
    "status": (("status",), TEXT),
    "lead_department": (("förvaltning", "department", "lead_department"), TEXT),
    "municipal_role": (("kommunens_roll", "municipal_role"), TEXT),
    "start_date": (("start", "start_date"), DATE),
    "end_date": (("slut", "end", "end_date"), DATE),
    "participants": (("deltagare", "participants"), INTEGER),
    "young_participants": (("varav_unga", "young_participants"), INTEGER),
    "total_budget": (("budget", "total_budget"), AMOUNT),
    "budget_currency": (("valuta", "currency"), TEXT),
    "budget_exchange_rate": (("växelkurs", "exchange_rate"), TEXT),
    "themes": (("teman", "themes"), TEXT),
    "partners": (("partner", "partners"), TEXT),
    "public_summary_sv": (("sammanfattning", "public_summary_sv"), TEXT),
    "public_summary_en": (("sammanfattning_en", "public_summary_en"), TEXT),
    "internal_description_sv": (("intern_beskrivning", "internal_description_sv"), TEXT),
}
REQUIRED = ("external_id", "title_sv", "kind", "lead_department")
TEXTS = (
    "title_sv",
    "title_en",
    "public_summary_sv",
    "public_summary_en",
    "internal_description_sv",
)
TEMPLATE_COLUMNS = [
    Column(names[0], kind, width=40 if key in ("title_sv", "partners") else None)
    for key, (names, kind) in COLUMNS.items()
]
TEMPLATE_EXAMPLE = [
    "KUF-2025-03",
    "Elevutbyte med Kaufungen (exempel)",
    "Pupil exchange with Kaufungen",
    "skol- eller ungdomsutbyte",
    "pågående",
    "Kultur- och fritidsförvaltningen",
    "partner",
    dt.date(2025, 9, 1),
    dt.date(2026, 6, 15),
    24,
    24,
    Decimal("150000"),
    "SEK",
    "",
    "Barn och unga",
    "Gemeinde Kaufungen (DE); Comune di Bertinoro (IT)",
    "Elever från båda orterna besöker varandra under ett läsår.",
    "",
    "",
]


@dataclass
class PartnerCell:
    """A partner as the file names it."""

    name: str
    country: str  # two-letter code


@dataclass
class ProjectRow:
    """One project as the file gives it, checked. Empty strings and None: not given."""

    line: int
    external_id: str
    title_sv: str = ""
    title_en: str = ""
    kind: str = ""
    status: str = ""
    lead_department_id: int | None = None
    municipal_role: str = ""
    start_date: str = ""  # ISO dates: the row travels as JSON in the signed preview
    end_date: str = ""
    participants: int | None = None
    young_participants: int | None = None
    total_budget: str = ""  # a Decimal's text
    budget_currency: str = ""
    budget_exchange_rate: str = ""
    theme_ids: list[int] | None = None
    partners: list[PartnerCell] = field(default_factory=list)
    public_summary_sv: str = ""
    public_summary_en: str = ""
    internal_description_sv: str = ""

    @property
    def label(self) -> str:
        return _("Row %(line)d") % {"line": self.line}

    def changes(self) -> dict:
        """The fields this row sets (the partners apart); what it leaves empty is not
        among them. The status is not: an existing project's status changes through its
        lifecycle, which records the days it started and ended (see `new_fields`)."""
        changes = {name: getattr(self, name) for name in TEXTS if getattr(self, name)}
        if self.kind:
            changes["kind"] = self.kind
        if self.lead_department_id:
            changes["lead_department"] = Department.objects.get(pk=self.lead_department_id)
        if self.municipal_role:
            changes["municipal_role"] = self.municipal_role
        for name in ("start_date", "end_date"):
            if getattr(self, name):
                changes[name] = dt.date.fromisoformat(getattr(self, name))
        for name in ("participants", "young_participants"):
            if getattr(self, name) is not None:
                changes[name] = getattr(self, name)
        if self.total_budget:
            changes["total_budget"] = Decimal(self.total_budget)
            changes["budget_currency"] = self.budget_currency or Currency.SEK
            changes["budget_exchange_rate"] = Decimal(self.budget_exchange_rate or "1")
        if self.theme_ids is not None:
            changes["themes"] = list(Theme.objects.filter(pk__in=self.theme_ids))
        return changes

    def new_fields(self, source: str) -> dict:
        """What a new project is created with: the changes, its status, its identifier."""
        return self.changes() | {
            "status": self.status or ProjectStatus.IDEA,
            "external_id": self.external_id,
            "source_note": (_("Imported from %(file)s") % {"file": source})[:300],
        }

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "ProjectRow":
        data = dict(data)
        data["partners"] = [PartnerCell(**partner) for partner in data["partners"]]
        return cls(**data)


# Reading


def read_projects(name: str, content: bytes, *, municipality) -> list[ProjectRow]:
    """Every row of the file, checked; ImportRefused lists every problem by row and
    column."""
    rows, errors, positions, seen = [], [], None, {}
    lookups = _Lookups(municipality)
    try:
        for line, cells in read_table(name, content, max_cell=MAX_CELL):
            if not any(cells):
                continue
            if positions is None:
                positions = _positions([cell.strip().lower() for cell in cells])
                continue
            if len(rows) == MAX_ROWS:
                raise ImportRefused([_("At most %(n)d rows at a time.") % {"n": MAX_ROWS}])
            values = {
                key: (cells[i] if i is not None and i < len(cells) else "").strip()
                for key, (i, _header) in positions.items()
            }
            row, problems = _read_row(line, values, lookups)
            if row.external_id and row.external_id in seen:
                problems.append(
                    (
                        "external_id",
                        _("the identifier %(id)s is also on row %(other)d.")
                        % {"id": row.external_id, "other": seen[row.external_id]},
                    )
                )
            seen.setdefault(row.external_id, line)
            for key, problem in problems:
                errors.append(
                    _("Row %(line)d, column %(column)s: %(problem)s")
                    % {"line": line, "column": positions[key][1], "problem": problem}
                )
            rows.append(row)
    except TableRefused as refused:
        raise ImportRefused(refused.errors) from refused
    if positions is None:
        raise ImportRefused([_("The file is empty.")])
    if errors:
        raise ImportRefused(errors)
    if not rows:
        raise ImportRefused([_("The file has no projects under its header.")])
    return rows


def _positions(header: list[str]) -> dict[str, tuple[int | None, str]]:
    """Each column's place in the file and the name it has there (errors name it so)."""
    positions = {}
    for key, (names, _kind) in COLUMNS.items():
        index = next((i for i, cell in enumerate(header) if cell in names), None)
        positions[key] = (index, header[index] if index is not None else names[0])
    missing = [COLUMNS[key][0][0] for key in REQUIRED if positions[key][0] is None]
    if missing:
        raise ImportRefused(
            [_("The file needs a column named %(name)s.") % {"name": name} for name in missing]
        )
    return positions


class _Lookups:
    """Names a file may use for the kinds, statuses, roles, departments and themes."""

    def __init__(self, municipality):
        self.kinds = _choice_names(ProjectKind)
        self.statuses = _choice_names(ProjectStatus)
        self.roles = _choice_names(MunicipalRole)
        self.departments = {
            d.name.casefold(): d.pk
            for d in Department.objects.filter(municipality=municipality, is_active=True)
        }
        self.themes = {}
        for theme in Theme.objects.all():
            for name in (theme.slug, theme.name_sv, theme.name_en):
                if name:
                    self.themes.setdefault(name.casefold(), theme.pk)


def _choice_names(choices) -> dict[str, str]:
    """A choice by its stored value or its label in Swedish or English, in any case."""
    names = {}
    for language in ("sv", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                names[str(label).casefold()] = value
    names |= {value.casefold(): value for value in choices.values}
    return names


DATE_TEXT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$")  # a date cell: midnight
PARTNER_TEXT = re.compile(r"^(?P<name>.+?)\s*\((?P<country>[^()]+)\)$")


def _read_row(line: int, values: dict[str, str], lookups: _Lookups):
    """The row and its problems, each as (column key, problem)."""
    problems = []

    def problem(key, text):
        problems.append((key, text))

    row = ProjectRow(line=line, external_id=values["external_id"])
    for key in REQUIRED:
        if not values[key]:
            problem(key, _("this column must not be empty."))
    if len(row.external_id) > 100:
        problem("external_id", _("at most %(n)d characters.") % {"n": 100})
    for name in TEXTS:
        setattr(row, name, values[name])
    for name in TEXTS:
        # A title past its field, or a text that reading cut short (it ends "…").
        limit = 250 if name.startswith("title") else MAX_CELL
        if len(values[name]) > limit:
            problem(name, _("at most %(n)d characters.") % {"n": limit})
    for key, lookup, choices in (
        ("kind", lookups.kinds, ProjectKind),
        ("status", lookups.statuses, ProjectStatus),
        ("municipal_role", lookups.roles, MunicipalRole),
    ):
        if values[key]:
            chosen = lookup.get(values[key].casefold())
            if chosen is None:
                # Named, so that "studiebesök" for "studiebesök eller delegation" is a
                # correction away rather than a guess.
                problem(
                    key,
                    _("“%(value)s” is not one of the choices: %(choices)s.")
                    % {
                        "value": values[key],
                        "choices": "; ".join(str(label) for label in choices.labels),
                    },
                )
            setattr(row, key, chosen or "")
    if values["lead_department"]:
        row.lead_department_id = lookups.departments.get(values["lead_department"].casefold())
        if row.lead_department_id is None:
            problem(
                "lead_department",
                _("there is no department “%(name)s”.") % {"name": values["lead_department"]},
            )
    for key in ("start_date", "end_date"):
        if values[key]:
            setattr(row, key, _date(values[key]))
            if not getattr(row, key):
                problem(
                    key,
                    _("“%(value)s” is not a date; write it as 2026-09-17.")
                    % {"value": values[key]},
                )
    if row.start_date and row.end_date and row.end_date < row.start_date:
        problem("end_date", _("The project cannot end before it starts."))
    for key in ("participants", "young_participants"):
        if values[key]:
            if re.fullmatch(r"\d{1,7}", values[key].replace(" ", "")):
                setattr(row, key, int(values[key].replace(" ", "")))
            else:
                problem(key, _("“%(value)s” is not a whole number.") % {"value": values[key]})
    if (
        row.participants is not None
        and row.young_participants is not None
        and row.young_participants > row.participants
    ):
        problem(
            "young_participants", _("There cannot be more young participants than participants.")
        )
    _read_money(row, values, problem)
    if values["themes"]:
        row.theme_ids = []
        for name in (part.strip() for part in values["themes"].split(",")):
            if not name:
                continue
            theme = lookups.themes.get(name.casefold())
            if theme is None:
                problem("themes", _("there is no theme “%(name)s”.") % {"name": name})
            else:
                row.theme_ids.append(theme)
    for text in (part.strip() for part in values["partners"].split(";")):
        if not text:
            continue
        partner = _partner(text)
        if partner is None:
            problem(
                "partners",
                _(
                    "“%(value)s”: write a partner as its name and country, e.g. "
                    "Gemeinde Kaufungen (DE)."
                )
                % {"value": text},
            )
        else:
            row.partners.append(partner)
    return row, problems


def _read_money(row: ProjectRow, values: dict[str, str], problem) -> None:
    if values["budget_currency"]:
        row.budget_currency = values["budget_currency"].upper()
        if row.budget_currency not in Currency.values:
            problem(
                "budget_currency",
                _("the currency must be SEK or EUR, not “%(value)s”.")
                % {"value": values["budget_currency"]},
            )
    if values["total_budget"]:
        amount = _decimal(values["total_budget"])
        if amount is None:
            problem(
                "total_budget",
                _("the budget “%(value)s” is not an amount.") % {"value": values["total_budget"]},
            )
        else:
            row.total_budget = str(amount.quantize(Decimal("0.01")))
    if values["budget_exchange_rate"]:
        rate = _decimal(values["budget_exchange_rate"])
        if rate is None or rate == 0 or rate >= 10**6:
            problem(
                "budget_exchange_rate",
                _("“%(value)s” is not an exchange rate.")
                % {"value": values["budget_exchange_rate"]},
            )
        else:
            row.budget_exchange_rate = str(rate.quantize(Decimal("0.0001")))
    if row.budget_currency == Currency.EUR and row.total_budget and not row.budget_exchange_rate:
        problem(
            "budget_exchange_rate", _("a budget in EUR needs the exchange rate (SEK per euro).")
        )
    rate = Decimal(row.budget_exchange_rate) if row.budget_exchange_rate else None
    if error := rate_error(row.budget_currency, rate):  # as the money section says it
        problem("budget_exchange_rate", error)


def _date(text: str) -> str:
    match = DATE_TEXT.match(text)
    try:
        return dt.date.fromisoformat(match[1]).isoformat() if match else ""
    except ValueError:  # 2026-02-30
        return ""


def _decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).removesuffix("kr").removesuffix("€")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() and 0 <= value < Decimal("1e12") else None


def _partner(text: str) -> PartnerCell | None:
    match = PARTNER_TEXT.match(text)
    if not match:
        return None
    name, country = " ".join(match["name"].split()), match["country"].strip()
    code = country.upper() if len(country) == 2 and country.upper() in countries else ""
    for language in ("sv", "en"):
        code = code or countries.by_name(country, language=language)
    return PartnerCell(name=name, country=code) if name and code else None


# Previewing


@dataclass
class Change:
    name: str  # the field's
    label: str
    before: str
    after: str


@dataclass
class PartnerPlan:
    name: str
    country: str
    organisation: Organisation | None  # None: added to the register
    similar: list[str]  # names of similar partners in that country, when none matched
    linked: bool  # already the project's partner


@dataclass
class Planned:
    row: ProjectRow
    project: Project | None  # None: a new project
    changes: list[Change]
    partners: list[PartnerPlan]

    @property
    def is_new(self) -> bool:
        return self.project is None

    @property
    def new_partners(self) -> list[PartnerPlan]:
        return [p for p in self.partners if not p.linked]

    @property
    def is_unchanged(self) -> bool:
        return not self.is_new and not self.changes and not self.new_partners


def plan_import(*, municipality, rows: list[ProjectRow]) -> list[Planned]:
    """What importing `rows` would do: which projects are new, which change and how, and
    which partners are found in the register or added to it."""
    existing = {
        project.external_id: project
        for project in Project.objects.for_municipality(municipality)
        .filter(external_id__in=[row.external_id for row in rows])
        .prefetch_related("themes", "partnerships")
    }
    register = _Register()
    planned = []
    for row in rows:
        project = existing.get(row.external_id)
        linked = {p.organisation_id for p in project.partnerships.all()} if project else set()
        partners = []
        for cell in row.partners:
            organisation = register.find(cell)
            similar = [] if organisation else register.similar(cell)
            partners.append(
                PartnerPlan(
                    cell.name,
                    cell.country,
                    organisation,
                    similar,
                    organisation is not None and organisation.pk in linked,
                )
            )
        changes = _changes(project, row) if project and not project.archived_at else []
        planned.append(Planned(row, project, changes, partners))
    return planned


class _Register:
    """The partner register, by country and normalised name (a few hundred rows)."""

    def __init__(self):
        self.by_name = {}
        for organisation in Organisation.objects.only("id", "name", "country"):
            key = (str(organisation.country.code), normalised(organisation.name))
            self.by_name.setdefault(key, organisation)

    def find(self, cell: PartnerCell) -> Organisation | None:
        return self.by_name.get((cell.country, normalised(cell.name)))

    def add(self, organisation: Organisation) -> None:
        self.by_name[(str(organisation.country.code), normalised(organisation.name))] = organisation

    @staticmethod
    def similar(cell: PartnerCell) -> list[str]:
        return [
            o.name for o in similar_organisations(cell.name) if str(o.country.code) == cell.country
        ]


def _changes(project: Project, row: ProjectRow) -> list[Change]:
    changes = []
    for name, value in row.changes().items():
        label = str(Project._meta.get_field(name).verbose_name)
        if name == "themes":
            stored = sorted(str(t) for t in project.themes.all())
            wanted = sorted(str(t) for t in value)
            if stored != wanted:
                changes.append(Change(name, label, ", ".join(stored), ", ".join(wanted)))
            continue
        stored = getattr(project, name)
        if stored != value:
            changes.append(
                Change(name, label, _shown(project, name, stored), _shown(project, name, value))
            )
    return changes


def _shown(project: Project, name: str, value) -> str:
    if value is None or value == "":
        return "–"
    choices = dict(Project._meta.get_field(name).flatchoices)
    if value in choices:
        return str(choices[value])
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# Writing


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    archived: int  # already imported but archived: left alone
    partners_created: int


@transaction.atomic
def import_projects(*, actor, municipality, rows: list[ProjectRow], source: str) -> ImportResult:
    """All or nothing: the rows are planned again (the register may have changed since the
    preview), each is saved through the project services, and any error anywhere undoes
    every row, listed by its row."""
    require(can_import_projects(actor, municipality.pk))
    created = updated = unchanged = archived = 0
    errors = []
    register = _Register()
    new_partners = 0
    reason = _("import: %(file)s") % {"file": source}
    for planned in plan_import(municipality=municipality, rows=rows):
        row, project = planned.row, planned.project
        if project is not None and project.archived_at:
            archived += 1
            continue
        if planned.is_unchanged:
            unchanged += 1
            continue
        try:
            partners = []
            for plan in planned.new_partners:
                cell = PartnerCell(plan.name, plan.country)
                organisation = register.find(cell)
                if organisation is None:
                    organisation = add_organisation(
                        actor=actor,
                        name=cell.name,
                        country=cell.country,
                        kind=OrganisationKind.OTHER,
                    )
                    register.add(organisation)
                    new_partners += 1
                partners.append(PartnerRow(organisation=organisation, role=PartnerRole.PARTNER))
            if project is None:
                project = create_project(actor=actor, changes=row.new_fields(source))
                created += 1
                changes = {}
            else:
                updated += 1
                changing = {change.name for change in planned.changes}
                changes = {k: v for k, v in row.changes().items() if k in changing}
            if changes or partners:
                save_project(
                    project=project,
                    actor=actor,
                    expected_version=project.version,
                    section=reason,
                    changes=changes,
                    partners=partners,
                )
        except ValidationError as error:
            errors += import_preview.row_errors(row.label, Project, error)
        except PermissionDenied as refused:  # a department closed since the preview
            errors.append(f"{row.label}: {refused}")
    if errors:
        raise ImportRefused(errors)
    return ImportResult(created, updated, unchanged, archived, new_partners)


def sign_rows(rows: list[ProjectRow], *, municipality, source: str) -> str:
    return import_preview.seal(
        kind="projects",
        municipality_id=municipality.pk,
        source=source,
        rows=[row.to_json() for row in rows],
    )


def unsign_rows(token: str, *, municipality) -> tuple[list[ProjectRow], str]:
    try:
        source, rows = import_preview.unseal(
            token, kind="projects", municipality_id=municipality.pk
        )
    except import_preview.PreviewRefused as refused:
        raise ImportRefused([refused.message]) from None
    return [ProjectRow.from_json(row) for row in rows], source
