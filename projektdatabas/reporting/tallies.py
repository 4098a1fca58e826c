"""The start page's figures, kept counted instead of counted on each rendering.

Counting every public project for the start page took 4.5 s at a million projects, on each
first rendering after any change. So each public project's share of the figures is stored
(ProjectShare) and the municipality's totals (PublicTotals, PartnerTally) are moved by the
difference whenever the share changes: `recount(project_id)` runs from the signals of every
model a figure reads (reporting/signals.py), inside the transaction that makes the change,
so every app server in front of the same database reads the same totals, and a rolled-back
change rolls its recount back with it. `rebuild()` (`manage.py rebuild_public_figures`)
counts everything afresh, after rows were written past the models' signals (a bulk load, raw
SQL); `differences()` compares the totals with the figures' definitions.

What a share holds mirrors the definitions in definitions.py with the same QuerySet methods
(public, ongoing_today, granted, eu, the receipts' manager that leaves voided payments out);
tests/test_public_figures.py checks the two against each other after each kind of change."""

from collections import Counter
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from projektdatabas.core import versioning
from projektdatabas.finance.models import Funding, FundingSource, Receipt
from projektdatabas.organisations.models import Municipality, Organisation
from projektdatabas.projects.models import GRANTED_STATUSES, Project, ProjectPartner, ProjectStatus

from .definitions import whole
from .models import PartnerTally, ProjectShare, PublicTotals

# The figures kept here; the start page shows only these.
TALLIED = ("projects", "ongoing_today", "partner_countries", "eu_granted_sek", "eu_received_sek")
_SUMS = ("projects", "ongoing_today", "eu_granted_sek", "eu_received_sek")


def public_figures(municipalities) -> dict[str, int]:
    """The tallied figures of one municipality, or of several together (a region)."""
    if isinstance(municipalities, Municipality):
        municipalities = [municipalities]
    ids = [m.pk for m in municipalities]
    totals = PublicTotals.objects.filter(municipality__in=ids).aggregate(
        **{key: Sum(key) for key in _SUMS}
    )
    counted = PartnerTally.objects.filter(municipality__in=ids, projects__gt=0)
    countries = Organisation.objects.filter(pk__in=counted.values("organisation"))
    return {
        "projects": totals["projects"] or 0,
        "ongoing_today": totals["ongoing_today"] or 0,
        "partner_countries": countries.values("country").distinct().count(),
        "eu_granted_sek": whole(totals["eu_granted_sek"]),
        "eu_received_sek": whole(totals["eu_received_sek"]),
    }


def newest_public_projects(municipality, count: int):
    """The municipality's public projects first published most recently, newest first."""
    shares = ProjectShare.objects.filter(municipality=municipality)
    ids = list(
        shares.order_by("-first_published_at", "-project").values_list("project", flat=True)[:count]
    )
    projects = Project.objects.filter(pk__in=ids).public().select_related("lead_department")
    return sorted(projects, key=lambda p: ids.index(p.pk))


def _share(project_id) -> dict | None:
    """The project's share as the definitions count it now; None unless it is public."""
    public = Project.objects.filter(pk=project_id).public()
    row = public.values_list("municipality_id", "first_published_at").first()
    if row is None:
        return None
    return {
        "municipality_id": row[0],
        "first_published_at": row[1],
        "projects": 1,
        "ongoing_today": int(public.ongoing_today().exists()),
        "eu_granted_sek": Funding.objects.filter(project__in=public.granted()).eu().total_sek(),
        "eu_received_sek": Receipt.objects.eu().filter(project__in=public).total_sek(),
        "partners": sorted(
            ProjectPartner.objects.filter(project__in=public)
            .order_by()
            .values_list("organisation_id", flat=True)
        ),
    }


def _stored(row: ProjectShare | None) -> dict | None:
    if row is None:
        return None
    return {
        "municipality_id": row.municipality_id,
        "first_published_at": row.first_published_at,
        "projects": 1,
        "ongoing_today": int(row.ongoing_today),
        "eu_granted_sek": Decimal(row.eu_granted_sek),
        "eu_received_sek": Decimal(row.eu_received_sek),
        "partners": sorted(row.partners),
    }


def recount(project_id) -> None:
    """Brings one project's share, and its municipality's totals, in step with the data."""
    with transaction.atomic():
        # Two transactions changing the same project's money at once would each read the
        # old share and add their own difference to it: the second waits here instead, and
        # then counts with the first one's change committed. (A no-op on SQLite, whose
        # writers take turns.)
        list(Project.objects.select_for_update(no_key=True).filter(pk=project_id).values("pk"))
        # FOR UPDATE waits, too, for a rebuild (which locks the table) to finish, and then
        # reads the share the rebuild wrote.
        old = _stored(ProjectShare.objects.select_for_update().filter(pk=project_id).first())
        new = _share(project_id)
        if old == new:
            return
        totals: dict[int, Counter] = {}
        partners: Counter = Counter()
        for share, sign in ((old, -1), (new, 1)):
            if share is None:
                continue
            total = totals.setdefault(share["municipality_id"], Counter())
            for key in _SUMS:
                total[key] += sign * share[key]
            for organisation_id in share["partners"]:
                partners[share["municipality_id"], organisation_id] += sign
        _add_totals(totals)
        _add_partners({key: n for key, n in partners.items() if n})
        if new is None:
            ProjectShare.objects.filter(pk=project_id).delete()
        else:
            ProjectShare.objects.update_or_create(
                project_id=project_id,
                defaults={
                    "municipality_id": new["municipality_id"],
                    "ongoing_today": bool(new["ongoing_today"]),
                    "eu_granted_sek": new["eu_granted_sek"],
                    "eu_received_sek": new["eu_received_sek"],
                    "partners": new["partners"],
                    "first_published_at": new["first_published_at"],
                },
            )


# An upsert that adds, the same SQL on SQLite and PostgreSQL: with several app servers, two
# transactions may make a municipality's first row at once.
_ADD_TOTALS = (
    f"INSERT INTO {PublicTotals._meta.db_table} "  # noqa: S608 - table names, no input
    "(municipality_id, projects, ongoing_today, eu_granted_sek, eu_received_sek) "
    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (municipality_id) DO UPDATE SET "
    + ", ".join(f"{c} = {PublicTotals._meta.db_table}.{c} + excluded.{c}" for c in _SUMS)
)
_ADD_PARTNERS = (
    f"INSERT INTO {PartnerTally._meta.db_table} "  # noqa: S608 - table names, no input
    "(municipality_id, organisation_id, projects) VALUES (%s, %s, %s) "
    "ON CONFLICT (municipality_id, organisation_id) DO UPDATE SET "
    f"projects = {PartnerTally._meta.db_table}.projects + excluded.projects"
)


def _add_totals(totals: dict[int, Counter]) -> None:
    rows = [
        (municipality_id, *(total[key] for key in _SUMS))
        for municipality_id, total in sorted(totals.items())
        if any(total.values())
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_ADD_TOTALS, rows)


def _add_partners(partners: dict[tuple[int, int], int]) -> None:
    if partners:
        with connection.cursor() as cursor:
            cursor.executemany(_ADD_PARTNERS, [(*key, n) for key, n in sorted(partners.items())])


class _IdList(Aggregate):
    """The ids as a JSON array."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


def rebuild() -> None:
    """Every share and total counted afresh, in set-wise SQL (seconds at a million)."""
    money = DecimalField(max_digits=20, decimal_places=2)

    def total(model, **filters):
        rows = model.objects.filter(project=OuterRef("pk"), source=FundingSource.EU_GRANT)
        summed = rows.filter(**filters).order_by().values("project").annotate(s=Sum("amount_sek"))
        return Coalesce(Subquery(summed.values("s")), Value(Decimal(0)), output_field=money)

    partners = (
        ProjectPartner.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(ids=_IdList("organisation_id"))
        .values("ids")
    )
    shares = (
        Project.objects.public()
        .order_by()
        .annotate(
            share_ongoing=ExpressionWrapper(
                Q(status=ProjectStatus.ONGOING), output_field=BooleanField()
            ),
            share_granted=Case(
                When(status__in=GRANTED_STATUSES, then=total(Funding)),
                default=Value(Decimal(0)),
                output_field=money,
            ),
            # The receipts' default manager leaves voided payments out; a subquery on it
            # does too.
            share_received=total(Receipt),
            share_partners=Coalesce(Subquery(partners), Value([], output_field=JSONField())),
        )
        # The SELECT lists the model's fields first and then the annotations in the order
        # made, whatever the order here: the INSERT below names its columns the same way.
        .values_list(
            "pk",
            "municipality_id",
            "first_published_at",
            "share_ongoing",
            "share_granted",
            "share_received",
            "share_partners",
        )
    )
    select, params = shares.query.sql_with_params()
    share_table = ProjectShare._meta.db_table
    tables = [m._meta.db_table for m in (PartnerTally, PublicTotals, ProjectShare)]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Recounts by other app servers wait until this is done (reads go on); SQLite's
            # writers take turns anyway.
            cursor.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {share_table} (project_id, municipality_id, first_published_at, "  # noqa: S608
            f"ongoing_today, eu_granted_sek, eu_received_sek, partners) {select}",
            params,
        )
        cursor.execute(
            f"INSERT INTO {PublicTotals._meta.db_table} (municipality_id, projects, "  # noqa: S608
            "ongoing_today, eu_granted_sek, eu_received_sek) "
            "SELECT municipality_id, COUNT(*), SUM(CASE WHEN ongoing_today THEN 1 ELSE 0 END), "
            f"SUM(eu_granted_sek), SUM(eu_received_sek) FROM {share_table} "
            "GROUP BY municipality_id"
        )
        partner_table = ProjectPartner._meta.db_table
        cursor.execute(
            f"INSERT INTO {PartnerTally._meta.db_table} "  # noqa: S608
            "(municipality_id, organisation_id, projects) "
            "SELECT s.municipality_id, p.organisation_id, COUNT(*) "
            f"FROM {partner_table} p JOIN {share_table} s ON s.project_id = p.project_id "
            "GROUP BY s.municipality_id, p.organisation_id"
        )
        # Pages rendered with the figures as they were kept are out of date.
        versioning.bump()


def differences(municipality) -> dict[str, tuple[int, int]]:
    """{key: (kept, counted now)} for each figure whose kept total is not what its
    definition counts: empty when all is in step."""
    from .definitions import OVERVIEW_BY_KEY, Scope

    kept = public_figures(municipality)
    scope = Scope(municipality, public=True)
    counted = {key: OVERVIEW_BY_KEY[key].value(scope) for key in TALLIED}
    return {key: (kept[key], counted[key]) for key in TALLIED if kept[key] != counted[key]}
