from django.apps import AppConfig


class IssuingConfig(AppConfig):
    """Issuing (ban hành), the outgoing register (sổ văn bản đi), sending and receiving."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "baocao.issuing"
    verbose_name = "Ban hành và gửi báo cáo"
