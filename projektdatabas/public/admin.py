from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projektdatabas.news.images import prepare_image

from .models import AccessibilityStatement, SiteLogo


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    list_display = ["service_name", "municipality", "compliance", "assessed_on", "updated_at"]
    list_filter = ["compliance", "municipality"]
    search_fields = ["service_name", "known_gaps_sv"]

    def has_delete_permission(self, request, obj=None):
        return False  # the law requires a statement; edit it instead


class SiteLogoForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("logo file"),
        help_text=_("JPEG or PNG, at most 5 MB; shown about 48 pixels high in the header."),
    )

    class Meta:
        model = SiteLogo
        fields = ["municipality", "is_example"]

    def clean_upload(self):
        try:
            # The news pictures' checks: JPEG or PNG, re-encoded, no metadata kept.
            self.prepared = prepare_image(self.cleaned_data["upload"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["image"]) from error
        return self.cleaned_data["upload"]

    def save(self, commit=True):
        logo = super().save(commit=False)
        for field in ("data", "content_type", "width", "height", "sha256"):
            setattr(logo, field, getattr(self.prepared, field))
        if commit:
            logo.save()
        return logo


@admin.register(SiteLogo)
class SiteLogoAdmin(admin.ModelAdmin):
    form = SiteLogoForm
    list_display = ["municipality", "content_type", "width", "height", "is_example", "updated_at"]
