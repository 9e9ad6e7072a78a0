"""WSGI entry point for gunicorn: ``gunicorn baocao.wsgi``."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
application = get_wsgi_application()
# What start-up loaded (modules, settings, URLs, templates) lives as long as the process:
# frozen out of the cyclic collector, which then scans only what requests allocate (a full
# collection over start-up's objects added 30-40 ms to one request in ten of a large pivot).
gc.freeze()
