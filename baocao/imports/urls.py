"""URLs of the imports pages."""

urlpatterns: list = []
