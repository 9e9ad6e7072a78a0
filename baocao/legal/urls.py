"""URLs of the legal pages."""

urlpatterns: list = []
