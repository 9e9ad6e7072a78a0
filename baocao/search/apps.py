"""Django app configuration for baocao.search."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Configure the search app."""

    name = "baocao.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"
