"""Compare two stored versions of a report (So sánh phiên bản): what was added, removed, changed.

The comparison itself is pure (snapshots in, plain data out) and uses :mod:`difflib`: items
are aligned per section by their text, paired replacements get a word-level diff.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from baocao.core.actors import AuthenticatedRequest
from baocao.domain.numbers import format_number
from baocao.web.views.common import report_or_404

# Items whose texts are at least this similar are shown as one changed item.
SIMILAR = 0.5


@dataclass
class Segment:
    """A run of words that is the same in both versions, only in the old, or only in the new."""

    op: str  # "equal" | "delete" | "insert"
    text: str


@dataclass
class ItemChange:
    """One item's fate between the versions."""

    op: str  # "added" | "removed" | "changed" | "same"
    old: str = ""
    new: str = ""
    segments: list[Segment] = field(default_factory=list)


@dataclass
class SectionDiff:
    """The item changes within one section."""

    title: str
    items: list[ItemChange]

    @property
    def changed(self) -> bool:
        """Return whether anything in the section differs."""
        return any(item.op != "same" for item in self.items)


@dataclass
class ValueChange:
    """One indicator whose value, text or note differs."""

    name: str
    unit: str
    op: str  # "added" | "removed" | "changed"
    old: str
    new: str


@dataclass
class ReportDiff:
    """Every difference between two snapshots."""

    title: tuple[str, str] | None
    sections: list[SectionDiff]
    values: list[ValueChange]

    @property
    def counts(self) -> dict[str, int]:
        """Return how many items were added, removed and changed, and values changed."""
        ops = [item.op for s in self.sections for item in s.items]
        return {
            "added": ops.count("added"),
            "removed": ops.count("removed"),
            "changed": ops.count("changed"),
            "values": len(self.values),
        }

    @property
    def is_empty(self) -> bool:
        """Return whether the two versions have the same content."""
        return self.title is None and not self.values and not any(s.changed for s in self.sections)


def word_diff(old: str, new: str) -> list[Segment]:
    """Return the word-level differences between two texts."""
    a, b = old.split(), new.split()
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", " ".join(b[j1:j2])))
    return segments


def _section_items(snapshot: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    sections: dict[str, tuple[str, list[str]]] = {}
    for item in snapshot.get("items", []):
        key = item.get("section") or ""
        # Items without a section are stored under "Khác"; name them in the reader's language.
        title = (item.get("section_title") if key else "") or _("Khác")
        sections.setdefault(key, (title, []))[1].append(item.get("text", ""))
    return sections


def _pair(old: list[str], new: list[str]) -> list[ItemChange]:
    """Align a replaced block: pair similar texts as changed, the rest removed or added."""
    changes: list[ItemChange] = []
    for index in range(max(len(old), len(new))):
        a = old[index] if index < len(old) else None
        b = new[index] if index < len(new) else None
        if (
            a is not None
            and b is not None
            and difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR
        ):
            changes.append(ItemChange("changed", a, b, word_diff(a, b)))
            continue
        if a is not None:
            changes.append(ItemChange("removed", old=a))
        if b is not None:
            changes.append(ItemChange("added", new=b))
    return changes


def diff_items(old: list[str], new: list[str]) -> list[ItemChange]:
    """Return the changes between two ordered lists of item texts."""
    changes: list[ItemChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes += [ItemChange("same", text, text) for text in old[i1:i2]]
        elif op == "delete":
            changes += [ItemChange("removed", old=text) for text in old[i1:i2]]
        elif op == "insert":
            changes += [ItemChange("added", new=text) for text in new[j1:j2]]
        else:
            changes += _pair(old[i1:i2], new[j1:j2])
    return changes


def _number_text(raw: str) -> str:
    """Return a stored number in the Vietnamese format (1.234,5), whatever its notation."""
    try:
        return format_number(Decimal(raw))
    except (InvalidOperation, ValueError):
        return str(raw)


def _value_text(value: dict[str, Any] | None) -> str:
    if not value:
        return ""
    raw = value.get("value")
    shown = value.get("text_value", "") if raw is None else _number_text(raw)
    note = value.get("note") or ""
    return f"{shown} ({note})" if note else str(shown)


def diff_values(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[ValueChange]:
    """Return the indicators whose value, text or note differs."""
    a = {v["indicator"]: v for v in old}
    b = {v["indicator"]: v for v in new}
    changes = []
    for code in [*a, *(c for c in b if c not in a)]:
        before, after = _value_text(a.get(code)), _value_text(b.get(code))
        if before == after:
            continue
        ref = b.get(code) or a[code]
        op = "added" if code not in a else "removed" if code not in b else "changed"
        changes.append(ValueChange(ref.get("name", code), ref.get("unit", ""), op, before, after))
    return changes


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> ReportDiff:
    """Return every difference between two report snapshots."""
    title = None
    if old.get("title") != new.get("title"):
        title = (old.get("title", ""), new.get("title", ""))
    a, b = _section_items(old), _section_items(new)
    sections = []
    for key in [*a, *(k for k in b if k not in a)]:
        heading = (b.get(key) or a[key])[0]
        sections.append(
            SectionDiff(heading, diff_items(a.get(key, ("", []))[1], b.get(key, ("", []))[1]))
        )
    return ReportDiff(title, sections, diff_values(old.get("values", []), new.get("values", [])))


def _number(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw else default
    except ValueError:
        raise Http404(_("Không tìm thấy phiên bản.")) from None


@login_required
def report_diff(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Show the differences between two stored versions (``?tu=1&den=2``)."""
    report = report_or_404(request, report_id)
    versions = list(report.versions.select_related("created_by").order_by("number"))
    if not versions:
        raise Http404(_("Báo cáo chưa có phiên bản nào được lưu."))
    last = versions[-1].number
    by_number = {v.number: v for v in versions}
    old = by_number.get(_number(request.GET.get("tu"), max(1, last - 1)))
    new = by_number.get(_number(request.GET.get("den"), last))
    if old is None or new is None:
        raise Http404(_("Không tìm thấy phiên bản."))
    return render(
        request,
        "web/report_diff.html",
        {
            "report": report,
            "versions": versions,
            "old": old,
            "new": new,
            "diff": diff_snapshots(old.snapshot, new.snapshot),
        },
    )
