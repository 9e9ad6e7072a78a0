"""URLs of the search pages."""

from django.urls import path

from baocao.search import views

urlpatterns = [
    path("tra-cuu/", views.search_page, name="search"),
]
