"""Funding calls from a file: a CSV (or XLSX) in the columns below, or a stored JSON answer of
the EU Funding & Tenders Portal's search API (never fetched here).

Reading checks every row and names each problem by its row (or, in the JSON, its result)
number; nothing is written unless every row is right. A call already registered is found
by its identifier: importing the same file again adds nothing, and a later file whose
dates (or other values) differ updates them. What a file leaves empty is left as stored,
so the coordinator's own additions (the Swedish description, who it suits) survive.

CSV columns (Swedish names; the English in brackets are accepted too), in any order:

    identifierare (identifier)   required, e.g. ERASMUS-EDU-2027-PI-ALL-INNO
    program (programme)          required: a programme in the list, or any name
    titel (title_sv)             the title in Swedish } at least one of them
    titel_en (title_en)          the title in English }
    öppnar (opens)               YYYY-MM-DD
    stänger (closes)             YYYY-MM-DD, optionally with the time: 2026-09-17 17:00
    budget                       e.g. 1 500 000 or 1500000,50
    valuta (currency)            SEK or EUR (EUR when empty)
    länk (link)                  https://…
    teman (themes)               themes by name or short name, separated by commas
    beskrivning (description_sv), beskrivning_en (description_en)
    för_invånare (public)        ja/nej: list it on the public page of open calls
    passar_för (audience_sv), passar_för_en (audience_en)"""

import copy
import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import can_manage_calls, require
from projektdatabas.core import import_preview
from projektdatabas.core.import_preview import ImportRefused
from projektdatabas.core.models import log_action
from projektdatabas.core.money import Currency
from projektdatabas.core.spreadsheets import TableRefused, read_table
from projektdatabas.projects.models import Programme, Theme

from .models import Call
from .services import _apply, _save

MAX_ROWS = 1000
MAX_JSON_BYTES = 10 * 1024 * 1024  # a search page of 100 topics with descriptions is ~2 MB
MAX_CELL = 2000  # a short description's worth; titles are checked against their own limits
DESCRIPTION_FROM_PORTAL = 600  # characters of the topic's description kept as its summary
TOPIC_PAGE = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
    "topic-details/{identifier}"
)

COLUMNS = {
    "identifier": ("identifierare", "identifier"),
    "programme": ("program", "programme"),
    "title_sv": ("titel", "title_sv", "titel_sv"),
    "title_en": ("titel_en", "title_en"),
    "opens_on": ("öppnar", "opens"),
    "closes": ("stänger", "closes"),
    "budget": ("budget",),
    "currency": ("valuta", "currency"),
    "link": ("länk", "link"),
    "themes": ("teman", "themes"),
    "description_sv": ("beskrivning", "description_sv", "beskrivning_sv"),
    "description_en": ("beskrivning_en", "description_en"),
    "is_public": ("för_invånare", "public"),
    "audience_sv": ("passar_för", "audience_sv", "passar_för_sv"),
    "audience_en": ("passar_för_en", "audience_en"),
}
REQUIRED_COLUMNS = ("identifier", "programme")
TEMPLATE_COLUMNS = [names[0] for names in COLUMNS.values()]
TEMPLATE_EXAMPLE = [
    "ERASMUS-YOUTH-2027-YOU-EX (exempel)",
    "Erasmus+",
    "Ungdomsutbyten 2027",
    "Youth exchanges 2027",
    "2026-11-01",
    "2027-02-19 12:00",
    "400 000",
    "EUR",
    "https://erasmus-plus.ec.europa.eu/",
    "Barn och unga, Kultur",
    "Utbyten för grupper av unga 13–30 år.",
    "",
    "ja",
    "Föreningar och skolor med unga 13–30 år",
    "",
]

# The Funding & Tenders Portal's topic identifiers begin with the programme's code.
PORTAL_PROGRAMMES = {
    "HORIZON": "Horizon Europe",
    "ERASMUS": "Erasmus+",
    "CREA": "Kreativa Europa",
    "CERV": "CERV – Medborgare, jämlikhet, rättigheter och värden",
    "LIFE": "LIFE",
    "DIGITAL": "Digitala Europa",
    "EU4H": "EU4Health",
    "AMIF": "Asyl-, migrations- och integrationsfonden",
    "ESF": "ESF+ 2021–2027",
    "SMP": "Programmet för den inre marknaden",
    "CEF": "Fonden för ett sammanlänkat Europa",
    "EUAF": "EU:s bedrägeribekämpningsprogram",
    "INTERREG": "Interreg VI",
}
PORTAL_FRAMEWORKS = {"43108390": "Horizon Europe"}  # the one id the sources agree on
PORTAL_OPEN = "31094502"


@dataclass
class CallRow:
    """One call as a file gives it, checked. Empty strings and None: not given."""

    line: int
    identifier: str
    programme_id: int | None = None
    programme_name: str = ""
    title_sv: str = ""
    title_en: str = ""
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    closes_at_time: dt.time | None = None
    budget: Decimal | None = None
    budget_currency: str = ""
    link: str = ""
    theme_ids: list[int] | None = None
    description_sv: str = ""
    description_en: str = ""
    is_public: bool | None = None
    audience_sv: str = ""
    audience_en: str = ""
    label: str = ""  # how errors name the row: "Rad 3", "Träff 3"

    def changes(self) -> dict:
        """The fields this row sets; what it leaves empty is not among them."""
        changes = {}
        if self.programme_id or self.programme_name:
            changes["programme"] = (
                Programme.objects.get(pk=self.programme_id) if self.programme_id else None
            )
            changes["programme_name"] = "" if self.programme_id else self.programme_name
        for name in (
            "title_sv",
            "title_en",
            "link",
            "description_sv",
            "description_en",
            "audience_sv",
            "audience_en",
        ):
            if getattr(self, name):
                changes[name] = getattr(self, name)
        if self.opens_on:
            changes["opens_on"] = self.opens_on
        if self.closes_on:  # the day and its time (or none) go together
            changes["closes_on"] = self.closes_on
            changes["closes_at_time"] = self.closes_at_time
        if self.budget is not None:
            changes["budget"] = self.budget
            changes["budget_currency"] = self.budget_currency or Currency.EUR
        if self.is_public is not None:
            changes["is_public"] = self.is_public
        if self.theme_ids is not None:
            changes["themes"] = list(Theme.objects.filter(pk__in=self.theme_ids))
        return changes

    def to_json(self) -> dict:
        data = asdict(self)
        for name in ("opens_on", "closes_on", "closes_at_time"):
            data[name] = data[name].isoformat() if data[name] else None
        data["budget"] = str(self.budget) if self.budget is not None else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> "CallRow":
        data = dict(data)
        for name in ("opens_on", "closes_on"):
            data[name] = dt.date.fromisoformat(data[name]) if data[name] else None
        if data["closes_at_time"]:
            data["closes_at_time"] = dt.time.fromisoformat(data["closes_at_time"])
        data["budget"] = Decimal(data["budget"]) if data["budget"] is not None else None
        return cls(**data)


# Reading a CSV or XLSX


def _row_label(line: int) -> str:
    return _("Row %(line)d") % {"line": line}


def read_csv(name: str, content: bytes) -> list[CallRow]:
    rows, errors, positions, seen = [], [], None, {}
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
                for key, i in positions.items()
            }
            row, problems = _csv_row(line, values)
            key = row.identifier.casefold() if row else None  # "ABC-1" is "abc-1"
            if key in seen:
                problems.append(
                    _("the identifier %(id)s is also on row %(other)d.")
                    % {"id": row.identifier, "other": seen[key]}
                )
            errors += [f"{_row_label(line)}: {problem}" for problem in problems]
            if row:
                seen.setdefault(key, line)
                rows.append(row)
    except TableRefused as refused:
        raise ImportRefused(refused.errors) from refused
    if positions is None:
        raise ImportRefused([_("The file is empty.")])
    if errors:
        raise ImportRefused(errors)
    if not rows:
        raise ImportRefused([_("The file has no calls under its header.")])
    return rows


def _positions(header: list[str]) -> dict[str, int | None]:
    positions = {
        key: next((i for i, name in enumerate(header) if name in names), None)
        for key, names in COLUMNS.items()
    }
    missing = [COLUMNS[key][0] for key in REQUIRED_COLUMNS if positions[key] is None]
    if positions["title_sv"] is None and positions["title_en"] is None:
        missing.append(COLUMNS["title_sv"][0])
    if missing:
        raise ImportRefused(
            [_("The file needs a column named %(name)s.") % {"name": name} for name in missing]
        )
    return positions


DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?::\d{2})?)?$")


def _date_and_time(text: str) -> tuple[dt.date, dt.time | None] | None:
    match = DATE.match(text.strip())
    if not match:
        return None
    try:
        day = dt.date.fromisoformat(match[1])
        time = dt.time(int(match[2]), int(match[3])) if match[2] else None
    except ValueError:
        return None
    # A spreadsheet's date cell reads as midnight: no time was meant.
    return day, (None if time == dt.time(0, 0) else time)


def _amount(text: str) -> Decimal | None:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).removesuffix("kr").removesuffix("€")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        return None
    return value.quantize(Decimal("0.01"))


def programme_by_name(name: str) -> tuple[int | None, str]:
    """The programme in the reference data with this name (any case), else the name as
    free text."""
    found = Programme.objects.filter(name__iexact=name.strip()).values_list("pk", flat=True)
    return (found[0], "") if found else (None, name.strip())


def _themes(text: str) -> tuple[list[int], list[str]]:
    ids, unknown = [], []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        theme = (
            Theme.objects.filter(slug__iexact=name).first()
            or Theme.objects.filter(name_sv__iexact=name).first()
            or Theme.objects.filter(name_en__iexact=name).first()
        )
        if theme:
            ids.append(theme.pk)
        else:
            unknown.append(name)
    return ids, unknown


def _csv_row(line: int, values: dict[str, str]) -> tuple[CallRow | None, list[str]]:
    problems = []
    if not values["identifier"]:
        problems.append(_("the call identifier is missing."))
    if not values["programme"]:
        problems.append(_("the programme is missing."))
    if not values["title_sv"] and not values["title_en"]:
        problems.append(_("the title is missing (in Swedish or English)."))
    row = CallRow(line=line, identifier=values["identifier"], label=_row_label(line))
    row.programme_id, row.programme_name = programme_by_name(values["programme"])
    for name in ("title_sv", "title_en", "description_sv", "description_en"):
        setattr(row, name, values[name])
    row.audience_sv, row.audience_en = values["audience_sv"], values["audience_en"]
    if values["opens_on"]:
        opened = _date_and_time(values["opens_on"])
        if opened is None:
            problems.append(
                _("“%(value)s” is not a date; write it as 2026-09-17.")
                % {"value": values["opens_on"]}
            )
        else:
            row.opens_on = opened[0]
    if values["closes"]:
        closes = _date_and_time(values["closes"])
        if closes is None:
            problems.append(
                _("“%(value)s” is not a closing day; write it as 2026-09-17 or 2026-09-17 17:00.")
                % {"value": values["closes"]}
            )
        else:
            row.closes_on, row.closes_at_time = closes
    if values["budget"]:
        row.budget = _amount(values["budget"])
        if row.budget is None:
            problems.append(
                _("the budget “%(value)s” is not an amount.") % {"value": values["budget"]}
            )
    if values["currency"]:
        row.budget_currency = values["currency"].upper()
        if row.budget_currency not in Currency.values:
            problems.append(
                _("the currency must be SEK or EUR, not “%(value)s”.")
                % {"value": values["currency"]}
            )
    if values["link"]:
        try:
            URLValidator(schemes=["http", "https"])(values["link"])
        except ValidationError:
            problems.append(
                _("the link “%(value)s” is not a web address.") % {"value": values["link"]}
            )
        row.link = values["link"]
    if values["themes"]:
        row.theme_ids, unknown = _themes(values["themes"])
        for name in unknown:
            problems.append(_("there is no theme “%(name)s”.") % {"name": name})
    answer = values["is_public"].lower()
    if answer:
        if answer in ("ja", "yes", "j", "x", "1", "true", "sant"):
            row.is_public = True
        elif answer in ("nej", "no", "n", "0", "false", "falskt"):
            row.is_public = False
        else:
            problems.append(
                _("“%(value)s” in för_invånare: write ja or nej.") % {"value": values["is_public"]}
            )
    return (row if values["identifier"] else None), problems


# Reading a stored answer of the Funding & Tenders search API


def read_funding_tenders(content: bytes, *, today: dt.date | None = None) -> list[CallRow]:
    """The topics of a search answer, once each: the portal repeats a topic with several
    deadlines, so results are joined by identifier. The closing day is the topic's next
    deadline from `today`, else its last one; a topic the portal calls open whose
    deadlines have all passed is open until further notice (a rolling call)."""
    today = today or timezone.localdate()
    if len(content) > MAX_JSON_BYTES:
        raise ImportRefused(
            [_("The file is larger than %(n)d MB.") % {"n": MAX_JSON_BYTES // 1024 // 1024}]
        )
    try:
        data = json.loads(content.decode("utf-8-sig"))
    # RecursionError: arrays nested some thousands deep, which no search answer is.
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportRefused([_("The file is not JSON.")]) from None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise ImportRefused(
            [
                _(
                    "The file is not an answer of the Funding & Tenders Portal's search: it "
                    "has no list of “results”."
                )
            ]
        )
    if len(results) > MAX_ROWS:
        raise ImportRefused([_("At most %(n)d rows at a time.") % {"n": MAX_ROWS}])
    topics: dict[str, tuple[CallRow, list[dt.datetime], str]] = {}
    errors = []
    for number, result in enumerate(results, start=1):
        label = _("Result %(n)d") % {"n": number}
        try:
            row, deadlines, status = _portal_row(number, label, result)
        except ValueError as problem:
            errors.append(f"{label}: {problem}")
            continue
        if row.identifier in topics:
            topics[row.identifier][1].extend(deadlines)
        else:
            topics[row.identifier] = (row, deadlines, status)
    if errors:
        raise ImportRefused(errors)
    if not topics:
        raise ImportRefused([_("The file has no calls in it.")])
    rows = []
    for row, deadlines, status in topics.values():
        _choose_deadline(row, sorted(set(deadlines)), status, today)
        rows.append(row)
    return rows


def _first(metadata: dict, name: str) -> str:
    value = metadata.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    # A NUL character means nothing in a title and PostgreSQL refuses to store one.
    return str(value).replace("\x00", "").strip() if value is not None else ""


def _portal_time(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date.") % {"value": text}) from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    try:
        # The year 1 or 9999 with an offset has no Swedish time (_local needs one).
        timezone.localtime(moment)
    except OverflowError:
        raise ValueError(_("“%(value)s” is not a date.") % {"value": text}) from None
    return moment


def _portal_row(number: int, label: str, result) -> tuple[CallRow, list[dt.datetime], str]:
    metadata = result.get("metadata") if isinstance(result, dict) else None
    if not isinstance(metadata, dict):
        raise ValueError(_("it has no metadata."))
    identifier = _first(metadata, "identifier")
    if not identifier:
        raise ValueError(_("the call identifier is missing."))
    title = _first(metadata, "title") or _first(metadata, "callTitle")
    if not title:
        raise ValueError(_("the title is missing (in Swedish or English)."))
    deadlines = [_portal_time(str(d)) for d in metadata.get("deadlineDate") or [] if d]
    start = _first(metadata, "startDate")
    code = identifier.split("-")[0].upper()
    programme = PORTAL_FRAMEWORKS.get(_first(metadata, "frameworkProgramme")) or (
        PORTAL_PROGRAMMES.get(code, code)
    )
    row = CallRow(line=number, identifier=identifier, title_en=title[:300], label=label)
    row.programme_id, row.programme_name = programme_by_name(programme)
    if start:
        row.opens_on = _local(_portal_time(start))[0]
    row.link = TOPIC_PAGE.format(identifier=identifier)
    description = strip_tags(_first(metadata, "descriptionByte"))
    if description:
        row.description_en = Truncator(" ".join(description.split())).chars(DESCRIPTION_FROM_PORTAL)
    return row, deadlines, _first(metadata, "status")


def _local(moment: dt.datetime) -> tuple[dt.date, dt.time | None]:
    """The portal writes a deadline's day as midnight UTC ("2026-12-01T00:00:00.000+0000"):
    that is the day, with no time. A real time is turned into Swedish time."""
    if moment.utcoffset() == dt.timedelta(0) and moment.time() == dt.time(0, 0):
        return moment.date(), None
    local = timezone.localtime(moment)
    return local.date(), local.time().replace(second=0, microsecond=0)


def _choose_deadline(row: CallRow, deadlines: list[dt.datetime], status: str, today) -> None:
    if not deadlines:
        return
    days = [_local(moment) for moment in deadlines]
    coming = [day for day in days if day[0] >= today]
    if coming:
        row.closes_on, row.closes_at_time = coming[0]
    elif status != PORTAL_OPEN:
        row.closes_on, row.closes_at_time = days[-1]
    # else: open with every deadline passed: a rolling call, no closing day


# Previewing and writing


@dataclass
class Planned:
    row: CallRow
    call: Call | None  # None: a new call
    changed: list[str]  # labels of the fields that change

    @property
    def is_new(self) -> bool:
        return self.call is None


def plan_import(*, municipality, rows: list[CallRow]) -> list[Planned]:
    """What importing `rows` would do: which calls are new, which change and how."""
    # A call is known by its identifier whatever its case (the portal writes capitals,
    # people often do not), compared in Python: SQLite lowers a–z only, not Å, Ä, Ö.
    wanted = {row.identifier.casefold() for row in rows}
    ids = {
        identifier.casefold(): pk
        for pk, identifier in Call.objects.for_municipality(municipality).values_list(
            "pk", "identifier"
        )
        if identifier.casefold() in wanted
    }
    calls = Call.objects.in_bulk(ids.values())
    existing = {key: calls[pk] for key, pk in ids.items()}
    planned = []
    for row in rows:
        call = existing.get(row.identifier.casefold())
        changed = []
        if call is not None:
            for name, value in row.changes().items():
                stored = getattr(call, name)
                if name in ("themes",):
                    stored_ids = set(stored.values_list("pk", flat=True))
                    if stored_ids != {theme.pk for theme in value}:
                        changed.append(str(Call._meta.get_field(name).verbose_name))
                elif stored != value:
                    changed.append(str(Call._meta.get_field(name).verbose_name))
        planned.append(Planned(row, call, changed))
    return planned


def check_import(*, municipality, actor, planned: list[Planned]) -> None:
    """Each new or changed row checked against the model as the import will check it, so
    that the preview never promises what the import then refuses (a call closing before it
    opens had been previewed as "ny"). ImportRefused with every row's errors."""
    errors = []
    for plan in planned:
        if plan.call is not None and (plan.call.archived_at or not plan.changed):
            continue
        target = (
            copy.copy(plan.call)
            if plan.call is not None
            else Call(municipality=municipality, created_by=actor, identifier=plan.row.identifier)
        )
        _apply(target, plan.row.changes())
        try:
            target.full_clean(validate_unique=False, validate_constraints=True)
        except ValidationError as error:
            errors += import_preview.row_errors(plan.row.label, Call, error)
    if errors:
        raise ImportRefused(errors)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    archived: int  # already registered but archived: left alone


@transaction.atomic
def import_calls(*, actor, municipality, rows: list[CallRow], source: str) -> ImportResult:
    """All or nothing: each row is checked against the model as it is written, and the
    first error anywhere undoes every row (with every error listed by its row)."""
    require(can_manage_calls(actor, municipality.pk))
    created = updated = unchanged = archived = 0
    errors = []
    for planned in plan_import(municipality=municipality, rows=rows):
        call, row = planned.call, planned.row
        if call is not None and call.archived_at:
            archived += 1
            continue
        if call is not None and not planned.changed:
            unchanged += 1
            continue
        target = call or Call(
            municipality=municipality, created_by=actor, identifier=row.identifier
        )
        if call is not None:
            target.version += 1
        try:
            later = _apply(target, row.changes())
            _save(target, later, actor=actor, reason=f"import: {source}")
        except ValidationError as error:
            errors += import_preview.row_errors(row.label, Call, error)
            continue
        log_action(
            actor=actor,
            action="call.imported" if call is None else "call.updated_by_import",
            target=target,
            data={"source": source, "changed": planned.changed},
        )
        if call is None:
            created += 1
        else:
            updated += 1
    if errors:
        raise ImportRefused(errors)
    return ImportResult(created, updated, unchanged, archived)


def sign_rows(rows: list[CallRow], *, municipality, source: str) -> str:
    rows = [row.to_json() for row in rows]
    return import_preview.seal(
        kind="calls", municipality_id=municipality.pk, source=source, rows=rows
    )


def unsign_rows(token: str, *, municipality) -> tuple[list[CallRow], str]:
    try:
        source, rows = import_preview.unseal(token, kind="calls", municipality_id=municipality.pk)
    except import_preview.PreviewRefused as refused:
        raise ImportRefused([refused.message]) from None
    return [CallRow.from_json(row) for row in rows], source
