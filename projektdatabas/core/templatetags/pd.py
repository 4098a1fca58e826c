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
