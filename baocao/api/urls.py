"""URL configuration of the REST API (mounted under /api/)."""

urlpatterns: list = []
