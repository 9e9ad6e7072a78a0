"""URLs of the documents pages."""

urlpatterns: list = []
