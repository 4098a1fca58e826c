"""EU projects that others have run, as keep.eu (Interreg) and Kohesio publish them: a
reference store for finding partners, kept apart from the municipality's own projects.

The data is public and shared by every municipality of an installation. Re-importing a
file updates rows found by (source, source id) instead of adding them again. The page that
ranks organisations reads `EUOrganisationStats`, which every import recomputes, so that
ranking a million operations is an index scan, not a count."""

from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.i18n import page_language
from projektdatabas.organisations.models import Organisation


class Source(models.TextChoices):
    KEEP = "keep", "keep.eu"
    KOHESIO = "kohesio", "Kohesio"


class ParticipantRole(models.TextChoices):
    LEAD = "lead", _("lead partner")
    PARTNER = "partner", _("partner")
    BENEFICIARY = "beneficiary", _("beneficiary")


class EUProgramme(models.Model):
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    name = models.CharField(_("programme"), max_length=300)
    code = models.CharField(_("programme code"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("EU programme")
        verbose_name_plural = _("EU programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="euprogramme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


# The text the words search, as PostgreSQL's expression index (migration 0004) has it: a
# query must repeat it word for word for the planner to use the index.
PG_SEARCHED_TEXT = (
    "to_tsvector('simple'::regconfig, acronym || ' ' || title || ' ' || title_local || ' ' "
    "|| themes)"
)

# Each member state's programme language, for the lang attribute of a title in it.
LANGUAGE_OF_COUNTRY = {
    "AT": "de", "BG": "bg", "CY": "el", "CZ": "cs", "DE": "de", "DK": "da", "EE": "et",
    "ES": "es", "FI": "fi", "FR": "fr", "GR": "el", "HR": "hr", "HU": "hu", "IE": "en",
    "IT": "it", "LT": "lt", "LV": "lv", "NL": "nl", "PL": "pl", "PT": "pt", "RO": "ro",
    "SE": "sv", "SI": "sl", "SK": "sk",
}  # fmt: skip


class EUProjectQuerySet(models.QuerySet):
    def of_organisation(self, organisation):
        return self.filter(participations__organisation=organisation)


class EUProject(models.Model):
    """A keep.eu project or a Kohesio operation."""

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    # Kohesio: Operation_Unique_Identifier. keep.eu's export has no id column; its two
    # sheets join on programme and acronym, so that pair is the id ("Programme|ACRONYM").
    source_id = models.CharField(_("identifier at the source"), max_length=400)
    programme = models.ForeignKey(
        EUProgramme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    fund = models.CharField(_("fund"), max_length=30, blank=True)
    acronym = models.CharField(_("acronym"), max_length=200, blank=True)
    title = models.TextField(_("title"))
    # Kohesio's Operation_Name_Programme_Language where it differs from the English title
    # ("Unga entreprenörer i Ale"): searched too, so that Swedish words find Swedish
    # operations. keep.eu's export has English names only.
    title_local = models.TextField(_("title in the programme's language"), blank=True)
    themes = models.TextField(_("themes"), blank=True)
    period = models.CharField(_("programming period"), max_length=20, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    start_year = models.SmallIntegerField(_("first year"), null=True, blank=True)
    # The year the project last ran (its end, or its start when no end is known): what
    # "how recent" ranks by.
    last_year = models.SmallIntegerField(_("last year"), null=True, blank=True)
    total_budget = models.DecimalField(
        _("total budget (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    eu_funding = models.DecimalField(
        _("EU funding (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    cofinancing_rate = models.DecimalField(
        _("co-financing rate (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    nuts = models.CharField(_("NUTS region"), max_length=10, blank=True)
    # A hash of what the file said: a re-import compares it to tell "unchanged" from
    # "updated" without reading every column back.
    digest = models.CharField(max_length=32)

    objects = EUProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("EU project")
        verbose_name_plural = _("EU projects")
        constraints = [
            # Re-imports update, never duplicate.
            models.UniqueConstraint(fields=["source", "source_id"], name="euproject_unique_source")
        ]

    def __str__(self) -> str:
        return f"{self.acronym}: {self.title}" if self.acronym else self.title

    @property
    def local_language(self) -> str:
        """The language of `title_local`, where the country has one that its programmes
        write in; empty where it could be either of several (Belgium, Luxembourg)."""
        return LANGUAGE_OF_COUNTRY.get(self.country, "")

    @property
    def titles(self) -> list["Title"]:
        """The titles to show, the one in the page's language first: the English one
        (with the acronym), and the programme's where the source gives it."""
        english = Title(self.title, "en", self.acronym)
        if not self.title_local:
            return [english]
        local = Title(self.title_local, self.local_language)
        if self.local_language == page_language():
            return [local, Title(self.title, "en")]
        return [english, local]


class Title(NamedTuple):
    text: str
    language: str  # empty: not known
    acronym: str = ""


class EUOrganisation(models.Model):
    """An organisation as the exports name it, one per normalised name and country: the
    same beneficiary in keep.eu and Kohesio is one organisation here."""

    name = models.CharField(_("name"), max_length=300)
    normalised_name = models.CharField(_("normalised name"), max_length=300)
    country = models.CharField(_("country"), max_length=2, blank=True)
    identifier = models.CharField(
        _("identifier"), max_length=100, blank=True, help_text=_("PIC, or an organisation number")
    )
    kind = models.CharField(_("kind"), max_length=100, blank=True)
    # The link to our own partner register: set only when a person confirms it.
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partner in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="eu_organisations",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation in EU projects")
        verbose_name_plural = _("organisations in EU projects")
        constraints = [
            models.UniqueConstraint(
                fields=["normalised_name", "country"], name="euorganisation_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(partner__isnull=True) | Q(linked_at__isnull=False),
                name="euorganisation_link_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name


class EUParticipation(models.Model):
    """An organisation in a project. Country, fund, programme and years are copied from the
    organisation and the project so that a filtered ranking reads one table's index."""

    project = models.ForeignKey(EUProject, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        EUOrganisation, on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=12, choices=ParticipantRole.choices)
    country = models.CharField(max_length=2, blank=True)
    fund = models.CharField(max_length=30, blank=True)
    programme = models.ForeignKey(
        EUProgramme, null=True, on_delete=models.PROTECT, related_name="+"
    )
    start_year = models.SmallIntegerField(null=True)
    last_year = models.SmallIntegerField(null=True)
    # The organisation's own share of the EU funding, where the export gives it (keep.eu's
    # "ERDF contribution (2014-2020 only)"); Kohesio gives the operation's only.
    eu_contribution = models.DecimalField(
        _("its EU funding (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="euparticipation_unique"
            )
        ]
        indexes = [
            # An organisation's projects, newest first (its page).
            models.Index(fields=["organisation", "last_year"], name="eupart_org_idx"),
            # Rankings filtered by programme, or by country and fund: covering indexes, so
            # the grouping never reads the table.
            models.Index(
                fields=["programme", "organisation", "last_year"], name="eupart_programme_idx"
            ),
            models.Index(
                fields=["country", "fund", "organisation", "last_year"], name="eupart_country_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.project_id} ({self.role})"


class EUOrganisationStats(models.Model):
    """Per organisation, and per organisation and fund (`fund` empty: all funds), how many
    projects and how recent, recomputed by every import. The score is the ranking the page
    shows: every project counts once and a recent one (ended in `recent_since` or later)
    once more."""

    organisation = models.ForeignKey(EUOrganisation, on_delete=models.CASCADE, related_name="stats")
    fund = models.CharField(max_length=30, blank=True)
    country = models.CharField(max_length=2, blank=True)
    project_count = models.IntegerField()
    recent_count = models.IntegerField()
    latest_year = models.SmallIntegerField(null=True)
    score = models.IntegerField()
    recent_since = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fund"], name="eustats_unique")
        ]
        indexes = [
            # The ranking with no filter but the fund and the country.
            models.Index(
                "fund",
                "country",
                models.F("score").desc(),
                models.F("latest_year").desc(),
                "organisation",
                name="eustats_rank_country_idx",
            ),
            models.Index(
                "fund",
                models.F("score").desc(),
                models.F("latest_year").desc(),
                "organisation",
                name="eustats_rank_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.fund or '*'}: {self.score}"


class EUFigures(models.Model):
    """Every participation as a few numbers (organisation, project, years, programme,
    country, fund), written by each import that changed something, in its transaction: the
    arrays a worker ranks from in memory (figures.py) when the question needs counting
    (words, a programme, years). Kept in the database, not in a file, so that every app
    server reads the same figures; only the newest row is kept."""

    built_at = models.DateTimeField()
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.pk} {self.built_at:%Y-%m-%d %H:%M}"


class EUImport(models.Model):
    """One run of an importer: what it read and what it did."""

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    files = models.CharField(_("files"), max_length=1000)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    rows = models.IntegerField(_("rows read"))
    added = models.IntegerField(_("added"))
    updated = models.IntegerField(_("updated"))
    unchanged = models.IntegerField(_("unchanged"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("EU data import")
        verbose_name_plural = _("EU data imports")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.finished_at:%Y-%m-%d %H:%M}"


class UploadStatus(models.TextChoices):
    WAITING = "waiting", _("waiting to start")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    REFUSED = "refused", _("refused")
    FAILED = "failed", _("failed")


class EUUpload(models.Model):
    """A file a coordinator uploaded on the staff page, imported outside the request by
    `manage.py import_eu_projects --upload ID` (uploads.py). How far it has come is in a
    file beside the upload (the import's transaction holds SQLite's write lock, so the
    progress cannot be written to the database while it runs)."""

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    names = models.JSONField(_("files"), default=list)  # as the coordinator's computer named them
    status = models.CharField(
        _("status"), max_length=10, choices=UploadStatus.choices, default=UploadStatus.WAITING
    )
    language = models.CharField(max_length=10)  # the errors are written in the uploader's
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)  # rows, and added/updated/unchanged
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("EU data upload")
        verbose_name_plural = _("EU data uploads")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=UploadStatus.values), name="euupload_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {', '.join(self.names)} ({self.status})"
