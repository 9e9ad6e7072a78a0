"""URLs of the notices page and of the notice preference (on the account page)."""

from django.urls import path

from baocao.notifications import views

urlpatterns = [
    path("thong-bao/", views.notice_list, name="notice-list"),
    path("thong-bao/<int:notice_id>/mo/", views.notice_open, name="notice-open"),
    path("thong-bao/da-doc/", views.notice_read_all, name="notice-read-all"),
    path("tai-khoan/thong-bao/", views.notice_preferences, name="notice-preferences"),
]
