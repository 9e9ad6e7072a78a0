"""Admin of report templates (chế độ báo cáo), their sections and indicators.

A version that already has reports is read-only: "Tạo phiên bản mới" copies it into the next
version (``catalog.versioning.new_template_version``), which is then edited; the reports
already written keep their version.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.catalog.models import Holiday, Indicator, ReportTemplate, Section
from baocao.catalog.versioning import has_reports, new_template_version
from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import ServiceError


class _LockedWithReports:
    """Inline rows of a version that has reports cannot be added, changed or deleted."""

    def _locked(self, obj: Any) -> bool:
        return obj is not None and obj.pk is not None and has_reports(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class SectionInline(_LockedWithReports, admin.TabularInline):
    """Edit a template's sections in order."""

    model = Section
    extra = 0


class IndicatorAdminForm(forms.ModelForm):
    """An indicator's section must be a section of the indicator's own regime."""

    class Meta:
        model = Indicator
        fields = (
            "template", "section", "code", "name", "unit", "value_type", "aggregation",
            "min_value", "max_value", "required", "is_key", "synonyms", "order", "continues",
        )  # fmt: skip

    def clean(self) -> dict:
        """Refuse a section of another regime (the admin once accepted one silently)."""
        data = super().clean() or {}
        section = data.get("section")
        template = data.get("template") or getattr(self.instance, "template", None)
        if section is not None and template is not None and section.template_id != template.pk:
            raise ValidationError(
                {"section": _("Lĩnh vực đã chọn không thuộc chế độ báo cáo này.")}
            )
        return data


class IndicatorInline(_LockedWithReports, admin.TabularInline):
    """Edit a template's indicators; the section list offers this regime's sections only."""

    model = Indicator
    form = IndicatorAdminForm
    extra = 0

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        """Offer only the sections of the regime being edited (none for a new one)."""
        if db_field.name == "section":
            match = getattr(request, "resolver_match", None)
            object_id = str((match.kwargs if match else {}).get("object_id", ""))
            kwargs["queryset"] = (
                Section.objects.filter(template_id=int(object_id))
                if object_id.isdigit()
                else Section.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    fields = [
        "order",
        "code",
        "name",
        "unit",
        "value_type",
        "aggregation",
        "min_value",
        "max_value",
        "required",
        "is_key",
        "section",
    ]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    """Configure reporting regimes; a version with reports is read-only."""

    list_display = [
        "name",
        "code",
        "version",
        "is_current",
        "period_kind",
        "cutoff_start_day",
        "is_active",
    ]
    list_filter = ["is_current", "is_active"]
    search_fields = ["name", "code"]
    filter_horizontal = ["assigned_units", "receiving_units", "legal_basis"]
    inlines = [SectionInline, IndicatorInline]
    readonly_fields = ["version", "is_current", "previous_version"]
    actions = ["make_new_version"]
    change_form_template = "admin/catalog/reporttemplate/change_form.html"

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        """Return every field of a version with reports (it is kept as written)."""
        if obj is not None and has_reports(obj):
            return [f.name for f in obj._meta.fields if f.name != "id"] + [
                "assigned_units",
                "receiving_units",
                "legal_basis",
            ]
        return self.readonly_fields

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Say why a version with reports cannot be changed, and offer a new version."""
        obj = self.get_object(request, object_id)
        locked = obj is not None and has_reports(obj)
        if obj is not None and locked and request.method == "GET":
            messages.info(
                request,
                _(
                    "Chế độ báo cáo này đã có báo cáo lập theo phiên bản %(v)s "
                    "nên không sửa trực tiếp được; hãy tạo phiên bản mới — các "
                    "báo cáo đã lập giữ nguyên phiên bản của mình."
                )
                % {"v": obj.version},
            )
        context = {
            **(extra_context or {}),
            "can_version": locked and obj is not None and obj.is_current,
        }
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self) -> list[URLPattern]:
        """Add the "new version" URL."""
        return [
            path(
                "<int:pk>/phien-ban-moi/",
                self.admin_site.admin_view(self.version_view),
                name="catalog_reporttemplate_new_version",
            ),
            *super().get_urls(),
        ]

    def version_view(self, request: AuthenticatedRequest, pk: int) -> HttpResponse:
        """Create the next version on POST and open it."""
        if request.method != "POST":
            raise PermissionDenied
        template = get_object_or_404(ReportTemplate, pk=pk)
        try:
            new = new_template_version(template, by=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(reverse("admin:catalog_reporttemplate_change", args=[pk]))
        messages.success(
            request,
            _("Đã tạo phiên bản %(v)s của %(code)s; báo cáo mới sẽ lập theo phiên bản này.")
            % {"v": new.version, "code": new.code},
        )
        return HttpResponseRedirect(reverse("admin:catalog_reporttemplate_change", args=[new.pk]))

    @admin.action(description=gettext_lazy("Tạo phiên bản mới"))
    def make_new_version(
        self, request: AuthenticatedRequest, queryset: QuerySet[ReportTemplate]
    ) -> None:
        """Copy each chosen current version into its next version."""
        for template in queryset:
            try:
                new = new_template_version(template, by=request.user)
            except ServiceError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Đã tạo phiên bản %(v)s của %(code)s.")
                    % {"v": new.version, "code": new.code},
                )


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Configure indicators, and which indicators of earlier versions each one continues."""

    form = IndicatorAdminForm

    list_display = ["name", "code", "template", "unit", "value_type", "aggregation"]
    list_filter = ["template", "value_type", "aggregation"]
    search_fields = ["name", "code"]
    filter_horizontal = ["continues"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        """Return every field of an indicator whose version has reports."""
        if obj is not None and has_reports(obj.template):
            return [f.name for f in obj._meta.fields if f.name != "id"] + ["continues"]
        return ()


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Read the corrections of the holiday calendar; they are made on the page /ngay-nghi/.

    Read-only here, so that every change goes through the services that validate it and
    record who made it and when.
    """

    list_display = ["day", "kind", "name", "reason", "created_by", "created_at", "withdrawn_at"]
    list_filter = ["kind"]
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
