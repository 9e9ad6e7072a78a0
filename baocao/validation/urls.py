"""URLs of the validation rules pages."""

from django.urls import path

from baocao.validation import views

urlpatterns = [
    path("che-do/<int:regime_id>/quy-tac/", views.rule_list, name="validation-rules"),
]
