"""URLs of the HTML pages."""

from django.urls import path

from baocao.core.login import ThrottledLoginView
from baocao.web.views import editor, figures, home, offline, reports, review, versions

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", ThrottledLoginView.as_view(), name="login"),
    path("dang-xuat/", offline.LogoutView.as_view(), name="logout"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("bao-cao/", reports.report_list, name="report-list"),
    path("bao-cao/tao/", reports.report_create, name="report-create"),
    path("bao-cao/<int:report_id>/", reports.report_detail, name="report-detail"),
    path("bao-cao/<int:report_id>/soan/", editor.report_edit, name="report-edit"),
    path(
        "bao-cao/<int:report_id>/so-lieu.xlsx",
        figures.figures_download,
        name="report-figures-xlsx",
    ),
    path(
        "bao-cao/<int:report_id>/nhap-so-lieu/",
        figures.figures_upload,
        name="report-figures-upload",
    ),
    path(
        "bao-cao/<int:report_id>/nhap-so-lieu/ghi/",
        figures.figures_apply,
        name="report-figures-apply",
    ),
    path("bao-cao/<int:report_id>/lich-su/", reports.report_history, name="report-history"),
    path("bao-cao/<int:report_id>/so-sanh/", versions.report_diff, name="report-diff"),
    path(
        "bao-cao/<int:report_id>/gui-duyet/",
        review.report_action,
        {"action": "submit"},
        name="report-submit",
    ),
    path(
        "bao-cao/<int:report_id>/phe-duyet/",
        review.report_action,
        {"action": "approve"},
        name="report-approve",
    ),
    path(
        "bao-cao/<int:report_id>/tra-lai/",
        review.report_action,
        {"action": "return"},
        name="report-return",
    ),
    path("cho-duyet/", review.approval_queue_view, name="approval-queue"),
]
