"""Django app configuration for baocao.catalog."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """Configure the catalog app."""

    name = "baocao.catalog"
    label = "catalog"
    default_auto_field = "django.db.models.BigAutoField"
