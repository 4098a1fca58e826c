from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Project, ProjectContact, ProjectLink, ProjectPartner
from .reference import Programme, TargetGroup, Theme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_eu", "first_year", "last_year", "is_active"]
    list_filter = ["is_eu", "is_active"]
    search_fields = ["name", "description"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "slug", "position"]
    search_fields = ["name_sv", "name_en"]
    prepopulated_fields = {"slug": ["name_sv"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "is_youth", "position"]
    list_filter = ["is_youth"]
    search_fields = ["name_sv", "name_en"]
    prepopulated_fields = {"slug": ["name_sv"]}


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class ContactInline(admin.TabularInline):
    model = ProjectContact
    extra = 0


class LinkInline(admin.TabularInline):
    model = ProjectLink
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """For administrators' corrections; departments get their own staff interface."""

    list_display = [
        "title_sv",
        "kind",
        "status",
        "lead_department",
        "start_date",
        "is_published",
        "archived_at",
        "is_example_data",
    ]
    list_filter = [
        "municipality",
        "kind",
        "status",
        "is_published",
        "is_example_data",
        "lead_department",
        "programmes",
        "themes",
    ]
    search_fields = ["title_sv", "title_en", "public_summary_sv"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["lead_department"]
    filter_horizontal = [
        "programmes",
        "themes",
        "target_groups",
        "orientations",
        "growth_dimensions",
        "sdgs",
    ]
    readonly_fields = [
        "is_published",
        "published_at",
        "first_published_at",
        "archived_at",
        "created_at",
        "updated_at",
    ]
    inlines = [PartnerInline, ContactInline, LinkInline]
    actions = ["archive_selected"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # archive instead
        return actions

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.was_public

    @admin.action(description=_("Archive selected projects"))
    def archive_selected(self, request, queryset):
        archived = 0
        for project in queryset.filter(archived_at__isnull=True):
            services.archive_project(project=project, actor=request.user)
            archived += 1
        self.message_user(
            request, _("%(count)d projects archived.") % {"count": archived}, messages.SUCCESS
        )
