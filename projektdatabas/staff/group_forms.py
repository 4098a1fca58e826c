"""Forms for the groups, their members, meetings and follow-up points, and competence
development. They check what was typed; the services (groups/services.py) check who may and
the minutes file itself, so a script calling a service gets the same answers."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from projektdatabas.core.formfields import IdMultipleChoiceField
from projektdatabas.groups.minutes import MAX_BYTES
from projektdatabas.groups.models import (
    FollowUp,
    Group,
    GroupMember,
    Meeting,
    Presence,
    Training,
)
from projektdatabas.organisations.models import Department
from projektdatabas.strategy.models import Orientation

from .forms import StaffForm, person_name

DATE = forms.DateInput(attrs={"type": "date"})


def staff_accounts(municipality):
    """The municipality's active accounts with a role, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__municipality=municipality)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class GroupForm(StaffForm, forms.ModelForm):
    class Meta:
        model = Group
        fields = ["kind", "name", "remit"]
        widgets = {"kind": forms.RadioSelect, "remit": forms.Textarea(attrs={"rows": 5})}


class MemberForm(StaffForm, forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["name", "role", "email", "department", "user", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.instance.group.municipality
        self.fields["department"].queryset = Department.objects.filter(
            municipality=municipality, is_active=True
        )
        self.fields["user"].queryset = staff_accounts(municipality)
        self.fields["user"].label_from_instance = person_name


class MeetingForm(StaffForm, forms.ModelForm):
    """The meeting, its minutes and, for each of the group's members on its day (and those
    already recorded), their attendance."""

    minutes_upload = forms.FileField(
        label=_("Minutes as a file"),
        required=False,
        help_text=_("PDF, Word (DOCX) or OpenDocument (ODT), at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.odt,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.oasis.opendocument.text"
            }
        ),
    )
    remove_minutes_file = forms.BooleanField(label=_("Remove the minutes file"), required=False)

    class Meta:
        model = Meeting
        fields = ["date", "time", "place", "agenda", "minutes_text"]
        widgets = {
            "date": DATE,
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes_text": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.minutes_file_id:
            del self.fields["remove_minutes_file"]
        meeting = self.instance
        members = meeting.group.members.all()
        recorded = {a.member_id: a.presence for a in meeting.attendance.all()} if meeting.pk else {}
        if meeting.date:
            members = members.filter(
                Q(pk__in=list(recorded))
                | Q(starts_on__lte=meeting.date)
                & (Q(ends_on__isnull=True) | Q(ends_on__gte=meeting.date))
            )
        else:
            members = members.current()
        self.members = list(members.order_by("name", "pk"))
        choices = [("", capfirst(_("not recorded")))]
        choices += [(value, capfirst(label)) for value, label in Presence.choices]
        for member in self.members:
            self.fields[f"attendance_{member.pk}"] = forms.ChoiceField(
                label=f"{member.name} ({member.role})",
                choices=choices,
                required=False,
                initial=recorded.get(member.pk, ""),
                widget=forms.RadioSelect,
            )

    def clean_minutes_upload(self):
        upload = self.cleaned_data.get("minutes_upload")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Save it smaller, e.g. as a PDF without images.")
            )
        return upload

    def attendance_fields(self):
        return [self[f"attendance_{m.pk}"] for m in self.members]

    def meeting_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith("attendance_")]

    def attendance(self) -> dict[int, str]:
        return {
            member.pk: self.cleaned_data[f"attendance_{member.pk}"]
            for member in self.members
            if self.cleaned_data.get(f"attendance_{member.pk}")
        }


class FollowUpForm(StaffForm, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["text", "owner_member", "owner_user", "due_on", "done_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_on": DATE, "done_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.instance.meeting.group
        self.fields["owner_member"].queryset = group.members.all().order_by("name")
        self.fields["owner_member"].help_text = _("Or choose a member of staff below.")
        self.fields["owner_user"].queryset = staff_accounts(group.municipality)
        self.fields["owner_user"].label_from_instance = person_name
        if not self.instance.pk:
            del self.fields["done_on"]

    def clean(self):
        data = super().clean()
        if bool(data.get("owner_member")) == bool(data.get("owner_user")):
            self.add_error("owner_member", _("Choose one owner: a member or a member of staff."))
        return data


class TrainingForm(StaffForm, forms.ModelForm):
    class Meta:
        model = Training
        fields = [
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "organiser",
            "place",
            "cost_sek",
            "staff_count",
            "elected_count",
            "participants",
            "departments",
            "orientation",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "starts_on": DATE,
            "ends_on": DATE,
            "participants": forms.Textarea(attrs={"rows": 3}),
            "departments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.instance.municipality
        # Made anew, not adjusted: StaffForm has already turned a multiple choice's choices
        # into a list, which a new queryset would not reach.
        self.fields["departments"] = IdMultipleChoiceField(
            queryset=Department.objects.filter(
                municipality=municipality, is_active=True, parent__isnull=True
            ),
            required=False,
            label=capfirst(Training._meta.get_field("departments").verbose_name),
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["orientation"].queryset = Orientation.objects.filter(
            area__strategy__municipality=municipality
        ).order_by("area__position", "number")
        if not self.instance.pk and not self.is_bound:
            # The strategy's orientation for competence, where the strategy data has it.
            competence = self.fields["orientation"].queryset.filter(
                name_sv__icontains="internationella kompetensen"
            )
            self.initial.setdefault("orientation", competence.values_list("pk", flat=True).first())
