"""The issuing pages: the clerk's desk and the inbox (``desk``), report packages (``packages``)."""
