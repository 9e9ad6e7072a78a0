"""URLs of the notices page."""

from django.urls import path

from baocao.notifications import views

urlpatterns = [
    path("thong-bao/", views.notice_list, name="notice-list"),
    path("thong-bao/<int:notice_id>/mo/", views.notice_open, name="notice-open"),
    path("thong-bao/da-doc/", views.notice_read_all, name="notice-read-all"),
]
