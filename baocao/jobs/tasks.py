"""The one django-tasks task: run an attempt of a ``Job`` (baocao.jobs.queue)."""

from __future__ import annotations

from django_tasks import TaskContext, task

from baocao.jobs import queue


@task(takes_context=True)
def run_job(context: TaskContext, job_id: int) -> str:
    """Run the attempt of job ``job_id`` that this task result stands for."""
    worker_ids = context.task_result.worker_ids
    return queue.run_attempt(
        job_id,
        worker_id=worker_ids[-1] if worker_ids else "",
        task_result_id=str(context.task_result.id),
    )
