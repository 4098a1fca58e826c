"""`{% facet_items facet %}`: a search page's facet links (public/_facets.html), drawn in
Python. A broad search shows a hundred of them, and the template engine's work per link
(a dozen variable lookups, filters, lang_attr, number) was the largest part of drawing the
page; this writes the same markup in one string operation per link, with the standard
library's escape() and capfirst's one expression: Django's, wrapped for lazy strings, took a
third of it for the same characters."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from projektdatabas.core import money
from projektdatabas.core.i18n import page_language

register = template.Library()

# One link; every part is escaped or is markup written here.
LINK = (
    '<li><a href="{url}"{current} data-value="{value}" data-count="{count}">{chosen}'
    '<span{lang}>{label}</span> <span class="count">({shown})</span></a></li>'
)


@register.simple_tag
def facet_items(facet) -> str:
    """The facet's values as list items: the label (marked with its language where it is
    not the page's, WCAG 3.1.2) and its count, the chosen one marked as current and
    announced as "Selected, remove"."""
    language = page_language()
    chosen = '<span class="visually-hidden">{}: </span>'.format(escape(gettext("Selected, remove")))
    grouped = number_grouping()
    return mark_safe(  # noqa: S308 - every value is escaped above
        "\n".join(
            LINK.format(
                url=escape(v.url),
                current=' aria-current="true" class="selected"' if v.selected else "",
                value=escape(v.value),
                count=v.count,
                chosen=chosen if v.selected else "",
                lang=f' lang="{escape(v.language)}"'
                if v.language and v.language != language
                else "",
                label=escape(v.label[:1].upper() + v.label[1:]),  # capfirst
                shown=grouped(v.count),
            )
            for v in facet.values
        )
    )


def number_grouping():
    """A whole number formatted as money.grouped() formats it (the `number` filter) in the
    page's language, with the separator looked up once rather than per count."""
    separator = money.grouped(1000)[1:-3]
    return lambda n: f"{n:,}".replace(",", separator)
