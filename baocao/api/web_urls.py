"""URLs of the account page (mounted at the site root)."""

from django.urls import path

from baocao.api import web_views

urlpatterns = [
    path("tai-khoan/", web_views.account, name="account"),
    path("tai-khoan/khoa/<int:token_id>/thu-hoi/", web_views.revoke, name="account-token-revoke"),
]
