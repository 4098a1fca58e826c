"""Content written in two languages: Swedish always, English for partners."""

from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    """The field in the active language, falling back to Swedish when not translated."""
    language = (get_language() or "sv")[:2]
    value = getattr(obj, f"{field}_{language}", "") if language != "sv" else ""
    return value or getattr(obj, f"{field}_sv", "")
