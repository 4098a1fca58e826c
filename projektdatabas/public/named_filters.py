"""On a search that found nothing: the filters whose value the typed words name.

The search reads the projects' titles and summaries. A resident who types "Italien",
"Italy" or "Erasmus" means a partner country or a programme, which the filters hold, and
was told only to try another spelling. Each value is offered with its number of projects
under the filters already chosen, and only when it has some."""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from projektdatabas.core.i18n import localized, page_language
from projektdatabas.core.text import folded
from projektdatabas.projects.fulltext import ParsedQuery
from projektdatabas.projects.models import ProjectKind
from projektdatabas.projects.reference import Programme, TargetGroup, Theme
from projektdatabas.projects.search import PublicSearch
from projektdatabas.strategy.models import Orientation

from .listing import country_names, name_language, url_with

MAX_NAMED = 6
MIN_TYPED = 3  # letters: "a" would name half the filters


@dataclass(frozen=True)
class NamedFilter:
    filter_label: str  # "Land"
    value_label: str  # "Italien"
    language: str  # of value_label, when it is not the page's
    count: int
    url: str  # the list with this filter chosen and the words taken away


def filters_named(search: PublicSearch, params: QueryDict, keys) -> list[NamedFilter]:
    """Values of the filters `keys` (those the page offers) whose name, in Swedish or
    English, has a word beginning with what was typed, as the search's own words do."""
    query = search.query
    typed = folded(" ".join(query.words).lower())
    if len(typed) < MIN_TYPED or query.phrases or search.total:
        return []
    found = []
    for key, label, value, param, names, shown, language in _values(keys):
        if not any(_begins(folded(name.lower()), typed) for name in names if name):
            continue
        filters = {**search.filters, key: value}
        count = PublicSearch(
            municipalities=search.municipalities, query=ParsedQuery(), filters=filters
        ).total
        if count:
            url = url_with(params, q=None, **{key: param})
            found.append(NamedFilter(str(label), shown, language, count, url))
        if len(found) == MAX_NAMED:
            break
    return found


def _values(keys):
    """(key, filter label, value as the search takes it, value in the address, names to
    match, name shown, its language) for every value of the filters offered."""
    if "typ" in keys:
        for kind in ProjectKind:
            names = _both(lambda kind=kind: str(kind.label))
            yield "typ", _("Kind"), kind.value, kind.value, names, str(kind.label), ""
    rows = [
        ("tema", _("Theme"), Theme.objects.all(), "slug"),
        ("program", _("Programme"), Programme.objects.all(), "pk"),
        ("malgrupp", _("Target group"), TargetGroup.objects.all(), "slug"),
        ("inriktning", _("Orientation"), Orientation.objects.all(), "pk"),
    ]
    for key, label, queryset, attr in rows:
        if key not in keys:
            continue
        for obj in queryset:
            if hasattr(obj, "name_sv"):
                names, shown = (obj.name_sv, obj.name_en), localized(obj, "name")
            else:
                names, shown = (obj.name,), obj.name
            yield key, label, obj, getattr(obj, attr), names, shown, name_language(obj)
    if "land" in keys:
        shown = country_names(page_language())
        swedish, english = _both(lambda: {code: str(name) for code, name in countries})
        for code in shown:
            yield "land", _("Country"), code, code, (swedish[code], english[code]), shown[code], ""


def _both(name):
    with translation.override("sv"):
        swedish = name()
    with translation.override("en"):
        english = name()
    return swedish, english


def _begins(name: str, typed: str) -> bool:
    """Whether a word of `name` begins with `typed` ("europa" in "Kreativa Europa")."""
    return any(
        name[i:].startswith(typed) for i in range(len(name)) if i == 0 or not name[i - 1].isalnum()
    )
