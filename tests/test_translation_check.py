"""The system check that stops `manage.py check` and `migrate` when the translations are
not compiled (core/checks.py): without them the Swedish site shows English."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from projektdatabas.core.checks import check_translations_compiled, read_po

SOURCE = Path(settings.LOCALE_PATHS[0])
PO = "sv/LC_MESSAGES/django.po"


@pytest.fixture
def locale(tmp_path, settings):
    """A copy of the translations without the compiled file, as after a fresh clone."""
    copy = tmp_path / "locale"
    (copy / PO).parent.mkdir(parents=True)
    shutil.copy(SOURCE / PO, copy / PO)
    settings.LOCALE_PATHS = [copy]
    return copy


def compile_po(locale: Path) -> None:
    po = locale / PO
    subprocess.run([shutil.which("msgfmt"), "-o", str(po.with_suffix(".mo")), str(po)], check=True)


def test_missing_compiled_translations_are_an_error_with_the_command_to_run(locale):
    (error,) = check_translations_compiled()
    assert error.id == "core.E001" and error.is_serious()
    assert "'sv' translations are not compiled" in error.msg
    assert "django.mo is missing" in error.msg
    assert "manage.py compilemessages" in error.hint


def test_compiled_translations_pass(locale):
    compile_po(locale)
    assert check_translations_compiled() == []


def test_a_translation_changed_after_compiling_is_an_error(locale):
    compile_po(locale)
    po = locale / PO
    text = po.read_text(encoding="utf-8")
    old = 'msgid "Projects"\nmsgstr "Projekt"\n'
    assert old in text
    po.write_text(text.replace(old, 'msgid "Projects"\nmsgstr "Projekten"\n'), encoding="utf-8")
    (error,) = check_translations_compiled()
    assert error.id == "core.E002"
    assert "1 message(s) differ, e.g. 'Projects'" in error.msg
    assert "manage.py compilemessages" in error.hint


def test_file_times_do_not_matter_only_content(locale):
    """A checkout sets file times arbitrarily: a .po newer than its (current) .mo is fine."""
    compile_po(locale)
    po, mo = locale / PO, (locale / PO).with_suffix(".mo")
    os.utime(mo, (1_000_000, 1_000_000))
    assert check_translations_compiled() == []
    assert po.stat().st_mtime > mo.stat().st_mtime


def test_the_po_reader_agrees_with_msgfmt_on_the_real_file(locale):
    """Every translated message, plural forms and fuzzy entries included, as msgfmt has it."""
    compile_po(locale)
    messages = read_po(locale / PO)
    assert messages["Projects"] == "Projekt"
    assert messages[("%(n)s project", 1)] == "%(n)s projekt"
    assert len(messages) > 900


def test_fuzzy_and_obsolete_entries_are_not_expected_in_the_compiled_file(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Draft"\nmsgstr "Utkast"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Gammal"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "maj"\n\n'
        'msgid "Two\\n"\n"lines"\nmsgstr ""\n"Två\\n"\n"rader"\n',
        encoding="utf-8",
    )
    assert read_po(po) == {"month\x04May": "maj", "Two\nlines": "Två\nrader"}


SETTINGS = """
from projektdatabas.settings import *  # noqa
LOCALE_PATHS = [{locale!r}]
"""


def test_manage_py_check_and_migrate_stop_without_compiled_translations(locale, tmp_path):
    (tmp_path / "uncompiled_settings.py").write_text(SETTINGS.format(locale=str(locale)))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uncompiled_settings",
        "PYTHONPATH": str(tmp_path),
        "PROJEKTDATABAS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    root = Path(settings.BASE_DIR)
    for command in ("check", "migrate"):
        result = subprocess.run(
            [sys.executable, "manage.py", command],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode != 0, command
        assert "core.E001" in result.stderr and "compilemessages" in result.stderr
        assert "Applying" not in result.stdout
    compile_po(locale)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# --- every message translated -----------------------------------------------------------

GETTEXT = {  # function name: how many leading string arguments make its key
    "gettext": 1,
    "gettext_lazy": 1,
    "gettext_noop": 1,
    "_": 1,
    "ngettext": 2,
    "ngettext_lazy": 2,
    "pgettext": 2,
    "pgettext_lazy": 2,
    "npgettext": 3,
    "npgettext_lazy": 3,
}


def _key(name: str, args: list[str]):
    """The message's key as read_po() keys the catalogue."""
    if name.startswith("np"):
        return (f"{args[0]}\x04{args[1]}", 0)
    if name.startswith("n"):
        return (args[0], 0)
    if name.startswith("p"):
        return f"{args[0]}\x04{args[1]}"
    return args[0]


def _template_messages(text: str, origin: str):
    """The messages of a template, as makemessages reads them: Django's templatize()
    turns {% translate %} and {% blocktranslate %} into gettext calls, read here by token."""
    import ast
    import io
    import tokenize

    from django.utils.translation.template import templatize

    code = "\n".join(line.strip() for line in templatize(text, origin=origin).splitlines())
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    for i, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in GETTEXT:
            continue
        if tokens[i + 1].string != "(":
            continue
        args, j = [], i + 2
        while j < len(tokens) and tokens[j].string != ")":
            if tokens[j].type == tokenize.STRING:
                args.append(ast.literal_eval(tokens[j].string))
            j += 1
        if len(args) >= GETTEXT[token.string]:
            yield _key(token.string, args)


def _python_messages(text: str):
    import ast

    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in GETTEXT:
            continue
        args = []
        for arg in node.args[: GETTEXT[name]]:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break
            args.append(arg.value)
        if len(args) == GETTEXT[name]:
            yield _key(name, args)


def test_every_message_of_the_code_has_its_swedish_translation():
    """A message without a Swedish translation shows in English on the Swedish site: the
    partner finding's table was announced to screen readers as "Organisations", and a
    msgid removed from the catalogue while a staff page still used it would have put "The
    published regional reports" on it. Every message of the templates and the Python code
    (migrations aside) is in django.po, translated."""
    package = Path(settings.BASE_DIR) / "projektdatabas"
    catalogue = read_po(SOURCE / PO)
    missing = {}
    for path in package.rglob("*.html"):
        for key in _template_messages(path.read_text(encoding="utf-8"), str(path)):
            if key not in catalogue:
                missing.setdefault(key, path.relative_to(package))
    for path in package.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for key in _python_messages(path.read_text(encoding="utf-8")):
            if key not in catalogue:
                missing.setdefault(key, path.relative_to(package))
    assert missing == {}
