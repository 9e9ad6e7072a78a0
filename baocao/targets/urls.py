"""URLs of the annual targets page."""

from django.urls import path

from baocao.targets import views

urlpatterns = [
    path("ke-hoach-nam/", views.target_grid, name="annual-targets"),
]
