"""Personas of the jobs tests: a system administrator (of the province) and a unit's one."""

from __future__ import annotations

from typing import Any

import pytest

from baocao.domain.workflow import Role
from tests.conftest import make_user


@pytest.fixture
def superuser(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.vn", "x")


@pytest.fixture
def system_admin(province: Any) -> Any:
    return make_user("quantri", province, Role.ADMINISTRATOR)


@pytest.fixture
def unit_admin(unit: Any) -> Any:
    return make_user("quantridv", unit, Role.ADMINISTRATOR)


@pytest.fixture(autouse=True)
def worker_keeps_the_test_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let an in-process ``baocao worker --batch`` run inside the test's transaction.

    The worker closes connections that are not in autocommit mode, as Django does between
    requests; a test's transaction is such a connection, and on PostgreSQL closing it ends the
    test's database session. (The real worker processes of test_worker_process.py do close.)
    """
    import django_tasks_db.management.commands.db_worker as db_worker

    import baocao.jobs.management.commands.worker as worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
