"""Django app configuration for baocao.documents."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Configure the documents app."""

    name = "baocao.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"
