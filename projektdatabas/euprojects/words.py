"""Swedish and English words for the same theme, so that partner finding in Swedish finds
the EU projects written in English, and the other way round.

keep.eu's Interreg projects have English titles only and Kohesio's operations mostly an
English one beside the programme language's, while staff search in Swedish: "ungdom" found
none of the projects called "Youth …". A word typed in one language is therefore also
searched in the other, each word as a prefix like the typed one, and the page says which
words were added; `exakt=1` searches the words as written.

The list is short and written by hand for the themes of municipal international work (the
strategy's orientations and the EU's funding themes). A typed word uses the group of the
longest stem it begins with, when at most ENDING letters follow ("ungdomarna",
"cultural"), compared without diacritics ("miljo" is "miljö"): "kulturarv" takes the
heritage group, not the culture one, and a compound such as "ungdomsutbyte" is searched as
written.

Every stem is searched as a prefix in both languages' titles, so a stem must not begin
unrelated words in either: "port" would find Portugal and portals, "twin" every "digital
twin", "stad" stadiums, "hav" "have" and "hospital" hospitality; those groups use longer
stems or none (review of 1 Dec 2026)."""

from dataclasses import dataclass

from projektdatabas.core.text import folded
from projektdatabas.projects.fulltext import ParsedQuery

ENDING = 4

# (Swedish stems, English stems); each stem is searched as a prefix.
GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("ungdom", "unga"), ("youth", "young")),
    (("barn",), ("child",)),
    (("äldre",), ("elderly", "ageing", "aging")),
    (("kvinn",), ("woman", "women")),
    (("jämställd",), ("gender",)),
    (("jämlik",), ("equalit",)),
    (("funktionsned", "funktionshind", "tillgänglig"), ("disab", "accessib")),
    (("kultur",), ("cultur",)),
    (("kulturarv",), ("heritage",)),
    (("bibliotek",), ("librar",)),
    (("musik",), ("music",)),
    (("idrott",), ("sport",)),
    (("miljö",), ("environment",)),
    (("klimat",), ("climat",)),
    (("klimatanpass", "översvämning"), ("flood", "adaptation")),
    (("energi",), ("energ",)),
    (("förnybar", "solenergi", "solcell"), ("renewable", "solar", "photovolta")),
    (("vätgas",), ("hydrogen",)),
    (("omställning",), ("transition",)),
    (("avfall",), ("waste",)),
    (("återvinn",), ("recycl",)),
    (("cirkulär",), ("circular",)),
    (("vatten", "vattn"), ("water",)),
    (("havet", "havs"), ("marine", "maritime", "ocean")),
    (("östersjö",), ("baltic",)),
    (("kust",), ("coast",)),
    (("skärgård",), ("archipelago",)),
    (("skog", "skogsbruk"), ("forest",)),
    (("jordbruk",), ("agricultur", "farming")),
    (("fiske",), ("fisher", "fishing")),
    (("livsmedel",), ("food",)),
    (("biodiversitet",), ("biodivers",)),
    (("hållbar",), ("sustainab",)),
    (("landsbygd",), ("rural",)),
    (("staden", "stads", "städer"), ("urban", "city", "cities")),
    (("bostad", "bostäder"), ("housing",)),
    (("cykel", "cykl"), ("cycling", "bicycle", "bike")),
    (("kollektivtrafik", "mobilitet"), ("transport", "mobilit")),
    (("järnväg",), ("railway",)),
    (("hamn",), ("harbour", "harbor", "seaport")),
    (("turism", "turist"), ("touris",)),
    (("hälsa", "folkhäls"), ("health",)),
    (("sjukvård", "omsorg"), ("healthcare",)),
    (("räddningstjänst",), ("rescue", "emergenc")),
    (("beredskap",), ("preparedness",)),
    (("resiliens", "motståndskraft"), ("resilien",)),
    (("säkerhet", "trygghet"), ("safety", "security")),
    (("utbild",), ("education", "training")),
    (("skola", "skolor"), ("school",)),
    (("elever",), ("pupil", "student")),
    (("lärare",), ("teacher",)),
    (("universitet",), ("universit",)),
    (("forsk",), ("research",)),
    (("kompetens",), ("skill", "competenc")),
    (("lärling",), ("apprentice",)),
    (("utbyt",), ("exchange",)),
    (("sysselsättning", "arbetsmarknad"), ("employ", "labour")),
    (("arbetslös",), ("unemploy",)),
    (("företag",), ("business", "enterprise", "company", "companies")),
    (("näringsliv",), ("business",)),
    (("entreprenör",), ("entrepreneur",)),
    (("demokrati",), ("democra",)),
    (("medborgar", "invånare"), ("citizen", "inhabitant")),
    (("förening", "ideell", "volontär", "frivillig"), ("volunt", "ngo")),
    (("delaktighet",), ("participation",)),
    (("inkludering",), ("inclus",)),
    (("invandrare", "nyanlända"), ("migrant", "immigra", "migrat")),
    (("flykting", "asyl"), ("refugee", "asylum")),
    (("vänort", "vänstad", "vänkommun"), ("twinn",)),
    (("samarbete", "samverk"), ("cooperation", "collaborat")),
    (("gräns", "gränsöverskrid"), ("border",)),
    (("bredband",), ("broadband",)),
    (("digitalisering",), ("digitalisation", "digitalization")),
)


def _stems() -> dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Each stem, in either language, with the other language, its stems in the group and
    the stem's own language's other stems there ("youth" brings "young" as well as
    "ungdom", as "ungdom" brings "youth" and "young")."""
    other: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
    for swedish, english in GROUPS:
        for stems, language, others in ((swedish, "en", english), (english, "sv", swedish)):
            for stem in stems:
                _language, before, siblings = other.get(stem, ("", (), ()))
                siblings = (*siblings, *(s for s in stems if s != stem))
                other[stem] = (
                    language,
                    tuple(dict.fromkeys((*before, *others))),
                    tuple(dict.fromkeys(siblings)),
                )
    return other


_OTHER = _stems()


# A stem as compared with a typed word: without diacritics, since FTS5 finds "miljö" for
# "miljo" too (remove_diacritics).
_BY_FOLDED = {folded(stem): stem for stem in _OTHER}


@dataclass(frozen=True)
class Added:
    """The stems searched beside a typed word: the other language's, with that language
    (for the page's `lang`), and the typed word's own language's in the group."""

    word: str
    language: str
    stems: tuple[str, ...]
    siblings: tuple[str, ...] = ()

    @property
    def own_language(self) -> str:
        return "sv" if self.language == "en" else "en"


def equivalents(word: str) -> Added | None:
    """The other language's stems for a typed word; None when the list has none."""
    typed = folded(word)
    stem = max(
        (s for s in _BY_FOLDED if typed.startswith(s) and len(typed) - len(s) <= ENDING),
        key=len,
        default=None,
    )
    if stem is None:
        return None
    language, others, siblings = _OTHER[_BY_FOLDED[stem]]
    others = tuple(s for s in others if s != word)
    siblings = tuple(s for s in siblings if not word.startswith(s))
    return Added(word, language, others, siblings) if others else None


@dataclass(frozen=True)
class Terms:
    """The words to search: each typed word with the stems searched beside it."""

    query: ParsedQuery
    added: tuple[Added, ...] = ()

    @property
    def key(self) -> tuple:
        return (self.query.words, self.query.phrases, self.added)

    def __bool__(self) -> bool:
        return bool(self.query)

    def _alternatives(self, word: str) -> tuple[str, ...]:
        found = next((a for a in self.added if a.word == word), None)
        return (word, *found.siblings, *found.stems) if found else (word,)

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every typed word (or one of its equivalents), and every
        quoted phrase as written."""
        parts = [
            _either([f'"{w}"*' for w in self._alternatives(w)], " OR ") for w in self.query.words
        ]
        parts += ['"' + " ".join(phrase) + '"' for phrase in self.query.phrases]
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """The same question as a PostgreSQL tsquery."""
        parts = [
            _either([f"{w}:*" for w in self._alternatives(w)], " | ") for w in self.query.words
        ]
        parts += ["(" + " <-> ".join(phrase) + ")" for phrase in self.query.phrases]
        return " & ".join(parts)


def _either(alternatives: list[str], operator: str) -> str:
    return alternatives[0] if len(alternatives) == 1 else f"({operator.join(alternatives)})"


def terms(query: ParsedQuery, *, exact: bool = False) -> Terms:
    if exact:
        return Terms(query)
    added = tuple(found for word in query.words if (found := equivalents(word)))
    return Terms(query, added)
