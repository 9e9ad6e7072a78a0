"""URL of the administrators' holidays page."""

from django.urls import path

from baocao.catalog import views_holidays

urlpatterns = [
    path("ngay-nghi/", views_holidays.holidays, name="holidays"),
]
