"""Uploading a keep.eu or Kohesio export (under "Partners in EU projects"): the form, and
one upload's page with its progress bar while it imports, then what it added, updated and
left unchanged, or every bad row. The page polls itself with htmx every two seconds, and
without JavaScript reloads itself (a refresh inside <noscript>)."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from projektdatabas.accounts.permissions import require
from projektdatabas.euprojects import uploads
from projektdatabas.euprojects.models import EUUpload, Source, UploadStatus
from projektdatabas.euprojects.permissions import can_import

from ..access import staff_view
from ..forms import StaffForm


class UploadForm(StaffForm, forms.Form):
    source = forms.ChoiceField(
        label=_("Source"), choices=Source.choices, widget=forms.RadioSelect, initial=Source.KOHESIO
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("Kohesio: the country's project file. keep.eu: the projects sheet."),
    )
    partners = forms.FileField(
        label=_("keep.eu's partners sheet"),
        required=False,
        help_text=_("Only for keep.eu: the partners of the projects in the file above."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("partners") and cleaned.get("source") == Source.KOHESIO:
            self.add_error("partners", _("Kohesio has no partners sheet: leave this empty."))
        return cleaned


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def eu_import(request):
    require(can_import(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [form.cleaned_data["file"]]
        if form.cleaned_data["partners"]:
            files.append(form.cleaned_data["partners"])
        try:
            upload = uploads.start_upload(
                source=form.cleaned_data["source"],
                files=files,
                language=get_language(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("staff:eu_import_detail", pk=upload.pk)
    return render(
        request,
        "staff/eu_import.html",
        {
            "form": form,
            "running": uploads.running(),
            "recent": EUUpload.objects.all()[:10],
        },
    )


@require_safe
@staff_view
def eu_import_detail(request, pk):
    require(can_import(request.user))
    upload = get_object_or_404(EUUpload, pk=pk)
    stopped = uploads.stopped(upload)
    active = upload.status in uploads.ACTIVE and not stopped
    context = {
        "upload": upload,
        "active": active,
        "stopped": stopped,
        "percent": uploads.progress(upload) if active else None,
        "done": upload.status == UploadStatus.DONE,
    }
    if request.headers.get("HX-Request"):
        return render(request, "staff/_eu_import_status.html", context)
    return render(request, "staff/eu_import_detail.html", context)
