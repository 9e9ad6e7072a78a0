"""Admin of report templates (chế độ báo cáo), their sections and indicators."""

from django.contrib import admin

from baocao.catalog.models import Holiday, Indicator, ReportTemplate, Section


class SectionInline(admin.TabularInline):
    """Edit a template's sections in order."""

    model = Section
    extra = 0


class IndicatorInline(admin.TabularInline):
    """Edit a template's indicators."""

    model = Indicator
    extra = 0
    fields = ["order", "code", "name", "unit", "value_type", "aggregation", "min_value",
              "max_value", "required", "is_key", "section"]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    """Configure reporting regimes."""

    list_display = ["name", "code", "period_kind", "cutoff_start_day", "is_active"]
    search_fields = ["name", "code"]
    filter_horizontal = ["assigned_units"]
    inlines = [SectionInline, IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Configure indicators."""

    list_display = ["name", "code", "template", "unit", "value_type", "aggregation"]
    list_filter = ["template", "value_type", "aggregation"]
    search_fields = ["name", "code"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Read the corrections of the holiday calendar; they are made on the page /ngay-nghi/.

    Read-only here, so that every change goes through the services that validate it and
    record who made it and when.
    """

    list_display = ["day", "kind", "name", "reason", "created_by", "created_at", "withdrawn_at"]
    list_filter = ["kind"]
    date_hierarchy = "day"

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
