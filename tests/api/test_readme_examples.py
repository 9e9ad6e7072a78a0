"""The curl examples of the README work as written against the demo data."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from baocao.api.tokens import create_token
from baocao.demo.load import load_demo
from baocao.reports.models import Report

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_readme_curl_block_runs_against_the_demo(live_server, tmp_path) -> None:
    data = load_demo()
    _, token = create_token(by=data["users"]["chuyenvien"], name="readme")
    block = next(
        b
        for b in re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
        if "curl" in b
    )
    script = "set -euo pipefail\n" + block.replace(
        "export BAOCAO_URL=http://127.0.0.1:8000 TOKEN=bc_...", "true"
    )
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "BAOCAO_URL": live_server.url, "TOKEN": token},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = Report.objects.get(unit__code="STTTT", period_code="2022-02")
    assert report.status == "submitted"
    assert report.values.get(indicator__code="BAO_CHI_TW").value == 812
    assert '"period": "2022-02"' in (tmp_path / "stttt-2022-02.json").read_text()
