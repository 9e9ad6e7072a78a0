from django.apps import AppConfig


class AdhocConfig(AppConfig):
    """Thematic and ad-hoc report requests (yêu cầu báo cáo chuyên đề, đột xuất)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "baocao.adhoc"
    verbose_name = "Yêu cầu báo cáo chuyên đề, đột xuất"
