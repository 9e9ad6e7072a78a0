"""URLs of the analytics pages."""

urlpatterns: list = []
