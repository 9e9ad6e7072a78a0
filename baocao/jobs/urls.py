"""URLs of the jobs app: the jobs page, a job's progress, and the health endpoints."""

from __future__ import annotations

from django.urls import path

from baocao.jobs import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("cong-viec/", views.job_list, name="job-list"),
    path("cong-viec/bat-dau/", views.job_start, name="job-start"),
    path("bao-cao/<int:report_id>/xuat-nen/<str:fmt>/", views.export_start, name="job-export"),
    path("cong-viec/<int:job_id>/", views.job_detail, name="job-detail"),
    path("cong-viec/<int:job_id>/trang-thai.json", views.job_status, name="job-status"),
    path("cong-viec/<int:job_id>/tai-ve/", views.job_file, name="job-file"),
    path("cong-viec/<int:job_id>/chay-lai/", views.job_retry, name="job-retry"),
]
