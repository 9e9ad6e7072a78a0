"""Benchmark the API: requests per second and p99 latency of report detail and list.

Starts gunicorn on a free loopback port with a temporary SQLite database loaded with
``baocao demo`` plus generated reports, then drives it with 20 concurrent clients
(http.client, keep-alive) for a fixed time per endpoint, prints the figures and stops it.

    .venv/bin/python bench/api.py [--seconds 20] [--clients 20] [--reports 300] [--workers 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

SEED = """
import datetime as dt
from django.contrib.auth import get_user_model
from baocao.api.tokens import create_token
from baocao.catalog.models import ReportTemplate
from baocao.domain.periods import Period
from baocao.domain.workflow import Role
from baocao.organizations.models import Membership, OrgUnit
from baocao.reports.services import ItemInput, create_report, save_draft, submit_report

template = ReportTemplate.objects.get(code="STTTT-THANG")
province = OrgUnit.objects.get(code="UBND-TB")
user = get_user_model().objects.get(username="chuyenvien")
sections = list(template.sections.all())
indicators = list(template.indicators.all())
count, index = 0, 0
units = []
while count < N:
    unit = OrgUnit.objects.create(code=f"BENCH{index:03d}", name=f"Đơn vị thử {index}",
                                  level="department", parent=province)
    template.assigned_units.add(unit)
    Membership.objects.create(user=user, unit=unit, role="reporter")
    user.__dict__.pop("_baocao_memberships", None)
    for month in range(1, 13):
        if count >= N:
            break
        report = create_report(unit=unit, template=template, period=Period.month(2023, month),
                               by=user)
        save_draft(report, by=user, expected_version=report.version,
                   items=[ItemInput(text=f"Nội dung số {k} của báo cáo tháng {month}.",
                                    section_id=sections[k % len(sections)].pk)
                          for k in range(12)],
                   values={i.pk: (str(10 + month), "") for i in indicators
                           if i.value_type != "text"})
        if month % 2:
            submit_report(report, by=user)
        count += 1
    index += 1
_, token = create_token(by=get_user_model().objects.get(username="tonghop"), name="bench")
print(token)
"""


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(var_dir: Path, reports: int) -> str:
    """Migrate, load the demo data and generated reports; return the consolidator's token."""
    env = {
        **os.environ,
        "BAOCAO_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "baocao.settings",
    }
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0", "--noinput"], check=True, env=env, cwd=ROOT)
    subprocess.run([*manage, "demo"], check=True, env=env, cwd=ROOT, capture_output=True)
    out = subprocess.run(
        [*manage, "shell", "-c", f"N = {reports}\n" + SEED],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def wait_for(port: int, timeout: float = 120) -> None:
    """Wait until the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/openapi.json")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def drive(port: int, token: str, paths: list[str], clients: int, seconds: float) -> dict:
    """Run ``clients`` threads requesting random ``paths`` for ``seconds``; return figures."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    headers = {"Authorization": f"Bearer {token}", "Connection": "keep-alive"}

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop:
            path = random.choice(paths)
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan")
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99_ms": p99 * 1000,
    }


def main() -> None:
    """Set up, start gunicorn, measure detail and list, print the figures, stop."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="baocao-bench-") as tmp:
        var_dir = Path(tmp)
        began = time.monotonic()
        token = prepare(var_dir, args.reports)
        print(
            f"data: demo + {args.reports} generated reports in "
            f"{time.monotonic() - began:.1f} s (SQLite, WAL)"
        )
        port = free_port()
        env = {
            **os.environ,
            "BAOCAO_VAR_DIR": str(var_dir),
            "BAOCAO_DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "baocao.settings",
            "BAOCAO_LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "baocao.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--worker-class",
                "sync",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(port)
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request(
                "GET", "/api/reports?limit=100", headers={"Authorization": f"Bearer {token}"}
            )
            listing = json.loads(conn.getresponse().read())
            ids = [row["id"] for row in listing["items"]]
            print(
                f"consolidator sees {listing['count']} reports; gunicorn {args.workers} "
                f"workers x 4 threads; {args.clients} clients, {args.seconds:.0f} s each, "
                f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
            )
            cases = {
                "detail  GET /api/reports/{id}": [f"/api/reports/{i}" for i in ids],
                "list    GET /api/reports?limit=50&offset=…": [
                    f"/api/reports?limit=50&offset={o}" for o in range(0, 150, 50)
                ],
            }
            for name, paths in cases.items():
                figures = drive(port, token, paths, args.clients, args.seconds)
                print(
                    f"{name:<44} {figures['rps']:7.1f} req/s  p50 {figures['p50_ms']:6.1f} ms"
                    f"  p99 {figures['p99_ms']:6.1f} ms  ({figures['requests']} requests, "
                    f"{figures['errors']} errors)"
                )
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
