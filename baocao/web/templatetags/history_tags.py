"""The history page's details of an audit event, in words instead of raw keys."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from baocao.domain.periods import Period, PeriodError

register = template.Library()

# Counts: shown only when above zero ("values: 0" says nothing).
_COUNTS = {
    "items_added": lambda n: _("Thêm %(n)s nội dung") % {"n": n},
    "items_changed": lambda n: _("Sửa %(n)s nội dung") % {"n": n},
    "items_removed": lambda n: _("Xóa %(n)s nội dung") % {"n": n},
    "values": lambda n: _("Cập nhật %(n)s số liệu") % {"n": n},
    "carried_over": lambda n: _("Chuyển %(n)s nội dung từ kỳ trước") % {"n": n},
    "follow_through": lambda n: _("Đánh giá %(n)s nhiệm vụ kỳ trước") % {"n": n},
    "sources": lambda n: _("Tổng hợp từ %(n)s báo cáo") % {"n": n},
    "review": lambda n: _("%(n)s dòng số liệu cần xem lại") % {"n": n},
}
_FLAGS = {
    "title": lambda: _("Sửa tiêu đề"),
    "intro": lambda: _("Sửa phần mở đầu"),
}
_TEXTS = {
    "version": lambda v: _("Phiên bản %(v)s") % {"v": v},
    "number": lambda v: _("Số: %(v)s") % {"v": v},
    "to": lambda v: _("Gửi đến: %(v)s") % {"v": v},
    "file": lambda v: _("Tệp: %(v)s") % {"v": v},
    "filename": lambda v: _("Tệp: %(v)s") % {"v": v},
    "format": lambda v: _("Định dạng: %(v)s") % {"v": str(v).upper()},
    "signer": lambda v: _("Người ký: %(v)s") % {"v": v},
}
# Keys that only matter to the machine (row ids, hashes, internal states).
_HIDDEN = {"capture", "copy", "package", "sha256", "source_status", "status", "kind", "channel"}


def _period(value: object) -> str:
    try:
        period = Period.parse(str(value))
    except PeriodError:
        return str(value)
    return period.label_en if (get_language() or "").startswith("en") else period.label


@register.filter
def event_details(data: object) -> list[str]:
    """Return an audit event's details as short sentences in the active language: "Thêm 1 nội
    dung", "Cập nhật 3 số liệu"; zero counts and internal keys are left out; an unknown key
    keeps "key: value"."""
    if not isinstance(data, dict):
        return []
    out: list[str] = []
    for key, value in data.items():
        if key in _HIDDEN or value in (None, "", [], {}):
            continue
        if key in _COUNTS:
            n = len(value) if isinstance(value, list | tuple) else value
            if isinstance(n, int) and n > 0:
                out.append(_COUNTS[key](n))
        elif key in _FLAGS:
            if value:
                out.append(_FLAGS[key]())
        elif key == "period":
            out.append(_("Kỳ: %(v)s") % {"v": _period(value)})
        elif key == "issued_on":
            try:
                out.append(
                    _("Ngày ban hành: %(v)s")
                    % {"v": dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")}
                )
            except ValueError:
                out.append(_("Ngày ban hành: %(v)s") % {"v": value})
        elif key in _TEXTS:
            shown = ", ".join(map(str, value)) if isinstance(value, list | tuple) else value
            out.append(_TEXTS[key](shown))
        else:
            out.append(f"{key}: {value}")
    return out
