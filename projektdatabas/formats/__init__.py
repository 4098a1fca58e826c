"""Our own additions to Django's locale formats (settings.FORMAT_MODULE_PATH).

Dates are typed and read as 2026-03-31 only. Django's Swedish and English formats also read
"1/11/2026" as month/day, 11 January, where a Swede means 1 November: a receipt typed that
way was saved ten months off without a word. Refused, it gets "Skriv datumet som
2026-03-31." Everything else comes from Django's formats for the language."""

# Django looks for a module per language (sv/formats.py, en/formats.py); both import
# these, so that the two languages cannot come to read dates differently.
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]
