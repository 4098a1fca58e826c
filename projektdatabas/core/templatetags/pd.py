import functools
from decimal import Decimal

from django import template
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import format_html
from django.utils.translation import get_language
from django_countries import countries

from projektdatabas.core import money
from projektdatabas.core.i18n import localized as _localized
from projektdatabas.core.i18n import page_language, shown_language
from projektdatabas.core.kept import kept

register = template.Library()


@register.filter
def localized(obj, field: str) -> str:
    return _localized(obj, field)


@register.filter
def display(obj, field: str) -> str:
    """`obj.get_<field>_display()`: the label of the field's value in the active language.
    Django builds the whole {value: label} table on each call, translating every label to
    hash it (30-50 µs a field); here the table is built once and one label translated."""
    field = obj._meta.get_field(field)
    value = getattr(obj, field.attname)
    label = _choice_labels(field).get(make_hashable(value), value)
    return force_str(label, strings_only=True)


@functools.cache
def _choice_labels(field) -> dict:
    # The labels stay lazy: each is translated when shown, in the language of that page.
    return dict(make_hashable(field.flatchoices))


@register.filter
def country_name(country) -> str:
    """`country.name` (django-countries), kept per language: looking it up cost 50 µs a
    partner on the project page. Kept as core/kept.py keeps values, so a change of the
    countries' settings is followed as every other kept value."""
    return kept(("country name", get_language(), country.code), lambda: country.name)


@register.filter
def country_of_code(code: str) -> str:
    """A country's name from its two-letter code ("DE" → "Tyskland"); the code itself when
    it names no country. The EU data keeps codes; the filters beside them show names."""
    return kept(
        ("country of code", get_language(), code), lambda: str(countries.name(code)) or code
    )


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
def percent(value) -> str:
    """ "40 %", or "–" for a share that cannot be computed (a group whose measures are all
    cancelled): "– %" read as a misprint."""
    return "–" if value is None else f"{value} %"


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


def _decimals_as_typed(value, *, money_like: bool) -> int:
    if value % 1 == 0:
        return 0
    if money_like:
        return 2  # 12 500,50, not 12 500,5
    return min(2, -Decimal(str(value)).normalize().as_tuple().exponent)


@register.filter
def as_typed(value, kind="") -> str:
    """A number with its decimals where it has any ("120,5" hours; "12 500,50" with
    `as_typed:"money"`), none where it has none: `number` had shown 12 500,50 EUR as
    12 501 and 120,5 hours as 121."""
    if not _is_number(value):
        return number(value)
    return money.grouped(value, _decimals_as_typed(value, money_like=kind == "money"))


@register.filter
def kronor_as_typed(value) -> str:
    """An amount in kronor as typed: "12 500,50 kr", "8 000 000 kr"."""
    if not _is_number(value):
        return ""
    return money.kronor(value, _decimals_as_typed(value, money_like=True))


@register.filter
def kronor(value, decimals=0) -> str:
    """An amount in kronor, "8 000 000 kr" ("8,000,000 SEK" in English); nothing for None."""
    return money.kronor(value, int(decimals)) if _is_number(value) else ""


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str, fallback: str = "public:home") -> str:
    """This page in another language, keeping its query string; that language's start page
    (`fallback`) for an address with no counterpart, such as an error page's."""
    from django.urls import reverse
    from django.utils import translation

    request = context["request"]
    # path_info: under a municipality's prefix (/kungalv/…) the address without it is what
    # resolves; the translated address gets the prefix back from reverse().
    url = _translated(request, language)
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


def _translated(request, language: str) -> str:
    """translate_url(request.path_info, language), without resolving the address again where
    this request's own resolution of it is at hand (a view's page; not an error page for an
    address that resolves to nothing): a third of the language link's cost."""
    from django.urls import NoReverseMatch, reverse, translate_url
    from django.utils import translation

    match = getattr(request, "resolver_match", None)
    if match is None or "%" in request.path_info:
        return translate_url(request.path_info, language)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(language):
        try:
            return reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.path_info
