"""Load Ale kommun's demo data. Idempotent: running it again changes nothing."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from projektdatabas.demo import ale
from projektdatabas.demo import people as demo_people
from projektdatabas.demo.accounts import load_example_plan, load_people
from projektdatabas.demo.examples import PARTNER_POOL, example_projects
from projektdatabas.finance.models import Funding, FundingSource, Receipt
from projektdatabas.organisations.models import (
    Committee,
    Department,
    Municipality,
    Organisation,
    Twinning,
    TwinningEvent,
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
            load_people(municipality=loader.municipality, today=loader.today)
            if not no_examples:
                load_example_plan(municipality=loader.municipality)
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
        for username, first, last, role, scope in demo_people.DEMO_USERS:
            where = f" – {scope}" if scope else ""
            self.stdout.write(f"  {username:<15} {first} {last}: {role}{where}")
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
        for name, is_eu in ale.PROGRAMMES:
            Programme.objects.update_or_create(name=name, defaults={"is_eu": is_eu})
        for name, kind, country, town, population, website in ale.ORGANISATIONS:
            Organisation.objects.update_or_create(
                name=name,
                country=country,
                defaults={"kind": kind, "town": town, "population": population, "website": website},
            )
        for data in ale.TWINNINGS:
            self._twinning(data)
        AccessibilityStatement.objects.get_or_create(
            municipality=m,
            defaults={**ale.ACCESSIBILITY_STATEMENT, "assessed_on": self.today},
        )
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
                    "total_budget_sek": grant * 2,
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

    # --- projects ---------------------------------------------------------------
    def load_examples(self):
        for name, kind, country, town in PARTNER_POOL:
            Organisation.objects.update_or_create(
                name=name, country=country, defaults={"kind": kind, "town": town}
            )
        for example in example_projects(self.today):
            self._project(vars(example), is_example=True)

    def _project(self, data: dict, *, is_example: bool):
        published = data.get("is_published", True)
        now = timezone.now()
        fields = {
            "kind": data["kind"],
            "status": data["status"],
            "title_sv": data["title_sv"],
            "title_en": data["title_en"],
            "public_summary_sv": data["public_summary_sv"],
            "public_summary_en": data["public_summary_en"],
            "summary_sv": data.get("summary_sv", ""),
            "lead_department": self.departments[data["department"]],
            "municipal_role": data["role"],
            "start_date": data.get("start"),
            "end_date": data.get("end"),
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
            hours = Decimal(data["staff_hours"])
            Funding.objects.create(
                project=project,
                source=FundingSource.MUNICIPAL_STAFF_TIME,
                staff_hours=hours,
                amount=hours * 450,  # example hourly cost, SEK
            )
        if data.get("receipts_1998_sek"):
            Receipt.objects.create(
                project=project,
                received_on=dt.date(1998, 11, 30),
                source=FundingSource.EU_GRANT,
                amount=Decimal(data["receipts_1998_sek"]),
                programme=Programme.objects.get(name=data["programmes"][0]),
            )
        return project
