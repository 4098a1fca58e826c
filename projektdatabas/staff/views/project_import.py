"""The coordinator's import of projects from a spreadsheet: upload, look at what would be
created or changed, confirm. The preview carries what was read, signed (core/import_preview),
so confirming needs no second upload; projects/imports.py checks and writes."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts import permissions as perms
from projektdatabas.accounts.models import Role
from projektdatabas.core.spreadsheets import spreadsheet_response
from projektdatabas.projects import imports

from ..access import staff_view
from ..forms import StaffForm


class ProjectImportForm(StaffForm, forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("A CSV or Excel file in the template's columns.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


def _coordinated_municipality(user):
    perms.require(perms.can_import_projects(user))
    return next(m.municipality for m in perms.memberships(user) if m.role == Role.COORDINATOR)


@require_http_methods(["GET", "POST"])
@staff_view
def project_import(request):
    municipality = _coordinated_municipality(request.user)
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "errors": [], "planned": None}
    if request.method == "POST" and "preview" in request.POST:
        try:
            rows, source = imports.unsign_rows(request.POST["preview"], municipality=municipality)
            result = imports.import_projects(
                actor=request.user, municipality=municipality, rows=rows, source=source
            )
        except imports.ImportRefused as refused:
            context["errors"] = refused.errors
            context["form"] = ProjectImportForm()
        else:
            messages.success(
                request,
                _(
                    "Import done: %(created)d new, %(updated)d updated, %(unchanged)d unchanged; "
                    "%(partners)d partners added to the register."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "partners": result.partners_created,
                },
            )
            return redirect("staff:projects")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = imports.read_projects(upload.name, upload.read(), municipality=municipality)
        except imports.ImportRefused as refused:
            context["errors"] = refused.errors
        else:
            context["planned"] = imports.plan_import(municipality=municipality, rows=rows)
            context["token"] = imports.sign_rows(
                rows, municipality=municipality, source=upload.name[:100]
            )
    return render(request, "staff/project_import.html", context)


@require_safe
@staff_view
def project_import_template(request, format="csv"):
    """The import's columns with an example row, as CSV or XLSX."""
    _coordinated_municipality(request.user)
    return spreadsheet_response(
        format,
        filename="projekt-mall",
        title=_("Projects"),
        columns=imports.TEMPLATE_COLUMNS,
        rows=[imports.TEMPLATE_EXAMPLE],
    )
