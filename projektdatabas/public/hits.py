"""A search page's hits (the list and the regional portal): read in one query of the few
columns the result list shows (hits()), and drawn in Python (prepare_hits()), for
public/_result_list.html. At a million projects, model instances and the template's work
per row were a third of drawing a first-time search page (bench/README.md)."""

import re
from functools import cache, partial

from django.db import connection
from django.template.defaultfilters import truncatewords_html
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from projektdatabas.core.i18n import localized
from projektdatabas.core.kept import kept
from projektdatabas.core.templatetags.pd import lang_attr, marked
from projektdatabas.organisations.models import Department, Municipality
from projektdatabas.projects.models import Project, ProjectKind, ProjectStatus
from projektdatabas.projects.search import highlight


class Hit:
    """A hit as the result list shows it: the few fields it draws (HIT_FIELDS, `pk` for
    `id`), its lead department and municipality, with the attribute names a Project has,
    so localized(), lang_attr() and marked() read it as they read a project."""

    def __init__(self, row, departments: dict, municipalities: dict):
        for name, value in zip(HIT_FIELDS, row, strict=True):
            setattr(self, name, value)
        self.pk = self.id
        # A row newer than this worker's kept ones (another server's change, seen here
        # within CONTENT_VERSION_TTL) is read on its own.
        self.lead_department = departments.get(self.lead_department_id) or (
            Department.objects.get(pk=self.lead_department_id)
        )
        self.municipality = municipalities.get(self.municipality_id) or (
            Municipality.objects.get(pk=self.municipality_id)
        )


HIT_FIELDS = (
    "id",
    "slug",
    "title_sv",
    "title_en",
    "public_summary_sv",
    "public_summary_en",
    "kind",
    "status",
    "start_date",
    "end_date",
    "is_example_data",
    "lead_department_id",
    "municipality_id",
)


def hits(ids: list[int]) -> list[Hit]:
    """The page's hits, in the order of `ids`: one query of a few columns, compiled once per
    worker and page length; the department and municipality are the kept rows. Model
    instances with their department joined cost 1.5 ms a page on SQLite and 2.3-3.8 ms on
    PostgreSQL (every column of both tables read and converted), this 0.1-0.6 ms."""
    if not ids:
        return []
    sql, converters = _hits_query(connection.vendor, len(ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        rows = cursor.fetchall()
    departments = kept_rows(Department.objects)
    municipalities = kept_rows(Municipality.objects.all())
    found = {}
    for row in rows:
        row = list(row)
        for i, (functions, expression) in converters.items():
            for function in functions:
                row[i] = function(row[i], expression, connection)
        found[row[0]] = Hit(row, departments, municipalities)
    return [found[pk] for pk in ids if pk in found]


# Stand-ins for the ids while the query is compiled; each must come out as one parameter.
_PLACEHOLDER = -1_000_000_001


@cache
def _hits_query(vendor: str, length: int) -> tuple[str, dict]:
    """(SQL, the converters of its columns by position), built with the ORM."""
    placeholders = [_PLACEHOLDER - i for i in range(length)]
    queryset = Project.objects.filter(pk__in=placeholders).order_by().values_list(*HIT_FIELDS)
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    if list(params) != placeholders:  # a change to the ORM or the manager's rules
        raise RuntimeError(f"The hits' query took another shape: {sql} {params}")
    return sql, compiler.get_converters([column for column, _, _ in compiler.select])


# One hit in the result list; every part is escaped or is markup built by prepare_hits().
HIT = (
    '\n  <li class="result">\n    <h3{title_lang}><a href="{url}">{title}</a></h3>'
    '\n    <p class="meta">{meta}</p>\n    <p{summary_lang}>{summary}</p>\n    {tag}\n  </li>\n  '
)


SUMMARY_WORDS = 40
_MARKS = re.compile(r"(<mark>|</mark>)")
_WORD_GAPS = re.compile(r"(?<=\S)\s+(?=\S)")
# An ampersand that does not begin one of the entities html.escape() writes: a mark put
# inside an entity ("&<mark>amp</mark>;"), which Django's parser reads otherwise.
_LOOSE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|#x27);)")


def truncated(text: str) -> SafeData:
    """`text|truncatewords_html:40` for highlight()'s output (escaped text with <mark>
    tags), without the HTML parser, which took a fifth of drawing a page's hits: the same
    words counted the same way (each run of text between tags split at its inner
    whitespace, rejoined by single spaces), cut with " …", and an open mark closed. Any
    other input goes to Django's filter."""
    if not isinstance(text, SafeData):
        return conditional_escape(truncatewords_html(text, SUMMARY_WORDS))
    if _LOOSE_AMPERSAND.search(text) or "<" in _MARKS.sub("", text):
        return truncatewords_html(text, SUMMARY_WORDS)  # marked safe as `text` was
    remaining, opened, out = SUMMARY_WORDS, False, []
    for part in _MARKS.split(text):
        if part in ("<mark>", "</mark>"):
            opened = part == "<mark>"
            out.append(part)
        elif part:
            words = _WORD_GAPS.split(part)
            if remaining < len(words):
                out.append(" ".join(words[:remaining]) + " …")
                if opened:
                    out.append("</mark>")
                break
            remaining -= len(words)
            out.append(" ".join(words))
    return mark_safe("".join(out))  # noqa: S308 - parts of escaped text and marks


def prepare_hits(page, query, url, *, regional: bool = False) -> None:
    """What the shared result list (public/_result_list.html) shows of each hit, worked out
    here once per page rather than in the template per row (where it was a sixth of the
    page's Python time): its address (`url(project)`), title and summary with the matched
    words marked and their `lang` attributes, and the line under the title (`meta`): the
    municipality (`regional`), kind, status, years and, on a municipality's own list, the
    lead department; and the whole item (`html`), written in one string operation, which
    the template engine took three times as long to draw."""
    kinds = {choice.value: capfirst(str(choice.label)) for choice in ProjectKind}
    statuses = {choice.value: capfirst(str(choice.label)) for choice in ProjectStatus}
    example = format_html('<p class="tag">{}</p>', _("Example data"))
    for project in page:
        project.url = url(project)
        project.title_marked = highlight(localized(project, "title"), query)
        project.title_lang = lang_attr(project, "title")
        project.summary_marked = highlight(localized(project, "public_summary"), query)
        project.summary_lang = lang_attr(project, "public_summary")
        parts = [
            kinds.get(project.kind, project.kind),
            statuses.get(project.status, project.status),
        ]
        if regional:
            parts.insert(0, project.municipality.name)
        start, end = project.start_date, project.end_date
        if start and end and end.year != start.year:
            parts.append(f"{start.year}–{end.year}")
        elif start:
            parts.append(start.year)
        if not regional:
            parts.append(marked(project.lead_department, "name"))
        # format_html_join(" · ", "{}", …), which took a fifth of this loop.
        project.meta = mark_safe(" · ".join(conditional_escape(part) for part in parts))  # noqa: S308
        project.html = mark_safe(  # noqa: S308 - every part is escaped or built as markup
            HIT.format(
                title_lang=project.title_lang,
                url=conditional_escape(project.url),
                title=conditional_escape(project.title_marked),
                meta=project.meta,
                summary_lang=project.summary_lang,
                summary=truncated(project.summary_marked),
                tag=example if project.is_example_data else "",
            )
        )


def kept_rows(queryset) -> dict:
    """{pk: object} of a small table named in the facets and the hits (themes, programmes,
    departments, municipalities …), read once per content version in each worker
    (core/kept.py), which any change to them moves: six queries fewer on every search page."""
    return kept(("facet rows", queryset.model._meta.label), partial(_rows, queryset))


def _rows(queryset) -> dict:
    return {obj.pk: obj for obj in queryset.all()}
