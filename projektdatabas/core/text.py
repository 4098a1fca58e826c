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


# What a typed or pasted text may not keep. XML 1.0, and so the feeds and the IATI file,
# refuses the control characters other than tab, line feed and carriage return: one pasted
# from Word (its manual line break is a vertical tab) had stopped every feed with a 500.
# Word's line and page breaks become line breaks; the other controls go.
_TYPED = {
    **{c: None for c in range(0x20) if chr(c) not in "\t\n\r"},
    0x7F: None,
    0xFFFE: None,
    0xFFFF: None,
    **{0x0B: "\n", 0x0C: "\n", 0x2028: "\n", 0x2029: "\n\n"},
}
# Characters that take no room: at a text's edges they are only left over from a paste,
# and a title of nothing but them showed as an empty link. Inside a text they may join an
# emoji, so they stay there.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def typed(text: str) -> str:
    """`text` as it may be stored and published: without control characters, and without
    invisible characters at its edges."""
    return text.translate(_TYPED).strip(_INVISIBLE)


def typed_data(data, names):
    """A form's posted `data` with `typed` applied to the fields `names`, before any field
    checks it: a name of nothing but control characters is then empty, and "required"."""
    if not any(name in data for name in names):
        return data
    data = data.copy()
    for name in names:
        if name in data and hasattr(data, "setlist"):
            data.setlist(name, [typed(v) for v in data.getlist(name)])
        elif name in data:
            data[name] = typed(data[name])
    return data


def typed_throughout(value):
    """`typed` through dicts, lists and tuples: a report's figures, whose texts were saved
    before the forms cleaned them, and go into a Word file that XML rules."""
    if isinstance(value, str):
        return typed(value)
    if isinstance(value, dict):
        return {key: typed_throughout(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(typed_throughout(item) for item in value)
    return value
