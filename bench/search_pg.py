"""The bench's own PostgreSQL primary and streaming replica, for bench/search.py's setups.

    .venv/bin/python bench/search_pg.py start     # create (or restart) both, data from :5432
    .venv/bin/python bench/search_pg.py status
    .venv/bin/python bench/search_pg.py stop      # stop both and delete them

bench/search.py uses this module directly (``--setups default,tuned,replica``); the commands
above are for looking at the servers by hand. Both servers live under
/tmp/baocao-bench-search/pg (primary on 127.0.0.1:5444, replica on :5445) and never touch the
shared 5432 server's configuration: the data comes from it by ``pg_dump | pg_restore`` of the
bench database.

The primary is an ``initdb`` with ``wal_level = replica``; its settings are one included file,
``bench.conf``, which ``configure()`` rewrites before a restart: ``DEFAULT`` (empty: initdb's
defaults, the same as Debian's: ``shared_buffers = 128MB``, ``effective_cache_size = 4GB``,
``jit = on``, ``work_mem = 4MB``, ``random_page_cost = 4``) or ``tuned()`` (shared buffers that
hold the search table and its indexes, ``jit = off``, ``random_page_cost = 1.1`` …, and the
``pg_prewarm`` library with its autoprewarm worker). The replica is a ``pg_basebackup -R`` of
the primary (a hot standby streaming from it) with its own port and the same ``bench.conf``.
The copied database gets the ``pg_prewarm`` extension as an operator's install step creates it
(docs/operations.md, "PostgreSQL settings"); bench/search.py runs ``baocao prewarm`` after each
start of a tuned server, as the operator's systemd unit does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
ROOT = Path("/tmp/baocao-bench-search/pg")
PRIMARY_PORT = 5444
REPLICA_PORT = 5445
SOURCE_URL = "postgresql://postgres@127.0.0.1:5432"
DEFAULT: dict[str, str] = {}
SETTINGS = (
    "shared_buffers",
    "shared_preload_libraries",
    "effective_cache_size",
    "jit",
    "work_mem",
    "random_page_cost",
    "effective_io_concurrency",
)


def tuned(search_bytes: int) -> dict[str, str]:
    """Return the tuned settings for a search table and indexes of ``search_bytes``.

    Shared buffers hold the search table, its indexes and a quarter more (the items and
    reports a page loads), in steps of 256 MB; the planner is told the rest of the memory
    caches files (``effective_cache_size``), that a random read costs little more than a
    sequential one (data in memory or on SSD), and not to compile queries (``jit``). The
    ``pg_prewarm`` library is loaded: its autoprewarm worker writes the list of the buffers'
    blocks every 5 minutes and at shutdown and reads them back after a start (the search
    relations themselves are read by ``baocao prewarm`` after each start).
    """
    step = 256 * 2**20
    buffers = max(step, -(-int(search_bytes * 1.25) // step) * step)
    return {
        "shared_buffers": f"{buffers // 2**20}MB",
        "shared_preload_libraries": "pg_prewarm",
        "pg_prewarm.autoprewarm": "on",
        "effective_cache_size": f"{max(4 * 2**30, 3 * buffers) // 2**20}MB",
        "jit": "off",
        "random_page_cost": "1.1",
        "effective_io_concurrency": "200",
    }


def _as_postgres(args: list[str], *, check: bool = True) -> int:
    """Run a server command as the postgres user (initdb and pg_ctl refuse root); return its
    exit status."""
    if os.geteuid() == 0:
        args = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in args)]
    return subprocess.run(
        args, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ).returncode


@dataclass(frozen=True)
class Server:
    """One PostgreSQL server of the bench: its data directory and port."""

    name: str
    port: int

    @property
    def data(self) -> Path:
        """Return the data directory."""
        return ROOT / self.name

    @property
    def log(self) -> Path:
        """Return the server log."""
        return ROOT / f"{self.name}.log"

    def url(self, database: str) -> str:
        """Return the URL of ``database`` on this server."""
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def exists(self) -> bool:
        """Tell whether the data directory has been created."""
        return (self.data / "PG_VERSION").exists()

    def running(self) -> bool:
        """Tell whether the server runs."""
        if not self.exists():
            return False
        return (
            _as_postgres([str(PGBIN / "pg_ctl"), "-D", str(self.data), "status"], check=False) == 0
        )

    def configure(self, settings: dict[str, str]) -> None:
        """Write ``settings`` to bench.conf (read at the next start)."""
        lines = [f"{name} = '{value}'" for name, value in settings.items()]
        path = self.data / "bench.conf"
        path.write_text("".join(f"{line}\n" for line in lines))
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        _as_postgres(
            [str(PGBIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start"]
        )

    def stop(self) -> None:
        """Stop the server (fast shutdown) if it runs."""
        if self.running():
            _as_postgres([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def restart(self, settings: dict[str, str] | None = None, *, reboot: bool = False) -> None:
        """Restart with empty shared buffers (and new settings if given).

        While the server is down its data files are read once, so that they are in the
        operating system's page cache as after a restart of the service — or, with ``reboot``,
        dropped from it, so that the first reads come from the disk as after a restart of the
        machine.
        """
        self.stop()
        if settings is not None:
            self.configure(settings)
        if reboot:
            self.evict_files()
        else:
            self.cache_files()
        self.start()

    def _files(self) -> list[Path]:
        return [path for path in sorted((self.data / "base").rglob("*")) if path.is_file()]

    def cache_files(self) -> int:
        """Read every data file once (into the page cache); return the bytes read."""
        total = 0
        for path in self._files():
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    total += len(chunk)
        return total

    def evict_files(self) -> None:
        """Drop the (clean, the server being stopped) data files from the page cache."""
        for path in self._files():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


PRIMARY = Server("primary", PRIMARY_PORT)
REPLICA = Server("replica", REPLICA_PORT)


def create_primary() -> None:
    """Create the primary's data directory with default settings (initdb)."""
    ROOT.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(ROOT, "postgres", "postgres")
    _as_postgres(
        [
            str(PGBIN / "initdb"),
            "-D",
            str(PRIMARY.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ]
    )
    with (PRIMARY.data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"\n# bench/search_pg.py\nport = {PRIMARY_PORT}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{ROOT}'\nwal_level = replica\nmax_wal_senders = 4\n"
            "hot_standby = on\ninclude_if_exists = 'bench.conf'\n"
        )
    with (PRIMARY.data / "pg_hba.conf").open("a") as hba:
        hba.write("host replication postgres 127.0.0.1/32 trust\n")
    PRIMARY.configure(DEFAULT)


def copy_database(database: str) -> float:
    """Copy ``database`` from the shared server into the primary; return the seconds."""
    started = time.perf_counter()
    subprocess.run(
        [str(PGBIN / "createdb"), f"--maintenance-db={PRIMARY.url('postgres')}", database],
        check=True,
    )
    dump = subprocess.Popen(
        [str(PGBIN / "pg_dump"), "-Fc", "-Z0", "-d", f"{SOURCE_URL}/{database}"],
        stdout=subprocess.PIPE,
    )
    subprocess.run(
        [str(PGBIN / "pg_restore"), "--no-owner", "-d", PRIMARY.url(database)],
        stdin=dump.stdout,
        check=True,
    )
    if dump.stdout is not None:
        dump.stdout.close()
    if dump.wait() != 0:
        raise RuntimeError("pg_dump failed")
    # VACUUM ANALYZE, then the operator's install step (as postgres), before any replica.
    install = ["-c", "CREATE EXTENSION IF NOT EXISTS pg_prewarm"]
    subprocess.run(
        ["psql", "-q", "-d", PRIMARY.url(database), "-c", "VACUUM ANALYZE", *install],
        check=True,
    )
    return time.perf_counter() - started


def create_replica() -> float:
    """Make the replica a streaming hot standby of the primary; return the seconds."""
    started = time.perf_counter()
    backup = [str(PGBIN / "pg_basebackup"), "-d", PRIMARY.url("postgres")]
    _as_postgres([*backup, "-D", str(REPLICA.data), "-R", "-X", "stream", "-c", "fast"])
    conf = REPLICA.data / "postgresql.conf"
    conf.write_text(conf.read_text().replace(f"port = {PRIMARY_PORT}", f"port = {REPLICA_PORT}"))
    return time.perf_counter() - started


def has_database(server: Server, database: str) -> bool:
    """Tell whether ``database`` exists on the (running) server."""
    out = subprocess.run(
        [
            "psql",
            "-Atq",
            "-d",
            server.url("postgres"),
            "-c",
            f"SELECT 1 FROM pg_database WHERE datname = '{database}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == "1"


def ensure(database: str) -> list[str]:
    """Create what is missing (primary, its copy of ``database``, replica); return what was
    done, with the seconds it took."""
    done = []
    if not PRIMARY.exists():
        create_primary()
        done.append("initdb")
    if not PRIMARY.running():
        PRIMARY.start()
    if not has_database(PRIMARY, database):
        REPLICA.stop()
        shutil.rmtree(REPLICA.data, ignore_errors=True)
        done.append(f"pg_dump | pg_restore {copy_database(database):.0f} s")
    if not REPLICA.exists():
        done.append(f"pg_basebackup {create_replica():.0f} s")
    return done


def remove() -> None:
    """Stop both servers and delete their directories."""
    REPLICA.stop()
    PRIMARY.stop()
    shutil.rmtree(ROOT, ignore_errors=True)


def main() -> int:
    """Run one of the commands of the module's docstring."""
    command = sys.argv[1] if len(sys.argv) > 1 else "status"
    if command == "start":
        print("; ".join(ensure("baocao_bench_search")) or "already there")
        for server in (PRIMARY, REPLICA):
            if not server.running():
                server.start()
    elif command == "stop":
        remove()
    for server in (PRIMARY, REPLICA):
        state = "running" if server.running() else "stopped"
        print(f"{server.name}: {state}, 127.0.0.1:{server.port}, {server.data}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
