from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPlan, BoardMeeting, Measure, StrategyReview


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "strategy", "starts_on", "ends_on", "status"]
    list_filter = ["status", "strategy__municipality"]
    search_fields = ["title"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["number", "plan", "orientation", "status", "progress", "deadline"]
    list_filter = ["status", "plan"]
    search_fields = ["description_sv"]


@admin.register(BoardMeeting)
class BoardMeetingAdmin(admin.ModelAdmin):
    list_display = ["committee", "date", "takes_semiannual_report"]
    list_filter = ["committee", "takes_semiannual_report"]
    search_fields = ["committee__name"]


@admin.register(StrategyReview)
class StrategyReviewAdmin(SimpleHistoryAdmin):
    """Corrections of a review recorded wrongly (its date, outcome or text); recording is
    the coordinator's, on the action plans page."""

    list_display = ["strategy", "electoral_term", "reviewed_on", "outcome"]
    list_filter = ["strategy__municipality", "outcome"]
    readonly_fields = ["recorded_by", "recorded_at"]
