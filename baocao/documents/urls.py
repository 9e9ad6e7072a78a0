"""URLs of the documents pages (mounted at the site root)."""

from django.urls import path

from baocao.documents import views

urlpatterns = [
    path("bao-cao/<int:report_id>/tai-ve.docx", views.download, {"fmt": "docx"},
         name="report-docx"),
    path("bao-cao/<int:report_id>/tai-ve.pdf", views.download, {"fmt": "pdf"}, name="report-pdf"),
    path("bao-cao/<int:report_id>/ban-ky-so.pdf", views.download_signed,
         name="report-signed-pdf"),
    path("bao-cao/<int:report_id>/ky-so/", views.sign, name="report-sign"),
    path("kiem-tra-chu-ky-so/", views.verify, name="signature-verify"),
]
