"""Django app configuration for baocao.organizations."""

from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    """Configure the organizations app."""

    name = "baocao.organizations"
    label = "organizations"
    default_auto_field = "django.db.models.BigAutoField"
