"""The catalogue's pages, one module per topic (``holidays``)."""
