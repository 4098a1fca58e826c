"""Reference data that projects are tagged with. Data, not code: administrators keep it."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A funding programme: Interreg, ESF Mål 3, Erasmus+, town twinning, own funds ..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    is_eu = models.BooleanField(
        _("EU programme"), default=False, help_text=_("Money from it counts as EU funds.")
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("open for applications"), default=True)
    # EU programmes run in fixed periods (Interreg III 2000–2006, Erasmus+ since 2014): a
    # project can only have started under one in its period. Empty where it is not known.
    first_year = models.PositiveSmallIntegerField(
        _("first year"),
        null=True,
        blank=True,
        help_text=_("The first year projects could start under the programme."),
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"),
        null=True,
        blank=True,
        help_text=_("The last year of the programme period; empty while it runs."),
    )

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        # Whatever the case: "EQUAL" and "ESF …" had come before "Egna medel" and "Erasmus+"
        # (SQLite and PostgreSQL's C collation put capitals first).
        ordering = [Lower("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(last_year__gte=F("first_year")),
                name="programme_years_in_order",
                violation_error_message=_("A programme cannot end before it begins."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def covers_year(self, year: int) -> bool:
        """Whether a project could start under the programme in `year`."""
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )


class Theme(models.Model):
    slug = models.SlugField(_("short name in addresses"), unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name_sv"]

    def __str__(self) -> str:
        return self.name_sv


class TargetGroup(models.Model):
    slug = models.SlugField(_("short name in addresses"), unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    is_youth = models.BooleanField(
        _("youth"),
        default=False,
        help_text=_("Contacts and exchanges for young people are the strategy's priority."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        # Youth first: the strategy's stated priority.
        ordering = ["-is_youth", "position", "name_sv"]

    def __str__(self) -> str:
        return self.name_sv
