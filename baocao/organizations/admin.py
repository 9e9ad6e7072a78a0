"""Admin of units and roles (Quản trị: đơn vị, người dùng, vai trò), and units' lineage."""

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.core.errors import NotFound
from baocao.organizations.models import Membership, OrgUnit, UnitEvent
from baocao.organizations.selectors import unit_timeline


class MembershipInline(admin.TabularInline):
    """Edit people's roles inside a unit."""

    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    """Configure units of the province."""

    list_display = ["name", "code", "level", "parent", "opened_on", "closed_on", "timeline"]
    list_filter = ["level", "is_demo"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["successors"]
    inlines = [MembershipInline]

    @admin.display(description=gettext_lazy("Quá trình hình thành"))
    def timeline(self, obj: OrgUnit) -> str:
        """Link to the unit's lineage timeline."""
        return format_html('<a href="{}">{}</a>',
                           reverse("admin:organizations_orgunit_timeline", args=[obj.pk]),
                           _("Xem"))

    def get_urls(self):  # type: ignore[no-untyped-def]
        """Add the timeline page."""
        return [path("<int:pk>/lich-su/", self.admin_site.admin_view(self.timeline_view),
                     name="organizations_orgunit_timeline"), *super().get_urls()]

    def timeline_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Show the unit's names over time, its events, predecessors and successors."""
        unit = get_object_or_404(OrgUnit, pk=pk)
        try:
            timeline = unit_timeline(request.user, unit.code)
        except NotFound:
            raise Http404(_("Không tìm thấy đơn vị.")) from None
        context = {**self.admin_site.each_context(request), "timeline": timeline,
                   "opts": self.model._meta, "original": unit,
                   "title": _("Quá trình hình thành: %(name)s") % {"name": unit.name}}
        return TemplateResponse(request, "admin/organizations/orgunit/timeline.html", context)


@admin.register(UnitEvent)
class UnitEventAdmin(admin.ModelAdmin):
    """Read the recorded changes of units; they are made with ``baocao reorganize``."""

    list_display = ["day", "kind", "unit", "note", "source", "recorded_by", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["unit__name", "unit__code", "note"]
    date_hierarchy = "day"

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Configure who holds which role where."""

    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
