from django.contrib import admin

from .models import AllocationSpending, AnnualAllocation, Funding, Receipt


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
class ReceiptAdmin(admin.ModelAdmin):
    list_display = [
        "project",
        "received_on",
        "source",
        "programme",
        "amount",
        "currency",
        "amount_sek",
    ]
    list_filter = ["source", "currency", "programme"]
    date_hierarchy = "received_on"
    search_fields = ["project__title_sv", "note"]
    autocomplete_fields = ["project"]


class SpendingInline(admin.TabularInline):
    model = AllocationSpending
    extra = 1
    autocomplete_fields = ["project"]


@admin.register(AnnualAllocation)
class AnnualAllocationAdmin(admin.ModelAdmin):
    list_display = ["year", "purpose", "municipality", "amount", "used", "remaining"]
    list_filter = ["municipality", "purpose", "year"]
    search_fields = ["decision_reference"]
    inlines = [SpendingInline]
