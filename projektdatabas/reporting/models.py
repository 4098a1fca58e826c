"""A semi-annual report to the executive board. Until it is finalised it is computed
afresh from the data; once finalised (fastställd) its figures and its HTML are stored with
a checksum, who and when, and later edits to projects no longer change it."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projektdatabas.organisations.models import Municipality

from .periods import HalfYear


class ReportQuerySet(models.QuerySet):
    def finalised(self):
        return self.filter(finalised_at__isnull=False)


class HalfYearReport(models.Model):
    """What a municipality's and a region's semi-annual reports share: the half-year, and
    once finalised, the figures and HTML kept with their checksum, who and when."""

    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(
        _("half-year"), choices=[(1, _("January–June")), (2, _("July–December"))]
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    html = models.TextField(_("the report as finalised"), blank=True)
    checksum = models.CharField(_("SHA-256 of the report"), max_length=64, blank=True)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def period(self) -> HalfYear:
        return HalfYear(self.year, self.half)

    @property
    def is_finalised(self) -> bool:
        return self.finalised_at is not None

    def checksum_matches(self) -> bool:
        return hashlib.sha256(self.html.encode()).hexdigest() == self.checksum


class SemiAnnualReport(HalfYearReport):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    pdf = models.BinaryField(_("PDF as finalised"), blank=True, default=bytes)
    docx = models.BinaryField(_("Word file as finalised"), blank=True, default=bytes)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("semi-annual report")
        verbose_name_plural = _("semi-annual reports")
        ordering = ["-year", "-half"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "half"], name="report_once_per_half_year"
            ),
            models.CheckConstraint(condition=Q(half__in=[1, 2]), name="report_half_1_or_2"),
            # A finalised report keeps what it said, and proof of it.
            models.CheckConstraint(
                condition=Q(finalised_at__isnull=True)
                | (~Q(checksum="") & ~Q(html="") & Q(finalised_by__isnull=False)),
                name="report_finalised_is_frozen",
            ),
        ]

    def __str__(self) -> str:
        return str(self.period)

    def file_checksums(self) -> dict[str, str]:
        return {
            "pdf": hashlib.sha256(bytes(self.pdf)).hexdigest(),
            "docx": hashlib.sha256(bytes(self.docx)).hexdigest(),
        }


class Recipient(models.Model):
    """Someone the coordinator sends the finalised report to: the executive board's
    secretary, the heads of department. An official's work address and role, nothing
    private (GDPR: the public task)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="report_recipients",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_(
            "For example: secretary of the executive board, head of the school department."
        ),
    )

    class Meta:
        verbose_name = _("recipient of the report")
        verbose_name_plural = _("distribution list")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "email"], name="report_recipient_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


# The start page's figures at a million projects (reporting/tallies.py): counting every public
# project took 4.5 s, so each project's share is kept beside it and the totals are moved by
# the difference, in the transaction that changes the project.


class PublicTotals(models.Model):
    """A municipality's figures over its public projects: the sums of ProjectShare."""

    municipality = models.OneToOneField(
        Municipality, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    projects = models.BigIntegerField(default=0)
    ongoing_today = models.BigIntegerField(default=0)
    eu_granted_sek = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    eu_received_sek = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.projects} public projects"


class PartnerTally(models.Model):
    """How many of a municipality's public projects have the organisation as a partner:
    the partner countries are those of the organisations counted here, so an organisation
    that moves country needs no recount."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    projects = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation"], name="partner_tally_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}/{self.organisation_id}: {self.projects}"


class ProjectShare(models.Model):
    """What one public project adds to its municipality's totals, as last counted; a
    project that is not public has no row. DO_NOTHING: deleting a project removes its
    share in the same transaction (reporting/signals.py), or the foreign key refuses.

    It also holds the project's first publication, for the start page's newest projects:
    sorted by (first_published_at, id) through the projects table's index, a million
    projects published in the same instant (a bulk load) were sorted whole each time
    (3.4 s); this table's index has the id too."""

    project = models.OneToOneField(
        "projects.Project", primary_key=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    ongoing_today = models.BooleanField(default=False)
    eu_granted_sek = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    eu_received_sek = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    partners = models.JSONField(default=list)  # organisation ids
    first_published_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["municipality", "-first_published_at", "-project"],
                name="share_newest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"share of project {self.project_id}"


class RegionalReportQuerySet(ReportQuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class RegionalReport(HalfYearReport):
    """The semi-annual report across a region's municipalities (reporting/regional_report.py):
    each municipality's key figures for the half-year and the region's totals, made and
    finalised by the regional coordinator and then published on the regional portal. Counts
    and sums only, no project or person, so that publishing it shows nothing internal."""

    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("region"), on_delete=models.PROTECT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = RegionalReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("regional report")
        verbose_name_plural = _("regional reports")
        ordering = ["-year", "-half"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "half"], name="regional_report_once_per_half_year"
            ),
            models.CheckConstraint(
                condition=Q(half__in=[1, 2]), name="regional_report_half_1_or_2"
            ),
            models.CheckConstraint(
                condition=Q(finalised_at__isnull=True)
                | (~Q(checksum="") & ~Q(html="") & Q(finalised_by__isnull=False)),
                name="regional_report_finalised_is_frozen",
            ),
            # Only what was finalised is published: the portal shows what was decided.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(finalised_at__isnull=False),
                name="regional_report_published_is_finalised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.period}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
