"""Who takes part: the municipality itself, its committees and departments, and the
organisations abroad and at home it works with, twin towns among them."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from projektdatabas.core.colours import HIGHLIGHT, WHITE, contrast, tint
from projektdatabas.core.dates import DatePrecision, format_fuzzy_date

from .addresses import validate_site_slug


def validate_brand_colour(value: str) -> None:
    """The brand colour must reach WCAG AA contrast (4.5:1) wherever the public site uses it:
    white text on it (the header, buttons), and links in it on white, on the light tint
    derived from it (the search form, the figures) and on a highlighted search word. (White
    text at 4.5:1 also keeps the focus indicator's yellow halo above 3:1 on it.)"""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value or ""):
        return  # the RegexValidator names this
    on_white = contrast(WHITE, value)
    if on_white < 4.5:
        raise ValidationError(
            _(
                "White text on this colour has a contrast of %(contrast).1f:1; at least 4.5:1 "
                "is needed. Choose a darker colour."
            ),
            params={"contrast": on_white},
        )
    for background, where in (
        (tint(value), _("on the light background derived from it (boxes such as the search)")),
        (HIGHLIGHT, _("on a highlighted search word")),
    ):
        ratio = contrast(value, background)
        if ratio < 4.5:
            raise ValidationError(
                _(
                    "Links in this colour %(where)s have a contrast of %(contrast).1f:1; at "
                    "least 4.5:1 is needed. Choose a darker colour."
                ),
                params={"where": where, "contrast": ratio},
            )


def luhn_valid(digits: str) -> bool:
    """The check digit of Swedish personal and organisation numbers (Luhn, weights 2,1,...)."""
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 - position % 2)
        total += product // 10 + product % 10
    return total % 10 == 0


def validate_organisation_number(value: str) -> None:
    """A Swedish organisationsnummer as Bolagsverket writes it: NNNNNN-NNNN, the third and
    fourth digits at least 20 (which is what tells it from a personal identity number, so
    none is stored here by mistake) and a valid check digit. Sveriges dataportal and IATI
    identify the municipality by it."""
    if not re.fullmatch(r"\d{6}-\d{4}", value):
        raise ValidationError(
            _("Give the organisation number as ten digits with a hyphen: 212000-1439.")
        )
    digits = value.replace("-", "")
    if int(digits[2:4]) < 20:
        raise ValidationError(
            _(
                "This is not an organisation number: its third and fourth digits are below "
                "20, as in a personal identity number."
            )
        )
    if not luhn_valid(digits):
        raise ValidationError(
            _("The organisation number's last digit (the check digit) does not match. Check it.")
        )


class Region(models.Model):
    """Municipalities that share one installation (Göteborgsregionen, a county): the
    regional portal searches them together and the regional coordinator reads them all."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name in addresses"), unique=True)
    contact_email = models.EmailField(
        _("contact e-mail for the regional portal"),
        blank=True,
        help_text=_(
            "Named in the portal's accessibility statement and privacy notice. Left empty, "
            "the installation's municipality answers for the portal."
        ),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality that runs its international work here; a region may hold several."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("short name in addresses"),
        unique=True,
        validators=[validate_site_slug],
        help_text=_("The municipality's public site is at /<short name>/ (e.g. /kungalv/)."),
    )
    site_host = models.CharField(
        _("own host name"),
        max_length=253,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$",
                _("Give a host name only, in lower case, such as projekt.kungalv.se."),
            )
        ],
        help_text=_(
            "Optional: a host name that serves this municipality's public site at its root, "
            "such as projekt.kungalv.se. It must also be in ALLOWED_HOSTS."
        ),
    )
    county = models.CharField(_("county"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    website = models.URLField(_("website"), blank=True)
    coordinator_email = models.EmailField(
        _("international coordinator's e-mail"),
        blank=True,
        help_text=_("Receives notifications about projects and decisions."),
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_organisation_number],
        help_text=_(
            "As NNNNNN-NNNN. Identifies the municipality as publisher in the open-data "
            "catalogue (Sveriges dataportal) and the IATI export."
        ),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#00504b",
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give the colour as #rrggbb.")),
            validate_brand_colour,
        ],
        help_text=_("Used for the public site's header; must be dark enough for white text."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            # One host, one site (organisations/sites.py looks a request's host up).
            models.UniqueConstraint(
                fields=["site_host"],
                condition=~Q(site_host=""),
                name="municipality_unique_site_host",
                violation_error_message=_("Another municipality already has this host name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_number_digits(self) -> str:
        """The number without its hyphen, as Sveriges dataportal and IATI write it."""
        return self.organisation_number.replace("-", "")


class Committee(models.Model):
    """A political committee (nämnd); the executive board (KS) is one of them."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=20, blank=True)
    is_executive_board = models.BooleanField(
        _("is the executive board"),
        default=False,
        help_text=_(
            "The municipal executive board (kommunstyrelsen), which receives the "
            "semi-annual report."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["municipality", "-is_executive_board", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="committee_unique_name",
                violation_error_message=_(
                    "The municipality already has a committee with this name."
                ),
            ),
            # The semi-annual report goes to exactly one executive board.
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(is_executive_board=True),
                name="committee_one_executive_board",
                violation_error_message=_("The municipality already has an executive board."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A department (förvaltning) or a unit within one, answering to a committee."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    name = models.CharField(_("name"), max_length=200)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("responsible committee"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="department_unique_name",
                violation_error_message=_(
                    "The municipality already has a department with this name."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.committee_id
            and self.municipality_id
            and (self.committee.municipality_id != self.municipality_id)
        ):
            raise ValidationError(
                {"committee": _("The committee must belong to the same municipality.")}
            )
        if self.parent_id and self.parent.municipality_id != self.municipality_id:
            raise ValidationError(
                {"parent": _("A unit must belong to a department of the same municipality.")}
            )


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("region")
    UNIVERSITY = "university", _("university or college")
    SCHOOL = "school", _("school")
    COMPANY = "company", _("company")
    NGO = "ngo", _("association or NGO")
    EU_BODY = "eu_body", _("EU body")
    NETWORK = "network", _("network or membership organisation")
    PUBLIC_AGENCY = "public_agency", _("public agency")
    OTHER = "other", _("other")


class Organisation(models.Model):
    """A partner, co-financier or twin town, abroad or in Sweden."""

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = CountryField(_("country"))
    town = models.CharField(_("town"), max_length=150, blank=True)
    website = models.URLField(_("website"), blank=True)
    population = models.PositiveIntegerField(
        _("inhabitants"), null=True, blank=True, help_text=_("For municipalities: about how many.")
    )
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"],
                name="organisation_unique_name_country",
                violation_error_message=_(
                    "An organisation with this name already exists in this country."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
                violation_error_message=_("Unknown kind of organisation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})" if self.country else self.name


class TwinningStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    ENDED = "ended", _("ended")


class Twinning(models.Model):
    """A twin-town partnership (vänortsförbindelse) between a municipality and a partner."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="twinnings",
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("twin town"),
        on_delete=models.PROTECT,
        related_name="twinnings",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    slug = models.SlugField(_("short name in addresses"))
    first_contact = models.DateField(_("first contact"), null=True, blank=True)
    first_contact_precision = models.CharField(
        _("first contact known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    agreement_signed = models.DateField(_("agreement signed"), null=True, blank=True)
    agreement_signed_precision = models.CharField(
        _("agreement date known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    ended = models.DateField(_("ended"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TwinningStatus.choices, default=TwinningStatus.ACTIVE
    )
    history_sv = models.TextField(_("history (Swedish)"), blank=True)
    history_en = models.TextField(_("history (English)"), blank=True)

    class Meta:
        verbose_name = _("twinning")
        verbose_name_plural = _("twinnings")
        ordering = ["municipality", "agreement_signed"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "partner"],
                name="twinning_unique_partner",
                violation_error_message=_("The municipality is already twinned with this town."),
            ),
            models.UniqueConstraint(fields=["municipality", "slug"], name="twinning_unique_slug"),
            models.CheckConstraint(
                condition=Q(status__in=TwinningStatus.values),
                name="twinning_status_valid",
                violation_error_message=_("Unknown twinning status."),
            ),
            models.CheckConstraint(
                condition=Q(first_contact__isnull=True)
                | Q(agreement_signed__isnull=True)
                | Q(agreement_signed__gte=F("first_contact")),
                name="twinning_agreement_after_first_contact",
                violation_error_message=_(
                    "The agreement cannot be signed before the first contact."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended__isnull=True)
                | Q(agreement_signed__isnull=True)
                | Q(ended__gte=F("agreement_signed")),
                name="twinning_ended_after_agreement",
                violation_error_message=_("A twinning cannot end before its agreement was signed."),
            ),
            # An ended twinning says when it ended, and only an ended one has an end date.
            models.CheckConstraint(
                condition=Q(status=TwinningStatus.ENDED, ended__isnull=False)
                | (~Q(status=TwinningStatus.ENDED) & Q(ended__isnull=True)),
                name="twinning_ended_date_matches_status",
                violation_error_message=_(
                    "An ended twinning needs an end date, and only an ended twinning may have one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.partner.name}"

    @property
    def first_contact_display(self) -> str:
        return format_fuzzy_date(self.first_contact, self.first_contact_precision)

    @property
    def agreement_signed_display(self) -> str:
        return format_fuzzy_date(self.agreement_signed, self.agreement_signed_precision)

    def clean(self) -> None:
        if self.partner_id and self.partner.kind != OrganisationKind.MUNICIPALITY:
            raise ValidationError({"partner": _("A twin town must be a municipality.")})


class TwinningEventKind(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("first contact")
    AGREEMENT = "agreement", _("agreement")
    CEREMONY = "ceremony", _("ceremony")
    EXCHANGE = "exchange", _("exchange")
    VISIT = "visit", _("visit or delegation")
    OTHER = "other", _("other")


class TwinningEvent(models.Model):
    """A dated step in a twinning's history, shown as its timeline."""

    twinning = models.ForeignKey(
        Twinning, verbose_name=_("twinning"), on_delete=models.PROTECT, related_name="events"
    )
    date = models.DateField(_("date"))
    precision = models.CharField(
        _("date known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TwinningEventKind.choices)
    title_sv = models.CharField(_("title (Swedish)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("twinning event")
        verbose_name_plural = _("twinning events")
        ordering = ["twinning", "date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TwinningEventKind.values),
                name="twinning_event_kind_valid",
                violation_error_message=_("Unknown kind of event."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date_display}: {self.title_sv}"

    @property
    def date_display(self) -> str:
        return format_fuzzy_date(self.date, self.precision)
