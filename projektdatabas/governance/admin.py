from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Decision, Delegation


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    """The delegation order is reference data: administrators keep it here."""

    list_display = ["delegate_title", "committee", "max_amount_sek", "valid_from", "valid_until"]
    list_filter = ["committee__municipality", "committee"]
    search_fields = ["delegate_title", "matter", "reference"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["case_number", "project", "committee", "kind", "outcome", "decided_on"]
    list_filter = ["kind", "outcome", "committee"]
    search_fields = ["case_number", "project__title_sv"]
    autocomplete_fields = ["project"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # decisions are public records
