"""The curl examples of docs/api.md work as written against a live server."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from baocao.api.tokens import create_token
from baocao.reports.models import Report

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def sh_blocks() -> list[str]:
    """Return the ```sh blocks of docs/api.md in order."""
    return re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_documented_curl_examples_run(live_server, draft, reporter, approver, tmp_path) -> None:
    blocks = sh_blocks()
    assert len(blocks) >= 8
    _, token = create_token(by=reporter, name="docs")
    _, approver_token = create_token(by=approver, name="docs")
    script = "set -euo pipefail\n" + "\necho '@@@'\n".join(blocks)
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "BAOCAO_URL": live_server.url,
            "TOKEN": token,
            "APPROVER_TOKEN": approver_token,
        },
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    outputs = result.stdout.split("@@@\n")
    report = Report.objects.get(unit__code="STTTT", period_code="2022-02")
    assert report.status == "approved"
    assert report.values.get(indicator__code="BAO_CHI").value == 812
    stale = json.loads(outputs[5])
    assert stale["error"]["code"] == "stale_version"
    dry_run = json.loads(outputs[7].strip().splitlines()[-1])
    assert dry_run["unchanged"] == 1 and dry_run["dry_run"] is True
    english = json.loads(outputs[8])
    assert english["error"]["code"] == "validation_error"
    assert english["error"]["message"] == "The request does not match the schema."
