"""Template context shared by every page: the navigation the user's roles allow.

Pages of later features are listed here by URL name; an entry shows once its URL exists.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from baocao.domain.workflow import Role
from baocao.organizations.access import units_with_role

# (url name, label, roles that see it; empty = everyone signed in)
NAV_ENTRIES = [
    ("import-upload", _("Nhập từ tệp"), {Role.REPORTER}),
    ("registers", _("Sổ theo dõi"), set(Role)),
    ("clerk-desk", _("Văn thư"), {Role.CLERK}),
    ("inbox", _("Báo cáo đến"), {Role.CLERK, Role.CONSOLIDATOR}),
    ("adhoc-requests", _("Yêu cầu báo cáo"), set()),
    ("dashboard", _("Tổng quan"), {Role.VIEWER, Role.CONSOLIDATOR}),
    ("reporting-rates", _("Tình hình nộp báo cáo"), {Role.CONSOLIDATOR, Role.VIEWER}),
    ("consolidate", _("Báo cáo tổng hợp"), {Role.CONSOLIDATOR}),
    ("analytics", _("Phân tích số liệu"), {Role.VIEWER, Role.CONSOLIDATOR, Role.APPROVER}),
    ("search", _("Tra cứu"), set()),
    ("legal-documents", _("Văn bản được viện dẫn"), set()),
    ("holidays", _("Ngày nghỉ lễ"), {Role.ADMINISTRATOR}),
    ("account", _("Tài khoản"), set()),
]


def navigation(request: HttpRequest) -> dict:
    """Return which navigation entries to show to the current user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "nav_extra": []}
    held = {role for role in Role if units_with_role(user, role)}
    extra = []
    for name, label, roles in NAV_ENTRIES:
        if roles and not (roles & held):
            continue
        try:
            extra.append({"url": reverse(name), "label": label, "name": name})
        except NoReverseMatch:
            continue
    return {
        "nav": {
            "reporter": Role.REPORTER in held,
            "approver": Role.APPROVER in held,
            "admin": user.is_staff,
        },
        "nav_extra": extra,
    }
