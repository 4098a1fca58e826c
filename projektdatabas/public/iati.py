"""The IATI 2.03 activity file (/iati/activities.xml): the municipality's public projects
with money from outside it (EU grants, other co-financiers), for the IATI Registry and
d-portal. README.md ("IATI") writes down every mapping below; they are kept here, in one
place, so that the file and the README cannot say two things.

Only published projects and public fields are read: no internal description, contact
person, non-public link or note on a financing line or payment."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from lxml import etree

from projektdatabas.core.text import typed
from projektdatabas.finance.models import Funding, FundingSource, Receipt
from projektdatabas.organisations.models import OrganisationKind
from projektdatabas.projects.models import (
    GRANTED_STATUSES,
    MunicipalRole,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectStatus,
)
from projektdatabas.projects.public_data import project_url

from .caching import public_page
from .views import site_municipality

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HOME_COUNTRY = "SE"

# Money from outside the municipality; its own money and staff time are not in the file.
EXTERNAL_SOURCES = (FundingSource.EU_GRANT, FundingSource.OTHER_COFINANCING)

# The project's status as IATI's ActivityStatus code.
ACTIVITY_STATUS = {
    ProjectStatus.IDEA: "1",  # Pipeline/identification
    ProjectStatus.APPLICATION: "1",
    ProjectStatus.APPROVED: "1",
    ProjectStatus.ONGOING: "2",  # Implementation
    ProjectStatus.COMPLETED: "3",  # Finalisation: done, the final report not yet in
    ProjectStatus.FINAL_REPORT_DONE: "4",  # Closed
    ProjectStatus.REJECTED: "5",  # Cancelled
    ProjectStatus.WITHDRAWN: "5",
}

# Themes (by slug) as sectors in ONE vocabulary: OECD DAC CRS purpose codes, 5 digits
# (IATI SectorVocabulary 1). Themes are data: one added later, and a project without
# themes, get 99810 "Sectors not specified" until a line is added here and in the README.
SECTOR_VOCABULARY = "1"
UNSPECIFIED_SECTOR = "99810"
THEME_SECTORS = {
    "sysselsattning": "16020",  # Employment creation
    "arbetsmarknad": "16020",  # Employment creation (labour-market programmes)
    "naringsliv": "25030",  # Business development services
    "turism": "33210",  # Tourism policy and administrative management
    "kultur": "16061",  # Culture and recreation
    "utbildning": "11110",  # Education policy and administrative management
    "miljo": "41010",  # Environmental policy and administrative management
    "vard-omsorg": "16010",  # Social protection (social care)
    "barn-unga": "11231",  # Basic life skills for youth
}

# IATI OrganisationRole codes, and who takes which (README "IATI").
FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"
PARTNER_ROLES = {
    PartnerRole.LEAD: (ACCOUNTABLE, IMPLEMENTING),
    PartnerRole.PARTNER: (IMPLEMENTING,),
    PartnerRole.ASSOCIATED: (IMPLEMENTING,),
    PartnerRole.COFINANCIER: (FUNDING,),
}

# Organisation kinds as IATI OrganisationType codes.
ORGANISATION_TYPE = {
    OrganisationKind.MUNICIPALITY: "11",  # Local Government
    OrganisationKind.REGION: "11",
    OrganisationKind.UNIVERSITY: "80",  # Academic, Training and Research
    OrganisationKind.SCHOOL: "80",
    OrganisationKind.COMPANY: "70",  # Private Sector
    OrganisationKind.NGO: "22",  # National NGO
    OrganisationKind.EU_BODY: "40",  # Multilateral
    OrganisationKind.NETWORK: "90",  # Other
    OrganisationKind.PUBLIC_AGENCY: "10",  # Government
    OrganisationKind.OTHER: "90",
}
LOCAL_GOVERNMENT, MULTILATERAL = "11", "40"

# A funder the data does not name: the EU for an EU grant or programme, else the programme.
EU_NAMES = {"sv": "Europeiska unionen", "en": "European Union"}
UNNAMED_FUNDER = {"sv": "Annan medfinansiär", "en": "Other co-financier"}

INCOMING_FUNDS, INCOMING_COMMITMENT = "1", "11"
BUDGET_ORIGINAL, BUDGET_INDICATIVE = "1", "1"
ACTIVITY_WEB_PAGE = "A12"


def reporting_org_ref(municipality) -> str | None:
    """SE-ON- and the municipality's organisationsnummer in ten digits, as Sveriges
    dataportal writes it too; None while the number is not recorded."""
    if not municipality.organisation_number:
        return None
    return f"SE-ON-{municipality.organisation_number_digits}"


def has_activities(municipality, *, today: dt.date | None = None) -> bool:
    """Whether activities_document() has anything to publish, without building it (a
    million projects' file takes minutes): the open-data page links the file only then."""
    today = today or timezone.localdate()
    return (
        reporting_org_ref(municipality) is not None
        and exported_projects(municipality)
        .filter(Q(start_date__isnull=False) | Q(started_on__lte=today))
        .exists()
    )


def exported_projects(municipality):
    """Public projects with at least one financing line or payment from outside."""
    external_lines = Funding.objects.filter(project=OuterRef("pk"), source__in=EXTERNAL_SOURCES)
    external_payments = Receipt.objects.filter(project=OuterRef("pk"), source__in=EXTERNAL_SOURCES)
    return (
        Project.objects.for_municipality(municipality)
        .public()
        .filter(Exists(external_lines) | Exists(external_payments))
        .order_by("pk")
        .prefetch_related(
            "themes",
            Prefetch("partnerships", ProjectPartner.objects.select_related("organisation")),
            Prefetch(
                "fundings",
                Funding.objects.filter(source__in=EXTERNAL_SOURCES)
                .select_related("programme", "funder")
                .order_by("pk"),
                to_attr="external_fundings",
            ),
            Prefetch(
                "receipts",
                # Receipt.objects leaves voided payments out.
                Receipt.objects.filter(source__in=EXTERNAL_SOURCES)
                .select_related("programme")
                .order_by("received_on", "pk"),
                to_attr="external_receipts",
            ),
        )
    )


def last_updated(projects) -> dict[int, dt.datetime]:
    """Per project, its latest change: the project itself, or a save in the history of
    its partners, financing lines or payments (those have no timestamp of their own)."""
    latest = {project.pk: project.updated_at for project in projects}
    for model in (ProjectPartner, Funding, Receipt):
        rows = (
            model.history.filter(project_id__in=latest)
            .values("project_id")
            .annotate(at=Max("history_date"))
            .order_by()
        )
        for row in rows:
            latest[row["project_id"]] = max(latest[row["project_id"]], row["at"])
    return latest


def activities_document(municipality, *, base_url: str, now: dt.datetime | None = None):
    """The <iati-activities> tree, or None when nothing can be published: no organisation
    number, or no project that qualifies."""
    ref = reporting_org_ref(municipality)
    if ref is None:
        return None
    now = now or timezone.now()
    today = timezone.localdate(now)
    projects = list(exported_projects(municipality))
    updated = last_updated(projects)
    root = etree.Element(
        "iati-activities", version=IATI_VERSION, **{"generated-datetime": _datetime(now)}
    )
    for project in projects:
        activity = _activity(
            project,
            municipality=municipality,
            ref=ref,
            updated=min(updated[project.pk], now),
            today=today,
            base_url=base_url,
        )
        if activity is not None:
            root.append(activity)
    return root if len(root) else None


def _activity(project, *, municipality, ref, updated, today, base_url):
    dates = _activity_dates(project, today)
    if not any(kind in dates for kind in ("1", "2")):
        return None  # IATI needs a start, planned or actual (has_activities asks the same)
    currency = project.budget_currency
    activity = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": _datetime(updated),
            XML_LANG: "sv",
            "default-currency": currency,
            "hierarchy": "1",
        },
    )
    _sub(activity, "iati-identifier", text=f"{ref}-{project.pk}")
    reporting = _sub(activity, "reporting-org", ref=ref, type=LOCAL_GOVERNMENT)
    _narratives(reporting, {"sv": municipality.name})
    _narratives(_sub(activity, "title"), {"sv": project.title_sv, "en": project.title_en})
    summary = {"sv": project.public_summary_sv, "en": project.public_summary_en}
    _narratives(
        _sub(activity, "description", type="1"),
        summary if summary["sv"].strip() else {"sv": project.title_sv},
    )
    for role, org_ref, org_type, names in _participants(project, municipality, ref):
        org = _sub(activity, "participating-org", role=role)
        if org_ref:
            org.set("ref", org_ref)
        if org_type:
            org.set("type", org_type)
        _narratives(org, names)
    _sub(activity, "activity-status", code=ACTIVITY_STATUS[project.status])
    for kind, day in sorted(dates.items()):
        _sub(activity, "activity-date", type=kind, **{"iso-date": day.isoformat()})
    for code, percentage in _shares(_countries(project)):
        _sub(activity, "recipient-country", code=code, percentage=percentage)
    for code, percentage in _shares(_sectors(project)):
        _sub(activity, "sector", vocabulary=SECTOR_VOCABULARY, code=code, percentage=percentage)
    for start, end, amount in _yearly_budget(project):
        budget = _sub(activity, "budget", type=BUDGET_ORIGINAL, status=BUDGET_INDICATIVE)
        _sub(budget, "period-start", **{"iso-date": start.isoformat()})
        _sub(budget, "period-end", **{"iso-date": end.isoformat()})
        _value(budget, amount, currency, start)
    for transaction in _transactions(project, today):
        activity.append(transaction)
    link = _sub(
        activity,
        "document-link",
        url=base_url + project_url(project),
        format="text/html",
    )
    _narratives(_sub(link, "title"), {"sv": project.title_sv, "en": project.title_en})
    _sub(link, "category", code=ACTIVITY_WEB_PAGE)
    _sub(link, "language", code="sv")
    return activity


def _activity_dates(project, today) -> dict[str, dt.date]:
    """IATI ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
    Actual dates are what the lifecycle recorded, never a day still to come."""
    dates = {"1": project.start_date, "3": project.end_date}
    if project.started_on and project.started_on <= today:
        dates["2"] = project.started_on
        if project.completed_on and project.completed_on <= today:
            dates["4"] = project.completed_on
    return {kind: day for kind, day in dates.items() if day}


def _participants(project, municipality, ref):
    """(role, ref, type, names) for each participating organisation, funders first."""
    funders = {}
    for record in (*project.external_fundings, *project.external_receipts):
        key, names, org_type = _funder(record)
        funders.setdefault(key, (names, org_type))
    for names, org_type in funders.values():
        yield FUNDING, None, org_type, names
    own = {"sv": municipality.name}
    if project.municipal_role == MunicipalRole.OWNER:
        yield ACCOUNTABLE, ref, LOCAL_GOVERNMENT, own
    yield IMPLEMENTING, ref, LOCAL_GOVERNMENT, own
    for partnership in project.partnerships.all():
        organisation = partnership.organisation
        if ("org", organisation.pk) in funders and FUNDING in PARTNER_ROLES[partnership.role]:
            continue  # named already as the funder of a financing line
        for role in PARTNER_ROLES[partnership.role]:
            yield role, None, ORGANISATION_TYPE.get(organisation.kind), {"sv": organisation.name}


def _funder(record):
    """(key, names, type) of whom a financing line's or payment's money comes from: the
    co-financier a line names (an EU programme's managing body, say), else the EU for an
    EU grant or programme, else the programme, else an unnamed co-financier."""
    organisation = getattr(record, "funder", None)
    if organisation is not None:
        return (
            ("org", organisation.pk),
            {"sv": organisation.name},
            ORGANISATION_TYPE.get(organisation.kind),
        )
    programme = record.programme
    if record.source == FundingSource.EU_GRANT or (programme and programme.is_eu):
        return ("eu",), EU_NAMES, MULTILATERAL
    if programme is not None:
        return ("programme", programme.pk), {"sv": programme.name}, None
    return ("unnamed",), UNNAMED_FUNDER, None


def _countries(project) -> list[str]:
    """The partners' countries; the municipality's own where it has no partner."""
    codes = {p.organisation.country.code for p in project.partnerships.all()}
    return sorted(codes - {""}) or [HOME_COUNTRY]


def _sectors(project) -> list[str]:
    codes = {THEME_SECTORS.get(theme.slug, UNSPECIFIED_SECTOR) for theme in project.themes.all()}
    if len(codes) > 1:
        codes.discard(UNSPECIFIED_SECTOR)  # a known sector says more than "not specified"
    return sorted(codes) or [UNSPECIFIED_SECTOR]


def _shares(codes: list[str]) -> list[tuple[str, str]]:
    """Equal percentages with two decimals that add up to exactly 100 (the last one takes
    what rounding left over), as IATI's rulesets require."""
    each = (Decimal(100) / len(codes)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    shares = [each] * (len(codes) - 1)
    shares.append(Decimal(100) - sum(shares))
    return [(code, _decimal(share)) for code, share in zip(codes, shares, strict=True)]


def _yearly_budget(project):
    """The total budget spread over the planned period's calendar years in proportion to
    their days (IATI allows no budget period longer than a year): an indicative split,
    which the file marks as such. None without a budget and both planned dates."""
    if project.total_budget is None or not (project.start_date and project.end_date):
        return []
    periods = []
    for year in range(project.start_date.year, project.end_date.year + 1):
        start = max(project.start_date, dt.date(year, 1, 1))
        end = min(project.end_date, dt.date(year, 12, 31))
        periods.append((start, end, (end - start).days + 1))
    total_days = sum(days for *_, days in periods)
    amounts = [
        (project.total_budget * days / total_days).quantize(Decimal("0.01")) for *_, days in periods
    ]
    amounts[-1] = project.total_budget - sum(amounts[:-1])
    return [(start, end, amount) for (start, end, _), amount in zip(periods, amounts, strict=True)]


def _transactions(project, today):
    """Grants as incoming commitments once the project is granted and has begun (dated by
    its start: the data has no day of the grant decision), and payments received as
    incoming funds on the day they came. Nothing dated after today."""
    began = project.began_on
    if project.status in GRANTED_STATUSES and began and began <= today:
        for line in project.external_fundings:
            yield _transaction(INCOMING_COMMITMENT, began, line.amount, line.currency, line)
    for receipt in project.external_receipts:
        if receipt.received_on <= today:
            yield _transaction(
                INCOMING_FUNDS, receipt.received_on, receipt.amount, receipt.currency, receipt
            )


def _transaction(kind, day, amount, currency, record):
    transaction = etree.Element("transaction")
    _sub(transaction, "transaction-type", code=kind)
    _sub(transaction, "transaction-date", **{"iso-date": day.isoformat()})
    _value(transaction, amount, currency, day)
    _, names, org_type = _funder(record)
    provider = _sub(transaction, "provider-org")
    if org_type:
        provider.set("type", org_type)
    _narratives(provider, names)
    return transaction


def _value(parent, amount, currency, day):
    value = _sub(parent, "value", currency=currency, **{"value-date": day.isoformat()})
    value.text = _decimal(amount)


def _sub(parent, tag, *, text=None, **attributes):
    element = etree.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    if text is not None:
        # Without control characters saved before they were refused (core/text.py): lxml
        # refuses them, and the whole file failed for one project.
        element.text = typed(text)
    return element


def _narratives(parent, texts: dict[str, str]) -> None:
    """One <narrative> per language with text; Swedish is the activity's default."""
    for language, text in texts.items():
        if text and text.strip():
            narrative = _sub(parent, "narrative", text=text.strip())
            if language != "sv":
                narrative.set(XML_LANG, language)


def _decimal(value) -> str:
    return format(Decimal(value).quantize(Decimal("0.01")), "f")


def _datetime(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@require_safe
@public_page
def activities(request):
    """The IATI activity file. 404 until the municipality's organisation number is
    recorded (the identifiers are built from it) and while no project qualifies (the
    schema requires at least one activity)."""
    root = activities_document(
        site_municipality(request), base_url=request.build_absolute_uri("/")[:-1]
    )
    if root is None:
        raise Http404("No IATI activities to publish.")
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
