from django import template

from projektdatabas.core.dates import format_fuzzy_date
from projektdatabas.core.i18n import localized as _localized

register = template.Library()


@register.filter
def localized(obj, field: str) -> str:
    return _localized(obj, field)


@register.simple_tag
def fuzzy_date(value, precision) -> str:
    return format_fuzzy_date(value, precision)


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str, fallback: str = "public:home") -> str:
    """This page in another language, keeping its query string; that language's start page
    (`fallback`) for an address with no counterpart, such as an error page's."""
    from django.urls import reverse, translate_url
    from django.utils import translation

    request = context["request"]
    url = translate_url(request.path, language)
    if url == request.path:
        with translation.override(language):
            return reverse(fallback)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def url_with_page(context, number) -> str:
    query = context["request"].GET.copy()
    query["sida"] = str(number)
    return "?" + query.urlencode()
