"""The groups' work in the staff pages: the groups with their members, meetings with
attendance, minutes and follow-up points, and competence development. The coordinator
writes; readers read everything; a member whose account is linked reads their own group.
Each write is one service call (groups/services.py), which checks who may."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.accounts.models import Role
from projektdatabas.groups import permissions as group_perms
from projektdatabas.groups import services
from projektdatabas.groups.figures import half_year_figures
from projektdatabas.groups.minutes import minutes_response
from projektdatabas.groups.models import (
    FollowUp,
    Group,
    GroupMember,
    Meeting,
    Training,
)
from projektdatabas.reporting.periods import HalfYear

from ..access import staff_view
from ..group_forms import FollowUpForm, GroupForm, MeetingForm, MemberForm, TrainingForm
from ..history import timeline
from ..shown import regional_choice, several, shown_municipality
from ..submitting import submit_to_service


def _coordinated_municipality(user):
    """Where a new group or training belongs: the first municipality the user coordinates
    (a refusal, with its reason, for anyone else)."""
    for membership in perms.memberships(user):
        if membership.role == Role.COORDINATOR:
            return membership.municipality
    perms.require(group_perms.can_manage_groups(user))
    return None  # pragma: no cover - require() has refused


def _group_for(request, pk) -> Group:
    group = get_object_or_404(Group.objects.select_related("municipality"), pk=pk)
    perms.require(group_perms.can_view_group(request.user, group))
    return group


def _meeting_for(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("group__municipality"), pk=pk)
    perms.require(group_perms.can_view_group(request.user, meeting.group))
    return meeting


def _form_page(request, form, *, title, back=None, template="staff/group_form.html", **extra):
    return render(request, template, {"form": form, "title": title, "back": back, **extra})


@require_safe
@staff_view
def group_list(request):
    perms.require(group_perms.can_view_groups(request.user))
    groups = list(
        group_perms.groups_for(request.user)
        .select_related("municipality")
        .order_by("municipality__name", "kind", "name")
    )
    today = dt.date.today()
    for group in groups:
        group.current_members = group.members.current(today).count()
        group.latest_meeting = group.meetings.order_by("-date").first()
    open_points = (
        FollowUp.objects.open()
        .filter(meeting__group__in=groups)
        .select_related("meeting__group", "owner_member", "owner_user")
    )
    return render(
        request,
        "staff/group_list.html",
        {
            "groups": groups,
            "open_points": open_points,
            "today": today,
            "can_manage": group_perms.can_manage_groups(request.user),
            # A regional coordinator reads every municipality's groups: each row names its own.
            "several": several({group.municipality_id for group in groups}),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def group_create(request):
    municipality = _coordinated_municipality(request.user)
    form = GroupForm(request.POST or None, instance=Group(municipality=municipality))
    group = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_group(group=form.instance, actor=request.user),
    )
    if group:
        messages.success(request, _("The group is saved. Now add its members."))
        return redirect("staff:group", pk=group.pk)
    return _form_page(request, form, title=_("New group"))


@require_http_methods(["GET", "POST"])
@staff_view
def group_edit(request, pk):
    group = _group_for(request, pk)
    perms.require(group_perms.can_manage_groups(request.user, group.municipality_id))
    form = GroupForm(request.POST or None, instance=group)
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_group(group=form.instance, actor=request.user),
    ):
        messages.success(request, _("Saved."))
        return redirect("staff:group", pk=group.pk)
    return _form_page(request, form, title=_("Edit the group"), back=group)


@require_safe
@staff_view
def group_detail(request, pk):
    group = _group_for(request, pk)
    today = dt.date.today()
    members = group.members.select_related("department", "user")
    return render(
        request,
        "staff/group_detail.html",
        {
            "group": group,
            "current_members": members.current(today).order_by("name"),
            "former": members.former(today).order_by("-ends_on", "name"),
            "future": members.filter(starts_on__gt=today).order_by("starts_on"),
            "lacking": group.departments_without_member(today)
            if group.is_coordination_group
            else [],
            "meetings": group.meetings.all(),
            "open_points": FollowUp.objects.open()
            .filter(meeting__group=group)
            .select_related("meeting", "owner_member", "owner_user"),
            "can_manage": group_perms.can_manage_groups(request.user, group.municipality_id),
            "several": several(perms.readable_municipality_ids(request.user)),
            "today": today,
            "entries": timeline(
                (Group.history.filter(id=group.pk), Group, lambda r: _("The group")),
                (
                    GroupMember.history.filter(group_id=group.pk),
                    GroupMember,
                    lambda r: _("Member: %(name)s") % {"name": r.name},
                ),
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def member_create(request, pk):
    group = _group_for(request, pk)
    perms.require(group_perms.can_manage_groups(request.user, group.municipality_id))
    form = MemberForm(
        request.POST or None,
        instance=GroupMember(group=group),
        initial={"starts_on": dt.date.today()},
    )
    member = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_member(member=form.instance, actor=request.user),
    )
    if member:
        messages.success(request, _("%(name)s is a member.") % {"name": member.name})
        return redirect("staff:group", pk=group.pk)
    return _form_page(
        request, form, title=_("New member of %(group)s") % {"group": group}, back=group
    )


@require_http_methods(["GET", "POST"])
@staff_view
def member_edit(request, pk):
    member = get_object_or_404(GroupMember.objects.select_related("group"), pk=pk)
    group = member.group
    perms.require(group_perms.can_manage_groups(request.user, group.municipality_id))
    form = MemberForm(request.POST or None, instance=member)
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_member(member=form.instance, actor=request.user),
    ):
        messages.success(request, _("Saved."))
        return redirect("staff:group", pk=group.pk)
    return _form_page(
        request,
        form,
        title=member.name,
        back=group,
        lead=_("A member who leaves gets a “member until” date; they stay in the history."),
    )


def _save_meeting(request, form):
    return services.save_meeting(
        meeting=form.instance,
        actor=request.user,
        attendance=form.attendance(),
        minutes_upload=form.cleaned_data.get("minutes_upload"),
        remove_minutes_file=form.cleaned_data.get("remove_minutes_file", False),
    )


@require_http_methods(["GET", "POST"])
@staff_view
def meeting_create(request, pk):
    group = _group_for(request, pk)
    perms.require(group_perms.can_manage_groups(request.user, group.municipality_id))
    form = MeetingForm(request.POST or None, request.FILES or None, instance=Meeting(group=group))
    meeting = submit_to_service(
        request=request, form=form, service=lambda: _save_meeting(request, form)
    )
    if meeting:
        messages.success(request, _("The meeting is saved."))
        return redirect("staff:group_meeting", pk=meeting.pk)
    return _form_page(
        request,
        form,
        title=_("New meeting of %(group)s") % {"group": group},
        back=group,
        template="staff/group_meeting_form.html",
    )


@require_http_methods(["GET", "POST"])
@staff_view
def meeting_edit(request, pk):
    meeting = _meeting_for(request, pk)
    perms.require(group_perms.can_manage_groups(request.user, meeting.group.municipality_id))
    form = MeetingForm(request.POST or None, request.FILES or None, instance=meeting)
    if submit_to_service(request=request, form=form, service=lambda: _save_meeting(request, form)):
        messages.success(request, _("Saved."))
        return redirect("staff:group_meeting", pk=meeting.pk)
    return _form_page(
        request,
        form,
        title=_("Edit the meeting"),
        back=meeting.group,
        template="staff/group_meeting_form.html",
        meeting=meeting,
    )


@require_safe
@staff_view
def meeting_detail(request, pk):
    meeting = _meeting_for(request, pk)
    return render(
        request,
        "staff/group_meeting.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "attendance": meeting.attendance.select_related("member"),
            "follow_ups": meeting.follow_ups.select_related("owner_member", "owner_user"),
            "can_manage": group_perms.can_manage_groups(
                request.user, meeting.group.municipality_id
            ),
            "today": dt.date.today(),
            "entries": timeline(
                (Meeting.history.filter(id=meeting.pk), Meeting, lambda r: _("The meeting")),
                (
                    FollowUp.history.filter(meeting_id=meeting.pk),
                    FollowUp,
                    lambda r: _("Follow-up point"),
                ),
            ),
        },
    )


@require_safe
@staff_view
def meeting_minutes(request, pk):
    """The minutes file, to those who may read the meeting only."""
    meeting = _meeting_for(request, pk)
    if meeting.minutes_file_id is None:
        raise Http404
    return minutes_response(meeting.minutes_file)


@require_http_methods(["GET", "POST"])
@staff_view
def follow_up_create(request, pk):
    meeting = _meeting_for(request, pk)
    perms.require(group_perms.can_manage_groups(request.user, meeting.group.municipality_id))
    form = FollowUpForm(request.POST or None, instance=FollowUp(meeting=meeting))
    point = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_follow_up(follow_up=form.instance, actor=request.user),
    )
    if point:
        messages.success(request, _("The follow-up point is saved."))
        return redirect("staff:group_meeting", pk=meeting.pk)
    return _form_page(request, form, title=_("New follow-up point"), back=meeting.group)


@require_http_methods(["GET", "POST"])
@staff_view
def follow_up_edit(request, pk):
    point = get_object_or_404(FollowUp.objects.select_related("meeting__group"), pk=pk)
    meeting = point.meeting
    perms.require(group_perms.can_manage_groups(request.user, meeting.group.municipality_id))
    form = FollowUpForm(request.POST or None, instance=point)
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_follow_up(follow_up=form.instance, actor=request.user),
    ):
        messages.success(request, _("Saved."))
        return redirect("staff:group_meeting", pk=meeting.pk)
    return _form_page(request, form, title=_("Follow-up point"), back=meeting.group)


def half_years(trainings) -> list[HalfYear]:
    """Each half-year with trainings begun in it, newest first."""
    return sorted(
        {HalfYear.of(d) for d in trainings.dates("starts_on", "month")},
        key=lambda p: (p.year, p.half),
        reverse=True,
    )


@require_safe
@staff_view
def training_list(request):
    perms.require(group_perms.can_view_trainings(request.user))
    municipality_ids = group_perms.training_municipality_ids(request.user)
    trainings = Training.objects.filter(municipality_id__in=municipality_ids)
    # A regional coordinator reads one municipality of the region at a time (?kommun=): the
    # figures are each municipality's, as its semi-annual report counts them.
    municipality = shown_municipality(request)
    choice = regional_choice(request, municipality)
    if "shown_municipality" in choice:
        trainings = trainings.filter(municipality=municipality)
    rows, years = [], {}
    for period in half_years(trainings):
        counted = half_year_figures(municipality, period.start, period.end)
        rows.append({"period": period, "figures": counted})
        year = years.setdefault(
            period.year, {"year": period.year, "events": 0, "staff": 0, "elected": 0, "cost": 0}
        )
        year["events"] += counted.events
        year["staff"] += counted.staff
        year["elected"] += counted.elected
        year["cost"] += counted.cost_sek
    for year in years.values():
        year["people"] = year["staff"] + year["elected"]
    return render(
        request,
        "staff/training_list.html",
        {
            "trainings": trainings.select_related("orientation").order_by("-starts_on", "-pk"),
            "half_years": rows,
            "years": sorted(years.values(), key=lambda y: -y["year"]),
            "can_manage": group_perms.can_manage_groups(request.user),
            **choice,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def training_create(request):
    municipality = _coordinated_municipality(request.user)
    form = TrainingForm(request.POST or None, instance=Training(municipality=municipality))
    training = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_training(
            training=form.instance,
            actor=request.user,
            departments=form.cleaned_data["departments"],
        ),
    )
    if training:
        messages.success(request, _("Saved."))
        return redirect("staff:trainings")
    return _form_page(
        request,
        form,
        title=_("Register competence development"),
        template="staff/training_form.html",
    )


@require_http_methods(["GET", "POST"])
@staff_view
def training_edit(request, pk):
    training = get_object_or_404(Training, pk=pk)
    perms.require(group_perms.can_manage_groups(request.user, training.municipality_id))
    form = TrainingForm(request.POST or None, instance=training)
    if submit_to_service(
        request=request,
        form=form,
        service=lambda: services.save_training(
            training=form.instance,
            actor=request.user,
            departments=form.cleaned_data["departments"],
        ),
    ):
        messages.success(request, _("Saved."))
        return redirect("staff:trainings")
    return _form_page(
        request,
        form,
        title=training.title,
        template="staff/training_form.html",
        entries=timeline(
            (Training.history.filter(id=training.pk), Training, lambda r: _("The event"))
        ),
    )
