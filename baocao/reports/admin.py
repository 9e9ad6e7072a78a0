"""Admin views of reports: read-only — reports change only through the workflow services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from baocao.reports.models import AuditEvent, NumberRegister, Report, ReportVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    """Show records without any way to add, change or delete them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse adding."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse changing."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse deleting."""
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """List reports for administrators (read-only)."""

    list_display = ["title", "unit", "period_code", "status", "number_text"]
    list_filter = ["status", "template", "period_year"]
    search_fields = ["title", "unit__name", "number_text"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Show the audit log (cannot be edited)."""

    list_display = ["created_at", "actor", "verb", "report"]
    list_filter = ["verb"]


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    """Show stored versions (cannot be edited)."""

    list_display = ["report", "number", "created_by", "created_at"]


@admin.register(NumberRegister)
class NumberRegisterAdmin(ReadOnlyAdmin):
    """Show the document number registers."""

    list_display = ["unit", "year", "last_seq"]
