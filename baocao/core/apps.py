"""Django app configuration for baocao.core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Configure the core app."""

    name = "baocao.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
