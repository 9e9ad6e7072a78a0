"""Admin of the core app: the admin's sign-in goes through the same throttle as the site's."""

from django.contrib import admin

from baocao.core.login import ThrottledAdminAuthenticationForm

# The throttle itself is in the authentication backend; this form words its refusal.
admin.site.login_form = ThrottledAdminAuthenticationForm
