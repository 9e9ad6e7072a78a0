"""URLs of the legal pages."""

from django.urls import path

from baocao.legal import views

urlpatterns = [
    path("van-ban/", views.document_list, name="legal-documents"),
    path("van-ban/<int:document_id>/", views.document_detail, name="legal-document"),
]
