"""URL configuration of the REST API (mounted under /api/)."""

from django.urls import path

from baocao.api.main import api

urlpatterns = [path("", api.urls)]
