"""Content the public site owns: the accessibility statement that the law (DOS-lagen)
requires every public-sector service to publish and keep up to date."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.i18n import page_language
from projektdatabas.organisations.models import Municipality

DIGG_COMPLAINT_URL = "https://www.digg.se/tdosanmalan"

# What is known of this software itself, whoever runs it: every statement begins with it
# (a new one, and the one shown before staff have written their own), so that a site does
# not declare itself partially compliant "because of the shortcomings below" above "We
# know of no shortcomings", as Kungälv's did. Each municipality adds its own content's.
SOFTWARE_KNOWN_GAPS_SV = (
    "Administrationsgränssnittet för administratörer (/admin/) är inte granskat och "
    "omfattas inte av de automatiska testerna. Kontakta oss om du behöver hjälp med en "
    "uppgift där.\n\n"
    "Webbplatsen har ännu inte testats med skärmläsare av användare. Vi planerar ett "
    "sådant test."
)
SOFTWARE_KNOWN_GAPS_EN = (
    "The administrators' interface (/admin/) has not been assessed and is not covered by "
    "the automated tests.\n\nThe site has not yet been tested with screen readers by "
    "users; such a test is planned."
)


def software_known_gaps() -> str:
    """The software's known gaps in the page's language: what a statement saved before they
    were its defaults shows where its own are empty but it is not fully compliant."""
    return SOFTWARE_KNOWN_GAPS_EN if page_language() == "en" else SOFTWARE_KNOWN_GAPS_SV


SOFTWARE_METHOD_SV = (
    "Varje ändring av webbplatsen testas automatiskt med axe-core mot WCAG 2.1 nivå A och "
    "AA i webbläsaren Chromium, och ett test går igenom sökning, filtrering, projektsida "
    "och språkbyte med enbart tangentbord."
)
SOFTWARE_METHOD_EN = (
    "Every change is tested automatically with axe-core against WCAG 2.1 levels A and AA "
    "in Chromium, and a test walks search, filtering, a project page and the language "
    "switch by keyboard only."
)


class Compliance(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("self-assessment")
    THIRD_PARTY = "third_party", _("assessment by a third party")


class AccessibilityStatement(models.Model):
    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="accessibility_statement",
    )
    service_name = models.CharField(
        _("name of the service"), max_length=200, default="Projektdatabasen"
    )
    compliance = models.CharField(
        _("compliance with the accessibility requirements"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    known_gaps_sv = models.TextField(
        _("known gaps, with reasons and alternatives (Swedish)"),
        blank=True,
        default=SOFTWARE_KNOWN_GAPS_SV,
        help_text=_("One gap per paragraph: what is not accessible, why, and what to do instead."),
    )
    known_gaps_en = models.TextField(
        _("known gaps (English)"), blank=True, default=SOFTWARE_KNOWN_GAPS_EN
    )
    disproportionate_burden_sv = models.TextField(
        _("disproportionate burden (Swedish)"), blank=True
    )
    disproportionate_burden_en = models.TextField(
        _("disproportionate burden (English)"), blank=True
    )
    assessment_method = models.CharField(
        _("how it was assessed"),
        max_length=12,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    method_description_sv = models.TextField(
        _("description of the assessment (Swedish)"), blank=True, default=SOFTWARE_METHOD_SV
    )
    method_description_en = models.TextField(
        _("description of the assessment (English)"), blank=True, default=SOFTWARE_METHOD_EN
    )
    assessed_on = models.DateField(_("assessed on"))
    feedback_email = models.EmailField(_("e-mail for feedback"))
    feedback_phone = models.CharField(_("telephone for feedback"), max_length=40, blank=True)
    response_time_sv = models.CharField(
        _("how soon we answer (Swedish)"),
        max_length=200,
        default="Vi svarar normalt inom två arbetsdagar.",
    )
    response_time_en = models.CharField(
        _("how soon we answer (English)"),
        max_length=200,
        default="We normally answer within two working days.",
    )
    updated_at = models.DateTimeField(_("statement last updated"), auto_now=True)

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")
        constraints = [
            models.CheckConstraint(
                condition=Q(compliance__in=Compliance.values), name="statement_compliance_valid"
            ),
            models.CheckConstraint(
                condition=Q(assessment_method__in=AssessmentMethod.values),
                name="statement_method_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_name} – {self.municipality}"


class SiteLogo(models.Model):
    """A municipality's logo for its public site's header, uploaded in the admin.

    Kept in the database, as the news pictures are (the backups copy the database alone),
    and checked and re-encoded by the same code (news/images.py): JPEG or PNG only, nothing
    of the upload but its pixels survives. No SVG: an SVG file is a document that can carry
    scripts, and a visitor may open the logo's address directly."""

    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="site_logo",
    )
    data = models.BinaryField(_("image data"))
    content_type = models.CharField(_("content type"), max_length=20)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    is_example = models.BooleanField(
        _("example logo"),
        default=False,
        help_text=_("An invented logo for demo data, not the municipality's own."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site logo")
        verbose_name_plural = _("site logos")
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["image/jpeg", "image/png"]),
                name="site_logo_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.width}×{self.height} {self.content_type}"
