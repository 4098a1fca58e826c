"""The benchmark's synthetic data (bench/generate.py) obeys the rules the report counts by:
a status that agrees with the dates on the day it is made, and money that the current
tables accept. Random statuses left thousands of projects "ongoing" years after their end
(and the report counts a project marked ongoing until it is marked completed), and the
money's raw inserts failed once Receipt gained its voiding columns."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from projektdatabas.finance.models import Funding, Receipt, StaffTimeRate
from projektdatabas.governance.models import Decision
from projektdatabas.projects.models import (
    FINISHED_STATUSES,
    STARTED_STATUSES,
    Programme,
    Project,
    TargetGroup,
    Theme,
)

# The benchmark's own module, loaded from its file: bench/ is not a package.
_spec = importlib.util.spec_from_file_location(
    "bench_generate", Path(__file__).resolve().parent.parent / "bench" / "generate.py"
)
bench_generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_generate)

TODAY = dt.date(2026, 11, 30)


@pytest.mark.django_db(transaction=True)  # the generator commits, and PostgreSQL vacuums
def test_generated_statuses_agree_with_their_dates_and_the_money_is_accepted(world, municipality):
    Theme.objects.create(slug="kultur", name_sv="Kultur", name_en="Culture")
    Theme.objects.create(slug="miljo", name_sv="Miljö", name_en="Environment")
    TargetGroup.objects.create(slug="unga", name_sv="Unga", name_en="Youth")
    Programme.objects.create(name="Interreg VI", is_eu=True, first_year=2021)
    Programme.objects.create(name="Interreg II", is_eu=True, first_year=1995, last_year=1999)
    for year in range(1995, 2029):
        StaffTimeRate.objects.create(municipality=municipality, year=year, hourly_rate_sek=450)
    bench_generate.generate(400, today=TODAY)
    assert bench_generate.add_money(today=TODAY) == 400

    made = Project.objects.filter(source_note="Syntetisk testdata")
    assert made.count() == 400
    for p in made:
        started = p.status in STARTED_STATUSES
        assert started == (p.started_on is not None), p.status
        assert (p.status in FINISHED_STATUSES) == (p.completed_on is not None), p.status
        if p.status == "ongoing":
            assert p.start_date <= TODAY <= p.end_date
        if p.status in FINISHED_STATUSES:
            assert p.end_date < TODAY
        if p.status in ("approved", "idea", "application"):
            assert p.start_date > TODAY
        if p.status in ("rejected", "withdrawn"):
            assert p.start_date <= TODAY
        assert p.applied_on is None or p.applied_on <= TODAY
    assert {p.status for p in made} >= {"ongoing", "completed", "approved", "rejected"}
    # A second run (a kept database) gives no project a second draw.
    lines = Funding.objects.count()
    assert bench_generate.add_money(today=TODAY) == 0 and Funding.objects.count() == lines

    receipts = Receipt.objects.filter(project__in=made)
    assert receipts.exists()
    assert not receipts.exclude(project__status__in=STARTED_STATUSES).exists()
    assert not receipts.filter(received_on__gt=TODAY).exists()
    decisions = Decision.objects.filter(project__in=made)
    assert decisions.exists() and not decisions.filter(decided_on__gt=TODAY).exists()
    assert not decisions.exclude(project__status__in=("approved", *STARTED_STATUSES)).exists()
    # Staff time in hours only is valued at its year's rate, as the staff form values it.
    valued = Funding.objects.filter(project__in=made, amount__isnull=True)
    assert valued.exists()
    for line in valued.select_related("project", "staff_time_rate"):
        assert line.staff_time_rate.year == line.project.start_date.year
        assert line.amount_sek == line.staff_hours * 450
    # An EU grant comes from a programme open in the year the project starts, or none.
    grants = Funding.objects.filter(project__in=made, source="eu_grant")
    assert grants.filter(programme__isnull=False).exists()
    for line in grants.filter(programme__isnull=False):
        assert line.programme.covers_year(line.project.start_date.year)
    assert not grants.filter(programme__isnull=True, project__start_date__year__gte=2021).exists()
