"""Text compared as people type it."""

import unicodedata


def folded(text: str) -> str:
    """`text` without diacritics ("miljö" → "miljo", "Åbo" → "Abo"), as typed on a keyboard
    without them; case is the caller's to fold."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Swedish alphabetical order puts å, ä and ö after z (and æ, ø with ä, ö; ü with y);
# other marks are read without their accent ("Égypte" with E).
_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})


def swedish_order(text: str) -> str:
    """A sort key for Swedish alphabetical order: "Åland" and "Österrike" after "Zambia",
    where a list sorted by Unicode without accents had put them beside Afghanistan and
    Oman."""
    return folded(text.lower().translate(_SWEDISH_LAST))
