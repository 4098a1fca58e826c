"""Partner finding in EU project data (keep.eu, Kohesio), under "Omvärld": organisations
ranked for a theme, country, programme or fund and years; one organisation with its
projects and its link to our partner register; and a partner's page with the EU projects
it has been in. The data is shared by every municipality of the installation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_countries import countries

from projektdatabas.accounts.permissions import memberships, readable_municipality_ids, require
from projektdatabas.euprojects import services
from projektdatabas.euprojects.figures import current as current_figures
from projektdatabas.euprojects.imports import recent_since
from projektdatabas.euprojects.models import (
    EUImport,
    EUOrganisation,
    EUOrganisationStats,
    EUProgramme,
)
from projektdatabas.euprojects.permissions import (
    can_find_partners,
    can_import,
    can_link_partners,
)
from projektdatabas.euprojects.ranking import (
    Filters,
    projects_of,
    projects_of_partner,
    rank_organisations,
)
from projektdatabas.euprojects.words import terms
from projektdatabas.organisations.models import Municipality, Organisation
from projektdatabas.projects.fulltext import parse_query
from projektdatabas.projects.partners import normalised

from ..access import staff_view

PER_PAGE = 25
FIRST_YEAR, LAST_YEAR = 1990, 2040
# The funds and programmes offered change only with an import: read once per import.
_choices: dict = {}


def _choice_lists():
    latest = EUImport.objects.order_by("-pk").values_list("pk", "finished_at").first()
    if "import" not in _choices or _choices["import"] != latest:
        _choices.clear()
        _options_html.clear()
        _choices["import"] = latest
        # The participations' arrays name the funds; a distinct over the figures' table
        # took a worker's first page 0.2-0.5 s at a million operations.
        loaded = current_figures()
        _choices["funds"] = (
            sorted(fund for fund in loaded.funds if fund)
            if loaded
            else sorted(
                EUOrganisationStats.objects.exclude(fund="")
                .values_list("fund", flat=True)
                .distinct()
                .order_by()
            )
        )
        _choices["programmes"] = [
            (pk, name if len(name) <= 70 else name[:69] + "…")
            for pk, name in EUProgramme.objects.order_by("name").values_list("pk", "name")
        ]
    return _choices["funds"], _choices["programmes"]


def _countries() -> list[tuple[str, str]]:
    """The country list in the page's language. django_countries translates and sorts it
    at every iteration, which was most of the page's time (70 ms of 75): once a language."""
    language = get_language()
    if language not in _country_lists:
        _country_lists[language] = list(countries)
    return _country_lists[language]


_country_lists: dict[str, list] = {}


def _options(name: str, choices, chosen: str) -> str:
    """A select's options as HTML, drawn once per language and import (the country list
    alone is 250 options, most of the page's drawing time), the chosen one marked."""
    key = (name, get_language(), _choices.get("import"))
    html = _options_html.get(key)
    if html is None:
        html = _options_html[key] = format_html_join(
            "", '<option value="{}">{}</option>', ((str(v), label) for v, label in choices)
        )
    if not chosen:
        return html
    mark = format_html('<option value="{}">', chosen)
    return mark_safe(html.replace(mark, mark[:-1] + " selected>", 1))  # noqa: S308 - escaped above


_options_html: dict[tuple, str] = {}


def _filters(request) -> tuple[Filters, dict, list[str], list[str]]:
    """The filters from the address; a value that cannot be used is named and left out
    (`problems`), one that was plainly meant otherwise is put right and said (`corrected`)."""
    funds, programmes = _choice_lists()
    given = {
        key: request.GET.get(key, "").strip()[:200]
        for key in ("q", "land", "fond", "program", "fran", "till")
    }
    problems, corrected = [], []
    country = given["land"] = given["land"].upper()
    if country and country not in dict(_countries()):
        problems.append(_("“%(value)s” is not a country code.") % {"value": given["land"]})
        country = given["land"] = ""
    fund = given["fond"]
    if fund and fund not in funds:
        problems.append(_("No project has the fund “%(value)s”.") % {"value": fund})
        fund = given["fond"] = ""
    programme_id = None
    if given["program"]:
        if given["program"].isdigit() and int(given["program"]) in dict(programmes):
            programme_id = int(given["program"])
        else:
            problems.append(_("The programme asked for is not in the data."))
            given["program"] = ""
    years = {}
    for key in ("fran", "till"):
        if given[key]:
            if given[key].isdigit() and FIRST_YEAR <= int(given[key]) <= LAST_YEAR:
                years[key] = int(given[key])
            else:
                problems.append(_("“%(value)s” is not a year.") % {"value": given[key]})
                given[key] = ""
    if years.get("fran", 0) > years.get("till", LAST_YEAR):
        # 2026 to 2010 means 2010 to 2026; ignoring either year gave another list than asked.
        years["fran"], years["till"] = years["till"], years["fran"]
        given["fran"], given["till"] = str(years["fran"]), str(years["till"])
        corrected.append(
            _("The years were the wrong way round: shown for %(start)s–%(end)s.")
            % {"start": years["fran"], "end": years["till"]}
        )
    filters = Filters(
        words=parse_query(given["q"], word_forms=False),
        country=country,
        fund=fund,
        programme_id=programme_id,
        year_from=years.get("fran"),
        year_to=years.get("till"),
        exact=request.GET.get("exakt") == "1",
    )
    return filters, given, problems, corrected


def _used_query(request, given: dict):
    """The address's filters as used, for the links that carry them on: a value left out is
    not passed on, a corrected one passes on corrected (years given the wrong way round)."""
    query = request.GET.copy()
    query.pop("sida", None)
    for key, value in given.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return query


def _words_note(used_query, filters: Filters) -> dict:
    """What the page says about the words searched beside the typed ones (words.py), with
    the address that turns that off, or on again."""
    added = terms(filters.words).added
    if not added:
        return {}
    query = used_query.copy()
    if filters.exact:
        query.pop("exakt", None)
    else:
        query["exakt"] = "1"
    return {
        "words_added": added,
        "words_exact": filters.exact,
        "words_toggle": "?" + query.urlencode(),
    }


def _page_number(request) -> int:
    number = request.GET.get("sida", "1")
    return min(int(number), 1000) if number.isdigit() and int(number) > 0 else 1


class _MunicipalityTags:
    """What an EU organisation is to the reader when it is a municipality of theirs: "Ale
    kommun" ranks among Ale's possible partners, and the tag says that it is Ale."""

    def __init__(self, user):
        own = {m.municipality_id for m in memberships(user) if m.municipality_id}
        self.names = {
            normalised(m.name): _("our municipality")
            if m.pk in own
            else _("municipality in the region")
            for m in Municipality.objects.filter(pk__in=readable_municipality_ids(user))
        }

    def of(self, organisation) -> str | None:
        if organisation.country != "SE":
            return None
        return self.names.get(organisation.normalised_name)


def _with_municipality_tags(user, ranked) -> list[tuple]:
    tags = _MunicipalityTags(user)
    return [(row, tags.of(row.organisation)) for row in ranked]


@require_safe
@staff_view
def eu_partners(request):
    require(can_find_partners(request.user))
    filters, given, problems, corrected = _filters(request)
    funds, programmes = _choice_lists()
    number = _page_number(request)
    ranked = rank_organisations(filters, limit=PER_PAGE + 1, offset=(number - 1) * PER_PAGE)
    query = _used_query(request, given)
    return render(
        request,
        "staff/eu_partners.html",
        {
            "ranked": _with_municipality_tags(request.user, ranked[:PER_PAGE]),
            "first_rank": (number - 1) * PER_PAGE + 1,
            "previous_page": number - 1 if number > 1 else None,
            "next_page": number + 1 if len(ranked) > PER_PAGE else None,
            "given": given,
            "problems": problems,
            "corrected": corrected,
            "country_options": _options("land", _countries(), given["land"]),
            "fund_options": _options("fond", ((f, f) for f in funds), given["fond"]),
            "programme_options": _options("program", programmes, given["program"]),
            "filters_query": query.urlencode(),
            **_words_note(query, filters),
            "recent_since": recent_since(),
            "last_import": EUImport.objects.first(),
            "can_import": can_import(request.user),
        },
    )


@require_safe
@staff_view
def eu_organisation(request, pk):
    require(can_find_partners(request.user))
    organisation = get_object_or_404(
        EUOrganisation.objects.select_related("partner", "linked_by"), pk=pk
    )
    filters, given, problems, corrected = _filters(request)
    filtered = any(given.values())
    page = Paginator(projects_of(organisation, filters if filtered else None), 50).get_page(
        request.GET.get("sida")
    )
    municipality_tag = _MunicipalityTags(request.user).of(organisation)
    # One of our own municipalities is not a partner to link: the register's other
    # organisations were offered for Ale kommun, inviting a wrong link.
    can_link = can_link_partners(request.user) and not municipality_tag
    suggestions = (
        services.suggestions(organisation) if can_link and not organisation.partner_id else []
    )
    others = (
        Organisation.objects.filter(country=organisation.country, is_active=True)
        .exclude(pk__in=[o.pk for o in suggestions])
        .order_by("name")
        if can_link and not organisation.partner_id and organisation.country
        else []
    )
    query = _used_query(request, given)
    return render(
        request,
        "staff/eu_organisation.html",
        {
            "organisation": organisation,
            "page": page,
            "filtered": filtered,
            "problems": problems,
            "corrected": corrected,
            **_words_note(query, filters),
            "filters_query": query.urlencode(),
            "can_link": can_link,
            "municipality_tag": municipality_tag,
            "suggestions": suggestions,
            "others": others,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def eu_organisation_link(request, pk):
    organisation = get_object_or_404(EUOrganisation, pk=pk)
    require(can_link_partners(request.user))
    if request.method != "POST":
        # Opened from the history or a bookmark: the organisation's page holds the choice.
        return redirect("staff:eu_organisation", pk=organisation.pk)
    partner_id = request.POST.get("organisation", "")
    try:
        if request.POST.get("action") == "unlink":
            services.unlink_organisation(eu_organisation=organisation, actor=request.user)
            messages.success(request, _("The link to the register was undone."))
        elif not partner_id.isdigit():
            messages.error(request, _("Choose the partner in the register to link to."))
        else:
            partner = get_object_or_404(Organisation, pk=int(partner_id))
            services.link_organisation(
                eu_organisation=organisation, organisation=partner, actor=request.user
            )
            messages.success(
                request, _("Linked to %(partner)s in the register.") % {"partner": partner.name}
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("staff:eu_organisation", pk=organisation.pk)


@require_safe
@staff_view
def partner(request, pk):
    """A partner in our register, with the EU projects it has been in (through the EU
    organisations a person linked to it)."""
    require(can_find_partners(request.user))
    organisation = get_object_or_404(Organisation, pk=pk)
    page = Paginator(projects_of_partner(organisation), 50).get_page(request.GET.get("sida"))
    return render(
        request,
        "staff/partner.html",
        {
            "organisation": organisation,
            "linked": organisation.eu_organisations.order_by("name"),
            "page": page,
        },
    )
