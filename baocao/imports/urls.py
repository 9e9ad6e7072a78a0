"""URLs of the import pages."""

from django.urls import path

from baocao.imports import views

urlpatterns = [
    path("nhap-bao-cao/", views.upload, name="import-upload"),
    path("nhap-bao-cao/<int:imported_id>/", views.preview, name="import-preview"),
]
