"""Admin of units and roles (Quản trị: đơn vị, người dùng, vai trò), and units' lineage."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import get_deleted_objects
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.analytics.rollup import mark_tree_changed
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
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:organizations_orgunit_timeline", args=[obj.pk]),
            _("Xem"),
        )

    def get_urls(self) -> list[URLPattern]:
        """Add the timeline page."""
        return [
            path(
                "<int:pk>/lich-su/",
                self.admin_site.admin_view(self.timeline_view),
                name="organizations_orgunit_timeline",
            ),
            *super().get_urls(),
        ]

    def timeline_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Show the unit's names over time, its events, predecessors and successors."""
        unit = get_object_or_404(OrgUnit, pk=pk)
        try:
            timeline = unit_timeline(request.user, unit.code)
        except NotFound:
            raise Http404(_("Không tìm thấy đơn vị.")) from None
        context = {
            **self.admin_site.each_context(request),
            "timeline": timeline,
            "opts": self.model._meta,
            "original": unit,
            "title": _("Quá trình hình thành: %(name)s") % {"name": unit.name},
        }
        return TemplateResponse(request, "admin/organizations/orgunit/timeline.html", context)

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        """Save; a unit added or given another parent changes the analytics' rollup tree."""
        super().save_model(request, obj, form, change)
        if not change or "parent" in form.changed_data:
            mark_tree_changed()

    def delete_model(self, request: HttpRequest, obj: OrgUnit) -> None:
        """Delete; the rollup's tree changed."""
        super().delete_model(request, obj)
        mark_tree_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[OrgUnit]) -> None:
        """Delete the chosen units; the rollup's tree changed."""
        super().delete_queryset(request, queryset)
        mark_tree_changed()


@admin.register(UnitEvent)
class UnitEventAdmin(admin.ModelAdmin):
    """Read the recorded changes of units; they are made with ``baocao reorganize``."""

    list_display = ["day", "kind", "unit", "note", "source", "recorded_by", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["unit__name", "unit__code", "note"]
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Configure who holds which role where."""

    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]


User = get_user_model()


@admin.action(description=gettext_lazy("Vô hiệu hóa các tài khoản đã chọn (không xóa)"))
def deactivate_users(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    """Deactivate accounts: they can no longer sign in, the record still names them."""
    count = queryset.filter(is_active=True).update(is_active=False)
    modeladmin.message_user(
        request, _("Đã vô hiệu hóa %(count)s tài khoản.") % {"count": count}, messages.SUCCESS
    )


class RecordKeepingUserAdmin(UserAdmin):
    """Accounts: people who appear in the record are deactivated, never deleted.

    Reports, versions, the audit log and register logs name their actors (PROTECT); deleting
    such a person would rewrite history, so the admin refuses with a message and offers
    deactivation (the "Vô hiệu hóa" action, or unticking "Đang hoạt động").
    """

    actions = [deactivate_users]

    def get_actions(self, request: HttpRequest) -> dict:
        """Offer deactivation, not bulk deletion."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        """Refuse, with a clear message, to delete someone the record names."""
        user = self.get_object(request, object_id)
        if user is not None:
            *_rest, protected = get_deleted_objects([user], request, self.admin_site)
            if protected:
                self.message_user(
                    request,
                    _(
                        "Không thể xóa tài khoản “%(name)s”: người này có tên trong hồ sơ (báo cáo, "
                        "phiên bản, nhật ký). Hãy vô hiệu hóa tài khoản (bỏ chọn “Đang hoạt động”) "
                        "thay vì xóa."
                    )
                    % {"name": user.get_username()},
                    messages.ERROR,
                )
                return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)


admin.site.unregister(User)
admin.site.register(User, RecordKeepingUserAdmin)
