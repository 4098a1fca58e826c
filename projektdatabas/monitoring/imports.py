"""Bringing EU items in from a feed (RSS 2.0 or Atom, monitoring/feeds.py) or a CSV file.

Each entry becomes a Candidate; every candidate is checked before anything is written, and
if any is wrong nothing is written and each error is named by its row (or the feed's entry
number). An entry already registered (the same CELEX number, feed identifier or link) is
left as it is, so importing the same feed again adds nothing."""

import contextlib
import datetime as dt
import re
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import can_manage_eu_items, require
from projektdatabas.core.import_preview import ImportRefused
from projektdatabas.core.models import log_action
from projektdatabas.core.spreadsheets import TableRefused, read_table
from projektdatabas.core.text import folded

from .feeds import FeedEntry
from .models import CELEX, Channel, EUItem, ItemKind, normalise_celex
from .services import create_item

MAX_ROWS = 500
TITLE_MAX = EUItem._meta.get_field("title").max_length
SUMMARY_MAX = 5000
LINK_MAX = EUItem._meta.get_field("link").max_length

# The CSV's columns: the template's (Swedish) names first, then other spellings accepted.
# Names are compared in lower case without accents or spaces, so "Länk" is "lank".
COLUMNS = {
    "kind": ("typ", "kind"),
    "title": ("titel", "title"),
    "celex": ("celex", "celexnummer"),
    "link": ("lank", "link", "url"),
    "channel": ("kanal", "kalla", "channel", "source"),
    "published_on": ("publicerad", "published"),
    "adopted_on": ("antagen", "adopted"),
    "applies_from": ("tillampas_fran", "applies_from"),
    "transposition_deadline": ("genomforande_senast", "transposition_deadline"),
    "consultation_closes": ("samrad_stanger", "consultation_closes"),
    "summary": ("sammanfattning", "summary"),
}
TEMPLATE_HEADER = [
    "typ",
    "titel",
    "celex",
    "länk",
    "kanal",
    "publicerad",
    "antagen",
    "tillämpas_från",
    "genomförande_senast",
    "samråd_stänger",
    "sammanfattning",
]
DATE_FIELDS = (
    "published_on",
    "adopted_on",
    "applies_from",
    "transposition_deadline",
    "consultation_closes",
)

# "CELEX:32026R1778: Commission Implementing Regulation …", as EUR-Lex titles its entries.
TITLE_CELEX = re.compile(r"^\s*CELEX\s*:\s*([0-9A-Z()_.\-]+)\s*[:\-–]\s*(.+)$", re.I | re.S)
LINK_CELEX = re.compile(r"CELEX(?::|%3A)([0-9A-Z()_.\-]+)", re.I)


@dataclass
class Candidate:
    """One entry of a file, as it would be registered. Plain values only: the preview
    carries the candidates to the confirming request, signed (staff/views/monitoring.py)."""

    label: str  # "Rad 3" or "Post 3", for errors and the preview
    kind: str
    title: str
    celex: str = ""
    link: str = ""
    guid: str = ""
    channel: str = ""
    published_on: str = ""  # ISO dates, or empty
    adopted_on: str = ""
    applies_from: str = ""
    transposition_deadline: str = ""
    consultation_closes: str = ""
    summary: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def kind_label(self) -> str:
        """The kind as the item's page names it: the preview had shown the stored code
        ("legislation") on a Swedish page."""
        return ItemKind(self.kind).label if self.kind in ItemKind.values else self.kind


def kind_from_celex(celex: str, default: str) -> str:
    """The kind an act's CELEX number says: sector 3 is legislation (R regulations, L
    directives, D decisions), sector 5 preparatory acts (PC proposals for legislation, DC
    communications)."""
    if len(celex) < 6:
        return default
    sector, kind = celex[0], re.match(r"[A-Z]+", celex[5:])
    letters = kind.group() if kind else ""
    if sector == "3" and letters in ("R", "L"):
        return ItemKind.LEGISLATION
    if sector == "3" and letters == "D":
        return ItemKind.DECISION
    if sector == "5" and letters == "PC":
        return ItemKind.LEGISLATION
    if sector == "5" and letters in ("DC", "SC"):
        return ItemKind.POLICY
    return default


def from_feed(entries: list[FeedEntry], *, channel: str, default_kind: str) -> list[Candidate]:
    """The feed's entries as candidates. An act the feed lists twice is taken once: the
    feed is someone else's, and its repetition is no error anyone here could correct (a
    CSV file's repeated row is: check() names it)."""
    candidates, seen = [], set()
    for entry in entries:
        title, celex = entry.title, ""
        if match := TITLE_CELEX.match(title):
            celex, title = normalise_celex(match.group(1)), match.group(2).strip()
        for source in (entry.identifier, entry.link, entry.guid):
            if celex:
                break
            if CELEX.match(normalise_celex(source)):
                celex = normalise_celex(source)
            elif match := LINK_CELEX.search(source):
                celex = normalise_celex(match.group(1))
        candidate = Candidate(
            label=_("Entry %(n)d") % {"n": entry.position},
            kind=kind_from_celex(celex, default_kind),
            title=title,
            celex=celex,
            link=entry.link,
            guid=entry.guid,
            channel=channel,
            published_on=entry.published_on.isoformat() if entry.published_on else "",
            summary=entry.summary,
        )
        if any(key in seen for key in _keys(candidate)):
            continue
        seen.update(_keys(candidate))
        candidates.append(candidate)
    return candidates


def _plain_name(text: str) -> str:
    text = folded(text.strip().lower())
    return re.sub(r"[\s\-]+", "_", text)


def _names(choices) -> dict[str, str]:
    names = {}
    for value, label in choices:
        names[value] = value
        names[_plain_name(str(label))] = value
    return names


def _iso_date(text: str) -> str | None:
    """ "" for an empty cell, the ISO date, or None for what is not a date."""
    text = text.strip()
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def from_csv(name: str, content: bytes, *, channel: str, default_kind: str) -> list[Candidate]:
    """The rows of a CSV (or XLSX) file, each checked as it is read; every problem is named
    with its row before anything is written."""
    positions, candidates, errors = None, [], []
    kinds = {**_names(ItemKind.choices), **_names([(v, v) for v in ItemKind.values])}
    # Short Swedish words people write for the kinds, besides the labels.
    kinds.update(
        {
            "lagstiftning": ItemKind.LEGISLATION,
            "direktiv": ItemKind.LEGISLATION,
            "forordning": ItemKind.LEGISLATION,
            "beslut": ItemKind.DECISION,
            "samrad": ItemKind.CONSULTATION,
            "policydokument": ItemKind.POLICY,
            "meddelande": ItemKind.POLICY,
            "rapport": ItemKind.REPORT,
        }
    )
    channels = _names(Channel.choices)
    channels.update({"west_sweden": Channel.WEST_SWEDEN, "gr": Channel.GR, "skr": Channel.SKR})
    try:
        with contextlib.closing(read_table(name, content, max_cell=SUMMARY_MAX)) as lines:
            for line, cells in lines:
                if not any(cells):
                    continue
                if positions is None:
                    positions = _positions([_plain_name(cell) for cell in cells])
                    continue
                if len(candidates) == MAX_ROWS:
                    raise ImportRefused([_("At most %(n)d rows at a time.") % {"n": MAX_ROWS}])
                row = {
                    field: (cells[i] if i is not None and i < len(cells) else "")
                    for field, i in positions.items()
                }
                candidate, problems = _csv_candidate(
                    line, row, kinds=kinds, channels=channels, channel=channel, kind=default_kind
                )
                candidates.append(candidate)
                errors += problems
    except TableRefused as refused:
        raise ImportRefused(refused.errors) from refused
    if positions is None:
        raise ImportRefused([_("The file is empty.")])
    # Every problem of the file at once, row by row: what could not be read, then what
    # the register would refuse (a missing title, no key for the next import …).
    errors += check(candidates)
    if errors:
        order = {c.label: n for n, c in enumerate(candidates)}
        raise ImportRefused(
            sorted(errors, key=lambda e: order.get(e.partition(":")[0], len(order)))
        )
    return candidates


def _positions(header: list[str]) -> dict[str, int | None]:
    positions = {
        field: next((i for i, name in enumerate(header) if name in names), None)
        for field, names in COLUMNS.items()
    }
    if positions["title"] is None:
        raise ImportRefused([_("The file needs a column named %(name)s.") % {"name": "titel"}])
    return positions


def _csv_candidate(line, row, *, kinds, channels, channel, kind):
    label = _("Row %(line)d") % {"line": line}
    problems = []

    def problem(message):
        problems.append(f"{label}: {message}")

    found_kind = kind
    if row["kind"]:
        found_kind = kinds.get(_plain_name(row["kind"]))
        if found_kind is None:
            problem(_("unknown kind “%(value)s”.") % {"value": row["kind"]})
    found_channel = channel
    if row["channel"]:
        found_channel = channels.get(_plain_name(row["channel"]))
        if found_channel is None:
            problem(_("unknown source “%(value)s”.") % {"value": row["channel"]})
    dates = {}
    for field in DATE_FIELDS:
        value = _iso_date(row[field])
        if value is None:
            problem(_("“%(value)s” is not a date; write it as 2026-03-31.") % {"value": row[field]})
        dates[field] = value or ""
    celex = normalise_celex(row["celex"])
    candidate = Candidate(
        label=label,
        kind=found_kind or kind,
        title=row["title"],
        celex=celex,
        link=row["link"].strip(),
        channel=found_channel or channel,
        summary=row["summary"],
        **dates,
    )
    if not row["kind"] and celex:
        candidate.kind = kind_from_celex(celex, kind)
    return candidate, problems


def check(candidates: list[Candidate]) -> list[str]:
    """What is wrong with the candidates, each error beginning with its row or entry."""
    errors, seen = [], {}
    url = URLValidator(schemes=["http", "https"])
    for c in candidates:

        def problem(message, c=c):
            errors.append(f"{c.label}: {message}")

        if not c.title.strip():
            problem(_("the title is missing."))
        elif len(c.title) > TITLE_MAX:
            problem(_("the title is longer than %(n)d characters.") % {"n": TITLE_MAX})
        if len(c.summary) > SUMMARY_MAX:
            problem(_("the summary is longer than %(n)d characters.") % {"n": SUMMARY_MAX})
        if c.celex and not CELEX.match(c.celex):
            problem(
                _("“%(value)s” is not a CELEX number (such as 32026R1778).") % {"value": c.celex}
            )
        if c.link:
            try:
                url(c.link)
                if len(c.link) > LINK_MAX:
                    raise ValidationError("long")
            except ValidationError:
                problem(_("“%(value)s” is not a web address.") % {"value": c.link[:100]})
        if not (c.celex or c.link or c.guid):
            problem(_("give a CELEX number or a link, so that a later import knows the item."))
        if c.kind not in ItemKind.values:
            problem(_("unknown kind “%(value)s”.") % {"value": c.kind})
        if c.channel not in Channel.values:
            problem(_("unknown source “%(value)s”.") % {"value": c.channel})
        for key in _keys(c):
            if key in seen:
                problem(_("the same item as %(other)s.") % {"other": seen[key]})
                break
        for key in _keys(c):
            seen.setdefault(key, c.label)
    return errors


def _keys(c: Candidate) -> list[tuple[str, str]]:
    """How an entry is known, most trusted first, and only by that: its CELEX number, else
    the feed's identifier of it, else its link (entries of a network's feed may all link to
    the same page, so a link alone says nothing once there is an identifier)."""
    for name, value in (("celex", c.celex), ("guid", c.guid), ("link", c.link)):
        if value:
            return [(name, value)]
    return []


def already_registered(municipality, candidates: list[Candidate]) -> set[str]:
    """The labels of the candidates the municipality has registered already, known by their
    CELEX number, feed identifier or link (see _keys). An act registered by hand with only
    its link is known by that link to an entry that carries its CELEX number too."""
    celexes = {c.celex for c in candidates if c.celex}
    guids = {c.guid for c in candidates if c.guid}
    links = {c.link for c in candidates if c.link}
    found = EUItem.objects.filter(municipality=municipality).filter(
        Q(celex__in=celexes) | Q(feed_guid__in=guids) | Q(link__in=links)
    )
    known, linked_without_celex = set(), set()
    for celex, guid, link in found.values_list("celex", "feed_guid", "link"):
        known |= {("celex", celex), ("guid", guid), ("link", link)}
        if not celex and link:
            linked_without_celex.add(link)
    return {
        c.label
        for c in candidates
        if any(key in known for key in _keys(c)) or (c.celex and c.link in linked_without_celex)
    }


@dataclass
class ImportResult:
    created: list[EUItem]
    skipped: int


@transaction.atomic
def import_items(*, municipality, actor, candidates: list[Candidate], source: str) -> ImportResult:
    """Every candidate checked, then all new ones registered or none. `source` (the file's
    name or the address) goes into each item's audit entry."""
    require(can_manage_eu_items(actor, municipality.pk))
    errors = check(candidates)
    if errors:
        raise ImportRefused(errors)
    known = already_registered(municipality, candidates)
    created = []
    for c in candidates:
        if c.label in known:
            continue
        changes = {
            "kind": c.kind,
            "title": c.title.strip(),
            "celex": c.celex,
            "link": c.link,
            "channel": c.channel,
            "summary_sv": c.summary,
            **{
                f: dt.date.fromisoformat(getattr(c, f)) if getattr(c, f) else None
                for f in DATE_FIELDS
            },
        }
        try:
            created.append(
                create_item(
                    actor=actor, municipality=municipality, changes=changes, feed_guid=c.guid
                )
            )
        except ValidationError as error:
            # check() has seen what it can; what the model still refuses is named by row
            # too, and the transaction writes nothing.
            raise ImportRefused([f"{c.label}: {m}" for m in error.messages]) from error
    for item in created:
        log_action(
            actor=actor, action="eu_item.imported", target=item, data={"source": source[:500]}
        )
    return ImportResult(created=created, skipped=len(candidates) - len(created))
