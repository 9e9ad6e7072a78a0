"""URL configuration of the api app: the REST API under /api/ and the account page."""

from django.urls import path

from baocao.api import views
from baocao.api.main import api

urlpatterns = [
    path("api/", api.urls),
    path("tai-khoan/", views.account, name="account"),
    path("tai-khoan/khoa/<int:token_id>/thu-hoi/", views.revoke, name="account-token-revoke"),
]
