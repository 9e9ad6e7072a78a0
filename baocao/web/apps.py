"""Django app configuration for baocao.web."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    """Configure the web app."""

    name = "baocao.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"
