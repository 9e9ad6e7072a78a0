"""The Makefile's entry points: every target it names exists and does what README says."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(target: str, **env: str) -> str:
    """Return the commands ``make -n target`` would run (nothing is run)."""
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", **env},
    )
    return done.stdout


def test_every_phony_target_has_a_rule():
    phony = re.search(r"^\.PHONY:(.*)$", MAKEFILE, re.M)
    assert phony is not None
    rules = set(re.findall(r"^([\w-]+):", MAKEFILE, re.M))
    assert set(phony.group(1).split()) - rules == set()


def test_make_demo_migrates_and_loads_the_demo():
    commands = dry_run("demo")
    assert ".venv/bin/baocao migrate --noinput" in commands
    assert commands.rstrip().endswith(".venv/bin/baocao demo")


def test_test_sqlite_runs_on_sqlite_even_with_a_postgresql_url_exported():
    commands = dry_run("test-sqlite", BAOCAO_TEST_DATABASE_URL="postgres://x@127.0.0.1/y")
    assert "env -u BAOCAO_TEST_DATABASE_URL .venv/bin/pytest" in commands


@pytest.mark.parametrize("path", ["var/", ".schemathesis/", ".mypy_cache/", ".ruff_cache/"])
def test_generated_directories_are_ignored_by_git(path):
    done = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
    assert done.returncode == 0, f"{path} is not in .gitignore"
