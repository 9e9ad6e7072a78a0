"""Scale-out bench: one app node against two behind nginx, then kill -9 of a node and a worker.

Runs the users of bench/load.py (reporters saving items with unique tokens, approvers,
viewers) against the loopback cluster of ``scripts/cluster`` in three phases:

1. nginx → node 1 only (:8099);
2. nginx → both nodes (:8100);
3. both nodes, and a third of the way in ``kill -9`` of app node 2 (master and workers) and of
   worker 2 while 40 one-second probe jobs run.

Then it checks the primary: every save acknowledged (302) in any phase is stored exactly once,
and every probe job is done with its effect recorded once. Prints requests/s, latency, the
share of reads served by the replica, the 5xx (phases 1–2 must have none; phase 3 only the
writes in flight on the killed node, which nginx does not retry) and the machine load.

    scripts/cluster start --demo          # a fresh cluster for each run
    .venv/bin/python bench/cluster.py --duration 60 --users 30
    scripts/cluster stop
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # bench/load.py: the users and the database check

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "var" / "cluster"
ONE_NODE, TWO_NODES = "http://127.0.0.1:8099", "http://127.0.0.1:8100"

PEOPLE = r"""
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
django.setup()
from django.contrib.auth import get_user_model
if get_user_model().objects.filter(username="load.r00").exists():
    sys.exit("the bench ran on this cluster already: scripts/cluster stop; scripts/cluster start --demo")
exec(os.environ["SETUP_CODE"])
"""

JOBS = r"""
import json, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
django.setup()
from baocao.jobs import queue
tag = sys.argv[1]
ids = [queue.enqueue("jobs.probe", {"seconds": 1, "effect": f"{tag}:{i}"}, key=f"{tag}:{i}").pk
       for i in range(int(sys.argv[2]))]
print(json.dumps(ids))
"""

JOBS_CHECK = r"""
import json, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
django.setup()
from baocao.jobs.models import Job, JobEffect
ids = json.loads(sys.argv[1]); tag = sys.argv[2]
jobs = Job.objects.filter(pk__in=ids)
print(json.dumps({
    "jobs": len(ids),
    "done": jobs.filter(status="done").count(),
    "rerun": jobs.filter(attempts__gt=1).count(),
    "effects": JobEffect.objects.filter(key__startswith=tag + ":").count(),
}))
"""


class ClusterUser(load.User):
    """A load.py user that also records when each request ran and who served its reads."""

    rows: list[tuple[str, str, int, float, float, bool]]  # phase, kind, status, start, end, rep
    phase = ""

    def request(self, kind: str, method: str, path: str, **kwargs) -> requests.Response:
        if method == "POST":
            data = kwargs.setdefault("data", {})
            data["csrfmiddlewaretoken"] = self.http.cookies.get("csrftoken", "")
        start = time.time()
        response = self.http.request(
            method, self.base + path, allow_redirects=False, timeout=60, **kwargs
        )
        end = time.time()
        replica = response.headers.get("X-Baocao-Read") == "replica"
        self.stats.add(kind, response.status_code, end - start)
        with self.stats.lock:
            ClusterUser.rows.append(
                (ClusterUser.phase, kind, response.status_code, start, end, replica)
            )
        return response

    def login(self) -> None:
        """Sign in, trying again once (a node may be restarting a worker)."""
        for attempt in range(3):
            self.request("login-page", "GET", "/dang-nhap/")
            response = self.request(
                "login",
                "POST",
                "/dang-nhap/",
                data={"username": self.username, "password": load.PASSWORD},
            )
            if response.status_code == 302:
                return
            print(f"   {self.username}: sign-in answered {response.status_code}", flush=True)
            time.sleep(1 + attempt)
        raise RuntimeError(f"{self.username} could not sign in: {response.text[:500]}")


ClusterUser.rows = []


def cluster_env(primary: bool = True) -> dict[str, str]:
    """Return the cluster's environment (``primary``: straight to PostgreSQL, not pgbouncer)."""
    env = dict(os.environ)
    for line in (CLUSTER / "env").read_text().splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        env[key] = value
    if primary:
        env["BAOCAO_DATABASE_URL"] = "postgres://postgres@127.0.0.1:5433/baocao"
        env.pop("BAOCAO_REPLICA_DATABASE_URL", None)
        env.pop("BAOCAO_DB_POOLER", None)
    return env


def python(code: str, env: dict[str, str], *args: str) -> str:
    """Run ``code`` in a Django process with ``env``; return its output."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def loadavg() -> str:
    """Return the machine's load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def sign_in(people: dict, phases: int) -> dict:
    """Sign every user in once (node 1); reporters are split into one disjoint set per phase.

    A reporter's loop creates reports for periods 2030-01, 2030-02, …: a new set of
    reporters (and units) per phase keeps the phases from refusing each other's periods.
    """
    ClusterUser.phase = "sign-in"
    stats = load.Stats()
    per = len(people["reporters"]) // phases
    signed: dict = {"reporters": [], "others": []}
    for index, p in enumerate(people["reporters"][: per * phases]):
        signed["reporters"].append((ClusterUser(ONE_NODE, p["username"], stats), p, index // per))
    for role in ("approvers", "viewers"):
        for p in people[role]:
            signed["others"].append((ClusterUser(ONE_NODE, p["username"], stats), role))
    for user, *_ in signed["reporters"] + signed["others"]:
        user.login()
    return signed


def run_phase(
    name: str,
    number: int,
    base: str,
    signed: dict,
    template: int,
    seconds: int,
    kill_at: float | None = None,
) -> tuple[float, float | None]:
    """Run the phase's users for ``seconds`` against ``base``; return elapsed and kill time."""
    stats = load.Stats()
    ClusterUser.phase = name
    users = [(u, "reporter", p) for u, p, n in signed["reporters"] if n == number]
    users += [(u, role[:-1], {}) for u, role in signed["others"]]
    for user, _, _ in users:
        user.base, user.stats = base, stats  # the session cookie is valid on either port
    print(f"== {name}: {len(users)} users on {base} for {seconds} s (load {loadavg()})", flush=True)
    started = time.time()
    deadline = started + seconds
    threads = []
    for index, (user, role, info) in enumerate(users):
        if role == "reporter":
            target, args = (
                load.reporter_loop,
                (user, info["unit"], template, deadline, index),
            )
        elif role == "approver":
            target, args = load.approver_loop, (user, deadline)
        else:
            target, args = load.viewer_loop, (user, deadline)
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        threads.append(thread)
    killed = None
    if kill_at is not None:
        time.sleep(kill_at)
        killed = time.time()
        for target in ("app2", "worker2"):
            subprocess.run([str(ROOT / "scripts" / "cluster"), "kill", target], check=True)
        print(f"   kill -9 app node 2 and worker 2 at +{killed - started:.1f} s", flush=True)
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.time() - started
    with stats.lock:
        PHASE_TOKENS.extend(stats.tokens)
        PHASE_EVENTS[name] = dict(stats.events)
    return elapsed, killed


PHASE_TOKENS: list[str] = []
PHASE_EVENTS: dict[str, dict[str, int]] = {}


def report(name: str, elapsed: float, killed: float | None) -> int:
    """Print the phase's figures; return its number of 5xx answers."""
    rows = [row for row in ClusterUser.rows if row[0] == name]
    times = [end - start for _, _, _, start, end, _ in rows]
    gets = [row for row in rows if row[1] in {"list", "view", "view-report", "queue"}]
    errors = [row for row in rows if row[2] >= 500]
    statuses: dict[int, int] = defaultdict(int)
    for row in rows:
        statuses[row[2]] += 1
    print(
        f"{name}: {len(rows)} requests in {elapsed:.1f} s = {len(rows) / elapsed:.1f} req/s; "
        f"p50 {statistics.median(times) * 1000:.0f} ms, p95 "
        f"{load.percentile(times, 0.95) * 1000:.0f} ms; replica served "
        f"{sum(1 for r in gets if r[5])}/{len(gets)} list/page reads; statuses "
        f"{dict(sorted(statuses.items()))}; events {PHASE_EVENTS.get(name)}"
    )
    if killed is not None:
        in_flight = [r for r in errors if r[3] <= killed + 0.5]
        print(
            f"   5xx: {len(errors)} ({len(in_flight)} started before the kill, "
            f"{sorted({r[1] for r in errors})}, methods: POST only = "
            f"{all(r[1] in {'create', 'save', 'submit', 'approve', 'login'} for r in errors)})"
        )
    return len(errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per phase")
    parser.add_argument("--users", type=int, default=30)
    args = parser.parse_args(argv)
    if not (CLUSTER / "env").exists():
        raise SystemExit("start the cluster first: scripts/cluster start --demo")

    env = cluster_env()
    n_r, n_a = args.users // 2, max(1, args.users // 5)
    env.update(
        {
            "N_R": str(n_r * 3),  # one set of reporters per phase
            "N_A": str(n_a),
            "N_V": str(args.users - n_r - n_a),
            "PW": load.PASSWORD,
            "SETUP_CODE": load.SETUP,
        }
    )
    people = json.loads(python(PEOPLE, env))
    print(f"machine load before: {loadavg()}; signing in", flush=True)
    signed = sign_in(people, 3)
    template = people["template"]
    one = run_phase("one node", 0, ONE_NODE, signed, template, args.duration)
    two = run_phase("two nodes", 1, TWO_NODES, signed, template, args.duration)
    tag = f"cluster-{int(time.time())}"
    job_ids = json.loads(python(JOBS, env, tag, "40"))
    failover = run_phase(
        "kill -9", 2, TWO_NODES, signed, template, args.duration, kill_at=args.duration / 3
    )
    print(f"machine load after: {loadavg()}")

    print()
    five_one = report("one node", *one)
    five_two = report("two nodes", *two)
    report("kill -9", *failover)

    for _ in range(90):  # the killed worker's job waits for its lease (20 s) to expire
        jobs = json.loads(python(JOBS_CHECK, env, json.dumps(job_ids), tag))
        if jobs["done"] == jobs["jobs"]:
            break
        time.sleep(2)
    tokens_file = CLUSTER / "tokens.json"
    tokens_file.write_text(json.dumps(PHASE_TOKENS))
    check = json.loads(python(load.VERIFY, env, str(tokens_file)))
    print(f"jobs: {jobs}")
    print(f"database check: {check}")
    ok = (
        five_one == 0
        and five_two == 0
        and check["lost"] == 0
        and check["duplicated"] == 0
        and check["duplicate_numbers"] == 0
        and jobs["done"] == jobs["jobs"] == jobs["effects"]
    )
    print(
        f"\nacknowledged writes {check['acknowledged']}: lost {check['lost']}, duplicated "
        f"{check['duplicated']}; jobs done {jobs['done']}/{jobs['jobs']}, effects "
        f"{jobs['effects']}, re-run after the kill {jobs['rerun']} => {'OK' if ok else 'FAILED'}"
        f" (load {loadavg()})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
