"""Django app configuration for baocao.legal (registry of cited legal documents)."""

from django.apps import AppConfig


class LegalConfig(AppConfig):
    """Configure the legal app."""

    name = "baocao.legal"
    label = "legal"
    default_auto_field = "django.db.models.BigAutoField"
