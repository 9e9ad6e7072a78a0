"""Django app configuration for baocao.analytics."""

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Configure the analytics app."""

    name = "baocao.analytics"
    label = "analytics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Mark the subtree rollup stale when a unit is saved or deleted."""
        from django.db.models.signals import post_delete, post_save

        from baocao.analytics.rollup import mark_tree_changed
        from baocao.organizations.models import OrgUnit

        post_save.connect(mark_tree_changed, sender=OrgUnit, dispatch_uid="rollup_tree_save")
        post_delete.connect(mark_tree_changed, sender=OrgUnit, dispatch_uid="rollup_tree_delete")
