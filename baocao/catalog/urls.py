"""URLs of the catalogue's pages (the administrators' holidays page)."""

from django.urls import path

from baocao.catalog.views import holidays

urlpatterns = [
    path("ngay-nghi/", holidays.holidays, name="holidays"),
]
