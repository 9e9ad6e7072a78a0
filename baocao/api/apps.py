"""Django app configuration for baocao.api."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Configure the api app."""

    name = "baocao.api"
    label = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"
