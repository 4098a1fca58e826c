from django.contrib import admin

from .models import AccessibilityStatement


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    list_display = ["service_name", "municipality", "compliance", "assessed_on", "updated_at"]
    list_filter = ["compliance", "municipality"]
    search_fields = ["service_name", "known_gaps_sv"]

    def has_delete_permission(self, request, obj=None):
        return False  # the law requires a statement; edit it instead
