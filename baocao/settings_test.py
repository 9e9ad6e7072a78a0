"""Settings for the test suite: the default settings plus a faster hasher and an optional PG URL."""

from __future__ import annotations

import os

import dj_database_url

from baocao.settings import *  # noqa: F403
from baocao.settings import DATABASES, bind_on_server

_test_url = os.environ.get("BAOCAO_TEST_DATABASE_URL")
if _test_url:
    DATABASES["default"] = dj_database_url.parse(_test_url)
    bind_on_server(DATABASES["default"])  # the tests run as production does
else:
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "file:testdb?mode=memory&cache=shared",
        "TEST": {"NAME": None},
        "OPTIONS": {"timeout": 20},
    }

# A second alias on the same test database (TEST MIRROR), so the replica router's tests run
# without a replica; the router itself is installed only by those tests (override_settings).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
BAOCAO_JOBS_IMMEDIATE = True  # jobs run after their transaction commits (baocao.jobs)
