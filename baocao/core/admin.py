"""Admin of the core app: the admin's sign-in goes through the same throttle as the site's."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from baocao.core.login import ThrottledAdminAuthenticationForm

# The throttle itself is in the authentication backend; this form words its refusal.
admin.site.login_form = ThrottledAdminAuthenticationForm

# The admin's titles in the project's words (Django's defaults say "Django administration").
admin.site.site_header = _("Quản trị hệ thống thông tin báo cáo")
admin.site.site_title = _("Quản trị baocao")
admin.site.index_title = _("Quản trị")
