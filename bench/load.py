"""Load test: 50 simulated users against gunicorn + PostgreSQL, then a check of the database.

Reporters create, save (each save adds an item carrying a unique token) and submit reports;
approvers approve what waits for them; viewers read lists, dashboards and reports. Afterwards
the database must hold every acknowledged token exactly once (no lost, no duplicated write),
and no request may have answered 5xx. Prints throughput and latency percentiles.

    .venv/bin/python bench/load.py                 # 5 minutes (the default), 50 users
    .venv/bin/python bench/load.py --duration 60   # one minute
    .venv/bin/python bench/load.py --compare fd290b5 --duration 240   # before/after, one run
    .venv/bin/python bench/load.py --think 5       # 50 real users: 5 s between requests

``--compare REF`` starts a second gunicorn from a ``git worktree`` of REF (its own scratch
database) and alternates the two servers in ``--rounds`` phases, so both see the same machine
load; the figures are printed side by side with ``os.getloadavg()`` of each phase.

Loopback only: gunicorn is started on a free 127.0.0.1 port against a scratch database that is
dropped at the end (``--keep`` keeps it). Where the tree has the job queue, a ``baocao worker``
runs beside it, as ``make run`` starts one: one node is the app and its worker, and the
database check prints the jobs by status.
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
ALERT = re.compile(r'(?s)<(p|div|ul)\b[^>]*role="alert"(?![^>]*\bhidden\b)[^>]*>(.*?)</\1>')

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
def jobs():
    from django.apps import apps
    if not apps.is_installed("baocao.jobs"):  # before the job queue: e-mails left in the request
        return None
    from baocao.jobs.models import Job
    return dict(Job.objects.values_list("status").annotate(n=Count("pk")).order_by())
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
    "jobs": jobs(),
}))
"""


@dataclass
class Stats:
    """Thread-safe request records: (kind, status, seconds)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    rows: list[tuple[str, int, float]] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    events: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # A POST answered 4xx, by "kind status: the page's first alert" (what the user was told)
    refusals: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.rows.append((kind, status, seconds))

    def refused(self, kind: str, response: requests.Response) -> None:
        """Count a POST's refusal under the message its page shows first."""
        found = ALERT.search(response.text)
        message = " ".join(re.sub(r"<[^>]+>", " ", found.group(2)).split()) if found else ""
        with self.lock:
            self.refusals[f"{kind} {response.status_code}: {html.unescape(message)[:160]}"] += 1

    def count(self, name: str) -> None:
        with self.lock:
            self.events[name] += 1


class User:
    """One simulated person with a browser-like session."""

    def __init__(self, base: str, username: str, stats: Stats, think: float = 0.0) -> None:
        self.base, self.username, self.stats = base, username, stats
        self.http = requests.Session()
        self.think = think  # mean seconds between two requests (0: none)
        self.month = 0  # the reporter's next period, kept across the phases of a comparison

    def request(self, kind: str, method: str, path: str, **kwargs) -> requests.Response:
        if method == "POST":
            data = kwargs.setdefault("data", {})
            data["csrfmiddlewaretoken"] = self.http.cookies.get("csrftoken", "")
        start = time.perf_counter()
        response = self.http.request(
            method, self.base + path, allow_redirects=False, timeout=60, **kwargs
        )
        self.stats.add(kind, response.status_code, time.perf_counter() - start)
        if method == "POST" and 400 <= response.status_code < 500:
            self.stats.refused(kind, response)
        if self.think:
            time.sleep(random.uniform(0.5, 1.5) * self.think)
        return response

    def login(self) -> None:
        think, self.think = self.think, 0.0
        self.request("login-page", "GET", "/dang-nhap/")
        response = self.request(
            "login", "POST", "/dang-nhap/", data={"username": self.username, "password": PASSWORD}
        )
        self.think = think
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
    while time.time() < deadline:
        month = user.month
        period = f"{2030 + month // 12}-{month % 12 + 1:02d}"
        user.month += 1
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


def run(cmd: list[str], env: dict, cwd: Path = ROOT, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed:\n{done.stdout}\n{done.stderr}")
    return done


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Server:
    """One gunicorn on a scratch database, with the simulated users signed in to it."""

    label: str
    tree: Path
    env: dict
    name: str
    people: dict = field(default_factory=dict)
    process: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None  # ``baocao worker``, where the tree has the queue
    stats: Stats = field(default_factory=Stats)
    users: list[tuple[User, str, dict]] = field(default_factory=list)
    elapsed: float = 0.0
    loads: list[float] = field(default_factory=list)


def prepare(server: Server, args: argparse.Namespace) -> None:
    """Migrate and fill the scratch database, start gunicorn, sign the users in."""
    env, tree = server.env, server.tree
    print(f"== {server.label}: scratch database {server.name} ({tree})", flush=True)
    run([sys.executable, "manage.py", "migrate", "--noinput"], env, cwd=tree)
    run([sys.executable, "manage.py", "demo"], env, cwd=tree)
    server.people = json.loads(run([sys.executable, "-c", SETUP], env, cwd=tree).stdout)
    port = free_port()
    server.process = subprocess.Popen(
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
        cwd=tree,
        env=env,
    )
    if (tree / "baocao/jobs/management/commands/worker.py").exists():
        # One node is the app and its worker (as `make run` starts them): the e-mails a step
        # sends are a job since issue 15, and their CPU counts with the node's.
        server.worker = subprocess.Popen([sys.executable, "manage.py", "worker"], cwd=tree, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            requests.get(base + "/dang-nhap/", timeout=10)
            break
        except requests.RequestException:
            time.sleep(0.2)
    people, stats = server.people, server.stats
    server.users = (
        [(User(base, p["username"], stats, args.think), "reporter", p) for p in people["reporters"]]
        + [
            (User(base, p["username"], stats, args.think), "approver", p)
            for p in people["approvers"]
        ]
        + [(User(base, p["username"], stats, args.think), "viewer", p) for p in people["viewers"]]
    )
    for user, _, _ in server.users:
        for attempt in range(3):  # a cold worker on a loaded machine may pass --timeout once
            try:
                user.login()
                break
            except requests.RequestException:
                if attempt == 2:
                    raise
    stats.rows.clear()


def phase(server: Server, seconds: float) -> None:
    """Run every user of ``server`` for ``seconds``."""
    started = time.time()
    deadline = started + seconds
    threads = []
    for index, (user, role, info) in enumerate(server.users):
        if role == "reporter":
            target, targs = (
                reporter_loop,
                (user, info["unit"], server.people["template"], deadline, index),
            )
        elif role == "approver":
            target, targs = approver_loop, (user, deadline)
        else:
            target, targs = viewer_loop, (user, deadline)
        thread = threading.Thread(target=target, args=targs, daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=seconds + 120)
    server.elapsed += time.time() - started
    server.loads.append(os.getloadavg()[0])


def summary(server: Server) -> dict:
    """Return the figures of one server's phases."""
    rows = server.stats.rows
    times = [s for _, _, s in rows]
    statuses: dict[int, int] = defaultdict(int)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, status, seconds in rows:
        statuses[status] += 1
        by_kind[kind].append(seconds)
    return {
        "requests": len(rows),
        "rate": len(rows) / server.elapsed if server.elapsed else 0.0,
        "p50": statistics.median(times) * 1000 if times else 0.0,
        "p95": percentile(times, 0.95) * 1000,
        "p99": percentile(times, 0.99) * 1000,
        "statuses": dict(sorted(statuses.items())),
        "kinds": {
            kind: (len(v), statistics.median(v) * 1000, percentile(v, 0.95) * 1000)
            for kind, v in sorted(by_kind.items())
        },
        "load": statistics.mean(server.loads) if server.loads else 0.0,
    }


def stop(server: Server) -> None:
    """Stop the server's gunicorn and worker (SIGTERM: a worker finishes its job first)."""
    for name in ("process", "worker"):
        process = getattr(server, name)
        if process is not None:
            process.terminate()
            process.wait(timeout=60)
            setattr(server, name, None)


def verify(server: Server, var: Path) -> dict:
    """Check the server's database: every acknowledged save stored exactly once, and so on."""
    tokens_file = var / f"tokens-{server.label}.json"
    tokens_file.write_text(json.dumps(server.stats.tokens))
    done = run([sys.executable, "-c", VERIFY, str(tokens_file)], server.env, cwd=server.tree)
    return json.loads(done.stdout)


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
    parser.add_argument("--think", type=float, default=0.0, help="mean think time, seconds")
    parser.add_argument(
        "--compare",
        metavar="REF",
        help="also run a gunicorn from a git worktree of REF; alternate the two servers",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="phases per server with --compare (default 3)"
    )
    parser.add_argument(
        "--also-think",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="after the rounds, run each server once more with this think time",
    )
    parser.add_argument(
        "--think-duration", type=int, default=60, help="seconds of that run (default 60)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    args = parser.parse_args(argv)

    import psycopg

    admin = psycopg.connect(f"{PG_BASE}/postgres", autocommit=True)
    var = Path(tempfile.mkdtemp(prefix="baocao-load-"))
    n_r = args.users // 2
    n_a = max(1, args.users // 5)
    n_v = args.users - n_r - n_a
    trees: list[tuple[str, Path]] = []
    worktree = None
    if args.compare:
        worktree = var / "before"
        run(["git", "worktree", "add", "--detach", str(worktree), args.compare], dict(os.environ))
        trees.append((f"before {args.compare}", worktree))
    trees.append(("after (this tree)" if args.compare else "this tree", ROOT))
    servers: list[Server] = []
    for index, (label, tree) in enumerate(trees):
        name = f"baocao_load_{os.getpid()}_{index}"
        admin.execute(f'CREATE DATABASE "{name}"')
        (var / str(index)).mkdir()
        env = {
            **os.environ,
            "BAOCAO_DATABASE_URL": f"{PG_BASE}/{name}",
            "BAOCAO_VAR_DIR": str(var / str(index)),
            "BAOCAO_DEBUG": "0",
            "BAOCAO_DB_CONN_MAX_AGE": "60",
            "BAOCAO_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "baocao.settings",
            "PW": PASSWORD,
            "N_R": str(n_r),
            "N_A": str(n_a),
            "N_V": str(n_v),
        }
        env.pop("PYTHONPATH", None)
        servers.append(Server(label=label, tree=tree, env=env, name=name))
    checks: dict[str, dict] = {}
    thought: dict[str, dict] = {}
    try:
        # Both databases are filled at the same time: each migration takes minutes when loaded.
        preparing = [threading.Thread(target=prepare, args=(s, args)) for s in servers]
        for thread in preparing:
            thread.start()
        for thread in preparing:
            thread.join()
        if any(not server.users for server in servers):
            raise SystemExit("a server could not be prepared (see above)")
        rounds = args.rounds if len(servers) > 1 else 1
        seconds = args.duration / rounds
        think = f", think time {args.think:g} s" if args.think else ", no think time"
        print(
            f"== {args.users} users, {args.workers} sync workers{think}: "
            f"{rounds} × {seconds:.0f} s per server",
            flush=True,
        )
        for round_ in range(rounds):
            for server in servers if round_ % 2 == 0 else reversed(servers):
                before = len(server.stats.rows)
                start = time.time()
                phase(server, seconds)
                done = len(server.stats.rows) - before
                print(
                    f"   round {round_ + 1} {server.label:<22} "
                    f"{done / (time.time() - start):6.1f} req/s   "
                    f"load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
        if args.also_think:
            # 50 real users: the same load with think time between requests; p95 is the figure.
            for server in servers:
                quiet = Stats()
                for user, _, _ in server.users:
                    user.stats, user.think = quiet, args.also_think
                phase_seconds, server.elapsed, loads = server.elapsed, 0.0, server.loads
                server.loads = []
                phase(server, args.think_duration)
                rows = quiet.rows
                times = [t for _, _, t in rows]
                thought[server.label] = {
                    "rate": len(rows) / server.elapsed,
                    "p50": statistics.median(times) * 1000 if times else 0.0,
                    "p95": percentile(times, 0.95) * 1000,
                    "5xx": sum(1 for _, code, _ in rows if code >= 500),
                    "load": server.loads[0],
                }
                server.stats.tokens.extend(quiet.tokens)
                server.elapsed, server.loads = phase_seconds, loads
                print(
                    f"   think {args.also_think:g} s  {server.label:<22} "
                    f"{thought[server.label]['rate']:6.1f} req/s   "
                    f"p95 {thought[server.label]['p95']:.0f} ms   load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
        for server in servers:
            stop(server)
        for server in servers:
            checks[server.label] = verify(server, var)
    finally:
        for server in servers:
            stop(server)
            if not args.keep:
                admin.execute(f'DROP DATABASE IF EXISTS "{server.name}" WITH (FORCE)')
        admin.close()
        if worktree is not None:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=False
            )

    figures = {server.label: summary(server) for server in servers}
    labels = list(figures)
    width = 24
    print("\n" + " " * 16 + "".join(f"{label:>{width}}" for label in labels))

    def line(name: str, values: list[str]) -> None:
        print(f"{name:<16}" + "".join(f"{v:>{width}}" for v in values))

    line("requests/s", [f"{f['rate']:.1f}" for f in figures.values()])
    line("requests", [str(f["requests"]) for f in figures.values()])
    for key in ("p50", "p95", "p99"):
        line(f"{key} ms", [f"{f[key]:.0f}" for f in figures.values()])
    line("load average", [f"{f['load']:.1f}" for f in figures.values()])
    line("status codes", [str(f["statuses"]) for f in figures.values()])
    if thought:
        think_label = f"think {args.also_think:g} s:"
        print(think_label)
        line("  requests/s", [f"{thought[label]['rate']:.1f}" for label in labels])
        line("  p50 ms", [f"{thought[label]['p50']:.0f}" for label in labels])
        line("  p95 ms", [f"{thought[label]['p95']:.0f}" for label in labels])
        line("  5xx", [str(thought[label]["5xx"]) for label in labels])
        line("  load average", [f"{thought[label]['load']:.1f}" for label in labels])
    kinds = sorted({k for f in figures.values() for k in f["kinds"]})
    print(f"{'kind p50/p95 ms':<16}")
    for kind in kinds:
        line(
            f"  {kind}",
            [
                "{} × {:.0f}/{:.0f}".format(*f["kinds"][kind]) if kind in f["kinds"] else "-"
                for f in figures.values()
            ],
        )
    ok = True
    for server in servers:
        check = checks[server.label]
        errors = sum(n for code, n in figures[server.label]["statuses"].items() if code >= 500)
        good = (
            errors == 0
            and check["lost"] == 0
            and check["duplicated"] == 0
            and check["duplicate_numbers"] == 0
            and check["submitted_versions"] == check["submit_events"]
        )
        ok = ok and good
        print(f"\n{server.label}: events {dict(sorted(server.stats.events.items()))}")
        for refusal, n in sorted(server.stats.refusals.items()):
            print(f"  refused {n} ×  {refusal}")
        print(f"  database check: {check}")
        print(
            f"  5xx: {errors}; lost writes: {check['lost']}; duplicated writes: "
            f"{check['duplicated']}; duplicate document numbers: {check['duplicate_numbers']} "
            f"=> {'OK' if good else 'FAILED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
