"""URLs of the register pages (Sổ theo dõi) and of a report filled from the registers."""

from django.urls import path

from baocao.registers import design_views, views

urlpatterns = [
    path("so-theo-doi/", views.register_list, name="registers"),
    path("so-theo-doi/<int:register_id>/", views.register_detail, name="register-detail"),
    path("so-theo-doi/tao/", design_views.register_new, name="register-new"),
    path(
        "so-theo-doi/<int:register_id>/thiet-ke/",
        design_views.register_design,
        name="register-design",
    ),
    path(
        "so-theo-doi/<int:register_id>/thiet-ke/tai-ve/",
        design_views.design_download,
        name="register-design-download",
    ),
    path("so-theo-doi/<int:register_id>/nhap/", views.register_import, name="register-import"),
    path(
        "so-theo-doi/<int:register_id>/muc/<int:entry_id>/sua/",
        views.entry_edit,
        name="register-entry-edit",
    ),
    path(
        "so-theo-doi/<int:register_id>/muc/<int:entry_id>/xoa/",
        views.entry_delete,
        name="register-entry-delete",
    ),
    path(
        "bao-cao/<int:report_id>/lay-so-lieu-tu-so/",
        views.report_fill,
        name="report-fill-registers",
    ),
]
