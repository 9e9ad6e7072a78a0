"""Django app configuration for baocao.targets (annual plan targets, kế hoạch năm)."""

from django.apps import AppConfig


class TargetsConfig(AppConfig):
    """Configure the targets app."""

    name = "baocao.targets"
    label = "targets"
    default_auto_field = "django.db.models.BigAutoField"
