"""A system check that stops `manage.py check`, `migrate`, `runserver` and the other
commands that run the checks when the translations are not compiled (`backup`, `restore`
and `send_reminders` skip the checks: a nightly backup or an emergency restore must not
fail over translations). Without the .mo file Django quietly falls back to the
English source strings while the pages still say lang="sv".

It compares content, not file times: a git checkout gives files arbitrary times, and a
.mo compiled from an older .po can be newer than it. Every translated message of the .po
(fuzzy ones are left out, as msgfmt leaves them out) must be in the .mo with the same
translation, and the .mo must hold nothing else."""

import ast
import gettext
import json
from pathlib import Path

from django.conf import settings
from django.core.checks import Error

HINT = (
    "Compile them: cd projektdatabas && ../.venv/bin/python ../manage.py compilemessages "
    "(needs gettext's msgfmt; `make messages` does it)."
)


def check_translations_compiled(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for base in settings.LOCALE_PATHS:
        for po in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
            language = po.parent.parent.name
            mo = po.with_suffix(".mo")
            if not mo.exists():
                errors.append(
                    Error(
                        f"The {language!r} translations are not compiled: {mo} is missing, "
                        f"so the site would show English text on {language!r} pages.",
                        hint=HINT,
                        id="core.E001",
                    )
                )
                continue
            differing = _differences(po, mo)
            if differing:
                errors.append(
                    Error(
                        f"The {language!r} translations in {mo} do not match {po.name}: "
                        f"{len(differing)} message(s) differ, e.g. {differing[0]!r}.",
                        hint=HINT,
                        id="core.E002",
                    )
                )
    return errors


def _differences(po: Path, mo: Path) -> list[str]:
    expected = read_po(po)
    try:
        with mo.open("rb") as file:
            compiled = dict(gettext.GNUTranslations(file)._catalog)
    except (OSError, ValueError) as exc:  # unreadable or not a .mo file
        return [f"{mo.name}: {exc}"]
    compiled.pop("", None)  # the header
    keys = expected.keys() | compiled.keys()
    return sorted(
        str(key[0] if isinstance(key, tuple) else key)
        for key in keys
        if expected.get(key) != compiled.get(key)
    )


def read_po(path: Path) -> dict:
    """The translated messages of a .po file, keyed as Python's gettext keys a .mo
    catalogue: msgid, "context\\x04msgid", or (msgid, n) for plural forms."""
    catalogue: dict = {}
    entry: dict = {}
    field = None
    fuzzy = False

    def finish():
        nonlocal entry, field, fuzzy
        msgid = entry.get("msgid")
        if msgid and not fuzzy:
            if "msgctxt" in entry:
                msgid = f"{entry['msgctxt']}\x04{msgid}"
            forms = sorted(key for key in entry if key.startswith("msgstr["))
            if forms and all(entry[key] for key in forms):
                for key in forms:
                    catalogue[(msgid, int(key[7:-1]))] = entry[key]
            elif entry.get("msgstr"):
                catalogue[msgid] = entry["msgstr"]
        entry, field, fuzzy = {}, None, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):  # obsolete entries are not compiled
            if not line and entry:
                finish()
            continue
        if line.startswith("#"):
            if entry and field is not None and field.startswith("msgstr"):
                finish()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if line.startswith('"'):
            entry[field] += _unquote(line)
            continue
        keyword, _, value = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and field is not None and field.startswith("msgstr"):
            finish()
        field = keyword
        entry[field] = _unquote(value)
    if entry:
        finish()
    return catalogue


def _unquote(text: str) -> str:
    """A C string literal as gettext writes it; JSON reads the usual escapes fast."""
    try:
        return json.loads(text)
    except ValueError:
        return ast.literal_eval(text)
