"""Load Ale kommun's demo data. Idempotent: running it again changes nothing."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst

from projektdatabas.accounts.models import Role
from projektdatabas.demo import ale
from projektdatabas.demo import people as demo_people
from projektdatabas.demo.accounts import (
    load_delegations,
    load_example_plan,
    load_people,
    load_regional_people,
)
from projektdatabas.demo.calls import load_example_calls
from projektdatabas.demo.decisions import load_decisions
from projektdatabas.demo.examples import (
    ALLOCATIONS,
    BREACH_SLUG,
    PARTNER_POOL,
    RESULTS_EN,
    RESULTS_SV,
    TWINNING_VISITS,
    example_projects,
    payments,
)
from projektdatabas.demo.groups import load_groups
from projektdatabas.demo.monitoring import load_example_eu_items
from projektdatabas.demo.news import load_example_news
from projektdatabas.demo.participation import load_example_interest
from projektdatabas.demo.region import load_region
from projektdatabas.demo.subscriptions import load_example_subscriber
from projektdatabas.finance.models import (
    AllocationSpending,
    AnnualAllocation,
    Funding,
    FundingSource,
    Receipt,
    StaffTimeRate,
)
from projektdatabas.organisations.models import (
    Committee,
    Department,
    Municipality,
    Organisation,
    Twinning,
    TwinningEvent,
    TwinningEventKind,
)
from projektdatabas.projects.models import Programme, Project, ProjectPartner, TargetGroup, Theme
from projektdatabas.public.models import AccessibilityStatement
from projektdatabas.strategy.models import (
    GrowthStrategyDimension,
    Orientation,
    OrientationArea,
    Strategy,
    StrategyStatus,
)


class Command(BaseCommand):
    help = "Load Ale kommun's demo data (real facts from the 2006 strategy plus example projects)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-examples", action="store_true", help="Load only the strategy's real data."
        )

    def handle(self, *args, no_examples=False, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data and demo accounts are for demo databases only.")
        with transaction.atomic():
            loader = _Loader(today=timezone.localdate())
            loader.load_real_data()
            if not no_examples:
                loader.load_examples()
                # Göteborgsregionen with two neighbours' example sites (demo/region.py).
                load_region(
                    ale=loader.municipality, today=loader.today, add_projects=loader.neighbours
                )
            # Decisions only for projects this run created: a second run leaves the
            # register as it is, as it leaves the projects.
            load_decisions(projects=loader.created, today=loader.today, exempt_slugs=[BREACH_SLUG])
            load_people(municipality=loader.municipality)
            regional_people = load_regional_people()  # after load_region: its municipalities
            if not no_examples:
                load_example_plan(municipality=loader.municipality)
                load_example_news(municipality=loader.municipality, today=loader.today)
                load_example_eu_items(municipality=loader.municipality, today=loader.today)
                load_example_calls(municipality=loader.municipality, today=loader.today)
                load_example_interest(municipality=loader.municipality, today=loader.today)
                load_groups(municipality=loader.municipality, today=loader.today)
                load_example_subscriber(municipality=loader.municipality)
        municipality = loader.municipality
        self.stdout.write(
            self.style.SUCCESS(
                f"{municipality}: {municipality.projects.count()} projects "
                f"({municipality.projects.public().count()} published), "
                f"{municipality.twinnings.count()} twin towns."
            )
        )
        self.stdout.write(
            "\nDemo accounts (demo database only), all with the password "
            f"'{demo_people.DEMO_PASSWORD}'. Staff pages: http://127.0.0.1:8000/intern/"
        )
        for username, first, last, role, scope in [*demo_people.DEMO_USERS, *regional_people]:
            where = f" – {scope}" if scope else ""
            label = capfirst(Role(role).label)  # "Förvaltningsrepresentant", not department_rep
            self.stdout.write(f"  {username:<22} {first} {last}: {label}{where}")
        self.stdout.write(
            "The administrator confirms sign-in with a one-time code; add this key to an "
            f"authenticator app: {demo_people.DEMO_ADMIN_TOTP_KEY}\n"
            "(or run: oathtool --totp -b " + demo_people.DEMO_ADMIN_TOTP_KEY + ")"
        )


class _Loader:
    def __init__(self, *, today: dt.date):
        self.today = today
        self.municipality = None
        self.departments = {}
        self.orientations = {}
        self.created = []  # projects created by this run

    # --- reference data -------------------------------------------------------
    def load_real_data(self):
        m, _ = Municipality.objects.update_or_create(
            slug=ale.MUNICIPALITY["slug"], defaults=ale.MUNICIPALITY
        )
        self.municipality = m
        committees = {}
        for name, short, is_board in ale.COMMITTEES:
            committees[short], _ = Committee.objects.update_or_create(
                municipality=m,
                name=name,
                defaults={"short_name": short, "is_executive_board": is_board},
            )
        for name, committee, parent in ale.DEPARTMENTS:
            self.departments[name], _ = Department.objects.update_or_create(
                municipality=m,
                name=name,
                defaults={
                    "committee": committees[committee],
                    "parent": self.departments.get(parent),
                },
            )
        self._strategy()
        for strategy_name, name_sv, name_en in ale.GROWTH_DIMENSIONS:
            GrowthStrategyDimension.objects.update_or_create(
                strategy_name=strategy_name, name_sv=name_sv, defaults={"name_en": name_en}
            )
        for position, (slug, name_sv, name_en) in enumerate(ale.THEMES, start=1):
            Theme.objects.update_or_create(
                slug=slug, defaults={"name_sv": name_sv, "name_en": name_en, "position": position}
            )
        for position, (slug, sv, en, youth) in enumerate(ale.TARGET_GROUPS, start=1):
            TargetGroup.objects.update_or_create(
                slug=slug,
                defaults={"name_sv": sv, "name_en": en, "is_youth": youth, "position": position},
            )
        for name, is_eu, first_year, last_year, description in ale.PROGRAMMES:
            Programme.objects.update_or_create(
                name=name,
                defaults={
                    "is_eu": is_eu,
                    "first_year": first_year,
                    "last_year": last_year,
                    "description": description,
                    "is_active": last_year is None or last_year >= self.today.year,
                },
            )
        for name, kind, country, town, population, website in ale.ORGANISATIONS:
            Organisation.objects.update_or_create(
                name=name,
                country=country,
                defaults={"kind": kind, "town": town, "population": population, "website": website},
            )
        for data in ale.TWINNINGS:
            self._twinning(data)
        _statement, created = AccessibilityStatement.objects.get_or_create(
            municipality=m, defaults=ale.ACCESSIBILITY_STATEMENT
        )
        if created:
            # `updated_at` is stamped on every save; the demo's statement has its own date.
            AccessibilityStatement.objects.filter(municipality=m).update(
                updated_at=ale.ACCESSIBILITY_STATEMENT_UPDATED_AT
            )
        load_delegations(municipality=m)
        self._staff_time_rates()
        for data in ale.NAMED_PROJECTS:
            self._project(data, is_example=False)
        for slug, title_sv, title_en, programme, start, end, grant in ale.LABOUR_MARKET_PROJECTS:
            self._project(
                {
                    "slug": slug,
                    "kind": "eu_project",
                    "status": "final_report_done",
                    "title_sv": title_sv,
                    "title_en": title_en,
                    "public_summary_sv": "EU-finansierat arbetsmarknadsprojekt vid "
                    "Arbetsmarknadsenheten (exempel).",
                    "public_summary_en": "EU-funded labour-market project (example).",
                    "department": "Arbetsmarknadsenheten",
                    "role": "owner",
                    "start": start,
                    "end": end,
                    "programmes": [programme],
                    "themes": ["arbetsmarknad", "sysselsattning"],
                    "target_groups": ["arbetssokande"],
                    "orientations": [(1, 3)],
                    "eu_grants": [(programme, grant)],
                    "eu_received": True,
                    "receipt_note": ale.LABOUR_MARKET_NOTE,
                    "total_budget_sek": grant * 2,
                    "results_sv": RESULTS_SV,
                    "results_en": RESULTS_EN,
                    "source_note": ale.LABOUR_MARKET_NOTE,
                },
                is_example=True,
            )

    def _strategy(self):
        data = ale.STRATEGY
        strategy, _ = Strategy.objects.update_or_create(
            municipality=self.municipality,
            title=data["title"],
            # Adopted in January 2006, in the term that the 2002 election began.
            defaults={
                "adopted_on": data["adopted_on"],
                "adopted_on_precision": data["adopted_on_precision"],
                "status": StrategyStatus.ADOPTED,
                "electoral_term": 2002,
            },
        )
        for position, (name_sv, name_en, orientations) in enumerate(data["areas"], start=1):
            area, _ = OrientationArea.objects.update_or_create(
                strategy=strategy,
                position=position,
                defaults={"name_sv": name_sv, "name_en": name_en},
            )
            for number, (o_sv, o_en) in enumerate(orientations, start=1):
                self.orientations[(position, number)], _ = Orientation.objects.update_or_create(
                    area=area, number=number, defaults={"name_sv": o_sv, "name_en": o_en}
                )

    def _staff_time_rates(self):
        """Example hourly rates for own staff time, every year a demo project can start in:
        450 kr in 2026, three per cent less for each year before, rounded to 5 kr."""
        for year in range(1995, self.today.year + 3):
            rate = Decimal(450 * 1.03 ** (year - 2026) / 5).quantize(Decimal("1")) * 5
            StaffTimeRate.objects.get_or_create(
                municipality=self.municipality,
                year=year,
                defaults={"hourly_rate_sek": rate, "basis": ale.STAFF_TIME_RATE_BASIS},
            )

    def _twinning(self, data):
        partner = Organisation.objects.get(name=data["partner"])
        first, first_precision = data["first_contact"]
        signed, signed_precision = data["agreement_signed"]
        twinning, _ = Twinning.objects.update_or_create(
            municipality=self.municipality,
            partner=partner,
            defaults={
                "slug": data["slug"],
                "first_contact": first,
                "first_contact_precision": first_precision,
                "agreement_signed": signed,
                "agreement_signed_precision": signed_precision,
                "history_sv": data["history_sv"],
                "history_en": data["history_en"],
            },
        )
        for date, precision, kind, title_sv, title_en in data["events"]:
            TwinningEvent.objects.update_or_create(
                twinning=twinning,
                date=date,
                kind=kind,
                defaults={"precision": precision, "title_sv": title_sv, "title_en": title_en},
            )

    def neighbours(self, municipality, departments, projects):
        """A neighbouring municipality's example projects, made as Ale's are; their
        decisions come with Ale's (self.created)."""
        other = _Loader(today=self.today)
        other.municipality, other.departments = municipality, departments
        for data in projects:
            other._project(data, is_example=True)
        self.created += other.created

    # --- projects ---------------------------------------------------------------
    def load_examples(self):
        for name, kind, country, town in PARTNER_POOL:
            Organisation.objects.update_or_create(
                name=name, country=country, defaults={"kind": kind, "town": town}
            )
        for example in example_projects(self.today):
            self._project(vars(example), is_example=True)
        self._allocations()

    def _allocations(self):
        """Example budget for twin-town work and project preparation, last year and this
        year, with what has been spent by today."""
        for year in (self.today.year - 1, self.today.year):
            for number, (purpose, amount, spendings) in enumerate(ALLOCATIONS, start=301):
                allocation, created = AnnualAllocation.objects.get_or_create(
                    municipality=self.municipality,
                    year=year,
                    purpose=purpose,
                    defaults={
                        "amount": Decimal(amount),
                        # The budget for a year is set the year before.
                        "decision_reference": f"KS {year - 1}/{number} (exempel)",
                    },
                )
                if not created:
                    continue  # a demo user may have changed it since
                for month, day, spent, what in spendings:
                    if dt.date(year, month, day) <= self.today:
                        AllocationSpending.objects.create(
                            allocation=allocation,
                            spent_on=dt.date(year, month, day),
                            amount=Decimal(spent),
                            description=what,
                        )
            for town, month, day, title_sv, title_en in TWINNING_VISITS:
                twinning = self.municipality.twinnings.filter(partner__name=town).first()
                if twinning is not None and dt.date(year, month, day) <= self.today:
                    TwinningEvent.objects.update_or_create(
                        twinning=twinning,
                        date=dt.date(year, month, day),
                        kind=TwinningEventKind.VISIT,
                        defaults={"title_sv": title_sv, "title_en": title_en},
                    )

    def _project(self, data: dict, *, is_example: bool):
        published = data.get("is_published", True)
        now = timezone.now()
        status = data["status"]
        start, end = data.get("start"), data.get("end")
        started = status in ("ongoing", "completed", "final_report_done")
        fields = {
            "kind": data["kind"],
            "status": data["status"],
            "title_sv": data["title_sv"],
            "title_en": data["title_en"],
            "public_summary_sv": data["public_summary_sv"],
            "public_summary_en": data["public_summary_en"],
            "internal_description_sv": data.get("internal_description_sv", ""),
            "lead_department": self.departments[data["department"]],
            "municipal_role": data["role"],
            "start_date": start,
            "end_date": end,
            # As the lifecycle would have recorded them, had the project gone through it.
            "started_on": start if started else None,
            "completed_on": end if status in ("completed", "final_report_done") else None,
            "applied_on": data.get("applied_on"),
            "results_sv": data.get("results_sv", ""),
            "results_en": data.get("results_en", ""),
            "participants": data.get("participants"),
            "young_participants": data.get("young_participants"),
            "total_budget": data.get("total_budget_sek"),
            "is_example_data": is_example,
            "source_note": data.get("source_note", ""),
            "is_published": published,
            "submitted_at": now,
        }
        publication = {"published_at": now, "first_published_at": now} if published else {}
        project, created = Project.objects.update_or_create(
            municipality=self.municipality,
            slug=data["slug"],
            defaults={key: value for key, value in fields.items() if key != "is_published"},
            create_defaults=fields | publication,
        )
        if not created:
            # Children below are written once; a second run leaves the project as it is,
            # publication included (a demo user may have unpublished it).
            return project
        self.created.append(project)
        project.programmes.set(Programme.objects.filter(name__in=data.get("programmes", [])))
        project.themes.set(Theme.objects.filter(slug__in=data.get("themes", [])))
        project.target_groups.set(
            TargetGroup.objects.filter(slug__in=data.get("target_groups", []))
        )
        project.orientations.set([self.orientations[key] for key in data.get("orientations", [])])
        for name, role in data.get("partners", []):
            ProjectPartner.objects.create(
                project=project, organisation=Organisation.objects.get(name=name), role=role
            )
        for programme, amount in data.get("eu_grants", []):
            Funding.objects.create(
                project=project,
                source=FundingSource.EU_GRANT,
                amount=Decimal(amount),
                programme=Programme.objects.get(name=programme),
            )
        if data.get("municipal_money_sek"):
            Funding.objects.create(
                project=project,
                source=FundingSource.MUNICIPAL_MONEY,
                amount=Decimal(data["municipal_money_sek"]),
            )
        if data.get("staff_hours"):
            # Hours only: valued at the year's hourly rate (see _staff_time_rates).
            Funding.objects.create(
                project=project,
                source=FundingSource.MUNICIPAL_STAFF_TIME,
                staff_hours=Decimal(data["staff_hours"]),
            )
        receipts = list(data.get("receipts", []))
        if data.get("eu_received"):
            for programme, amount in data.get("eu_grants", []):
                receipts += [
                    (day, programme, part, data["receipt_note"])
                    for day, part in payments(amount, start, end, self.today)
                ]
        for day, programme, amount, note in receipts:
            Receipt.objects.create(
                project=project,
                received_on=day,
                source=FundingSource.EU_GRANT,
                amount=Decimal(amount),
                programme=Programme.objects.get(name=programme),
                note=note,
            )
        return project
