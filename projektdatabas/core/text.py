"""Text compared as people type it."""

import unicodedata


def folded(text: str) -> str:
    """`text` without diacritics ("miljö" → "miljo", "Åbo" → "Abo"), as typed on a keyboard
    without them; case is the caller's to fold."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
