"""Bulk imports as jobs: a folder of legacy reports, with progress, re-run without doubles."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from baocao.demo.load import load_demo
from baocao.jobs.models import Job, JobStatus
from baocao.reports.models import Report
from tests.conftest import sample_text


@pytest.fixture
def demo(db: Any, settings: Any) -> Any:
    settings.BAOCAO_JOBS_IMMEDIATE = False
    settings.BAOCAO_JOB_SCHEDULE = []
    return load_demo()


def test_a_folder_import_runs_as_a_job_and_a_rerun_makes_no_second_report(
    demo: Any, tmp_path: Path
) -> None:
    for month in ("03", "04"):
        text = sample_text().replace("tháng 01 năm 2022", f"tháng {month} năm 2022")
        (tmp_path / f"bc-{month}.txt").write_bytes(text.encode())
    params = {"paths": [str(tmp_path)], "unit": "STTTT", "template": "STTTT-THANG"}
    out = io.StringIO()
    call_command("enqueue", "imports.folder", "--params", json.dumps(params), stdout=out)
    job = Job.objects.get(pk=int(out.getvalue().split()[0]))
    call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.result["imported"], job.result["failed"]) == (2, 0)
    assert job.progress_total == 2

    again = io.StringIO()
    call_command("enqueue", "imports.folder", "--params", json.dumps(params), stdout=again)
    call_command("worker", "--batch")
    rerun = Job.objects.get(pk=int(again.getvalue().split()[0]))
    assert (rerun.result["imported"], rerun.result["skipped"]) == (0, 2)
    periods = list(Report.objects.filter(unit__code="STTTT").values_list("period_code", flat=True))
    assert periods.count("2022-03") == 1 and periods.count("2022-04") == 1
