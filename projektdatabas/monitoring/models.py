"""EU monitoring (omvärldsbevakning): the EU items the coordinator keeps the municipality
informed about, the departments each concerns and why, and each department's answer ("berör
oss": ja/nej, what it means, what we do) by a date. Staff information only: nothing here is
on the public site. Items are closed or archived, never deleted."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from projektdatabas.organisations.models import Department, Municipality
from projektdatabas.projects.models import PublicRecordDeletion

# A CELEX number, loosely: sector (0-9, C or E), year, a one- to four-letter document type,
# a number, and perhaps a corrigendum or consolidation suffix ("32016R0679R(02)"). EUR-Lex
# gives more shapes than anyone should list here; this catches a pasted title or link.
CELEX = re.compile(r"^[0-9CE]\d{4}[A-Z]{1,4}\d{1,6}[A-Z0-9()_.\-]{0,20}$")


def normalise_celex(text: str) -> str:
    """ "celex:32026r1778 " → "32026R1778"; the form and the imports store one spelling."""
    text = (text or "").strip().upper().replace(" ", "")
    return text.removeprefix("CELEX:")


def validate_celex(value: str) -> None:
    if value and not CELEX.match(value):
        raise ValidationError(
            _("A CELEX number looks like 32026R1778: sector, year, document type and number."),
            code="celex",
        )


class ItemKind(models.TextChoices):
    LEGISLATION = "legislation", _("legislation (directive, regulation)")
    DECISION = "decision", _("decision")
    CONSULTATION = "consultation", _("consultation")
    POLICY = "policy", _("policy paper")
    REPORT = "report", _("report")


class ItemStatus(models.TextChoices):
    # In context: Swedish agrees with the noun ("ärendet är öppet, stängt"), and the plain
    # "closed" is another app's "stängd".
    OPEN = "open", pgettext_lazy("EU item", "open")
    CLOSED = "closed", pgettext_lazy("EU item", "closed")
    ARCHIVED = "archived", pgettext_lazy("EU item", "archived")


class Channel(models.TextChoices):
    """Where the item came to the municipality from: the strategy names West Sweden and GR."""

    WEST_SWEDEN = "west_sweden", _("West Sweden")
    GR = "gr", _("Göteborgsregionen (GR)")
    EUR_LEX = "eur_lex", _("EUR-Lex")
    SKR = "skr", _("Sveriges Kommuner och Regioner (SKR)")
    COMMISSION = "commission", _("European Commission")
    OTHER = "other", _("other")


class EUItemQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def current(self):
        """Everything but the archive (closed items are still looked up)."""
        return self.exclude(status=ItemStatus.ARCHIVED)

    def open(self):
        return self.filter(status=ItemStatus.OPEN)

    def with_unanswered(self):
        return self.filter(concerns__answered_at__isnull=True).distinct()

    def delete(self):
        raise PublicRecordDeletion(_("EU items are never deleted; archive them instead."))


class EUItem(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="eu_items",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    # EU acts' titles run long ("Regulation (EU) 2026/1778 of the European Parliament and of
    # the Council of … on …"): kept whole, shortened where a line is all there is room for.
    title = models.CharField(_("title"), max_length=1000)
    celex = models.CharField(
        _("CELEX number"),
        max_length=40,
        blank=True,
        validators=[validate_celex],
        help_text=_("EUR-Lex's number of the act, e.g. 32026R1778."),
    )
    link = models.URLField(_("link"), max_length=1000, blank=True)
    # The feed's own identifier of the entry (RSS guid, Atom id): how a repeated import
    # knows an entry without CELEX number it has brought in before.
    feed_guid = models.CharField(_("feed identifier"), max_length=1000, blank=True)
    channel = models.CharField(
        _("source"),
        max_length=20,
        choices=Channel.choices,
        help_text=_("Where the item reached us from."),
    )
    published_on = models.DateField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("In the Official Journal or by the source."),
    )
    adopted_on = models.DateField(_("adopted"), null=True, blank=True)
    applies_from = models.DateField(_("applies from"), null=True, blank=True)
    transposition_deadline = models.DateField(
        _("transposition deadline"),
        null=True,
        blank=True,
        help_text=_("For a directive: when Swedish law must be in line with it."),
    )
    consultation_closes = models.DateField(_("consultation closes"), null=True, blank=True)
    summary_sv = models.TextField(
        _("summary (Swedish)"),
        blank=True,
        help_text=_(
            "What it is about and why it may matter to the municipality, in plain Swedish."
        ),
    )
    # Claimed by every save and status step (monitoring/services.py): no silent overwrites.
    version = models.PositiveIntegerField(_("version"), default=1)
    is_example_data = models.BooleanField(_("example data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EUItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("EU item")
        verbose_name_plural = _("EU items")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ItemKind.values),
                name="euitem_kind_valid",
                violation_error_message=_("Unknown kind of EU item."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values),
                name="euitem_status_valid",
                violation_error_message=_("Unknown status of an EU item."),
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values),
                name="euitem_channel_valid",
                violation_error_message=_("Unknown source."),
            ),
            # The keys a repeated import matches on: one item per act and per feed entry.
            models.UniqueConstraint(
                fields=["municipality", "celex"],
                condition=~Q(celex=""),
                name="euitem_celex_once",
                violation_error_message=_(
                    "An EU item with this CELEX number is already registered."
                ),
            ),
            models.UniqueConstraint(
                fields=["municipality", "feed_guid"],
                condition=~Q(feed_guid=""),
                name="euitem_feed_guid_once",
            ),
        ]

    def __str__(self) -> str:
        return self.short_title

    @property
    def short_title(self) -> str:
        return self.title if len(self.title) <= 120 else self.title[:119].rstrip() + "…"

    @property
    def reference(self) -> str:
        return f"CELEX {self.celex}" if self.celex else ""

    def delete(self, *args, **kwargs):
        raise PublicRecordDeletion(_("EU items are never deleted; archive them instead."))


class ConcernQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def answered(self):
        return self.filter(answered_at__isnull=False)

    def overdue(self, today):
        return self.unanswered().filter(answer_due__lt=today)

    def awaiting(self):
        """Unanswered, on an item still open: what a department is asked for now (a closed
        or archived item asks nothing more)."""
        return self.unanswered().filter(item__status=ItemStatus.OPEN)

    def for_departments(self, department_ids):
        return self.filter(department_id__in=department_ids)

    def delete(self):
        raise PublicRecordDeletion(_("A routing is never deleted; it stays in the item's record."))


class Concern(models.Model):
    """That an item concerns a department, why, and the department's answer by a date."""

    item = models.ForeignKey(
        EUItem, verbose_name=_("EU item"), on_delete=models.PROTECT, related_name="concerns"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why it concerns the department"))
    answer_due = models.DateField(_("answer by"))
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("routed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    routed_at = models.DateTimeField(_("routed"), default=timezone.now)
    # The answer: None until the department has answered.
    # Named as the coordinator reads them in the history; the department's own form asks
    # "Berör det oss?" (staff/monitoring_forms.py).
    concerns_us = models.BooleanField(_("concerns the department"), null=True, blank=True)
    meaning = models.TextField(_("what it means for the department"), blank=True)
    action = models.TextField(_("what the department does"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = ConcernQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("concerned department")
        verbose_name_plural = _("concerned departments")
        ordering = ["department__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "department"],
                name="concern_once_per_department",
                violation_error_message=_("The item is already routed to this department."),
            ),
            # Answered means "ja" or "nej" said, by someone, at a time: all or nothing.
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, concerns_us__isnull=True)
                | Q(answered_at__isnull=False, concerns_us__isnull=False),
                name="concern_answer_complete",
            ),
        ]
        indexes = [
            # The coordinator's "unanswered" overview and each department's start page.
            models.Index(
                fields=["department", "answer_due"],
                name="concern_unanswered_idx",
                condition=Q(answered_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.department}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def answered_late(self) -> bool:
        return self.is_answered and timezone.localdate(self.answered_at) > self.answer_due

    def is_overdue(self, today=None) -> bool:
        return not self.is_answered and self.answer_due < (today or timezone.localdate())

    def delete(self, *args, **kwargs):
        raise PublicRecordDeletion(_("A routing is never deleted; it stays in the item's record."))
