"""Content written in two languages: Swedish always, English for partners."""

from django.utils.translation import get_language

# The language the municipality keeps its records in. A name kept in one language only (a
# department, a programme, the action plan's title) is written in it.
RECORDS_LANGUAGE = "sv"


def page_language() -> str:
    return (get_language() or RECORDS_LANGUAGE)[:2]


def shown_language(obj, field: str) -> str:
    """The language of the text `localized(obj, field)` shows: the page's where the field has
    a translation in it, else Swedish; for a field kept in one language only (no `_sv`
    twin), the records' language. A text in another language than the page's is marked
    with it (WCAG 3.1.2), so that a screen reader reads "Sysselsättning" in Swedish on an
    English page."""
    if not hasattr(obj, f"{field}_{RECORDS_LANGUAGE}"):
        return RECORDS_LANGUAGE
    language = page_language()
    if language != RECORDS_LANGUAGE and getattr(obj, f"{field}_{language}", ""):
        return language
    return RECORDS_LANGUAGE


def localized(obj, field: str) -> str:
    """The field in the active language, falling back to Swedish when not translated."""
    return getattr(obj, f"{field}_{shown_language(obj, field)}", "")
