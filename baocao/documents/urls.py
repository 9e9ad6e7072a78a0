"""URLs of the documents pages (mounted at the site root)."""

from django.urls import path

from baocao.documents import views

urlpatterns = [
    path(
        "bao-cao/<int:report_id>/tai-ve.docx", views.download, {"fmt": "docx"}, name="report-docx"
    ),
    path("bao-cao/<int:report_id>/tai-ve.pdf", views.download, {"fmt": "pdf"}, name="report-pdf"),
    path("bao-cao/<int:report_id>/ban-ky-so.pdf", views.download_signed, name="report-signed-pdf"),
    path("bao-cao/<int:report_id>/ky-so/", views.sign, name="report-sign"),
    path("bao-cao/<int:report_id>/ky-so/tu-xa/", views.sign_external, name="report-sign-external"),
    path(
        "bao-cao/<int:report_id>/ky-so/tu-xa/<uuid:pending_id>/",
        views.sign_external_finish,
        name="report-sign-external-finish",
    ),
    path("bao-cao/<int:report_id>/ky-so-co-quan/", views.agency_sign, name="report-agency-sign"),
    path("don-vi/<int:unit_id>/chu-ky-so/", views.unit_signing, name="unit-signing"),
    path("tai-khoan/anh-chu-ky/", views.my_signature, name="my-signature"),
    path("kiem-tra-chu-ky-so/", views.verify, name="signature-verify"),
]
