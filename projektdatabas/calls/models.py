"""Funding calls (utlysningar): what can be applied for, by when, and which departments the
coordinator has routed each call to, with their answers ("vi söker" / "vi söker inte").

A call's status (forthcoming, open, closed) is never stored: it follows from its dates and
the clock, so it cannot go stale. Nothing is deleted: a call is archived.

The closing day is a date with an optional time of day, read as Swedish time
(Europe/Stockholm). The day is what counts for the status, the calendar and the reminders;
the time is what a call states ("17:00 Brussels time", which is the same zone as ours) and
is shown beside the day and closes the call at that minute on its last day. A date alone
(most Swedish calls state only a day) closes at the end of that day."""

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from projektdatabas.core.i18n import page_language
from projektdatabas.core.money import Currency, amount_field
from projektdatabas.organisations.models import Department, Municipality
from projektdatabas.projects.models import Programme, Project, PublicRecordDeletion, Theme


class CallStatus(models.TextChoices):
    # A context of their own: in Swedish the words agree with "utlysning" (öppen, stängd).
    FORTHCOMING = "forthcoming", pgettext_lazy("funding call", "forthcoming")
    OPEN = "open", pgettext_lazy("funding call", "open")
    CLOSED = "closed", pgettext_lazy("funding call", "closed")


class Answer(models.TextChoices):
    PENDING = "pending", _("not answered yet")
    APPLYING = "applying", _("we apply")
    NOT_APPLYING = "not_applying", _("we do not apply")


class Shown(NamedTuple):
    """A text as a page shows it and the ` lang="…"` its element needs (empty when the text
    is in the page's language)."""

    text: str
    attr: str


def _local_now(now: dt.datetime | None) -> dt.datetime:
    return timezone.localtime(now or timezone.now())


class CallQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def current(self):
        """Not archived."""
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def public(self):
        """Marked for residents (associations, schools) and not archived."""
        return self.current().filter(is_public=True)

    @staticmethod
    def _not_closed(now: dt.datetime) -> Q:
        local = _local_now(now)
        today = local.date()
        return (
            Q(closes_on__isnull=True)
            | Q(closes_on__gt=today)
            | Q(closes_on=today, closes_at_time__isnull=True)
            | Q(closes_on=today, closes_at_time__gt=local.time())
        )

    @staticmethod
    def _opened(now: dt.datetime) -> Q:
        return Q(opens_on__isnull=True) | Q(opens_on__lte=_local_now(now).date())

    def open_at(self, now: dt.datetime | None = None):
        """Open for applications now: opened (or no opening day given) and not yet closed."""
        now = now or timezone.now()
        return self.filter(self._opened(now) & self._not_closed(now))

    def forthcoming_at(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.filter(~self._opened(now) & self._not_closed(now))

    def closed_at(self, now: dt.datetime | None = None):
        return self.exclude(self._not_closed(now or timezone.now()))

    def not_closed_at(self, now: dt.datetime | None = None):
        """Open or forthcoming: still worth an answer."""
        return self.filter(self._not_closed(now or timezone.now()))

    def with_status(self, status: str, now: dt.datetime | None = None):
        return {
            CallStatus.FORTHCOMING: self.forthcoming_at,
            CallStatus.OPEN: self.open_at,
            CallStatus.CLOSED: self.closed_at,
        }[status](now)

    def closing_first(self, now: dt.datetime | None = None):
        """Those still open (or forthcoming) first, soonest deadline first, rolling calls (no
        closing day) after them; then the closed ones, the latest closed first."""
        not_closed = self._not_closed(now or timezone.now())
        return self.alias(
            closed=models.Case(
                models.When(not_closed, then=models.Value(0)), default=models.Value(1)
            ),
            open_day=models.Case(models.When(not_closed, then="closes_on")),
        ).order_by(
            "closed",
            models.F("open_day").asc(nulls_last=True),
            models.F("closes_on").desc(),
            "closes_at_time",
            "id",
        )

    def delete(self):
        raise PublicRecordDeletion(_("Funding calls are never deleted; archive them instead."))


class Call(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="calls"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
        help_text=_("Choose from the list where the programme is there; else write its name."),
    )
    programme_name = models.CharField(
        _("programme (if not in the list)"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Interreg Öresund-Kattegat-Skagerrak, Kreativa Europa, CERV."),
    )
    identifier = models.CharField(
        _("call identifier"),
        max_length=120,
        blank=True,
        help_text=_(
            "As the funder writes it, e.g. HORIZON-CL3-2026-01-DRS-01. A repeated import "
            "recognises a call by it."
        ),
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=300, blank=True)
    title_en = models.CharField(
        _("title (English)"),
        max_length=300,
        blank=True,
        help_text=_("Give the title in Swedish, in English, or both, as the call is written."),
    )
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    closes_on = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a call that is open until further notice."),
    )
    closes_at_time = models.TimeField(
        _("closing time"),
        null=True,
        blank=True,
        help_text=_("Swedish time, e.g. 17:00 (Brussels has the same time). Optional."),
    )
    budget = amount_field(verbose_name=_("budget"), null=True, blank=True)
    budget_currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    link = models.URLField(_("link to the call"), max_length=500, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    departments = models.ManyToManyField(
        Department,
        verbose_name=_("departments it may interest"),
        blank=True,
        related_name="+",
        help_text=_("Suggested when the call is sent to departments."),
    )
    description_sv = models.TextField(_("short description (Swedish)"), blank=True)
    description_en = models.TextField(_("short description (English)"), blank=True)
    # The public page lists a call only when the coordinator says residents can apply.
    is_public = models.BooleanField(
        _("for associations and schools"),
        default=False,
        help_text=_(
            "Listed on the public page of open calls, for associations, schools and others in "
            "the municipality who can apply themselves."
        ),
    )
    audience_sv = models.CharField(
        _("who it suits (Swedish)"),
        max_length=300,
        blank=True,
        help_text=_("Shown on the public page, e.g. “Föreningar och skolor med unga 13–30 år”."),
    )
    audience_en = models.CharField(_("who it suits (English)"), max_length=300, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    is_example_data = models.BooleanField(_("example data"), default=False)
    # Claimed by every save (calls/services.py): no silent overwrites.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        ordering = ["closes_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_sv="") | ~Q(title_en=""),
                name="call_has_title",
                violation_error_message=_("Give the call's title in Swedish or English."),
            ),
            models.CheckConstraint(
                condition=Q(programme__isnull=False) | ~Q(programme_name=""),
                name="call_has_programme",
                violation_error_message=_("Choose the programme or write its name."),
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_after_opening",
                violation_error_message=_("A call cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at_time__isnull=True) | Q(closes_on__isnull=False),
                name="call_time_needs_day",
                violation_error_message=_("A closing time needs a last day."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="call_budget_non_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(budget_currency__in=Currency.values),
                name="call_currency_valid",
                violation_error_message=_("The currency must be SEK or EUR."),
            ),
            # A repeated import finds the call by its identifier: one per municipality.
            models.UniqueConstraint(
                fields=["municipality", "identifier"],
                condition=~Q(identifier=""),
                name="call_unique_identifier",
                violation_error_message=_("A call with this identifier is already registered."),
            ),
        ]
        indexes = [
            # The calendar and the lists: a municipality's calls by closing day.
            models.Index(fields=["municipality", "closes_on"], name="call_closes_idx"),
        ]

    def __str__(self) -> str:
        return self.title_sv or self.title_en

    def identifier_taken(self) -> bool:
        """Another of the municipality's calls has this identifier, whatever its case
        ("ÅTERBRUK-1" is "återbruk-1"), compared in Python: SQLite lowers a–z only. Asked
        when the identifier is set, so that two spellings stored earlier stay editable."""
        wanted = self.identifier.strip().casefold()
        stored = Call.objects.filter(pk=self.pk).values_list("identifier", flat=True).first()
        if stored is not None and stored.casefold() == wanted:
            return False
        others = Call.objects.filter(municipality_id=self.municipality_id).exclude(pk=self.pk)
        return any(i.casefold() == wanted for i in others.values_list("identifier", flat=True))

    def clean(self):
        if self.identifier.strip() and self.identifier_taken():
            # "exempel-nordplus-junior" beside "EXEMPEL-NORDPLUS-JUNIOR" is the same call.
            raise ValidationError(
                {"identifier": _("A call with this identifier is already registered.")}
            )
        # Here, not only on the form, so that a file imported says it too: a row for the
        # public page without "passar_för" had gone public without "Vem kan söka".
        if self.is_public and not self.audience_sv.strip():
            raise ValidationError(
                {"audience_sv": _("Say who the call suits: residents read it on the public page.")}
            )

    def delete(self, *args, **kwargs):
        raise PublicRecordDeletion(_("Funding calls are never deleted; archive them instead."))

    @property
    def programme_label(self) -> str:
        return self.programme.name if self.programme_id else self.programme_name

    def status_at(self, now: dt.datetime | None = None) -> str:
        local = _local_now(now)
        if self.closes_on is not None and (
            self.closes_on < local.date()
            or (
                self.closes_on == local.date()
                and self.closes_at_time is not None
                and self.closes_at_time <= local.time()
            )
        ):
            return CallStatus.CLOSED
        if self.opens_on is not None and self.opens_on > local.date():
            return CallStatus.FORTHCOMING
        return CallStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self) -> str:
        return CallStatus(self.status).label

    def _shown(self, field: str) -> Shown:
        """The field in the page's language where given, else in the other one, marked."""
        language = page_language()
        other = "en" if language == "sv" else "sv"
        for code in (language, other):
            text = getattr(self, f"{field}_{code}")
            if text:
                return Shown(text, "" if code == language else format_html(' lang="{}"', code))
        return Shown("", "")

    @property
    def shown_title(self) -> Shown:
        return self._shown("title")

    @property
    def shown_description(self) -> Shown:
        return self._shown("description")

    @property
    def shown_audience(self) -> Shown:
        return self._shown("audience")


class RoutingQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(answer=Answer.PENDING)

    def delete(self):
        raise PublicRecordDeletion(_("A call's routing is kept; it is never deleted."))


class Routing(models.Model):
    """The coordinator sent a call to a department; the department's answer, and the project
    idea an "we apply" created. The link to that project lives here, on the calls side."""

    call = models.ForeignKey(
        Call, verbose_name=_("funding call"), on_delete=models.PROTECT, related_name="routings"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(
        _("note to the department"),
        blank=True,
        help_text=_("Why the call may suit them; sent in the e-mail."),
    )
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    routed_at = models.DateTimeField(_("sent"), default=timezone.now)
    answer = models.CharField(
        _("answer"), max_length=15, choices=Answer.choices, default=Answer.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project idea"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="call_routings",
    )

    objects = RoutingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("routing of a call")
        verbose_name_plural = _("routings of calls")
        ordering = ["call", "department__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "department"],
                name="routing_once_per_department",
                violation_error_message=_("The call has already been sent to this department."),
            ),
            models.CheckConstraint(
                condition=Q(answer__in=Answer.values), name="routing_answer_valid"
            ),
            models.CheckConstraint(
                condition=Q(answer=Answer.PENDING) | Q(answered_at__isnull=False),
                name="routing_answer_has_date",
            ),
            models.CheckConstraint(
                condition=Q(project__isnull=True) | Q(answer=Answer.APPLYING),
                name="routing_project_only_when_applying",
            ),
        ]
        indexes = [
            # The start page: the calls sent to a representative's departments.
            models.Index(fields=["department", "answer"], name="routing_department_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.call} → {self.department}"

    def delete(self, *args, **kwargs):
        raise PublicRecordDeletion(_("A call's routing is kept; it is never deleted."))
