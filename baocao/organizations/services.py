"""Writes to the unit tree: applying a reorganisation plan (sắp xếp, tổ chức lại đơn vị).

``reorganize`` is the only writer of unit events, lineage links and unit history. It reads a
plan (CSV or YAML, see docs/reorganisation.md), checks it whole with ``domain.lineage``,
lists what it touches, and — unless it is a dry run — applies every new line in one
transaction. A line applied before is recognised by its key and skipped, so applying the
same plan twice changes nothing. A line that opens or moves a unit changes the tree the
analytics' subtree rollup was built on: ``reorganize`` marks it (``mark_tree_changed``); a
rename or a closing keeps every unit's path.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.analytics.rollup import mark_tree_changed
from baocao.core.actors import Actor, AnyUser
from baocao.core.errors import Forbidden
from baocao.domain.lineage import (
    EventKind,
    PlanError,
    PlanLine,
    UnitState,
    check_plan,
    decode_plan,
    parse_plan,
    read_rows,
)
from baocao.domain.text import clean_text
from baocao.domain.workflow import FINAL
from baocao.organizations.access import is_administrator
from baocao.organizations.models import Membership, OrgUnit, UnitEvent, UnitLink, UnitVersion

HISTORY_FIELDS = ("name", "short_name", "doc_code", "level", "parent_id", "governing_body")


@dataclass
class Touched:
    """What a plan touches, one readable line each (Vietnamese)."""

    units: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    registers: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)


@dataclass
class PlanResult:
    """The outcome of ``reorganize``: the lines, those applied before, errors, what is touched."""

    lines: list[PlanLine] = field(default_factory=list)
    already: list[PlanLine] = field(default_factory=list)
    errors: list[PlanError] = field(default_factory=list)
    touched: Touched = field(default_factory=Touched)
    events: list[UnitEvent] = field(default_factory=list)
    dry_run: bool = False

    @property
    def new_lines(self) -> list[PlanLine]:
        """Return the lines not applied before."""
        done = {line.key for line in self.already}
        return [line for line in self.lines if line.key not in done]


def read_plan(data: bytes, name: str) -> tuple[list[PlanLine], list[PlanError]]:
    """Return a plan's lines (sorted by date) and errors; YAML for .yaml/.yml, else CSV."""
    text, errors = decode_plan(data)
    if errors:
        return [], errors
    if "\x00" in text:
        return [], [PlanError(0, _("Tệp kế hoạch chứa ký tự không hợp lệ."))]
    if PurePath(name).suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 0
            return [], [PlanError(line, _("YAML không hợp lệ."))]
        if isinstance(loaded, dict):
            loaded = loaded.get("events")
        if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
            return [], [PlanError(0, _("Tệp YAML phải là một danh sách sự kiện (events)."))]
        return parse_plan(read_rows("", yaml_rows=loaded))
    try:
        rows = read_rows(text)
    except csv.Error:
        return [], [PlanError(0, _("Tệp CSV không đọc được."))]
    return parse_plan(rows)


def _states() -> tuple[dict[str, UnitState], dict[str, set[str]]]:
    """Return every unit's state for the plan check, and each unit's recorded predecessors."""
    units = list(
        OrgUnit.objects.values_list("pk", "code", "opened_on", "closed_on", "parent_id", "level")
    )
    codes = {pk: code for pk, code, *_rest in units}
    states = {
        code: UnitState(code, opened, closed, codes.get(parent), level)
        for _pk, code, opened, closed, parent, level in units
    }
    for _pk, code, _opened, closed, parent, _level in units:
        if parent in codes and closed is None:
            states[codes[parent]].open_children.add(code)
    direct: dict[str, set[str]] = {}
    for before, after in UnitLink.objects.values_list("predecessor__code", "successor__code"):
        direct.setdefault(after, set()).add(before)
    ancestry: dict[str, set[str]] = {}
    for code in direct:
        found, stack = set(), list(direct[code])
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(direct.get(current, ()))
        ancestry[code] = found
    return states, ancestry


def _future(lines: list[PlanLine], today: dt.date) -> list[PlanError]:
    """Return an error for each rename or move dated after today (the current values would
    change before their date)."""
    return [
        PlanError(
            k.number,
            _("đổi tên hoặc chuyển đơn vị ngày %(day)s chưa đến hiệu lực; hãy áp dụng từ ngày đó.")
            % {"day": f"{k.day:%d/%m/%Y}"},
        )
        for k in lines
        if k.kind in (EventKind.RENAME, EventKind.MOVE) and k.day > today
    ]


def _may_reorganize(user: AnyUser, lines: list[PlanLine]) -> None:
    """Raise Forbidden unless ``user`` administers every existing unit the plan names."""
    codes = {c for k in lines for c in (*k.sources, *k.targets, k.parent) if c}
    for unit in OrgUnit.objects.filter(code__in=codes):
        if not is_administrator(user, unit):
            raise Forbidden(
                _("Chỉ quản trị của đơn vị hoặc cấp trên mới sắp xếp được đơn vị %(code)s.")
                % {"code": unit.code}
            )
    if not getattr(user, "is_authenticated", False):
        raise Forbidden(_("Cần đăng nhập."))


def _touched(lines: list[PlanLine]) -> Touched:
    """List every unit, role, register, template assignment and open report the lines touch."""
    from baocao.reports.models import Report

    touched = Touched()
    units = {
        u.code: u
        for u in OrgUnit.objects.filter(
            code__in={c for k in lines for c in (*k.sources, *k.targets, k.parent) if c}
        )
    }
    affected: dict[str, str] = {}
    for line in lines:
        day = f"{line.day:%d/%m/%Y}"
        names = ", ".join(line.sources)
        target = ", ".join(line.targets)
        text = {
            EventKind.OPEN: _("%(day)s thành lập %(to)s — %(name)s"),
            EventKind.RENAME: _("%(day)s đổi tên %(from)s thành “%(name)s”"),
            EventKind.MOVE: _("%(day)s chuyển %(from)s về trực thuộc %(parent)s"),
            EventKind.MERGE: _("%(day)s hợp nhất %(from)s vào %(to)s"),
            EventKind.SPLIT: _("%(day)s chia tách %(from)s: %(to)s tiếp nhận %(functions)s"),
            EventKind.CLOSE: _("%(day)s giải thể %(from)s"),
        }[line.kind] % {
            "day": day,
            "from": names,
            "to": target,
            "name": line.name,
            "parent": line.parent,
            "functions": line.functions or _("toàn bộ"),
        }
        touched.units.append(f"{_('Dòng')} {line.number}: {text}")
        for code in (*line.sources, *line.targets):
            if code in units:
                closing = (
                    code in line.sources
                    and not (line.kind is EventKind.MERGE and code in line.targets)
                    and line.kind in (EventKind.MERGE, EventKind.SPLIT, EventKind.CLOSE)
                )
                if closing:
                    affected[code] = _("đóng ngày %(day)s") % {"day": day}
                else:
                    affected.setdefault(code, _("thay đổi ngày %(day)s") % {"day": day})
    chosen = [units[c] for c in affected if c in units]
    for member in (
        Membership.objects.filter(unit__in=chosen)
        .select_related("user", "unit")
        .order_by("unit__path", "user__username")
    ):
        touched.roles.append(
            _(
                "%(user)s — %(role)s tại %(unit)s (%(what)s): giữ nguyên; phân "
                "quyền tại đơn vị kế thừa nếu cần"
            )
            % {
                "user": member.user.get_username(),
                "role": member.get_role_display(),
                "unit": member.unit.code,
                "what": affected[member.unit.code],
            }
        )
    from baocao.registers.models import WorkRegister

    for register in WorkRegister.objects.filter(unit__in=chosen).select_related("unit"):
        touched.registers.append(
            _("Sổ %(code)s “%(name)s” của %(unit)s (%(what)s)")
            % {
                "code": register.code,
                "name": register.name,
                "unit": register.unit.code,
                "what": affected[register.unit.code],
            }
        )
    from baocao.catalog.models import ReportTemplate

    for template in (
        ReportTemplate.objects.filter(assigned_units__in=chosen, is_current=True)
        .prefetch_related("assigned_units")
        .distinct()
    ):
        for unit in template.assigned_units.all():
            if unit.code in affected:
                touched.templates.append(
                    _("%(unit)s phải báo cáo theo %(template)s (%(what)s)")
                    % {"unit": unit.code, "template": template.code, "what": affected[unit.code]}
                )
    finals = [s.value for s in FINAL]
    for report in (
        Report.objects.filter(unit__in=chosen)
        .exclude(status__in=finals)
        .select_related("unit", "template")
        .order_by("unit__path", "period_code")
    ):
        touched.reports.append(
            _(
                "Báo cáo %(template)s kỳ %(period)s của %(unit)s đang ở trạng "
                "thái “%(status)s” (%(what)s)"
            )
            % {
                "template": report.template.code,
                "period": report.period_code,
                "unit": report.unit.code,
                "status": report.get_status_display(),
                "what": affected[report.unit.code],
            }
        )
    return touched


def reorganize(
    data: bytes,
    *,
    name: str,
    by: Actor,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> PlanResult:
    """Check a reorganisation plan and apply its new lines in one transaction.

    Nothing is written when any line is wrong (every error is returned, one per line) or on
    a dry run. Lines applied before are skipped. The actor must administer every unit named.
    """
    today = today or timezone.localdate()
    result = PlanResult(dry_run=dry_run)
    lines, errors = read_plan(data, name)
    result.lines = lines
    if errors:
        result.errors = errors
        return result
    _may_reorganize(by, lines)
    with transaction.atomic():
        done = set(
            UnitEvent.objects.filter(key__in=[k.key for k in lines]).values_list("key", flat=True)
        )
        result.already = [k for k in lines if k.key in done]
        new = result.new_lines
        states, ancestry = _states()
        result.errors = sorted(
            check_plan(new, states, ancestry) + _future(new, today), key=lambda e: e.number
        )
        if result.errors:
            return result
        result.touched = _touched(new)
        if dry_run or not new:
            return result
        source = PurePath(name).name[:255]
        for line in new:
            result.events.append(_apply_line(line, by=by, source=source))
        if any(line.kind in (EventKind.OPEN, EventKind.MOVE) for line in new):
            mark_tree_changed()
    return result


def _ensure_history(unit: OrgUnit) -> UnitVersion:
    """Return the unit's current history row, creating it from the current values if none."""
    current = unit.versions.filter(valid_to__isnull=True).order_by("-valid_from").first()
    if current is None:
        current = UnitVersion.objects.create(
            unit=unit,
            valid_from=unit.opened_on,
            name=unit.name,
            short_name=unit.short_name,
            doc_code=unit.doc_code,
            level=unit.level,
            parent_id=unit.parent_id,
            governing_body=unit.governing_body,
        )
    return current


def _new_version(unit: OrgUnit, day: dt.date, event: UnitEvent, **changes: object) -> None:
    """End the unit's current history row at ``day`` and start one with ``changes``."""
    current = _ensure_history(unit)
    UnitVersion.objects.filter(pk=current.pk).update(valid_to=day)
    values = {f: getattr(unit, f) for f in HISTORY_FIELDS}
    values.update({k: v for k, v in changes.items() if v not in (None, "")})
    UnitVersion.objects.create(unit=unit, valid_from=day, event=event, **values)
    for name, value in values.items():
        setattr(unit, name, value)
    unit.save()


def _close(unit: OrgUnit, day: dt.date) -> None:
    """Close ``unit`` on ``day``: its history row ends, it stays under its parent."""
    current = _ensure_history(unit)
    UnitVersion.objects.filter(pk=current.pk).update(valid_to=day)
    OrgUnit.objects.filter(pk=unit.pk).update(closed_on=day)
    unit.closed_on = day


def _apply_line(line: PlanLine, *, by: Actor, source: str) -> UnitEvent:
    """Apply one checked line; return its event."""
    units = {
        u.code: u
        for u in OrgUnit.objects.filter(code__in=[*line.sources, *line.targets, line.parent])
    }
    actor = by if getattr(by, "pk", None) else None
    note = clean_text(line.note)[:500]

    def event(unit: OrgUnit) -> UnitEvent:
        return UnitEvent.objects.create(
            kind=line.kind.value,
            day=line.day,
            unit=unit,
            key=line.key,
            note=note,
            source=source,
            recorded_by=actor,
        )

    if line.kind is EventKind.OPEN:
        parent = units.get(line.parent)
        unit = OrgUnit.objects.create(
            code=line.targets[0],
            name=clean_text(line.name),
            level=line.level,
            short_name=clean_text(line.short_name),
            parent=parent,
            doc_code=clean_text(line.doc_code),
            governing_body=clean_text(line.governing_body),
            place_name=parent.place_name if parent else "",
            opened_on=line.day,
        )
        made = event(unit)
        UnitVersion.objects.create(
            unit=unit,
            valid_from=line.day,
            event=made,
            name=unit.name,
            short_name=unit.short_name,
            doc_code=unit.doc_code,
            level=unit.level,
            parent=parent,
            governing_body=unit.governing_body,
        )
        return made
    if line.kind in (EventKind.RENAME, EventKind.MOVE):
        unit = units[line.sources[0]]
        made = event(unit)
        parent = units.get(line.parent) if line.kind is EventKind.MOVE else None
        _new_version(
            unit,
            line.day,
            made,
            name=clean_text(line.name),
            short_name=clean_text(line.short_name),
            doc_code=clean_text(line.doc_code),
            level=line.level,
            governing_body=clean_text(line.governing_body),
            parent_id=parent.pk if parent else None,
        )
        return made
    if line.kind is EventKind.CLOSE:
        unit = units[line.sources[0]]
        made = event(unit)
        _close(unit, line.day)
        return made
    if line.kind is EventKind.MERGE:
        target = units[line.targets[0]]
        made = event(target)
        for code in line.sources:
            if code == target.code:
                continue
            unit = units[code]
            _close(unit, line.day)
            _link(made, line, unit, target)
        return made
    # split: one line per successor; the first closes the unit
    unit, target = units[line.sources[0]], units[line.targets[0]]
    made = event(unit)
    if unit.closed_on is None:
        _close(unit, line.day)
    _link(made, line, unit, target)
    return made


def _link(event: UnitEvent, line: PlanLine, unit: OrgUnit, successor: OrgUnit) -> None:
    """Record that ``successor`` takes over (part of) ``unit`` by a merge or split line."""
    UnitLink.objects.create(
        event=event,
        predecessor=unit,
        successor=successor,
        day=line.day,
        functions=clean_text(line.functions)[:500],
        indicators=" ".join(sorted(line.indicators))[:1000],
        share=line.share,
    )
    unit.successors.add(successor)
