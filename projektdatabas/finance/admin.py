from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AllocationSpending, AnnualAllocation, Funding, Receipt, StaffTimeRate


class KeptForTheRecord:
    """Payments, allocations, their spending and hourly rates are public records: they are
    corrected or voided in the staff pages, never deleted here."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Funding)
class FundingAdmin(admin.ModelAdmin):
    list_display = [
        "project",
        "source",
        "programme",
        "amount",
        "currency",
        "amount_sek",
        "staff_hours",
    ]
    list_filter = ["source", "currency", "programme"]
    search_fields = ["project__title_sv", "note"]
    autocomplete_fields = ["project", "funder"]


@admin.register(Receipt)
class ReceiptAdmin(KeptForTheRecord, admin.ModelAdmin):
    list_display = [
        "project",
        "received_on",
        "source",
        "programme",
        "amount",
        "currency",
        "amount_sek",
        "voided_at",
    ]
    list_filter = ["source", "currency", "programme"]
    date_hierarchy = "received_on"
    search_fields = ["project__title_sv", "note"]
    autocomplete_fields = ["project"]
    readonly_fields = ["void_reason"]

    def get_queryset(self, request):
        return Receipt.all_objects.all()  # voided payments too, marked


class SpendingInline(KeptForTheRecord, admin.TabularInline):
    model = AllocationSpending
    extra = 1
    autocomplete_fields = ["project"]
    readonly_fields = ["void_reason"]


@admin.register(AnnualAllocation)
class AnnualAllocationAdmin(KeptForTheRecord, admin.ModelAdmin):
    list_display = ["year", "purpose", "municipality", "amount", "spent", "remaining"]
    list_filter = ["municipality", "purpose", "year"]
    search_fields = ["decision_reference"]
    inlines = [SpendingInline]

    def get_queryset(self, request):
        # Spent and remaining as the staff pages and the report count them.
        return super().get_queryset(request).with_spending()

    @admin.display(description=_("spent (SEK)"), ordering="spent")
    def spent(self, allocation):
        return allocation.spent

    @admin.display(description=_("remaining (SEK)"), ordering="remaining")
    def remaining(self, allocation):
        return allocation.remaining


@admin.register(StaffTimeRate)
class StaffTimeRateAdmin(KeptForTheRecord, admin.ModelAdmin):
    """Shown only: the coordinator sets rates in the staff pages, where a change also values
    the staff time it concerns again (finance/services.py)."""

    list_display = ["year", "municipality", "hourly_rate_sek", "basis"]
    list_filter = ["municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
