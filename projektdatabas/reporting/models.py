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


class SemiAnnualReport(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(
        _("half-year"), choices=[(1, _("January–June")), (2, _("July–December"))]
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    html = models.TextField(_("the report as finalised"), blank=True)
    checksum = models.CharField(_("SHA-256 of the report"), max_length=64, blank=True)
    pdf = models.BinaryField(_("PDF as finalised"), blank=True, default=bytes)
    docx = models.BinaryField(_("Word file as finalised"), blank=True, default=bytes)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

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

    @property
    def period(self) -> HalfYear:
        return HalfYear(self.year, self.half)

    @property
    def is_finalised(self) -> bool:
        return self.finalised_at is not None

    def checksum_matches(self) -> bool:
        return hashlib.sha256(self.html.encode()).hexdigest() == self.checksum

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
