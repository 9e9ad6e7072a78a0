"""URLs of the catalogue's pages: the holidays page and the regime designer (``/che-do/``)."""

from django.urls import path

from baocao.catalog.views import holidays, interchange, regimes

urlpatterns = [
    path("ngay-nghi/", holidays.holidays, name="holidays"),
    path("che-do/", regimes.regime_list, name="regimes"),
    path("che-do/moi/", regimes.regime_create, name="regime-create"),
    path("che-do/phan-to/", regimes.disaggregation_list, name="disaggregations"),
    path("che-do/nhap/", interchange.regime_import, name="regime-import"),
    path("che-do/mau.xlsx", interchange.regime_blank_workbook, name="regime-blank-workbook"),
    path("danh-muc-che-do/", interchange.regime_catalogue, name="regime-catalogue"),
    path(
        "che-do/<int:regime_id>/tai.<str:kind>",
        interchange.regime_export,
        name="regime-export",
    ),
    path("che-do/<int:regime_id>/", regimes.regime_detail, name="regime-detail"),
    path("che-do/<int:regime_id>/sua/", regimes.regime_edit, name="regime-edit"),
    path("che-do/<int:regime_id>/giao/", regimes.regime_assign, name="regime-assign"),
    path("che-do/<int:regime_id>/sao-chep/", regimes.regime_copy, name="regime-copy"),
    path("che-do/<int:regime_id>/xoa/", regimes.regime_delete, name="regime-delete"),
    path("che-do/<int:regime_id>/phien-ban-moi/", regimes.regime_version, name="regime-version"),
    path("che-do/<int:regime_id>/xem-truoc/", regimes.regime_preview, name="regime-preview"),
    path(
        "che-do/<int:regime_id>/xem-truoc.<str:kind>",
        regimes.regime_print,
        name="regime-print",
    ),
    path("che-do/<int:regime_id>/linh-vuc/moi/", regimes.section_edit, name="regime-section-new"),
    path(
        "che-do/<int:regime_id>/linh-vuc/<int:section_id>/",
        regimes.section_edit,
        name="regime-section",
    ),
    path(
        "che-do/<int:regime_id>/linh-vuc/<int:section_id>/thao-tac/",
        regimes.section_action,
        name="regime-section-action",
    ),
    path(
        "che-do/<int:regime_id>/chi-tieu/moi/", regimes.indicator_edit, name="regime-indicator-new"
    ),
    path(
        "che-do/<int:regime_id>/chi-tieu/<int:indicator_id>/",
        regimes.indicator_edit,
        name="regime-indicator",
    ),
    path(
        "che-do/<int:regime_id>/chi-tieu/<int:indicator_id>/thao-tac/",
        regimes.indicator_action,
        name="regime-indicator-action",
    ),
]
