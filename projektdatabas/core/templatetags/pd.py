from decimal import Decimal

from django import template
from django.utils.html import format_html

from projektdatabas.core import money
from projektdatabas.core.i18n import localized as _localized
from projektdatabas.core.i18n import page_language, shown_language

register = template.Library()


@register.filter
def localized(obj, field: str) -> str:
    return _localized(obj, field)


@register.simple_tag
def lang_attr(obj, field: str = "") -> str:
    """` lang="sv"` for the element holding a text in another language than the page's, else
    nothing (WCAG 3.1.2): `<h1{% lang_attr project "title" %}>` for a field with
    translations (Swedish where the English is missing), `<span{% lang_attr department
    "name" %}>` for a name kept in Swedish only, `<th{% lang_attr "sv" %}>` for a text whose
    language is known by its code (an empty code: no particular language, nothing)."""
    language = shown_language(obj, field) if field else obj
    if not language or language == page_language():
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag
def marked(obj, field: str) -> str:
    """A field's text as the page shows it (`localized` for a field with translations), inside
    `<span lang="sv">` where it is not in the page's language: for a text among others, as
    in "Lissabonstrategin: Social cohesion". Nothing is added where the languages agree."""
    text = _localized(obj, field) if hasattr(obj, f"{field}_sv") else getattr(obj, field)
    language = shown_language(obj, field)
    if language == page_language():
        return text
    return format_html('<span lang="{}">{}</span>', language, text)


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def is_number(value) -> bool:
    return _is_number(value)


@register.filter
def number(value, decimals=0):
    """A number with the page language's group separator, "8 000 000" (core/money.py);
    nothing for None, and anything else that is not a number (a name in a table) as it is."""
    if value is None:
        return ""
    return money.grouped(value, int(decimals)) if _is_number(value) else value


@register.filter
def kronor(value, decimals=0) -> str:
    """An amount in kronor, "8 000 000 kr" ("8,000,000 SEK" in English); nothing for None."""
    return money.kronor(value, int(decimals)) if _is_number(value) else ""


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str, fallback: str = "public:home") -> str:
    """This page in another language, keeping its query string; that language's start page
    (`fallback`) for an address with no counterpart, such as an error page's."""
    from django.urls import reverse, translate_url
    from django.utils import translation

    request = context["request"]
    # path_info: under a municipality's prefix (/kungalv/…) the address without it is what
    # resolves; the translated address gets the prefix back from reverse().
    url = translate_url(request.path_info, language)
    if url == request.path_info:
        with translation.override(language):
            return reverse(fallback)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def url_with_page(context, number) -> str:
    query = context["request"].GET.copy()
    query["sida"] = str(number)
    return "?" + query.urlencode()
