"""Template context shared by every page: the navigation the user's roles allow.

Pages of later features are listed here by URL name; an entry shows once its URL exists.
"""

from __future__ import annotations

from functools import lru_cache

from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baocao.domain.workflow import Role
from baocao.jobs.selectors import can_manage_jobs
from baocao.organizations.access import memberships

# (url name, label, roles that see it; empty = everyone signed in). Labels are short (context
# "menu"; the page titles keep the full names) so the menu fits on one line at 1366 px.
NAV_ENTRIES = [
    ("import-upload", _("Nhập từ tệp"), {Role.REPORTER}),
    ("registers", _("Sổ theo dõi"), set(Role)),
    ("clerk-desk", _("Văn thư"), {Role.CLERK}),
    ("inbox", _("Báo cáo đến"), {Role.CLERK, Role.CONSOLIDATOR}),
    ("adhoc-requests", pgettext_lazy("menu", "Yêu cầu"), set()),
    ("dashboard", _("Tổng quan"), {Role.VIEWER, Role.CONSOLIDATOR}),
    ("reporting-rates", pgettext_lazy("menu", "Tình hình nộp"), {Role.CONSOLIDATOR, Role.VIEWER}),
    ("consolidate", pgettext_lazy("menu", "Tổng hợp"), {Role.CONSOLIDATOR}),
    (
        "analytics",
        pgettext_lazy("menu", "Phân tích"),
        {Role.VIEWER, Role.CONSOLIDATOR, Role.APPROVER},
    ),
    ("search", _("Tra cứu"), set()),
    ("legal-documents", _("Văn bản được viện dẫn"), set()),
    ("regimes", pgettext_lazy("menu", "Danh mục"), {Role.ADMINISTRATOR}),
    ("regime-catalogue", _("Chế độ báo cáo"), set()),
    ("holidays", _("Ngày nghỉ lễ"), {Role.ADMINISTRATOR}),
    ("account", _("Tài khoản"), set()),
]
# Less-used entries, shown under "Khác" so the menu keeps to one line on a 1366 px screen.
MORE = {"registers", "legal-documents", "regimes", "regime-catalogue", "holidays", "account"}


@lru_cache(maxsize=128)
def _entries(
    held: frozenset[Role], prefix: str
) -> tuple[tuple[dict[str, object], ...], tuple[dict[str, object], ...]]:
    """Return the menu and the "Khác" entries for the roles ``held`` (the URLs are those of
    the URLconf under ``prefix``, fixed for the process; the labels stay lazy, translated when
    the page is rendered). Kept per process: every page asked ``reverse`` fifteen times."""
    extra: list[dict[str, object]] = []
    more: list[dict[str, object]] = []
    for name, label, roles in NAV_ENTRIES:
        if roles and not (roles & held):
            continue
        try:
            entry: dict[str, object] = {"url": reverse(name), "label": label, "name": name}
        except NoReverseMatch:
            continue
        (more if name in MORE else extra).append(entry)
    return tuple(extra), tuple(more)


def navigation(request: HttpRequest) -> dict:
    """Return which navigation entries to show to the current user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "nav_extra": [], "nav_more": []}
    roles = {membership.role for membership in memberships(user)}
    held = frozenset(role for role in Role if role.value in roles)
    shown, shown_more = _entries(held, get_script_prefix())
    extra, more = list(shown), list(shown_more)
    if can_manage_jobs(user):  # system administrators only: the page is 404 for others
        more.append({"url": reverse("job-list"), "label": _("Công việc nền"), "name": "job-list"})
    return {
        "nav": {
            "reporter": Role.REPORTER in held,
            "approver": Role.APPROVER in held,
            "admin": user.is_staff,
        },
        "nav_extra": extra,
        "nav_more": more,
    }
