"""Django app configuration for baocao.validation (rules a report's figures must satisfy)."""

from django.apps import AppConfig


class ValidationConfig(AppConfig):
    """Configure the validation app."""

    name = "baocao.validation"
    label = "validation"
    default_auto_field = "django.db.models.BigAutoField"
