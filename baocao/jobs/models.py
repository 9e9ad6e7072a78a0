"""A job as the user and the operator see it; its attempts are django-tasks results.

``Job`` is the one row per piece of work (its idempotency ``key`` is unique), with the state
the queue engine lacks: attempts and back-off, the lease a running worker keeps renewing,
progress, the last error and the request that asked for it. Each attempt is a
``django_tasks_db.DBTaskResult`` row that the workers claim (``task_result_id``).
``JobEffect`` records a side effect already done (a row written, an e-mail sent) under its own
key, so a job re-run after its worker died does not do it twice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Thất bại")


class Job(models.Model):
    key = models.CharField(_("khóa"), max_length=200, unique=True)
    kind = models.CharField(_("loại"), max_length=100, db_index=True)
    params = models.JSONField(_("tham số"), default=dict)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("số lần chạy"), default=0)
    max_attempts = models.PositiveIntegerField(_("số lần chạy tối đa"), default=5)
    run_after = models.DateTimeField(_("chạy sau"))
    lease_until = models.DateTimeField(_("giữ đến"), null=True, blank=True)
    worker_id = models.CharField(_("tiến trình"), max_length=64, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    result = models.JSONField(null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        indexes = [models.Index(fields=["status", "lease_until"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        """Return the progress in percent (100 once done)."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    def status_data(self) -> dict[str, Any]:
        """Return what the progress endpoint answers."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "status": self.status,
            "attempts": self.attempts,
            "done": self.progress_done,
            "total": self.progress_total,
            "percent": self.percent,
            "note": self.progress_note,
            "finished": self.status in (JobStatus.DONE, JobStatus.FAILED),
        }


class JobEffect(models.Model):
    key = models.CharField(max_length=255, unique=True)
    job = models.ForeignKey(Job, null=True, on_delete=models.SET_NULL, related_name="effects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tác động đã thực hiện")
        verbose_name_plural = _("tác động đã thực hiện")

    def __str__(self) -> str:
        return self.key
