"""``jobs.probe``: a diagnostic job that records one effect, then waits; shows workers run."""

from __future__ import annotations

import time
from typing import Any

from baocao.jobs.queue import JobRun, register


@register("jobs.probe", max_attempts=3, label="Kiểm tra tiến trình xử lý")
def probe(run: JobRun) -> dict[str, Any]:
    """Record the effect ``params['effect']`` once, then wait ``params['seconds']``."""
    effect = str(run.params.get("effect") or f"probe:{run.job.pk}")
    seconds = float(run.params.get("seconds", 0))
    run.record_effect(effect)
    steps = max(1, int(seconds * 10))
    for step in range(steps):
        run.progress(step, steps, "đang chờ")
        time.sleep(seconds / steps)
    return {"effect": effect, "worker": run.worker_id}
