"""``baocao backup`` / ``baocao restore``: the round trip keeps every row and every report.

The commands run in subprocesses against file databases (SQLite in a temporary folder; a
scratch PostgreSQL database when BAOCAO_TEST_DATABASE_URL is a postgres URL).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(url: str, *args: str, var: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "BAOCAO_DATABASE_URL": url,
        "BAOCAO_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "baocao.settings",
        "BAOCAO_ENV": "development",
    }
    env.pop("BAOCAO_TEST_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
    return done


def baocao(url: str, *args: str, var: Path, check: bool = True) -> subprocess.CompletedProcess:
    return run(url, "-m", "baocao.cli", *args, var=var, check=check)


def fingerprint(url: str, var: Path) -> dict:
    return json.loads(run(url, "-m", "tests.ops.fingerprint", var=var).stdout)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """Return a SQLite URL of a migrated database with the demo data, and its fingerprint."""
    var = tmp_path_factory.mktemp("backup")
    url = f"sqlite:///{var / 'source.sqlite3'}"
    baocao(url, "migrate", "--noinput", var=var)
    baocao(url, "demo", var=var)
    return url, var, fingerprint(url, var)


def test_sqlite_round_trip_keeps_counts_and_every_report(source):
    url, var, before = source
    assert before["counts"]["reports.Report"] > 0 and before["reports"]
    out = var / "sao-luu" / "baocao.sqlite3.bak"
    done = baocao(url, "backup", "-o", str(out), var=var)
    assert "Đã sao lưu" in done.stdout
    target = f"sqlite:///{var / 'restored.sqlite3'}"
    assert "Đã khôi phục" in baocao(target, "restore", str(out), var=var).stdout
    assert fingerprint(target, var) == before


def test_restore_refuses_to_overwrite_without_force(source):
    url, var, before = source
    out = var / "ghi-de.bak"
    baocao(url, "backup", "-o", str(out), var=var)
    target = f"sqlite:///{var / 'changed.sqlite3'}"
    baocao(target, "restore", str(out), var=var)
    # change the target, then try to restore over it
    run(
        target,
        "-c",
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'baocao.settings'); django.setup(); from baocao.reports.models import NarrativeItem; "
        "NarrativeItem.objects.all().delete()",
        var=var,
    )
    assert fingerprint(target, var) != before
    refused = baocao(target, "restore", str(out), var=var, check=False)
    assert refused.returncode != 0
    assert "đã có dữ liệu" in refused.stderr and "--force" in refused.stderr
    baocao(target, "restore", str(out), "--force", var=var)
    assert fingerprint(target, var) == before


def test_restore_checks_the_file_format_first(source, tmp_path):
    url, var, before = source
    junk = tmp_path / "khong-phai-sao-luu.bak"
    junk.write_bytes(b"PK\x03\x04 this is a zip, not a backup")
    done = baocao(url, "restore", str(junk), "--force", var=var, check=False)
    assert done.returncode != 0
    assert "không phải là bản sao lưu của baocao" in done.stderr
    missing = baocao(url, "restore", str(tmp_path / "khong-co.bak"), var=var, check=False)
    assert "Không tìm thấy tệp sao lưu" in missing.stderr
    assert fingerprint(url, var) == before


def test_a_postgres_dump_is_refused_by_a_sqlite_database(source, tmp_path):
    url, var, _ = source
    dump = tmp_path / "pg.dump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
    done = baocao(url, "restore", str(dump), "--force", var=var, check=False)
    assert "Tệp sao lưu là của postgresql" in done.stderr


PG_URL = os.environ.get("BAOCAO_TEST_DATABASE_URL", "")


@pytest.mark.skipif(
    not PG_URL.startswith(("postgres://", "postgresql://"))
    or not shutil.which("pg_dump")
    or not shutil.which("pg_restore"),
    reason="PostgreSQL round trip needs BAOCAO_TEST_DATABASE_URL=postgres://… "
    "and pg_dump/pg_restore",
)
def test_postgresql_round_trip_keeps_counts_and_every_report(tmp_path):
    import psycopg

    base = PG_URL.rsplit("/", 1)[0]
    names = [f"baocao_ops_{uuid.uuid4().hex[:8]}_{side}" for side in ("src", "dst")]
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        src, dst = (f"{base}/{name}" for name in names)
        baocao(src, "migrate", "--noinput", var=tmp_path)
        baocao(src, "demo", var=tmp_path)
        before = fingerprint(src, tmp_path)
        out = tmp_path / "baocao.dump"
        baocao(src, "backup", "-o", str(out), var=tmp_path)
        assert out.read_bytes()[:5] == b"PGDMP"
        baocao(dst, "restore", str(out), var=tmp_path)
        assert fingerprint(dst, tmp_path) == before
        refused = baocao(dst, "restore", str(out), var=tmp_path, check=False)
        assert "--force" in refused.stderr
        baocao(dst, "restore", str(out), "--force", var=tmp_path)
        assert fingerprint(dst, tmp_path) == before
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
