from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    GrowthStrategyDimension,
    Orientation,
    OrientationArea,
    Strategy,
    SustainableDevelopmentGoal,
)


class OrientationAreaInline(admin.TabularInline):
    model = OrientationArea
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "status", "adopted", "decision_reference"]
    list_filter = ["municipality", "status"]
    search_fields = ["title", "decision_reference"]
    inlines = [OrientationAreaInline]

    @admin.display(description=_("adopted on"), ordering="adopted_on")
    def adopted(self, strategy):
        return strategy.adopted_on_display


class OrientationInline(admin.TabularInline):
    model = Orientation
    extra = 0


@admin.register(OrientationArea)
class OrientationAreaAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "strategy", "position"]
    list_filter = ["strategy__municipality", "strategy"]
    search_fields = ["name_sv", "name_en"]
    inlines = [OrientationInline]


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "number", "area"]
    list_filter = ["area__strategy__municipality", "area"]
    search_fields = ["name_sv", "name_en"]


@admin.register(GrowthStrategyDimension)
class GrowthStrategyDimensionAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "strategy_name", "position"]
    list_filter = ["strategy_name"]
    search_fields = ["name_sv", "name_en"]


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_sv", "name_en"]
    search_fields = ["name_sv", "name_en"]
