from django.contrib import admin

from .models import (
    Committee,
    Department,
    Municipality,
    Organisation,
    Region,
    Twinning,
    TwinningEvent,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "contact_email"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "region", "site_host", "county"]
    search_fields = ["name", "county"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "municipality", "is_executive_board", "is_active"]
    list_filter = ["municipality", "is_executive_board", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "committee", "parent", "municipality", "is_active"]
    list_filter = ["municipality", "committee", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["committee", "parent"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "town", "is_active"]
    list_filter = ["kind", "country", "is_active"]
    search_fields = ["name", "town"]


class TwinningEventInline(admin.TabularInline):
    model = TwinningEvent
    extra = 1
    can_delete = False  # the timeline is part of the public record


@admin.register(Twinning)
class TwinningAdmin(admin.ModelAdmin):
    list_display = ["partner", "municipality", "first_contact", "agreement_signed", "status"]
    list_filter = ["municipality", "status"]
    search_fields = ["partner__name"]
    autocomplete_fields = ["partner"]
    inlines = [TwinningEventInline]

    def has_delete_permission(self, request, obj=None):
        return False  # end a twinning (status "ended") instead
