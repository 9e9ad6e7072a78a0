"""URLs of the search pages."""

urlpatterns: list = []
