from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One audit trail for the whole system: who did what to which record, and when.

    Actions are namespaced codes such as "project.published", so that a page can
    describe them and a query can pick one kind out.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        # "The history of this record" is the question asked of the trail.
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_target_idx")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


def log_action(*, actor, action: str, target: models.Model, data: dict | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        data=data or {},
    )


class ContentVersion(models.Model):
    """A single row that moves whenever anything the public site shows changes.

    The public site's HTTP validators and its rendered-page cache are keyed on it, so
    checking freshness costs one primary-key read instead of a scan of what changed."""

    counter = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("content version")

    def __str__(self) -> str:
        return f"{self.counter} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
