"""Swedish and English words for the same theme, so that partner finding in Swedish finds
the EU projects written in English, and the other way round.

keep.eu's Interreg projects have English titles only and Kohesio's operations mostly an
English one beside the programme language's, while staff search in Swedish: "ungdom" found
none of the projects called "Youth …". A word typed in one language is therefore also
searched in the other, each word as a prefix like the typed one, and the page says which
words were added; `exakt=1` searches the words as written.

The list is short and written by hand for the themes of municipal international work (the
strategy's orientations and the EU's funding themes). A typed word uses the group of the
longest stem it begins with, when at most ENDING letters follow ("ungdomar", "cultural"):
"kulturarv" takes the heritage group, not the culture one, and a compound such as
"ungdomsutbyte" is searched as written, as is "portugal" (not "port" + "ugal")."""

from dataclasses import dataclass

from projektdatabas.projects.fulltext import ParsedQuery

ENDING = 3

# (Swedish stems, English stems); each stem is searched as a prefix.
GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("ungdom", "unga"), ("youth", "young")),
    (("barn",), ("child",)),
    (("äldre",), ("elderly", "ageing")),
    (("kvinnor",), ("women",)),
    (("kultur",), ("cultur",)),
    (("kulturarv",), ("heritage",)),
    (("idrott",), ("sport",)),
    (("miljö",), ("environment",)),
    (("klimat",), ("climat",)),
    (("energi",), ("energ",)),
    (("vätgas",), ("hydrogen",)),
    (("avfall",), ("waste",)),
    (("återvinning",), ("recycl",)),
    (("cirkulär",), ("circular",)),
    (("vatten",), ("water",)),
    (("hav",), ("marine", "maritime", "ocean")),
    (("kust",), ("coast",)),
    (("skog",), ("forest",)),
    (("jordbruk",), ("agricultur", "farming")),
    (("fiske",), ("fisher", "fishing")),
    (("livsmedel",), ("food",)),
    (("biologisk", "biodiversitet"), ("biodivers",)),
    (("hållbar",), ("sustainab",)),
    (("landsbygd",), ("rural",)),
    (("stad", "städer"), ("urban", "city", "cities")),
    (("bostad", "bostäder"), ("housing",)),
    (("cykel", "cykling"), ("cycling", "bicycle")),
    (("järnväg",), ("railway", "rail")),
    (("hamn",), ("port", "harbour")),
    (("turism", "turist"), ("touris",)),
    (("hälsa",), ("health",)),
    (("sjukhus",), ("hospital",)),
    (("utbildning",), ("education", "training")),
    (("skola", "skolor"), ("school",)),
    (("elever",), ("pupil", "student")),
    (("lärare",), ("teacher",)),
    (("universitet",), ("universit",)),
    (("forskning",), ("research",)),
    (("kompetens",), ("skill", "competence")),
    (("lärling",), ("apprentice",)),
    (("sysselsättning", "arbetsmarknad"), ("employment", "labour")),
    (("företag",), ("business", "enterprise", "compan")),
    (("entreprenör",), ("entrepreneur",)),
    (("näringsliv",), ("business",)),
    (("jämställd",), ("gender",)),
    (("demokrati",), ("democra",)),
    (("delaktighet",), ("participation",)),
    (("inkludering",), ("inclusion",)),
    (("invandrare", "nyanlända"), ("migrant", "immigra", "refugee")),
    (("säkerhet", "trygghet"), ("safety", "security")),
    (("beredskap",), ("preparedness", "resilien")),
    (("vänort",), ("twin",)),
    (("samarbete",), ("cooperation", "collaboration")),
    (("gräns",), ("border",)),
    (("kommun",), ("municipal",)),
    (("bredband",), ("broadband",)),
    (("digitalisering",), ("digitalisation", "digitalization")),
)


def _stems() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each stem, in either language, with the other language and its stems in the group."""
    other: dict[str, tuple[str, tuple[str, ...]]] = {}
    for swedish, english in GROUPS:
        for stems, language, others in ((swedish, "en", english), (english, "sv", swedish)):
            for stem in stems:
                before = other.get(stem, ("", ()))[1]
                other[stem] = (language, tuple(dict.fromkeys((*before, *others))))
    return other


_OTHER = _stems()


@dataclass(frozen=True)
class Added:
    """The stems searched beside a typed word, and their language (for the page's `lang`)."""

    word: str
    language: str
    stems: tuple[str, ...]


def equivalents(word: str) -> Added | None:
    """The other language's stems for a typed word; None when the list has none."""
    stem = max(
        (s for s in _OTHER if word.startswith(s) and len(word) - len(s) <= ENDING),
        key=len,
        default=None,
    )
    if stem is None:
        return None
    language, others = _OTHER[stem]
    others = tuple(s for s in others if s != word)
    return Added(word, language, others) if others else None


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
        found = next((a.stems for a in self.added if a.word == word), ())
        return (word, *found)

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
