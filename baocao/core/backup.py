"""Back up and restore the database: SQLite's online backup API, or pg_dump/pg_restore.

A backup is one file: a SQLite database file, or a PostgreSQL custom-format dump (``-Fc``).
Restoring checks the file's format first and refuses to overwrite a database that holds data
unless forced.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """Raise when a backup or a restore cannot be done; the message is for the operator."""


def engine_kind(database: Mapping[str, Any]) -> str:
    """Return "sqlite" or "postgresql" for a Django database setting, else raise."""
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại {engine}.")


def detect_format(path: Path) -> str:
    """Return the backup file's format ("sqlite" or "postgresql"), or raise a clear error."""
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu: {path}")
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(
        f"Tệp {path} không phải là bản sao lưu của baocao (cần tệp SQLite hoặc bản dump "
        "PostgreSQL dạng -Fc tạo bởi `baocao backup`)."
    )


def _sqlite_name(database: Mapping[str, Any]) -> str:
    name = str(database["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
    return name


def _pg_env(database: Mapping[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[var] = str(database[key])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"Không tìm thấy chương trình {name}: cài gói postgresql-client.")
    return found


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} thất bại: {done.stderr.strip()[:2000]}")


def backup(output: Path, database: Mapping[str, Any]) -> Path:
    """Write a consistent backup of ``database`` to ``output`` (atomically) and return it."""
    kind = engine_kind(database)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".baocao-backup-", dir=output.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if kind == "sqlite":
            source = sqlite3.connect(_sqlite_name(database))
            target = sqlite3.connect(tmp)
            try:
                with target:
                    source.backup(target)  # online: consistent even while the app writes
            finally:
                target.close()
                source.close()
        else:
            _run([_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(tmp)], _pg_env(database))
        tmp.replace(output)
    finally:
        tmp.unlink(missing_ok=True)
    return output


def _sqlite_has_data(name: str) -> bool:
    if not Path(name).exists() or Path(name).stat().st_size == 0:
        return False
    with sqlite3.connect(name) as db:
        tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
    return bool(tables and tables[0])


def _pg_has_data(database: Mapping[str, Any]) -> bool:
    import psycopg

    env = _pg_env(database)
    with psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env.get("PGDATABASE"),
    ) as db:
        row = db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    return bool(row and row[0])


def has_data(database: Mapping[str, Any]) -> bool:
    """Return whether the database already holds tables."""
    if engine_kind(database) == "sqlite":
        return _sqlite_has_data(_sqlite_name(database))
    return _pg_has_data(database)


def restore(path: Path, database: Mapping[str, Any], *, force: bool = False) -> str:
    """Replace ``database``'s content with the backup at ``path``; return the format."""
    kind = engine_kind(database)
    found = detect_format(path)
    if found != kind:
        raise BackupError(f"Tệp sao lưu là của {found}, nhưng cơ sở dữ liệu đang dùng là {kind}.")
    if not force and has_data(database):
        raise BackupError(
            "Cơ sở dữ liệu đích đã có dữ liệu; chạy lại với --force để ghi đè "
            "(nên sao lưu bản hiện tại trước)."
        )
    connections.close_all()
    if kind == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            check = source.execute("PRAGMA integrity_check").fetchone()
            if not check or check[0] != "ok":
                raise BackupError(f"Tệp sao lưu {path} bị hỏng: {check}")
            target = sqlite3.connect(_sqlite_name(database))
            try:
                source.backup(target)
            finally:
                target.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"Tệp sao lưu {path} không đọc được: {exc}") from None
        finally:
            source.close()
    else:
        env = _pg_env(database)
        _run([_tool("pg_restore"), "--list", str(path)], env)  # validates the archive
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                env["PGDATABASE"],
                str(path),
            ],
            env,
        )
    return kind
