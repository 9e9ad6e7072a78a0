"""Writes of the catalogue: reporting regimes (``regimes``), disaggregations, interchange."""
