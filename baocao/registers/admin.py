"""Admin: registers with the indicators they feed; entries read-only for the administrator."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from baocao.registers.models import RegisterBinding, RegisterEntry, WorkRegister


class BindingInline(admin.TabularInline):
    """The indicators a register gives their values to."""

    model = RegisterBinding
    extra = 1
    autocomplete_fields = ["indicator"]


@admin.register(WorkRegister)
class WorkRegisterAdmin(admin.ModelAdmin):
    """Configure a unit's registers: name, categories, quantity column, bound indicators."""

    list_display = ["name", "code", "unit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code", "unit__name"]
    autocomplete_fields = ["unit"]
    inlines = [BindingInline]


@admin.register(RegisterEntry)
class RegisterEntryAdmin(admin.ModelAdmin):
    """Entries are written by the unit on the register pages; the admin only reads them."""

    list_display = ["register", "year", "number", "entry_date", "subject", "category", "quantity"]
    list_filter = ["register"]
    search_fields = ["subject", "reference"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Refuse: entries are added by the unit, with their checks."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse: entries are changed by the unit, with their checks."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse: a closed register must stay as its reports quoted it."""
        return False
