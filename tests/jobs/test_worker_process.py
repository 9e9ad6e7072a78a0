"""Real ``baocao worker`` processes: one killed mid-job, one stopped with SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

BAOCAO = str(Path(sys.executable).with_name("baocao"))
pytestmark = pytest.mark.django_db(transaction=True)

Query = Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]


@pytest.fixture
def worker_db(tmp_path: Path) -> Iterator[tuple[dict[str, str], Query]]:
    """Return the environment of a worker process and a way to read its database.

    On SQLite the tests' database lives in memory, so the processes share a migrated file;
    on PostgreSQL they use the tests' own database.
    """
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="baocao.settings",
        BAOCAO_JOB_LEASE_SECONDS="2",
        BAOCAO_REMIND_AT="off",
        BAOCAO_LOG_FORMAT="text",
    )
    env.pop("BAOCAO_JOBS_IMMEDIATE", None)
    if connection.vendor == "sqlite":
        path = tmp_path / "jobs.sqlite3"
        env["BAOCAO_DATABASE_URL"] = f"sqlite:///{path}"
        subprocess.run([BAOCAO, "migrate", "--noinput"], env=env, check=True, capture_output=True)

        def query(sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
            with sqlite3.connect(path, timeout=20) as db:
                return db.execute(sql.replace("%s", "?"), args).fetchall()
    else:
        s = connection.settings_dict
        env["BAOCAO_DATABASE_URL"] = (
            f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        )

        def query(sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(sql, args)
                return list(cursor.fetchall())

    yield env, query


def enqueue_probe(env: dict[str, str], key: str, seconds: float) -> None:
    code = (
        "from baocao.jobs.queue import enqueue; "
        f"enqueue('jobs.probe', {{'effect': '{key}', 'seconds': {seconds}}}, key='{key}')"
    )
    subprocess.run([BAOCAO, "shell", "-c", code], env=env, check=True, capture_output=True)


def start_worker(env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [BAOCAO, "worker", "--interval", "0.2", "--worker-id", name],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(check: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def job_row(query: Query, key: str) -> tuple[str, int, str, str]:
    rows = query("SELECT status, attempts, worker_id, result FROM jobs_job WHERE key = %s", (key,))
    status, attempts, worker, result = rows[0]
    return status, attempts, worker, result


def effects(query: Query, key: str) -> int:
    return int(query("SELECT COUNT(*) FROM jobs_jobeffect WHERE key = %s", (key,))[0][0])


def test_a_job_whose_worker_is_killed_is_run_again_without_duplicates(
    worker_db: tuple[dict[str, str], Query],
) -> None:
    env, query = worker_db
    enqueue_probe(env, "kill-9", seconds=6)
    first = start_worker(env, "worker-a")
    try:
        wait_for(
            lambda: job_row(query, "kill-9")[0] == "running" and effects(query, "kill-9") == 1,
            "worker-a to start the job",
        )
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert job_row(query, "kill-9")[:3] == ("running", 1, "worker-a")

    others = [start_worker(env, "worker-b"), start_worker(env, "worker-c")]
    try:
        wait_for(lambda: job_row(query, "kill-9")[0] == "done", "the job to be re-run")
    finally:
        for worker in others:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(timeout=60) for worker in others]
    status, attempts, worker, result = job_row(query, "kill-9")
    assert (status, attempts) == ("done", 2)
    assert worker in ("worker-b", "worker-c")
    payload = result if isinstance(result, dict) else json.loads(result)
    assert payload["worker"] == worker
    assert effects(query, "kill-9") == 1  # the side effect of the first attempt is not repeated
    assert codes == [0, 0]
    job_id = query("SELECT id FROM jobs_job WHERE key = %s", ("kill-9",))[0][0]
    attempts_by_status = dict(
        query(
            "SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult "
            "WHERE CAST(args_kwargs AS TEXT) LIKE %s GROUP BY status",
            (f'%"args": [{job_id}]%',),
        )
    )
    assert attempts_by_status == {"FAILED": 1, "SUCCESSFUL": 1}


BUSY = [f"busy-{n}" for n in range(6)]


def test_a_dead_workers_job_goes_before_a_busy_workers_backlog(
    worker_db: tuple[dict[str, str], Query],
) -> None:
    env, query = worker_db
    enqueue_probe(env, "victim", seconds=4)
    first = start_worker(env, "worker-a")
    try:
        wait_for(lambda: job_row(query, "victim")[0] == "running", "worker-a to start the job")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    for key in BUSY:  # queued after the victim was started: a backlog of 9 s
        enqueue_probe(env, key, seconds=1.5)
    other = start_worker(env, "worker-b")
    try:
        wait_for(
            lambda: all(job_row(query, k)[0] == "done" for k in ["victim", *BUSY]),
            "the victim and the backlog",
        )
    finally:
        other.send_signal(signal.SIGTERM)
        other.wait(timeout=60)
    finished = dict(query("SELECT key, finished_at FROM jobs_job WHERE status = 'done'"))
    assert job_row(query, "victim")[:3] == ("done", 2, "worker-b")
    # Re-queued as soon as its lease expired (between two attempts of the batch, or before
    # it) and run next, not after the whole backlog.
    assert finished["victim"] < max(finished[k] for k in BUSY)
    assert effects(query, "victim") == 1


def test_sigterm_lets_the_current_job_finish_then_stops_the_worker(
    worker_db: tuple[dict[str, str], Query],
) -> None:
    env, query = worker_db
    enqueue_probe(env, "sigterm", seconds=3)
    worker = start_worker(env, "worker-t")
    try:
        wait_for(lambda: job_row(query, "sigterm")[0] == "running", "the job to start")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    assert job_row(query, "sigterm")[:3] == ("done", 1, "worker-t")
