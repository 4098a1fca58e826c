"""Projects and exchanges: the record that the strategy says is documented for everyone."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.accounts.models import Role
from projektdatabas.accounts.permissions import memberships
from projektdatabas.core.money import Currency, amount_field, money_constraints
from projektdatabas.organisations.models import Department, Municipality, Organisation
from projektdatabas.strategy.models import (
    GrowthStrategyDimension,
    Orientation,
    SustainableDevelopmentGoal,
)

from .fulltext import matching_ids
from .reference import Programme, TargetGroup, Theme
from .validators import reachable_by_residents

__all__ = [
    "Programme",
    "Theme",
    "TargetGroup",
    "Project",
    "ProjectKind",
    "ProjectStatus",
    "InterestKind",
    "MunicipalRole",
    "ProjectPartner",
    "PartnerRole",
    "ProjectContact",
    "ProjectLink",
    "PublicRecordDeletion",
]


class PublicRecordDeletion(ValidationError):
    """Raised when something tries to delete a record the public has seen."""


class ProjectKind(models.TextChoices):
    EU_PROJECT = "eu_project", _("EU project")
    TWIN_TOWN_EXCHANGE = "twin_town_exchange", _("twin-town exchange")
    SCHOOL_YOUTH_EXCHANGE = "school_youth_exchange", _("school or youth exchange")
    STUDY_VISIT = "study_visit", _("study visit or delegation")
    KNOWLEDGE_COOPERATION = "knowledge_cooperation", _("knowledge cooperation")
    NETWORK_MEMBERSHIP = "network_membership", _("network membership")
    OTHER = "other", _("other")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    APPLICATION = "application", _("application")
    APPROVED = "approved", _("approved")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    FINAL_REPORT_DONE = "final_report_done", _("final report submitted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Status groups the figures count by (reporting/definitions.py says what each figure means).
STARTED_STATUSES = (
    ProjectStatus.ONGOING,
    ProjectStatus.COMPLETED,
    ProjectStatus.FINAL_REPORT_DONE,
)
FINISHED_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.FINAL_REPORT_DONE)
# Funding has been granted: approved, and everything that follows an approval.
GRANTED_STATUSES = (ProjectStatus.APPROVED, *STARTED_STATUSES)

# When a project began and ended: the day it was started (or completed) in the lifecycle,
# else its planned period. The figures for a period count by these.
BEGAN_ON = Coalesce("started_on", "start_date")
ENDED_ON = Coalesce("completed_on", "end_date")


class InterestKind(models.TextChoices):
    """What residents may register interest as, on a project or exchange open to them
    (the participation app keeps the registrations)."""

    HOST_FAMILY = "host_family", _("host families")
    PARTICIPANT = "participant", _("participants")
    ASSOCIATION = "association", _("associations")
    VOLUNTEER = "volunteer", _("volunteers")


# No interest is taken once a project is over or will not happen.
CLOSED_TO_INTEREST = (*FINISHED_STATUSES, ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN)


class MunicipalRole(models.TextChoices):
    OWNER = "owner", _("project owner (lead partner)")
    PARTNER = "partner", _("partner")
    PARTICIPANT = "participant", _("participant")


class ProjectQuerySet(models.QuerySet):
    def public(self):
        """What residents may see: published and not archived."""
        return self.filter(is_published=True, archived_at__isnull=True)

    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def ongoing_today(self):
        """Marked as ongoing now, with or without dates."""
        return self.filter(status=ProjectStatus.ONGOING)

    def started(self):
        """Ongoing or finished: projects that have actually been carried out."""
        return self.filter(status__in=STARTED_STATUSES)

    def granted(self):
        """Approved and everything after: their financing has been granted."""
        return self.filter(status__in=GRANTED_STATUSES)

    def ongoing_during(self, start, end):
        """Running at some time between `start` and `end` (inclusive): begun by `end`, and
        either still marked ongoing or finished on or after `start`. A project marked ongoing
        with no start date counts: its status says it runs, only not since when. A finished
        project with no end date does not: nothing says when it ran."""
        return (
            self.started()
            .alias(began=BEGAN_ON, ended=ENDED_ON)
            .filter(Q(began__lte=end) | Q(began__isnull=True, status=ProjectStatus.ONGOING))
            .filter(Q(status=ProjectStatus.ONGOING) | Q(ended__gte=start))
        )

    def started_during(self, start, end):
        """Began between `start` and `end`: started then in the lifecycle or, where that
        was never recorded, planned to start then."""
        return self.started().alias(began=BEGAN_ON).filter(began__range=(start, end))

    def completed_during(self, start, end):
        """Finished between `start` and `end`: marked completed then or, where that was
        never recorded, planned to end then."""
        return (
            self.filter(status__in=FINISHED_STATUSES)
            .alias(ended=ENDED_ON)
            .filter(ended__range=(start, end))
        )

    def applied_during(self, start, end):
        """Applications sent between `start` and `end`, whatever became of them since."""
        return self.filter(applied_on__range=(start, end))

    def youth_exchanges(self):
        return self.filter(kind=ProjectKind.SCHOOL_YOUTH_EXCHANGE)

    def with_twin_town(self, municipality):
        """Projects with one of the municipality's twin towns as a partner."""
        return self.filter(
            Exists(
                ProjectPartner.objects.filter(
                    project=OuterRef("pk"),
                    organisation__twinnings__municipality=municipality,
                )
            )
        )

    def in_country(self, country_code: str):
        return self.filter(
            Exists(
                ProjectPartner.objects.filter(
                    project=OuterRef("pk"), organisation__country=country_code
                )
            )
        )

    def visible_to(self, user):
        """What a staff user may open: everything in their municipality for the
        coordinator, readers and secretaries; their own departments' for representatives."""
        scope = Q(pk__in=[])
        for membership in memberships(user):
            if membership.department_id:
                scope |= Q(lead_department_id=membership.department_id)
            elif membership.region_id:  # a regional coordinator: reads the whole region
                scope |= Q(municipality__region_id=membership.region_id)
            elif membership.role != Role.ADMINISTRATOR:
                scope |= Q(municipality_id=membership.municipality_id)
        return self.filter(scope)

    def drafts(self):
        """Registered but not yet submitted to the coordinator."""
        return self.filter(submitted_at__isnull=True)

    def search(self, query):
        """Projects whose public text matches a parsed query (see search.py)."""
        if not query:
            return self
        return self.filter(id__in=matching_ids(query))

    def delete(self):
        if self.filter(first_published_at__isnull=False).exists():
            raise PublicRecordDeletion(
                _("Projects that have been public cannot be deleted; archive them instead.")
            )
        return super().delete()


class Project(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ProjectKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    internal_description_sv = models.TextField(
        _("internal description (Swedish)"),
        blank=True,
        help_text=_("For staff and decision makers. Never shown to the public."),
    )
    internal_description_en = models.TextField(_("internal description (English)"), blank=True)
    public_summary_sv = models.TextField(_("public summary (Swedish)"), blank=True)
    public_summary_en = models.TextField(_("public summary (English)"), blank=True)
    results_sv = models.TextField(_("results (Swedish)"), blank=True)
    results_en = models.TextField(_("results (English)"), blank=True)

    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    municipal_role = models.CharField(
        _("the municipality's role"),
        max_length=12,
        choices=MunicipalRole.choices,
        default=MunicipalRole.PARTNER,
    )
    partners = models.ManyToManyField(
        Organisation,
        through="ProjectPartner",
        verbose_name=_("partners"),
        blank=True,
        related_name="projects",
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("funding programmes"), blank=True, related_name="projects"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    young_participants = models.PositiveIntegerField(
        _("of whom young people"), null=True, blank=True
    )
    orientations = models.ManyToManyField(
        Orientation,
        verbose_name=_("strategic orientations"),
        blank=True,
        related_name="projects",
    )
    growth_dimensions = models.ManyToManyField(
        GrowthStrategyDimension, verbose_name=_("EU strategy dimensions"), blank=True
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, verbose_name=_("UN 2030 goals"), blank=True
    )

    total_budget = amount_field(verbose_name=_("total budget"), null=True, blank=True)
    budget_currency = models.CharField(
        _("budget currency"), max_length=3, choices=Currency.choices, default=Currency.SEK
    )
    budget_exchange_rate = models.DecimalField(
        _("budget exchange rate"),
        max_digits=10,
        decimal_places=4,
        default=1,
        help_text=_("SEK per unit of the currency."),
    )
    total_budget_sek = models.GeneratedField(
        expression=F("total_budget") * F("budget_exchange_rate"),
        output_field=models.DecimalField(max_digits=20, decimal_places=2),
        db_persist=True,
        verbose_name=_("total budget in SEK"),
    )

    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Once set, never cleared: the project has been public, so it is a record that
    # may be archived but not deleted.
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    # Open to residents: they may register interest ("Anmäl intresse") as these, until
    # interest_until (inclusive), while the project is public and not over.
    interest_kinds = models.JSONField(
        _("residents may register interest as"),
        default=list,
        blank=True,
        help_text=_(
            "Tick what you are looking for, and the project's public page gets a form where "
            "residents register their interest. Tick nothing to close it."
        ),
    )
    interest_text_sv = models.CharField(
        _("what you are looking for (Swedish)"),
        max_length=500,
        blank=True,
        help_text=_("Shown above the form, e.g. who you are looking for and when."),
    )
    interest_text_en = models.CharField(
        _("what you are looking for (English)"), max_length=500, blank=True
    )
    interest_until = models.DateField(
        _("interest can be registered until"),
        null=True,
        blank=True,
        help_text=_("The last day. Leave empty to keep it open until you untick the choices."),
    )

    is_example_data = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Invented for demonstration; not a real project."),
    )
    source_note = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the facts come from, e.g. a strategy document or a decision."),
    )
    applied_on = models.DateField(
        _("application sent"),
        null=True,
        blank=True,
        help_text=_(
            "The day the application for funding was sent. Set when the project is marked as "
            "applied for; correct it here if it was sent earlier."
        ),
    )
    started_on = models.DateField(
        _("started on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the project actually started. Set when the project is started; correct "
            "it here if it started on another day."
        ),
    )
    completed_on = models.DateField(
        _("completed on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the project was completed. Set when the project is marked completed; "
            "correct it here if it ended on another day."
        ),
    )
    submitted_at = models.DateTimeField(
        _("submitted"),
        null=True,
        blank=True,
        help_text=_("When the department submitted the project; until then it is a draft."),
    )
    # The project's identifier in the spreadsheet it was imported from (a department's list,
    # last year's register): importing the same file again finds the project by it and
    # changes nothing. Empty for projects registered here.
    external_id = models.CharField(
        _("external identifier"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("The project's identifier in the list it was imported from."),
    )
    # Bumped by every save from the staff interface, so that a save made on top of an
    # older reading is refused instead of silently overwriting (projects/editing.py).
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["total_budget_sek", "updated_at"])

    class Meta:
        verbose_name = _("project or exchange")
        verbose_name_plural = _("projects and exchanges")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProjectKind.values),
                name="project_kind_valid",
                violation_error_message=_("Unknown kind of project."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProjectStatus.values),
                name="project_status_valid",
                violation_error_message=_("Unknown project status."),
            ),
            models.CheckConstraint(
                condition=Q(municipal_role__in=MunicipalRole.values),
                name="project_municipal_role_valid",
                violation_error_message=_("Unknown role for the municipality."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_end_after_start",
                violation_error_message=_("The project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(completed_on__isnull=True)
                | Q(completed_on__gte=F("started_on")),
                name="project_completed_after_started",
                violation_error_message=_("The project cannot be completed before it started."),
            ),
            models.CheckConstraint(
                condition=Q(young_participants__isnull=True)
                | Q(participants__isnull=True)
                | Q(young_participants__lte=F("participants")),
                name="project_young_within_participants",
                violation_error_message=_(
                    "There cannot be more young participants than participants."
                ),
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | Q(is_published=False),
                name="project_archived_not_published",
                violation_error_message=_("An archived project cannot be published."),
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(first_published_at__isnull=False),
                name="project_published_has_first_date",
            ),
            *money_constraints(
                "project", "total_budget", "budget_currency", "budget_exchange_rate"
            ),
            # An import finds a project by its identifier in the file (projects/imports.py).
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~Q(external_id=""),
                name="project_unique_external_id",
                violation_error_message=_("Another project already has this external identifier."),
            ),
        ]
        indexes = [
            # "Recently published" on the start page and the "newest" sort.
            models.Index(
                fields=["municipality", "-first_published_at"],
                name="project_latest_idx",
                condition=Q(is_published=True, archived_at__isnull=True),
            ),
            models.Index(fields=["municipality", "status"], name="project_status_idx"),
            # The feed of new and updated projects: without it, its first rendering after
            # a change sorted every public project (6.9 s at a million, bench/README.md).
            models.Index(
                fields=["municipality", "-updated_at", "-id"],
                name="project_feed_idx",
                condition=Q(is_published=True, archived_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title_sv

    @property
    def began_on(self):
        """BEGAN_ON for one project in hand."""
        return self.started_on or self.start_date

    @property
    def was_public(self) -> bool:
        return self.first_published_at is not None

    @property
    def is_public(self) -> bool:
        return self.is_published and self.archived_at is None

    def takes_interest(self, today=None) -> bool:
        """Whether residents may register interest now: it asks for some, the last day
        has not passed, the project is public and neither over nor abandoned."""
        today = today or timezone.localdate()
        return (
            bool(self.interest_kinds)
            and (self.interest_until is None or today <= self.interest_until)
            and self.is_public
            and self.status not in CLOSED_TO_INTEREST
        )

    def get_interest_kinds_display(self) -> list[str]:
        return [str(InterestKind(kind).label) for kind in self.interest_kinds]

    def clean(self) -> None:
        errors = {}
        if (
            self.lead_department_id
            and self.municipality_id
            and (self.lead_department.municipality_id != self.municipality_id)
        ):
            errors["lead_department"] = _("The lead department must belong to the municipality.")
        if self.is_published and not (self.public_summary_sv or "").strip():
            errors["public_summary_sv"] = _(
                "A published project needs a public summary in Swedish."
            )
        if not isinstance(self.interest_kinds, list) or not set(self.interest_kinds) <= set(
            InterestKind.values
        ):
            errors["interest_kinds"] = _("Unknown choice of interest.")
        elif self.interest_until and not self.interest_kinds:
            errors["interest_kinds"] = _(
                "Tick what residents may register interest as, or leave the last day empty."
            )
        # These record what happened (the lifecycle sets them to the day of the step).
        today = timezone.localdate()
        for field in ("started_on", "completed_on"):
            if getattr(self, field) and getattr(self, field) > today:
                errors[field] = _("This day has not come yet.")
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        if self.was_public:
            raise PublicRecordDeletion(
                _("Projects that have been public cannot be deleted; archive them instead.")
            )
        return super().delete(*args, **kwargs)


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("lead partner")
    PARTNER = "partner", _("partner")
    ASSOCIATED = "associated", _("associated partner")
    COFINANCIER = "cofinancier", _("co-financier")


class ProjectPartner(models.Model):
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    role = models.CharField(
        _("role"), max_length=12, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["project", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                name="partner_once_per_project",
                violation_error_message=_("This organisation is already a partner."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=PartnerRole.values),
                name="partner_role_valid",
                violation_error_message=_("Unknown partner role."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class ProjectContact(models.Model):
    """An internal contact person. Personal data: never on public pages, feeds or the API."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the project"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class ProjectLink(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="links"
    )
    # Only web addresses: a link on the public page is followed by residents (Django's
    # default also takes ftp://, which no browser opens any more).
    url = models.URLField(
        _("web address"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"]), reachable_by_residents],
    )
    label_sv = models.CharField(
        _("link text (Swedish)"),
        max_length=200,
        help_text=_('What the link says on the website, e.g. "The project\'s own website".'),
    )
    label_en = models.CharField(_("link text (English)"), max_length=200, blank=True)
    is_public = models.BooleanField(_("shown on the website"), default=True)

    history = HistoricalRecords()

    class Meta:
        # Within its project, in the order added (not "project": that orders by the
        # project's own ordering, a join on the public page's query for nothing).
        ordering = ["pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.label_sv


class SearchChange(models.Model):
    """One project whose public search data changed (its text, columns, tags or partners),
    at `counter`, the content version its transaction moved to (search_log.py). Workers
    patch their search index with the projects logged after their own version; a row
    without a project means "everything" (a restore, pruned rows) and makes them rebuild."""

    counter = models.BigIntegerField(db_index=True)
    project_id = models.BigIntegerField(null=True)
    logged_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.counter}: {self.project_id}"
