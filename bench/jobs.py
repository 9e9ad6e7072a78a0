"""Throughput of the job queue: N probe jobs enqueued, then run by one in-process worker.

Run against a scratch database (it writes jobs):
    BAOCAO_DATABASE_URL=sqlite:////tmp/bench-jobs.sqlite3 .venv/bin/baocao migrate
    BAOCAO_DATABASE_URL=sqlite:////tmp/bench-jobs.sqlite3 .venv/bin/python bench/jobs.py --jobs 500
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    os.environ.setdefault("BAOCAO_REMIND_AT", "off")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from baocao.jobs import queue
    from baocao.jobs.models import Job, JobStatus

    started = time.perf_counter()
    ids = [queue.enqueue("jobs.probe", {"seconds": 0}).pk for _ in range(args.jobs)]
    enqueued = time.perf_counter() - started
    started = time.perf_counter()
    call_command("worker", "--batch")
    ran = time.perf_counter() - started
    done = Job.objects.filter(pk__in=ids, status=JobStatus.DONE).count()
    print(f"database: {connection.vendor}; jobs: {args.jobs}, done: {done}")
    print(f"enqueue: {enqueued:.2f} s ({args.jobs / enqueued:.0f} jobs/s)")
    print(f"run (one worker): {ran:.2f} s ({args.jobs / ran:.0f} jobs/s)")


if __name__ == "__main__":
    main()
