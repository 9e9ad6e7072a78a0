"""Scale-out bench: one app node against two behind nginx, then kill -9 of a node and a worker.

Runs the users of bench/load.py (reporters saving items with unique tokens, approvers,
viewers) against the loopback cluster of ``scripts/cluster`` in three phases:

1. nginx → node 1 only (:8099);
2. nginx → both nodes (:8100);
3. both nodes; a third of the way in, 40 one-second probe jobs are queued, and as soon as
   worker 2 runs one of them (read from the Job table: running, its worker id, at most 3 of
   its 10 steps done) ``kill -9`` of worker 2 (by the process that saw it), then of app
   node 2 (master and workers).

Then it checks the primary: every save acknowledged (302) in any phase is stored exactly once;
the job caught was still running under worker 2 just after the kill, and was re-run by the
other worker once its lease expired, its effect (``JobEffect``) recorded exactly once; every
probe job is done, each effect recorded once. It exits 1 ("FAILED") when no running job was
caught or an effect is missing or duplicated. Prints requests/s, latency, the
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
from collections.abc import Callable
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # bench/load.py: the users and the database check

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "var" / "cluster"
ONE_NODE, TWO_NODES = "http://127.0.0.1:8099", "http://127.0.0.1:8100"
PROBE_JOBS = 40

PEOPLE = r"""
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
django.setup()
from django.contrib.auth import get_user_model
if get_user_model().objects.filter(username="load.r00").exists():
    sys.exit("the bench ran on this cluster already: scripts/cluster stop; scripts/cluster start --demo")
exec(os.environ["SETUP_CODE"])
"""

CATCH = r"""
import json, os, signal, socket, sys, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
django.setup()
from baocao.jobs import queue
from baocao.jobs.models import Job
tag, count, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ids = [queue.enqueue("jobs.probe", {"seconds": 1, "effect": f"{tag}:{i}"}, key=f"{tag}:{i}").pk
       for i in range(count)]
# Worker ids are host-pid-random (baocao worker). Wait for a probe running on worker 2 that
# has done at most 3 of its 10 steps (>= 0.7 s left), and kill -9 worker 2 at once, from here:
# a second process between the query and the kill would let the job finish first.
prefix = f"{socket.gethostname()}-{pid}-"
deadline, caught, killed = time.time() + 60, None, None
while caught is None and time.time() < deadline:
    caught = (Job.objects.filter(pk__in=ids, status="running", worker_id__startswith=prefix,
                                 progress_done__lte=3)
              .values("id", "worker_id", "attempts", "progress_done").first())
    if caught is None:
        time.sleep(0.05)
if caught is not None:
    os.kill(int(pid), signal.SIGKILL)
    killed = time.time()
print(json.dumps({"ids": ids, "caught": caught, "worker_killed": killed}), flush=True)
# The caught job's row 1 s after the kill (a commit the worker sent just before dying is in).
time.sleep(1)
row = caught and Job.objects.filter(pk=caught["id"]).values(
    "status", "worker_id", "attempts", "progress_done", "lease_until").first()
if row:
    row["lease_until"] = row["lease_until"] and row["lease_until"].timestamp()
print(json.dumps(row))
"""

JOBS_CHECK = r"""
import json, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
django.setup()
from django.db.models import Count, Max
from baocao.jobs.models import Job, JobEffect
ids, tag, caught = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3] or 0)
jobs = Job.objects.filter(pk__in=ids)
keys = {f"{tag}:{i}" for i in range(len(ids))}
per_key = dict(JobEffect.objects.filter(key__startswith=tag + ":").values_list("key")
               .annotate(n=Count("pk")).values_list("key", "n"))
job = Job.objects.filter(pk=caught).first()
last = jobs.exclude(pk=caught).aggregate(Max("finished_at"))["finished_at__max"]
print(json.dumps({
    "jobs": len(ids),
    "done": jobs.filter(status="done").count(),
    "rerun": jobs.filter(attempts__gt=1).count(),
    "effects": sum(per_key.values()),
    "effects_missing": len(keys - set(per_key)),
    "effects_duplicated": sum(1 for n in per_key.values() if n > 1),
    "others_finished": last and last.timestamp(),
    "caught": job and {
        "id": job.pk,
        "status": job.status,
        "attempts": job.attempts,
        "worker_id": job.worker_id,
        "rerun_started": job.started_at.timestamp() if job.started_at else None,
        "effects": list(JobEffect.objects.filter(key=job.params.get("effect"))
                        .values_list("job_id", flat=True)),
    },
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
        if method == "POST" and 400 <= response.status_code < 500:
            self.stats.refused(kind, response)  # what the page told the user, as load.User does
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
    kill_at: float = 0,
    kill: Callable[[], float] | None = None,
) -> tuple[float, float | None]:
    """Run the phase's users for ``seconds`` against ``base``; return elapsed and kill time.

    With ``kill``, call it ``kill_at`` seconds in (it kills and returns when it did).
    """
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
    if kill is not None:
        time.sleep(kill_at)
        killed = kill()
        print(f"   kill -9 app node 2 and worker 2 at +{killed - started:.1f} s", flush=True)
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.time() - started
    with stats.lock:
        PHASE_TOKENS.extend(stats.tokens)
        PHASE_EVENTS[name] = dict(stats.events)
        PHASE_REFUSALS[name] = dict(stats.refusals)
    return elapsed, killed


PHASE_TOKENS: list[str] = []
PHASE_EVENTS: dict[str, dict[str, int]] = {}
PHASE_REFUSALS: dict[str, dict[str, int]] = {}  # what a POST answered 4xx said, by kind


def catch_and_kill(env: dict[str, str], tag: str, probe: dict) -> float:
    """Queue the probe jobs, kill -9 worker 2 as soon as it runs one, then app node 2.

    Fill ``probe`` with the job ids, the job caught, when worker 2 died, and the job's row
    just after the kill (still ``running`` under worker 2's id: the kill caught it mid-job);
    return when app node 2 was killed.
    """
    pid = (CLUSTER / "run" / "worker2.pid").read_text().strip()
    catch = subprocess.Popen(
        [sys.executable, "-c", CATCH, tag, str(PROBE_JOBS), pid],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert catch.stdout is not None
    first = catch.stdout.readline()  # printed right after worker 2's kill
    killed = time.time()
    for target in ("app2", "worker2"):  # worker 2: already dead if caught; drops its pid file
        subprocess.run([str(ROOT / "scripts" / "cluster"), "kill", target], check=True)
    rest, errors = catch.communicate()
    if catch.returncode != 0:
        raise SystemExit(f"failed:\n{first}{rest}\n{errors}")
    probe.update(json.loads(first))
    probe["after_kill"] = json.loads(rest)
    if probe["caught"] is None:
        probe["worker_killed"] = killed
        print("   worker 2 ran no probe job within 60 s: nothing caught", flush=True)
    else:
        print(
            f"   caught job {probe['caught']['id']} on worker 2 ({probe['caught']['worker_id']}, "
            f"step {probe['caught']['progress_done']}/10), worker 2 killed "
            f"{killed - probe['worker_killed']:.2f} s before app node 2; 1 s later: "
            f"{probe['after_kill']}",
            flush=True,
        )
    return killed


def check_jobs(probe: dict, tag: str, env: dict[str, str]) -> bool:
    """Wait for every probe job; print the caught job's re-run; return whether all is right."""
    caught = probe["caught"]
    args = (json.dumps(probe["ids"]), tag, str(caught["id"] if caught else ""))
    for _ in range(90):  # the killed worker's job waits for its lease (20 s) to expire
        jobs = json.loads(python(JOBS_CHECK, env, *args))
        if jobs["done"] == jobs["jobs"]:
            break
        time.sleep(2)
    print(
        f"probe jobs: {jobs['done']}/{jobs['jobs']} done, {jobs['rerun']} re-run, effects "
        f"{jobs['effects']} ({jobs['effects_missing']} missing, {jobs['effects_duplicated']} "
        f"duplicated)"
    )
    ok = jobs["done"] == jobs["jobs"] == jobs["effects"] and not (
        jobs["effects_missing"] or jobs["effects_duplicated"]
    )
    if caught is None:
        print("caught job: none (the kill caught no running job) => FAILED")
        return False
    after, final = probe["after_kill"], jobs["caught"]
    mid_job = after["status"] == "running" and after["worker_id"] == caught["worker_id"]
    rerun = (
        final["status"] == "done"
        and final["attempts"] >= 2
        and final["worker_id"] != caught["worker_id"]
    )
    once = final["effects"] == [caught["id"]]

    def since(moment: float | None) -> str:
        return f"+{moment - probe['worker_killed']:.1f} s" if moment else "never"

    print(
        f"caught job {caught['id']}: running on worker 2 at the kill {mid_job}; now "
        f"{final['status']} after {final['attempts']} attempts, re-run by {final['worker_id']} "
        f"{since(final['rerun_started'])} after worker 2's kill (its lease expired at "
        f"{since(after['lease_until'])}; the other probe jobs were done at "
        f"{since(jobs['others_finished'])}); its effect recorded {len(final['effects'])} "
        f"time(s) => {'OK' if mid_job and rerun and once else 'FAILED'}"
    )
    return ok and mid_job and rerun and once


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
    for refusal, n in sorted(PHASE_REFUSALS.get(name, {}).items()):
        print(f"   refused {n} ×  {refusal}")
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
    probe: dict = {}
    failover = run_phase(
        "kill -9",
        2,
        TWO_NODES,
        signed,
        template,
        args.duration,
        kill_at=args.duration / 3,
        kill=lambda: catch_and_kill(env, tag, probe),
    )
    print(f"machine load after: {loadavg()}")

    print()
    five_one = report("one node", *one)
    five_two = report("two nodes", *two)
    report("kill -9", *failover)
    jobs_ok = check_jobs(probe, tag, env)
    tokens_file = CLUSTER / "tokens.json"
    tokens_file.write_text(json.dumps(PHASE_TOKENS))
    check = json.loads(python(load.VERIFY, env, str(tokens_file)))
    print(f"database check: {check}")
    ok = (
        five_one == 0
        and five_two == 0
        and check["lost"] == 0
        and check["duplicated"] == 0
        and check["duplicate_numbers"] == 0
        and jobs_ok
    )
    print(
        f"\nacknowledged writes {check['acknowledged']}: lost {check['lost']}, duplicated "
        f"{check['duplicated']}; probe jobs and the caught job {'right' if jobs_ok else 'WRONG'}"
        f" => {'OK' if ok else 'FAILED'} (load {loadavg()})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
