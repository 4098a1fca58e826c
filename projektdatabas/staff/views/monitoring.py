"""EU monitoring in the staff pages: the register with what is unanswered, an item with
the departments it concerns and their answers, routing, answering, and importing from a
feed or a CSV file. Each write is one service call, which checks who may."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.accounts.models import Role
from projektdatabas.core import import_preview
from projektdatabas.core.spreadsheets import csv_writer
from projektdatabas.monitoring import imports, services
from projektdatabas.monitoring.feeds import FeedRefused, fetch, parse_feed
from projektdatabas.monitoring.models import (
    Channel,
    Concern,
    EUItem,
    ItemKind,
    ItemStatus,
)
from projektdatabas.organisations.models import Department

from ..access import staff_view
from ..history import timeline
from ..monitoring_forms import AnswerForm, EUItemForm, ImportForm, RouteForm
from ..shown import several
from ..submitting import carry_stored_version, submit_to_service


def _items_for(user):
    return EUItem.objects.filter(municipality_id__in=perms.eu_municipality_ids(user))


def _item(request, pk):
    return get_object_or_404(_items_for(request.user).select_related("municipality"), pk=pk)


def _managed_municipality(user):
    """Where new items go: the first municipality the user coordinates."""
    for membership in perms.memberships(user):
        if membership.role == Role.COORDINATOR:
            return membership.municipality
    return None


def _overview(items, today):
    """The coordinator's overview: per department, how many answers are awaited and how
    many of them are late, the latest first."""
    rows = (
        Concern.objects.awaiting()
        .filter(item__in=items)
        .values("department_id", "department__name", "department__municipality__name")
        .annotate(
            waiting=Count("pk"),
            overdue=Count("pk", filter=Q(answer_due__lt=today)),
            first_due=Min("answer_due"),
        )
        .order_by("-overdue", "first_due", "department__name")
    )
    return list(rows)


@require_safe
@staff_view
def eu_items(request):
    user = request.user
    today = timezone.localdate()
    items = _items_for(user)
    status = request.GET.get("status", "")
    kind = request.GET.get("typ", "")
    department = request.GET.get("forvaltning", "")
    answers = request.GET.get("svar", "")
    shown = items
    if status in ItemStatus.values:
        shown = shown.filter(status=status)
    else:
        status = ""
        shown = shown.exclude(status=ItemStatus.ARCHIVED)  # archived: asked for by name
    if kind in ItemKind.values:
        shown = shown.filter(kind=kind)
    else:
        kind = ""
    departments = (
        Department.objects.filter(
            municipality_id__in=perms.eu_municipality_ids(user), is_active=True
        )
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    if department.isdigit() and departments.filter(pk=department).exists():
        shown = shown.filter(concerns__department_id=department)
    else:
        department = ""
    awaiting = Concern.objects.awaiting()
    if department:
        awaiting = awaiting.filter(department_id=department)
    if answers == "obesvarade":
        shown = shown.filter(pk__in=awaiting.values("item_id"))
    elif answers == "forsenade":
        shown = shown.filter(pk__in=awaiting.filter(answer_due__lt=today).values("item_id"))
    else:
        answers = ""
    shown = shown.distinct().annotate(
        waiting=Count("concerns", filter=Q(concerns__answered_at__isnull=True), distinct=True),
        routed=Count("concerns", distinct=True),
        late=Count(
            "concerns",
            filter=Q(concerns__answered_at__isnull=True, concerns__answer_due__lt=today),
            distinct=True,
        ),
    )
    shown = shown.select_related("municipality")
    page = Paginator(shown.order_by("-created_at", "-id"), 50).get_page(request.GET.get("sida"))
    current = items.filter(status=ItemStatus.OPEN)
    return render(
        request,
        "staff/eu_items.html",
        {
            "page": page,
            "today": today,
            "filters": {
                "status": status,
                "kind": kind,
                "department": department,
                "answers": answers,
            },
            "statuses": ItemStatus.choices,
            "kinds": ItemKind.choices,
            "departments": departments,
            "overview": _overview(current, today),
            "can_manage": perms.can_manage_eu_items(user),
            "own": _own_concerns(user),
            # A regional coordinator reads several municipalities' items: each names its own
            # (their departments too, whose names repeat from municipality to municipality).
            "several": several(perms.eu_municipality_ids(user)),
        },
    )


def _own_concerns(user):
    """What the user's own departments are asked and have not answered yet."""
    departments = perms.represented_department_ids(user)
    if not departments:
        return []
    return list(
        Concern.objects.awaiting()
        .for_departments(departments)
        .select_related("item", "department")
        .order_by("answer_due", "pk")
    )


def home_panel(user) -> dict | None:
    """The start page's EU monitoring panel: a representative's unanswered questions, the
    coordinator's count of what is awaited and late."""
    today = timezone.localdate()
    own = _own_concerns(user)
    coordinated = perms.coordinated_municipality_ids(user)
    summary = None
    if coordinated:
        awaiting = Concern.objects.awaiting().filter(item__municipality_id__in=coordinated)
        summary = {
            "waiting": awaiting.count(),
            "overdue": awaiting.filter(answer_due__lt=today).count(),
        }
    if not own and not (summary and summary["waiting"]):
        return None
    return {"own": own, "summary": summary, "today": today}


def _form_page(request, form, item):
    return render(
        request,
        "staff/eu_item_form.html",
        {
            "form": form,
            "item": item,
            "kinds_hint": ItemKind.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def eu_item_create(request):
    perms.require(perms.can_manage_eu_items(request.user))
    municipality = _managed_municipality(request.user)
    form = EUItemForm(request.POST or None, initial={"channel": Channel.EUR_LEX})
    item = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.create_item(
            actor=request.user, municipality=municipality, changes=form.changes()
        ),
    )
    if item:
        messages.success(
            request, _("The EU item is registered. Now route it to the departments it concerns.")
        )
        return redirect("staff:eu_item", pk=item.pk)
    return _form_page(request, form, EUItem(municipality=municipality))


@require_http_methods(["GET", "POST"])
@staff_view
def eu_item_edit(request, pk):
    item = _item(request, pk)
    perms.require(perms.can_manage_eu_items(request.user, item.municipality_id))
    if item.status == ItemStatus.ARCHIVED:
        # Said before anything is typed: the whole form had been offered, then refused.
        messages.error(request, _("An archived EU item cannot be changed. Restore it first."))
        return redirect("staff:eu_item", pk=item.pk)
    form = EUItemForm(request.POST or None, instance=item)
    saved = submit_to_service(
        request=request, form=form, service=lambda: _save(request, form, item)
    )
    if saved:
        messages.success(request, _("The EU item is saved."))
        return redirect("staff:eu_item", pk=item.pk)
    return _form_page(request, form, item)


def _save(request, form, item):
    try:
        return services.save_item(
            item=item,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            changes=form.changes(),
        )
    except services.EUItemEditConflict as conflict:
        carry_stored_version(form, item)
        form.add_error(None, conflict)
        form.add_error(
            None,
            _(
                "What you typed is still in the form below. Open the EU item in a new tab to "
                "see what was saved, then save again."
            ),
        )
        return None


@require_safe
@staff_view
def eu_item(request, pk):
    item = _item(request, pk)
    user = request.user
    concerns = list(item.concerns.select_related("department", "answered_by", "routed_by"))
    own = perms.represented_department_ids(user)
    return render(
        request,
        "staff/eu_item.html",
        {
            "item": item,
            "concerns": concerns,
            "own_department_ids": own,
            "today": timezone.localdate(),
            "can_manage": perms.can_manage_eu_items(user, item.municipality_id),
            "several": several(perms.eu_municipality_ids(user)),
            "entries": timeline(
                (EUItem.history.filter(id=item.pk), EUItem, lambda r: _("The EU item")),
                (
                    Concern.history.filter(item_id=item.pk),
                    Concern,
                    lambda r: (
                        _("Department: %(name)s")
                        % {"name": Department.objects.filter(pk=r.department_id).first()}
                    ),
                ),
            ),
        },
    )


STATUS_ACTIONS = {
    "close": (services.close_item, gettext_lazy("Closed.")),
    "reopen": (services.reopen_item, gettext_lazy("Reopened.")),
    "archive": (services.archive_item, gettext_lazy("Archived.")),
    "restore": (services.restore_item, gettext_lazy("Restored.")),
}


@require_POST
@staff_view
def eu_item_status(request, pk):
    item = _item(request, pk)
    action = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    service, done = action  # the service checks who may (PermissionDenied, the 403 page)
    version = request.POST.get("version", "")
    try:
        service(
            item=item, actor=request.user, expected_version=int(version) if version.isdigit() else 0
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("staff:eu_item", pk=pk)


@require_http_methods(["GET", "POST"])
@staff_view
def eu_item_route(request, pk):
    item = _item(request, pk)
    perms.require(perms.can_manage_eu_items(request.user, item.municipality_id))
    form = RouteForm(request.POST or None, item=item)
    concern = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.route_item(
            item=item,
            actor=request.user,
            department=form.cleaned_data["department"],
            reason=form.cleaned_data["reason"],
            answer_due=form.cleaned_data["answer_due"],
        ),
    )
    if concern:
        messages.success(
            request,
            _("Routed to %(department)s; its representatives are told by e-mail.")
            % {"department": concern.department},
        )
        return redirect("staff:eu_item", pk=item.pk)
    return render(request, "staff/eu_item_route.html", {"form": form, "item": item})


@require_http_methods(["GET", "POST"])
@staff_view
def eu_item_answer(request, pk):
    concern = get_object_or_404(
        Concern.objects.select_related("item", "department").filter(
            item__municipality_id__in=perms.eu_municipality_ids(request.user)
        ),
        pk=pk,
    )
    perms.require(perms.can_answer_concern(request.user, concern))
    initial = {}
    if concern.is_answered:
        initial = {
            "concerns_us": "yes" if concern.concerns_us else "no",
            "meaning": concern.meaning,
            "action": concern.action,
        }
    form = AnswerForm(request.POST or None, initial=initial)
    answered = submit_to_service(
        request=request,
        form=form,
        service=lambda: services.answer_concern(
            concern=concern,
            actor=request.user,
            concerns_us=form.cleaned_data["concerns_us"],
            meaning=form.cleaned_data["meaning"],
            action=form.cleaned_data["action"],
        ),
    )
    if answered:
        messages.success(request, _("Your department's answer is saved."))
        return redirect("staff:eu_item", pk=concern.item_id)
    return render(
        request,
        "staff/eu_item_answer.html",
        {"form": form, "concern": concern, "item": concern.item, "today": timezone.localdate()},
    )


def _candidates(form):
    """The entries of the chosen file or address, read and checked (nothing written)."""
    channel, kind = form.cleaned_data["channel"], form.cleaned_data["kind"]
    upload = form.cleaned_data.get("file")
    if upload:
        content, source = upload.read(), upload.name
    else:
        source = form.cleaned_data["url"]
        content = fetch(source)
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        entries = parse_feed(content)
        candidates = imports.from_feed(entries, channel=channel, default_kind=kind)
    elif upload and upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
        candidates = imports.from_csv(upload.name, content, channel=channel, default_kind=kind)
    else:
        raise imports.ImportRefused([_("The file is neither a feed (RSS or Atom) nor a CSV file.")])
    if not candidates:
        raise imports.ImportRefused([_("The file has no entries.")])
    errors = imports.check(candidates)
    if errors:
        raise imports.ImportRefused(errors)
    return source, candidates


@require_http_methods(["GET", "POST"])
@staff_view
def eu_item_import(request):
    perms.require(perms.can_manage_eu_items(request.user))
    municipality = _managed_municipality(request.user)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_import(request, municipality)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"channel": Channel.EUR_LEX, "kind": ItemKind.LEGISLATION},
    )
    errors, preview = [], None
    if request.method == "POST" and form.is_valid():
        try:
            source, candidates = _candidates(form)
        except (imports.ImportRefused, FeedRefused) as refused:
            errors = refused.errors
        else:
            known = imports.already_registered(municipality, candidates)
            preview = {
                "source": source,
                "rows": [(c, c.label in known) for c in candidates],
                "new": sum(1 for c in candidates if c.label not in known),
                "known": len(known),
                "payload": import_preview.seal(
                    kind="eu-items",
                    municipality_id=municipality.pk,
                    source=source,
                    rows=[c.as_dict() for c in candidates],
                ),
            }
    return render(
        request,
        "staff/eu_item_import.html",
        {"form": form, "errors": errors, "preview": preview, "columns": imports.TEMPLATE_HEADER},
    )


def _confirm_import(request, municipality):
    try:
        source, rows = import_preview.unseal(
            request.POST.get("payload", ""), kind="eu-items", municipality_id=municipality.pk
        )
    except import_preview.PreviewRefused as refused:
        messages.error(request, refused.message)
        return redirect("staff:eu_item_import")
    candidates = [imports.Candidate(**c) for c in rows]
    try:
        result = imports.import_items(
            municipality=municipality,
            actor=request.user,
            candidates=candidates,
            source=source,
        )
    except imports.ImportRefused as refused:
        form = ImportForm(initial={"channel": Channel.EUR_LEX, "kind": ItemKind.LEGISLATION})
        return render(
            request,
            "staff/eu_item_import.html",
            {
                "form": form,
                "errors": refused.errors,
                "preview": None,
                "columns": imports.TEMPLATE_HEADER,
            },
        )
    messages.success(
        request,
        _("%(new)d EU items registered; %(known)d were registered already.")
        % {"new": len(result.created), "known": result.skipped},
    )
    return redirect("staff:eu_items")


@require_safe
@staff_view
def eu_item_template(request):
    """The CSV import's columns with an example row, for Swedish Excel."""
    perms.require(perms.can_manage_eu_items(request.user))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="eu-bevakning-mall.csv"'
    writer = csv_writer(response)
    writer.writerow(imports.TEMPLATE_HEADER)
    writer.writerow(
        [
            "lagstiftning",
            "Exempel: Europaparlamentets och rådets förordning om …",
            "32026R1778",
            "https://eur-lex.europa.eu/legal-content/SV/TXT/?uri=CELEX:32026R1778",
            "EUR-Lex",
            "2026-03-02",
            "2026-02-20",
            "2027-01-01",
            "",
            "",
            "Vad akten handlar om och varför den kan beröra kommunen.",
        ]
    )
    return response
