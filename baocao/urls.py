"""Root URL configuration: each app owns its own ``urls.py``."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The reports' pages first: the busiest paths, matched in order (tests/web/test_urls.py
    # checks that no other app's path is taken by one of them).
    path("", include("baocao.web.urls")),
    path("", include("baocao.api.urls")),
    path("", include("baocao.documents.urls")),
    path("", include("baocao.imports.urls")),
    path("", include("baocao.analytics.urls")),
    path("", include("baocao.search.urls")),
    path("", include("baocao.legal.urls")),
    path("", include("baocao.catalog.urls")),
    path("", include("baocao.validation.urls")),
    path("", include("baocao.targets.urls")),
    path("", include("baocao.notifications.urls")),
    path("", include("baocao.registers.urls")),
    path("", include("baocao.issuing.urls")),
    path("", include("baocao.adhoc.urls")),
    path("", include("baocao.jobs.urls")),
]
