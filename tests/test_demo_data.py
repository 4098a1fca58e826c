"""Ale's demo data: the strategy's facts and figures come out of the data."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from projektdatabas.finance.models import Funding, Receipt
from projektdatabas.organisations.models import Municipality, Twinning
from projektdatabas.projects.models import Project
from projektdatabas.strategy.models import Orientation

pytestmark = pytest.mark.django_db


@pytest.fixture
def ale(db):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Municipality.objects.get(slug="ale")


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Project, Funding, Receipt, Twinning, Orientation)
    }


def test_loading_twice_changes_nothing(ale):
    before = table_counts()
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert table_counts() == before


def test_1998_about_twenty_eu_projects_brought_about_8_msek(ale):
    received = Receipt.objects.eu().filter(received_on__year=1998, project__municipality=ale)
    figures = received.aggregate(total=Sum("amount_sek"), projects=Count("project", distinct=True))
    assert figures["total"] == Decimal("8000000")
    assert figures["projects"] == 20


def test_vikinga_drew_over_20_msek_from_interreg_and_objective_3(ale):
    vikinga = Project.objects.get(municipality=ale, slug="vikinga")
    grants = Funding.objects.eu().filter(project=vikinga)
    assert set(grants.values_list("programme__name", flat=True)) == {"Interreg", "ESF Mål 3"}
    assert Decimal("20000000") < grants.total_sek() < Decimal("21000000")


def test_labour_market_unit_about_7_msek(ale):
    grants = Funding.objects.eu().filter(
        project__lead_department__name="Arbetsmarknadsenheten", project__slug__startswith="ame-"
    )
    assert grants.total_sek() == Decimal("7000000")


def test_three_twin_towns_with_the_strategys_dates(ale):
    twinnings = {t.partner.name: t for t in ale.twinnings.select_related("partner")}
    assert set(twinnings) == {"Ruukki", "Kaufungen", "Bertinoro"}
    facts = {
        name: (
            t.first_contact.year,
            t.agreement_signed.year,
            t.partner.country.code,
            t.partner.population,
        )
        for name, t in twinnings.items()
    }
    assert facts == {
        "Ruukki": (1980, 1986, "FI", 5000),
        "Kaufungen": (1989, 1992, "DE", 12000),
        "Bertinoro": (1996, 2001, "IT", 9000),
    }
    kaufungen_years = [e.date.year for e in twinnings["Kaufungen"].events.all()]
    assert 1994 in kaufungen_years  # confirmed at Alemässan, May 1994
    assert twinnings["Kaufungen"].events.get(date__year=1994).date_display == "maj 1994"


def test_six_plus_five_orientations(ale):
    areas = ale.strategies.get().areas.annotate(n=Count("orientations"))
    assert [(a.name_sv, a.n) for a in areas] == [
        ("Internationellt arbete", 6),
        ("Vänortssamarbete", 5),
    ]


def test_named_projects_are_real_and_examples_are_marked(ale):
    named = [
        "vikinga",
        "morgondagens-entreprenorer",
        "unga-entreprenorer-i-nya-europa",
        "ruukki-elever-ale-gymnasium",
        "kaufungen-kultur-foreningsliv",
        "west-sweden",
    ]
    assert Project.objects.filter(slug__in=named, is_example_data=False).count() == len(named)
    oxford = Project.objects.get(slug="morgondagens-entreprenorer").partners.get()
    assert oxford.name == "Oxford Brookes University"
    examples = Project.objects.filter(is_example_data=True)
    assert 55 <= examples.count() <= 70
    assert not examples.exclude(title_sv__startswith="Exempel:").exists()


def test_demo_data_refused_in_production(settings, db):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo_data")
    assert not Municipality.objects.exists()


def test_example_action_plan_is_marked_as_example(ale):
    from projektdatabas.planning.models import ActionPlan

    plan = ActionPlan.objects.get()
    assert plan.is_example_data and plan.title.startswith("Exempel:")
    assert plan.measures.count() == 8
    assert all(m.is_example_data for m in plan.measures.all())
    assert {m.orientation.area.position for m in plan.measures.all()} == {1, 2}
