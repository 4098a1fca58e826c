"""News from the coordinator and the departments: public items for residents (the public
site, its feeds, the pages of what they link to) and internal ones for staff ("internt",
on the staff start page). Published, unpublished and archived like projects; never deleted."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projektdatabas.organisations.models import Municipality, Organisation, Twinning
from projektdatabas.projects.models import Project, PublicRecordDeletion


class NewsKind(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal")


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    UNPUBLISHED = "unpublished", _("unpublished")
    ARCHIVED = "archived", _("archived")


class NewsImage(models.Model):
    """An uploaded picture after news/images.py has checked and re-encoded it. Kept in the
    database, not under MEDIA_ROOT: the backups (core/backups) copy the database alone, and
    every app server then serves the same picture with no shared disk. Never changed once
    stored, so its address can be cached; a new upload is a new row."""

    data = models.BinaryField(_("image data"))
    content_type = models.CharField(_("content type"), max_length=20)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("news image")
        verbose_name_plural = _("news images")
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["image/jpeg", "image/png"]),
                name="news_image_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.width}×{self.height} {self.content_type}"

    @property
    def extension(self) -> str:
        return "png" if self.content_type == "image/png" else "jpg"


class NewsItemQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def published(self):
        return self.filter(status=NewsStatus.PUBLISHED)

    def public(self):
        """What residents may see: public items that are published."""
        return self.published().filter(kind=NewsKind.PUBLIC)

    def internal(self):
        """Published internal items, for the staff start page."""
        return self.published().filter(kind=NewsKind.INTERNAL)

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def about(self, obj):
        """Items linked to a project, a twin town or a partner organisation."""
        field = {Project: "projects", Twinning: "twinnings", Organisation: "organisations"}
        return self.filter(**{field[type(obj)]: obj})

    def delete(self):
        raise PublicRecordDeletion(_("News items are never deleted; archive them instead."))


class NewsItem(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="news"
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=NewsKind.choices,
        default=NewsKind.PUBLIC,
        help_text=_("Public news are on the public site; internal news on the staff start page."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    body_sv = models.TextField(
        _("text (Swedish)"),
        blank=True,
        help_text=_("Plain text. Leave an empty line between paragraphs."),
    )
    body_en = models.TextField(_("text (English)"), blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="news"
    )
    twinnings = models.ManyToManyField(
        Twinning, verbose_name=_("twin towns"), blank=True, related_name="news"
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("partner organisations"), blank=True, related_name="news"
    )
    image = models.ForeignKey(
        NewsImage,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    image_alt_sv = models.CharField(
        _("text alternative of the image (Swedish)"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    image_alt_en = models.CharField(
        _("text alternative of the image (English)"), max_length=300, blank=True
    )
    # Claimed by every save and status step (news/services.py): no silent overwrites.
    version = models.PositiveIntegerField(_("version"), default=1)
    # Set at the first publication and kept: the date readers and feeds know it by.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_example_data = models.BooleanField(_("example data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NewsItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NewsKind.values),
                name="news_kind_valid",
                violation_error_message=_("Unknown kind of news."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=NewsStatus.values),
                name="news_status_valid",
                violation_error_message=_("Unknown news status."),
            ),
            models.CheckConstraint(
                condition=Q(image__isnull=True) | ~Q(image_alt_sv=""),
                name="news_image_has_alt",
                violation_error_message=_("An image needs a text alternative in Swedish."),
            ),
            models.CheckConstraint(
                condition=~Q(status=NewsStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="news_published_has_date",
            ),
        ]
        indexes = [
            # The public list and feeds: a municipality's published items, newest first.
            models.Index(
                fields=["municipality", "kind", "-published_at"],
                name="news_published_idx",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self) -> str:
        return self.title_sv

    @property
    def is_public(self) -> bool:
        return self.kind == NewsKind.PUBLIC and self.status == NewsStatus.PUBLISHED

    def clean(self) -> None:
        # The database's constraint says the same; here it lands on the field to fill in.
        if self.image_id and not self.image_alt_sv.strip():
            raise ValidationError(
                {"image_alt_sv": _("Describe the image in Swedish: say what it shows.")}
            )

    def delete(self, *args, **kwargs):
        raise PublicRecordDeletion(_("News items are never deleted; archive them instead."))
