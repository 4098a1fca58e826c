"""The IATI 2.03 activity file, /iati/activities.xml: valid against IATI's own schema
(vendored in tests/data/iati-2.03/, with its source and licence), and true to the rules of
IATI's validator that matter here (IATI-Rulesets `standard.json`, by rule id)."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from projektdatabas.finance.models import Funding, FundingSource, Receipt
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import (
    PartnerRole,
    Programme,
    ProjectContact,
    ProjectPartner,
    ProjectStatus,
    Theme,
)
from projektdatabas.public import iati

SCHEMA = Path(__file__).parent / "data" / "iati-2.03" / "iati-activities-schema.xsd"
README = Path(__file__).parent.parent / "README.md"
ORG_NUMBER = "212000-1439"
REF = "SE-ON-2120001439"
URL = "/iati/activities.xml"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def _published(make_project, **fields):
    return make_project(is_published=True, first_published_at=timezone.now(), **fields)


def _org(name, country, kind="municipality"):
    return Organisation.objects.create(name=name, country=country, kind=kind)


@pytest.fixture
def world(municipality, make_project):
    """Projects the file must show and projects it must leave out."""
    municipality.organisation_number = ORG_NUMBER
    municipality.save()
    interreg = Programme.objects.create(name="Interreg VI", is_eu=True)
    themes = {
        slug: Theme.objects.create(slug=slug, name_sv=slug)
        for slug in ("kultur", "barn-unga", "turism", "nytt-tema")
    }
    eu = _published(
        make_project,
        title_sv="Kulturutbyte i Östersjön",
        title_en="Culture exchange around the Baltic",
        public_summary_en="A public summary.",
        internal_description_sv="HEMLIG intern beskrivning",
        status=ProjectStatus.ONGOING,
        municipal_role="owner",
        start_date=dt.date(2024, 3, 1),
        end_date=dt.date(2026, 6, 30),
        started_on=dt.date(2024, 3, 1),
        total_budget=Decimal("1000000"),
    )
    eu.themes.set([themes["kultur"], themes["barn-unga"], themes["turism"]])
    for name, country, role in [
        ("Kaufungen", "DE", PartnerRole.LEAD),
        ("Bertinoro", "IT", PartnerRole.PARTNER),
        ("Oulun kaupunki", "FI", PartnerRole.PARTNER),
    ]:
        ProjectPartner.objects.create(project=eu, organisation=_org(name, country), role=role)
    ProjectContact.objects.create(project=eu, name="Hemlig Kontaktperson", email="h@example.org")
    Funding.objects.create(
        project=eu,
        source=FundingSource.EU_GRANT,
        programme=interreg,
        amount=Decimal("600000"),
        currency="EUR",
        exchange_rate=Decimal("11.5"),
    )
    Funding.objects.create(project=eu, source=FundingSource.MUNICIPAL_MONEY, amount=77777)
    Receipt.objects.create(
        project=eu,
        received_on=dt.date(2025, 3, 1),
        amount=Decimal("200000"),
        currency="EUR",
        exchange_rate=Decimal("11.4"),
        programme=interreg,
    )
    Receipt.objects.create(
        project=eu,
        received_on=dt.date(2025, 4, 1),
        amount=Decimal("55555"),
        voided_at=timezone.now(),
        void_reason="Inlagd två gånger",
    )
    Receipt.objects.create(
        project=eu, received_on=timezone.localdate() + dt.timedelta(days=30), amount=44444
    )

    agency = _org("Svenska ESF-rådet", "SE", kind="public_agency")
    cofinanced = _published(
        make_project,
        title_sv="Medfinansierat projekt",
        status=ProjectStatus.COMPLETED,
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2023, 12, 31),
        started_on=dt.date(2023, 1, 1),
        completed_on=dt.date(2023, 12, 31),
    )
    cofinanced.themes.set([themes["nytt-tema"]])
    Funding.objects.create(
        project=cofinanced, source=FundingSource.OTHER_COFINANCING, funder=agency, amount=300000
    )

    hidden = make_project(title_sv="Opublicerat EU-projekt")
    Funding.objects.create(project=hidden, source=FundingSource.EU_GRANT, amount=1)
    own_money = _published(make_project, title_sv="Bara egna pengar")
    Funding.objects.create(project=own_money, source=FundingSource.MUNICIPAL_MONEY, amount=1)
    undated = _published(make_project, title_sv="Utan startdatum", start_date=None, end_date=None)
    Funding.objects.create(project=undated, source=FundingSource.EU_GRANT, amount=1)
    return {"eu": eu, "cofinanced": cofinanced, "agency": agency}


def _get(client):
    response = client.get(URL)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def _activity(root, project):
    found = root.xpath("iati-activity[iati-identifier=$id]", id=f"{REF}-{project.pk}")
    assert len(found) == 1, etree.tostring(root)[:2000]
    return found[0]


def _assert_valid(schema, root):
    valid = schema.validate(root)
    assert valid, "\n".join(str(error) for error in schema.error_log)


# -- IATI's rules (IATI-Rulesets standard.json, version-2.03), as they apply to this file --


def ruleset_problems(root, *, now) -> list[str]:
    """Each broken rule as "<identifier>: <rule id> <what>"."""
    problems = []
    today = now.date().isoformat()
    for activity in root.iterfind("iati-activity"):
        ident = activity.findtext("iati-identifier") or ""

        def fail(rule, what, ident=ident):
            problems.append(f"{ident}: {rule} {what}")

        ref = activity.find("reporting-org").get("ref")
        if ident == ref:
            fail("1.1.3", "identifier equals the reporting organisation's")
        if not ident.startswith(ref + "-"):
            fail("1.1.21", f"identifier does not start with {ref}-")
        for value in (ident, ref):
            if re.search(r"[/&|?]", value) or value != value.strip():
                fail("1.3.13/1.3.1", f"{value!r} has a forbidden character or space")
        if not activity.xpath("activity-date[@type='1' or @type='2']"):
            fail("6.11.1", "no planned or actual start date")
        dates = {d.get("type"): d.get("iso-date") for d in activity.iterfind("activity-date")}
        for less, more, rule in (("1", "3", "11.1.2"), ("2", "4", "11.1.3")):
            if less in dates and more in dates and dates[less] > dates[more]:
                fail(rule, "start after end")
        for kind, rule in (("2", "11.1.4"), ("4", "11.1.5")):
            if kind in dates and dates[kind] > today:
                fail(rule, "actual date in the future")
        # Compared as times, not as text: "…:00Z" sorts after "…:00.5+00:00" in the same second.
        updated = dt.datetime.fromisoformat(activity.get("last-updated-datetime"))
        if updated > now:
            fail("11.1.1", "last-updated-datetime in the future")
        if activity.get("{http://www.w3.org/XML/1998/namespace}lang") is None:
            fail("4.1.1", "no default language")
        sectors = activity.findall("sector")
        if not sectors:
            fail("6.2.2", "no sector")
        if len({s.get("vocabulary") for s in sectors}) > 1:
            fail("one vocabulary", "sectors from more than one vocabulary")
        if activity.xpath("transaction/sector"):
            fail("6.6.2", "sectors on transactions too")
        for name, rule in (("sector", "2.1.2/12.3.1"), ("recipient-country", "3.1.2/12.1.1")):
            shares = [Decimal(e.get("percentage", "100")) for e in activity.findall(name)]
            if shares and (sum(shares) != 100 or not all(0 <= s <= 100 for s in shares)):
                fail(rule, f"{name} percentages {shares} do not add up to 100")
        if activity.get("default-currency") is None and activity.xpath(".//value[not(@currency)]"):
            fail("7.8.1", "a value without a currency and no default currency")
        for value in activity.iter("value"):
            if not value.get("value-date"):
                fail("value-date", "a value without its value-date")
        for transaction in activity.iterfind("transaction"):
            for path in ("transaction-date/@iso-date", "value/@value-date"):
                if transaction.xpath(path)[0] > today:
                    fail("11.2.1/11.2.2", f"{path} in the future")
        for budget in activity.iterfind("budget"):
            start = dt.date.fromisoformat(budget.find("period-start").get("iso-date"))
            end = dt.date.fromisoformat(budget.find("period-end").get("iso-date"))
            if start > end:
                fail("8.6.3", "budget period ends before it starts")
            if (end - start).days > 365:
                fail("7.5.3", "budget period longer than a year")
        for org in activity.iterfind("participating-org"):
            if not org.get("ref") and not org.xpath("narrative/text()"):
                fail("6.10.1", "participating-org without ref or narrative")
        for element in ("title", "description"):
            if not activity.xpath(f"{element}/narrative/text()"):
                fail("4.3.1/4.4.1", f"{element} without text")
    return problems


def test_the_rules_check_finds_broken_rules():
    """The check above can fail: a document breaking rules is caught, rule by rule."""
    root = etree.fromstring(
        f"""<iati-activities version="2.03"><iati-activity default-currency="SEK"
        last-updated-datetime="2999-01-01T00:00:00Z">
        <iati-identifier>XM-OTHER-1</iati-identifier><reporting-org ref="{REF}" type="11"/>
        <title/><description><narrative>x</narrative></description>
        <participating-org role="4"/><activity-status code="2"/>
        <activity-date type="3" iso-date="2020-01-01"/>
        <recipient-country code="DE" percentage="50"/><recipient-country code="IT" percentage="40"/>
        <sector vocabulary="1" code="16061"/><sector vocabulary="2" code="160"/>
        <budget><period-start iso-date="2020-01-01"/><period-end iso-date="2021-06-30"/>
        <value value-date="2020-01-01">1</value></budget>
        <transaction><transaction-type code="1"/><transaction-date iso-date="2999-01-01"/>
        <value value-date="2999-01-01">1</value></transaction>
        </iati-activity></iati-activities>"""
    )
    rules = {p.split(": ")[1].split(" ")[0] for p in ruleset_problems(root, now=timezone.now())}
    assert rules == {
        "1.1.21",
        "6.11.1",
        "11.1.1",
        "4.1.1",
        "one",
        "2.1.2/12.3.1",
        "3.1.2/12.1.1",
        "7.5.3",
        "11.2.1/11.2.2",
        "6.10.1",
        "4.3.1/4.4.1",
    }


# -- The file --


def test_the_file_is_valid_iati_and_keeps_the_rules(client, world, schema):
    root = _get(client)
    _assert_valid(schema, root)
    assert root.get("version") == "2.03"
    assert ruleset_problems(root, now=timezone.now()) == []


def test_only_public_projects_with_money_from_outside_and_a_start(client, world):
    root = _get(client)
    titles = root.xpath("iati-activity/title/narrative[not(@xml:lang)]/text()")
    # Unpublished, only the municipality's own money, and no start date: left out.
    assert sorted(titles) == ["Kulturutbyte i Östersjön", "Medfinansierat projekt"]


def test_no_internal_field_leaves_the_system(client, world):
    body = client.get(URL).content.decode()
    assert "HEMLIG" not in body
    assert "Hemlig Kontaktperson" not in body
    assert "Inlagd två gånger" not in body


def test_identifiers_names_and_descriptions_in_both_languages(client, world):
    activity = _activity(_get(client), world["eu"])
    assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    assert activity.find("reporting-org").get("ref") == REF
    assert activity.find("reporting-org").get("type") == "11"
    assert activity.xpath("reporting-org/narrative/text()") == ["Testkommun"]
    assert activity.xpath("title/narrative[not(@xml:lang)]/text()") == ["Kulturutbyte i Östersjön"]
    assert activity.xpath("title/narrative[@xml:lang='en']/text()") == [
        "Culture exchange around the Baltic"
    ]
    assert activity.xpath("description[@type='1']/narrative/text()") == [
        "En offentlig sammanfattning.",
        "A public summary.",
    ]
    assert activity.xpath("document-link/@url") == [
        f"http://testserver/projekt/{world['eu'].pk}-testprojekt/"
    ]


def test_participating_organisations_and_their_roles(client, world):
    root = _get(client)
    roles = {
        (org.get("role"), org.get("ref"), org.findtext("narrative"))
        for org in _activity(root, world["eu"]).iterfind("participating-org")
    }
    assert roles == {
        ("1", None, "Europeiska unionen"),  # the EU grant names no managing body
        ("2", REF, "Testkommun"),  # the municipality owns the project
        ("4", REF, "Testkommun"),
        ("2", None, "Kaufungen"),  # the lead partner
        ("4", None, "Kaufungen"),
        ("4", None, "Bertinoro"),
        ("4", None, "Oulun kaupunki"),
    }
    cofinanced = _activity(root, world["cofinanced"])
    assert cofinanced.xpath("participating-org[@role='1']/narrative/text()") == [
        "Svenska ESF-rådet"
    ]
    assert cofinanced.xpath("participating-org[@role='1']/@type") == ["10"]  # Government
    assert cofinanced.xpath("participating-org[@role='2']") == []  # only a partner


def test_status_dates_countries_and_sectors(client, world):
    root = _get(client)
    eu = _activity(root, world["eu"])
    assert eu.find("activity-status").get("code") == "2"  # ongoing: implementation
    assert {(d.get("type"), d.get("iso-date")) for d in eu.iterfind("activity-date")} == {
        ("1", "2024-03-01"),
        ("2", "2024-03-01"),
        ("3", "2026-06-30"),
    }
    assert [(c.get("code"), c.get("percentage")) for c in eu.iterfind("recipient-country")] == [
        ("DE", "33.33"),
        ("FI", "33.33"),
        ("IT", "33.34"),
    ]
    # kultur, barn-unga and turism, in DAC 5-digit codes (vocabulary 1).
    assert [
        (s.get("vocabulary"), s.get("code"), s.get("percentage")) for s in eu.iter("sector")
    ] == [
        ("1", "11231", "33.33"),
        ("1", "16061", "33.33"),
        ("1", "33210", "33.34"),
    ]
    cofinanced = _activity(root, world["cofinanced"])
    assert cofinanced.find("activity-status").get("code") == "3"  # completed: finalisation
    assert ("4", "2023-12-31") in {
        (d.get("type"), d.get("iso-date")) for d in cofinanced.iterfind("activity-date")
    }
    # No partner: the municipality's own country. A theme with no sector yet: 99810.
    assert [(c.get("code"), c.get("percentage")) for c in cofinanced.iter("recipient-country")] == [
        ("SE", "100.00")
    ]
    assert cofinanced.xpath("sector/@code") == [iati.UNSPECIFIED_SECTOR]


def test_budgets_per_year_and_transactions_in_their_currencies(client, world):
    eu = _activity(_get(client), world["eu"])
    assert eu.get("default-currency") == "SEK"
    budgets = [
        (
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            b.find("value").get("currency"),
            Decimal(b.findtext("value")),
        )
        for b in eu.iterfind("budget")
    ]
    assert [b[:3] for b in budgets] == [
        ("2024-03-01", "2024-12-31", "SEK"),
        ("2025-01-01", "2025-12-31", "SEK"),
        ("2026-01-01", "2026-06-30", "SEK"),
    ]
    assert sum(b[3] for b in budgets) == Decimal("1000000")
    transactions = [
        (
            t.find("transaction-type").get("code"),
            t.find("transaction-date").get("iso-date"),
            t.find("value").get("currency"),
            t.find("value").get("value-date"),
            t.findtext("value"),
            t.findtext("provider-org/narrative"),
        )
        for t in eu.iterfind("transaction")
    ]
    # The grant as an incoming commitment from its start; the payment as incoming funds.
    # The municipality's own money, the voided payment and the one dated ahead are not there.
    assert transactions == [
        ("11", "2024-03-01", "EUR", "2024-03-01", "600000.00", "Europeiska unionen"),
        ("1", "2025-03-01", "EUR", "2025-03-01", "200000.00", "Europeiska unionen"),
    ]


def test_last_updated_follows_the_data(client, world):
    """The latest change to the project or its money, not the time of the request."""
    project = world["cofinanced"]
    long_ago = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    type(project).objects.filter(pk=project.pk).update(updated_at=long_ago)
    Funding.history.filter(project_id=project.pk).update(history_date=long_ago)
    stamp = _activity(_get(client), project).get("last-updated-datetime")
    assert stamp == "2024-05-06T07:08:09Z"
    line = project.fundings.get()
    line.amount = 350000
    line.save()  # a change of the financing line alone
    assert _activity(_get(client), project).get("last-updated-datetime") > "2026"


def test_no_file_without_the_organisation_number(client, world, municipality):
    municipality.organisation_number = ""
    municipality.save()
    assert client.get(URL).status_code == 404


def test_no_file_while_nothing_qualifies(client, municipality):
    municipality.organisation_number = ORG_NUMBER
    municipality.save()
    assert client.get(URL).status_code == 404  # the schema needs at least one activity


def test_demo_data_is_valid_iati(client, demo_data, schema, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):  # not one query per project
        root = _get(client)
    _assert_valid(schema, root)
    assert ruleset_problems(root, now=timezone.now()) == []
    assert len(root) > 10
    assert root.xpath("//transaction[transaction-type/@code='1']")


# -- The mappings --


def test_every_status_kind_and_role_is_mapped():
    assert set(iati.ACTIVITY_STATUS) == set(ProjectStatus)
    assert set(iati.PARTNER_ROLES) == set(PartnerRole)
    from projektdatabas.organisations.models import OrganisationKind

    assert set(iati.ORGANISATION_TYPE) == set(OrganisationKind)
    assert all(re.fullmatch(r"\d{5}", code) for code in iati.THEME_SECTORS.values())


def test_the_readme_writes_down_the_theme_to_sector_mapping():
    """The README's table and the code say the same."""
    written = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| (\d{5}) ", README.read_text(), re.M))
    assert written == iati.THEME_SECTORS


def test_a_control_character_saved_earlier_does_not_stop_the_file(client, world):
    """Word's manual line break (a vertical tab) in one project's title had made the whole
    file a server error: lxml refuses what XML 1.0 cannot carry. New texts are cleaned as
    they are saved (tests/test_typed_text.py); this is a text saved before that."""
    from projektdatabas.projects.models import Project

    Project.objects.filter(pk=world["eu"].pk).update(title_sv="Kulturutbyte\x0bi Östersjön\x07")
    activity = _activity(_get(client), world["eu"])
    assert activity.findtext("title/narrative") == "Kulturutbyte\ni Östersjön"
