"""Admin of units and roles (Quản trị: đơn vị, người dùng, vai trò)."""

from django.contrib import admin

from baocao.organizations.models import Membership, OrgUnit


class MembershipInline(admin.TabularInline):
    """Edit people's roles inside a unit."""

    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    """Configure units of the province."""

    list_display = ["name", "code", "level", "parent", "opened_on", "closed_on"]
    list_filter = ["level", "is_demo"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["successors"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Configure who holds which role where."""

    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
