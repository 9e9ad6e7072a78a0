"""Django app configuration for baocao.imports."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Configure the imports app."""

    name = "baocao.imports"
    label = "imports"
    default_auto_field = "django.db.models.BigAutoField"
