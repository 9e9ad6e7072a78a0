"""Django app configuration for baocao.demo."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Configure the demo app: demo data loaders and generators, and their commands."""

    name = "baocao.demo"
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
