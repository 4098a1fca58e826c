"""The strategy a project serves: the municipality's orientations, the EU growth
strategy of the day, and the UN 2030 goals. All of it is data: a municipality edits
its orientations when it revises its strategy, and another municipality has its own."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.dates import DatePrecision, format_fuzzy_date
from projektdatabas.organisations.models import Municipality


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")
    SUPERSEDED = "superseded", _("superseded")


class Strategy(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    title = models.CharField(_("title"), max_length=250)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    # A document may give only "januari 2006": store the first of the month and say so.
    adopted_on_precision = models.CharField(
        _("adoption date known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    decision_reference = models.CharField(
        _("case reference number"),
        max_length=50,
        blank=True,
        help_text=_('From the municipality\'s registry, e.g. "KS 2005/123".'),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    document_url = models.URLField(_("link to the document"), blank=True)
    electoral_term = models.PositiveSmallIntegerField(
        _("electoral term"),
        null=True,
        blank=True,
        help_text=_("The election year that began the term, e.g. 2022 for 2022–2026."),
    )

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["municipality", "-adopted_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StrategyStatus.values),
                name="strategy_status_valid",
                violation_error_message=_("Unknown strategy status."),
            ),
            # Swedish general elections: every fourth year since 1994.
            models.CheckConstraint(
                condition=Q(electoral_term__isnull=True)
                | Q(electoral_term__gte=1994, electoral_term__lte=2200),
                name="strategy_term_plausible",
                violation_error_message=_("Give the election year that began the term."),
            ),
            models.CheckConstraint(
                condition=Q(status=StrategyStatus.DRAFT) | Q(adopted_on__isnull=False),
                name="strategy_adopted_has_date",
                violation_error_message=_("An adopted strategy needs its adoption date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def adopted_on_display(self) -> str:
        return format_fuzzy_date(self.adopted_on, self.adopted_on_precision)

    def clean(self) -> None:
        if self.electoral_term and (self.electoral_term - 1994) % 4:
            raise ValidationError(
                {"electoral_term": _("Elections are held every fourth year: 2018, 2022, 2026 …")}
            )


class OrientationArea(models.Model):
    """A set of orientations, e.g. "International work" and "Twin-town cooperation"."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="areas"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("orientation area")
        verbose_name_plural = _("orientation areas")
        ordering = ["strategy", "position"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "position"], name="area_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name_sv


class Orientation(models.Model):
    """An orientation (inriktning) that the action plan's measures and projects hang on."""

    area = models.ForeignKey(
        OrientationArea,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="orientations",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name_sv = models.CharField(_("name (Swedish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["area__strategy", "area__position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="orientation_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.area.name_sv} {self.number}: {self.name_sv}"


class GrowthStrategyDimension(models.Model):
    """A dimension of the EU growth strategy of the day (Lisbon: economy, environment,
    social cohesion; Europe 2020: smart, sustainable, inclusive growth)."""

    strategy_name = models.CharField(_("EU strategy"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name_sv = models.CharField(_("name (Swedish)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("EU strategy dimension")
        verbose_name_plural = _("EU strategy dimensions")
        ordering = ["strategy_name", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy_name", "name_sv"], name="growth_dimension_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strategy_name}: {self.name_sv}"


class SustainableDevelopmentGoal(models.Model):
    """One of the UN's seventeen 2030 goals (seeded by a migration)."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name_sv = models.CharField(_("name (Swedish)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)

    class Meta:
        verbose_name = _("UN 2030 goal")
        verbose_name_plural = _("UN 2030 goals")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="sdg_number_1_to_17"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name_sv}"
