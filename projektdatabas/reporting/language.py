"""The report is written in Swedish whatever language the reader's interface is in: it is
the municipality's document to its executive board, and its HTML, PDF and Word files
declare Swedish, so their text must be Swedish too (WCAG 3.1.1)."""

from functools import wraps

from django.utils import translation

REPORT_LANGUAGE = "sv"


def in_report_language(function):
    @wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(REPORT_LANGUAGE):
            return function(*args, **kwargs)

    return wrapper
