"""Load test: 50 simulated users against gunicorn + PostgreSQL, then a check of the database.

Reporters create, save (each save adds an item carrying a unique token) and submit reports;
approvers approve what waits for them; viewers read lists, dashboards and reports. Afterwards
the database must hold every acknowledged token exactly once (no lost, no duplicated write),
and no request may have answered 5xx. Prints throughput and latency percentiles.

    .venv/bin/python bench/load.py                 # 5 minutes (the default), 50 users
    .venv/bin/python bench/load.py --duration 60   # one minute

Loopback only: gunicorn is started on a free 127.0.0.1 port against a scratch database that is
dropped at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Tai-thu-2026!"
PG_BASE = "postgres://postgres@127.0.0.1:5432"

SETUP = r"""
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
django.setup()
from django.contrib.auth import get_user_model
from baocao.catalog.models import ReportTemplate
from baocao.organizations.models import Membership, OrgUnit
R, A, V = int(os.environ["N_R"]), int(os.environ["N_A"]), int(os.environ["N_V"])
User = get_user_model()
province = OrgUnit.objects.get(code="UBND-TB")
template = ReportTemplate.objects.get(code="STTTT-THANG")
def user(name, unit, role):
    u = User.objects.create_user(name, f"{name}@example.vn", os.environ["PW"])
    Membership.objects.create(user=u, unit=unit, role=role)
    return u
units, out = [], {"template": template.pk, "reporters": [], "approvers": [], "viewers": []}
for i in range(R):
    unit = OrgUnit.objects.create(code=f"LOAD-{i:02d}", name=f"Đơn vị tải thử {i:02d}",
                                  level="department", parent=province, doc_code=f"TT{i:02d}")
    template.assigned_units.add(unit)
    units.append(unit)
    user(f"load.r{i:02d}", unit, "reporter")
    out["reporters"].append({"username": f"load.r{i:02d}", "unit": unit.pk})
for j in range(A):
    u = user(f"load.a{j:02d}", units[j % R], "approver")
    for k in range(j + A, R, A):
        Membership.objects.create(user=u, unit=units[k], role="approver")
    out["approvers"].append({"username": f"load.a{j:02d}"})
for j in range(V):
    user(f"load.v{j:02d}", province, "viewer" if j % 3 else "consolidator")
    out["viewers"].append({"username": f"load.v{j:02d}"})
print(json.dumps(out))
"""

VERIFY = r"""
import json, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
django.setup()
from django.db.models import Count
from baocao.reports.models import NarrativeItem, Report, ReportVersion, AuditEvent
tokens = json.load(open(sys.argv[1]))
counts = {t: 0 for t in tokens}
for text in NarrativeItem.objects.filter(text__contains="LT-").values_list("text", flat=True):
    for t in text.split():
        if t in counts:
            counts[t] += 1
numbers = (Report.objects.exclude(number_text="").values("unit", "number_text")
           .annotate(n=Count("pk")).filter(n__gt=1).count())
print(json.dumps({
    "acknowledged": len(tokens),
    "lost": sum(1 for c in counts.values() if c == 0),
    "duplicated": sum(1 for c in counts.values() if c > 1),
    "reports": Report.objects.filter(unit__code__startswith="LOAD-").count(),
    "submitted_versions": ReportVersion.objects.filter(
        report__unit__code__startswith="LOAD-").count(),
    "submit_events": AuditEvent.objects.filter(
        verb="submit", report__unit__code__startswith="LOAD-").count(),
    "approved": Report.objects.filter(unit__code__startswith="LOAD-", status="approved").count(),
    "duplicate_numbers": numbers,
}))
"""


@dataclass
class Stats:
    """Thread-safe request records: (kind, status, seconds)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    rows: list[tuple[str, int, float]] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    events: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.rows.append((kind, status, seconds))

    def count(self, name: str) -> None:
        with self.lock:
            self.events[name] += 1


class User:
    """One simulated person with a browser-like session."""

    def __init__(self, base: str, username: str, stats: Stats) -> None:
        self.base, self.username, self.stats = base, username, stats
        self.http = requests.Session()

    def request(self, kind: str, method: str, path: str, **kwargs) -> requests.Response:
        if method == "POST":
            data = kwargs.setdefault("data", {})
            data["csrfmiddlewaretoken"] = self.http.cookies.get("csrftoken", "")
        start = time.perf_counter()
        response = self.http.request(
            method, self.base + path, allow_redirects=False, timeout=60, **kwargs
        )
        self.stats.add(kind, response.status_code, time.perf_counter() - start)
        return response

    def login(self) -> None:
        self.request("login-page", "GET", "/dang-nhap/")
        response = self.request(
            "login", "POST", "/dang-nhap/", data={"username": self.username, "password": PASSWORD}
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in: {response.status_code}")


def editor_form(page: str) -> tuple[dict, int | None]:
    """Return the editor form as posted by a browser, and the first section's id."""
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    title = html.unescape(re.search(r'name="title" value="([^"]*)"', page).group(1))
    data: dict = {"version": version, "title": title, "row": []}
    first_section = None
    for key in re.findall(r'name="row" value="([^"]+)"', page):
        item_id = re.search(rf'name="row-{re.escape(key)}-id" value="([^"]*)"', page).group(1)
        section = re.search(rf'name="row-{re.escape(key)}-section" value="([^"]*)"', page)
        text = re.search(rf'name="row-{re.escape(key)}-text"[^>]*>([^<]*)</textarea>', page)
        if first_section is None and section and section.group(1):
            first_section = int(section.group(1))
        if not item_id:
            continue  # an empty placeholder row
        data["row"].append(key)
        data[f"row-{key}-id"] = item_id
        data[f"row-{key}-section"] = section.group(1) if section else ""
        data[f"row-{key}-text"] = html.unescape(text.group(1)) if text else ""
    return data, first_section


def reporter_loop(user: User, unit: int, template: int, deadline: float, worker: int) -> None:
    stats = user.stats
    month = 0
    while time.time() < deadline:
        period = f"{2030 + month // 12}-{month % 12 + 1:02d}"
        month += 1
        user.request("list", "GET", "/bao-cao/")
        created = user.request(
            "create",
            "POST",
            "/bao-cao/tao/",
            data={"unit": unit, "template": template, "period": period},
        )
        match = re.search(r"/bao-cao/(\d+)/soan/", created.headers.get("Location", ""))
        if not match:
            stats.count("create_refused")
            continue
        report_id = int(match.group(1))
        for _ in range(3):
            if time.time() >= deadline:
                return
            page = user.request("editor", "GET", f"/bao-cao/{report_id}/soan/").text
            form, section = editor_form(page)
            token = f"LT-{worker}-{uuid.uuid4().hex[:12]}"
            form["row"].append("n1")
            form.update(
                {
                    "row-n1-id": "",
                    "row-n1-section": section or "",
                    "row-n1-text": f"Nội dung tải thử {token} đã hoàn thành.",
                }
            )
            saved = user.request("save", "POST", f"/bao-cao/{report_id}/soan/", data=form)
            if saved.status_code == 302:
                with stats.lock:
                    stats.tokens.append(token)
            else:
                stats.count(f"save_{saved.status_code}")
        user.request("submit-page", "GET", f"/bao-cao/{report_id}/gui-duyet/")
        sent = user.request("submit", "POST", f"/bao-cao/{report_id}/gui-duyet/", data={})
        stats.count("submitted" if sent.status_code == 302 else f"submit_{sent.status_code}")


def approver_loop(user: User, deadline: float) -> None:
    while time.time() < deadline:
        page = user.request("queue", "GET", "/cho-duyet/").text
        ids = sorted(set(re.findall(r"/bao-cao/(\d+)/phe-duyet/", page)))
        if not ids:
            time.sleep(0.2)
            continue
        report_id = random.choice(ids)
        user.request("approve-page", "GET", f"/bao-cao/{report_id}/phe-duyet/")
        done = user.request(
            "approve", "POST", f"/bao-cao/{report_id}/phe-duyet/", data={"comment": "Đồng ý."}
        )
        user.stats.count("approved" if done.status_code == 302 else f"approve_{done.status_code}")


def viewer_loop(user: User, deadline: float) -> None:
    pages = ["/bao-cao/", "/tong-quan/", "/tinh-hinh-nop/", "/"]
    while time.time() < deadline:
        path = random.choice(pages)
        page = user.request("view", "GET", path)
        ids = re.findall(r'href="/bao-cao/(\d+)/"', page.text)
        if ids:
            user.request("view-report", "GET", f"/bao-cao/{random.choice(ids)}/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed:\n{done.stdout}\n{done.stderr}")
    return done


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds (default 300)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--workers",
        type=int,
        default=5,
        help="gunicorn sync workers (--timeout 60 stops a runaway request)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)

    import psycopg

    name = f"baocao_load_{os.getpid()}"
    admin = psycopg.connect(f"{PG_BASE}/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    var = Path(tempfile.mkdtemp(prefix="baocao-load-"))
    env = {
        **os.environ,
        "BAOCAO_DATABASE_URL": f"{PG_BASE}/{name}",
        "BAOCAO_VAR_DIR": str(var),
        "BAOCAO_DEBUG": "0",
        "BAOCAO_DB_CONN_MAX_AGE": "60",
        "BAOCAO_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "baocao.settings",
        "PW": PASSWORD,
    }
    n_r = args.users // 2
    n_a = max(1, args.users // 5)
    n_v = args.users - n_r - n_a
    env.update({"N_R": str(n_r), "N_A": str(n_a), "N_V": str(n_v)})
    server = None
    try:
        print(f"== scratch database {name}: migrate, demo, {args.users} users", flush=True)
        run([sys.executable, "manage.py", "migrate", "--noinput"], env)
        run([sys.executable, "manage.py", "demo"], env)
        people = json.loads(run([sys.executable, "-c", SETUP], env).stdout)
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "baocao.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.workers),
                "-k",
                "sync",
                "--timeout",
                "60",
                "--graceful-timeout",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(base + "/dang-nhap/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        stats = Stats()
        users: list[tuple[User, str, dict]] = (
            [(User(base, p["username"], stats), "reporter", p) for p in people["reporters"]]
            + [(User(base, p["username"], stats), "approver", p) for p in people["approvers"]]
            + [(User(base, p["username"], stats), "viewer", p) for p in people["viewers"]]
        )
        for user, _, _ in users:
            user.login()
        print(
            f"== {len(users)} users on gunicorn {base} "
            f"({args.workers} sync workers) for {args.duration} s",
            flush=True,
        )
        stats.rows.clear()
        started = time.time()
        deadline = started + args.duration
        threads = []
        for index, (user, role, info) in enumerate(users):
            if role == "reporter":
                target, targs = (
                    reporter_loop,
                    (user, info["unit"], people["template"], deadline, index),
                )
            elif role == "approver":
                target, targs = approver_loop, (user, deadline)
            else:
                target, targs = viewer_loop, (user, deadline)
            thread = threading.Thread(target=target, args=targs, daemon=True)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(timeout=args.duration + 120)
        elapsed = time.time() - started
    except BaseException:
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        raise
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)

    tokens_file = var / "tokens.json"
    tokens_file.write_text(json.dumps(stats.tokens))
    check = json.loads(run([sys.executable, "-c", VERIFY, str(tokens_file)], env).stdout)
    if not args.keep:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()

    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, _, seconds in stats.rows:
        by_kind[kind].append(seconds)
    statuses = defaultdict(int)
    for _, status, _ in stats.rows:
        statuses[status] += 1
    all_times = [s for _, _, s in stats.rows]
    server_errors = sum(n for code, n in statuses.items() if code >= 500)
    rate = len(stats.rows) / elapsed
    print(f"\nrequests: {len(stats.rows)} in {elapsed:.1f} s = {rate:.1f} req/s")
    print(
        f"latency: p50 {statistics.median(all_times) * 1000:.0f} ms, "
        f"p95 {percentile(all_times, 0.95) * 1000:.0f} ms, "
        f"p99 {percentile(all_times, 0.99) * 1000:.0f} ms"
    )
    print("status codes:", dict(sorted(statuses.items())))
    print(f"{'kind':<14}{'count':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for kind, values in sorted(by_kind.items()):
        print(
            f"{kind:<14}{len(values):>8}{statistics.median(values) * 1000:>9.0f}"
            f"{percentile(values, 0.95) * 1000:>9.0f}"
        )
    print("events:", dict(sorted(stats.events.items())))
    print("database check:", check)
    ok = (
        server_errors == 0
        and check["lost"] == 0
        and check["duplicated"] == 0
        and check["duplicate_numbers"] == 0
        and check["submitted_versions"] == check["submit_events"]
    )
    print(
        f"\n5xx: {server_errors}; lost writes: {check['lost']}; duplicated writes: "
        f"{check['duplicated']}; duplicate document numbers: {check['duplicate_numbers']} "
        f"=> {'OK' if ok else 'FAILED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
