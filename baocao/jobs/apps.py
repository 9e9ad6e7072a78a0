"""The background jobs app: the queue on django-tasks' database backend (docs/architecture.md)."""

from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "baocao.jobs"
    verbose_name = "Công việc nền"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Import every app's ``jobs`` module so that its handlers are registered."""
        import_module("baocao.jobs.probe")
        import_module("baocao.jobs.maintenance")
        autodiscover_modules("jobs")
