"""Permission-checked reads of units' history and lineage, and the tree as of a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from baocao.core.actors import AnyUser
from baocao.core.errors import NotFound
from baocao.domain.lineage import Graph, Link
from baocao.organizations.access import is_administrator
from baocao.organizations.models import OrgUnit, UnitEvent, UnitLink, UnitVersion


def lineage_graph(as_of: dt.date | None = None) -> Graph:
    """Return every unit's parent and the lineage links dated on or before ``as_of``."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    links = UnitLink.objects.all()
    if as_of is not None:
        links = links.filter(day__lte=as_of)
    return Graph(
        parents,
        [
            Link(int(before), int(after), day, share, frozenset(codes.split()))
            for before, after, day, share, codes in links.values_list(
                "predecessor_id", "successor_id", "day", "share", "indicators"
            )
        ],
    )


def lineage_codes(unit: OrgUnit) -> tuple[list[str], list[str]]:
    """Return the codes of the unit's direct predecessors and successors."""
    before = sorted(
        UnitLink.objects.filter(successor=unit)
        .values_list("predecessor__code", flat=True)
        .distinct()
    )
    after = sorted(
        set(UnitLink.objects.filter(predecessor=unit).values_list("successor__code", flat=True))
        | set(unit.successors.values_list("code", flat=True))
    )
    return before, after


def children_as_of(unit: OrgUnit, day: dt.date) -> list[OrgUnit]:
    """Return the units open on ``day`` whose parent on that day was ``unit``."""
    candidates = (
        OrgUnit.objects.filter(Q(parent=unit) | Q(versions__parent=unit))
        .distinct()
        .prefetch_related("versions")
        .order_by("path")
    )
    return [u for u in candidates if u.is_open_on(day) and u.as_of(day).parent_id == unit.pk]


def units_as_of(units: list[OrgUnit], day: dt.date) -> list[OrgUnit]:
    """Return those of ``units`` open on ``day``."""
    return [u for u in units if u.is_open_on(day)]


@dataclass
class TimelineEntry:
    """One dated step of a unit's life, as the timeline page shows it."""

    day: dt.date | None
    kind: str
    label: str
    text: str
    links: list[UnitLink] = field(default_factory=list)
    event: UnitEvent | None = None


@dataclass
class Timeline:
    """A unit's life: its names over time, the events, predecessors and successors."""

    unit: OrgUnit
    versions: list[UnitVersion]
    entries: list[TimelineEntry]
    predecessors: list[UnitLink]
    successors: list[UnitLink]


def unit_timeline(user: AnyUser, code: str) -> Timeline:
    """Return the timeline of the unit coded ``code`` for an administrator of it or above
    (NotFound for anyone else)."""
    unit = OrgUnit.objects.filter(code=code).select_related("parent").first()
    if unit is None or not is_administrator(user, unit):
        raise NotFound(_("Không tìm thấy đơn vị."))
    versions = list(unit.versions.select_related("parent", "event").order_by("valid_from"))
    before = list(
        UnitLink.objects.filter(successor=unit)
        .select_related("predecessor", "event")
        .order_by("day", "pk")
    )
    after = list(
        UnitLink.objects.filter(predecessor=unit)
        .select_related("successor", "event")
        .order_by("day", "pk")
    )
    entries: list[TimelineEntry] = []
    if unit.opened_on or not versions:
        entries.append(
            TimelineEntry(
                unit.opened_on, "open", _("Thành lập"), versions[0].name if versions else unit.name
            )
        )
    events = {
        e.pk: e
        for e in UnitEvent.objects.filter(
            Q(unit=unit) | Q(links__predecessor=unit) | Q(links__successor=unit)
        ).distinct()
    }
    for event in sorted(events.values(), key=lambda e: (e.day, e.pk)):
        links = [k for k in (*before, *after) if k.event_id == event.pk]
        text = _event_text(event, unit, links, versions)
        if event.kind == UnitEvent.Kind.OPEN and entries and entries[0].kind == "open":
            entries[0] = TimelineEntry(event.day, "open", _("Thành lập"), text, links, event)
            continue
        entries.append(
            TimelineEntry(event.day, event.kind, event.get_kind_display(), text, links, event)
        )
    if unit.closed_on and not any(
        e.day == unit.closed_on and e.kind in ("merge", "split", "close") for e in entries
    ):
        entries.append(
            TimelineEntry(
                unit.closed_on, "close", _("Ngừng hoạt động"), _("Đơn vị ngừng hoạt động.")
            )
        )
    return Timeline(unit, versions, entries, before, after)


def _event_text(
    event: UnitEvent, unit: OrgUnit, links: list[UnitLink], versions: list[UnitVersion]
) -> str:
    """Return one sentence about ``event`` as seen from ``unit``."""
    if event.kind in (UnitEvent.Kind.RENAME, UnitEvent.Kind.MOVE):
        new = next((v for v in versions if v.event_id == event.pk), None)
        old = next((v for v in versions if v.valid_to == event.day), None)
        if event.kind == UnitEvent.Kind.RENAME and new is not None:
            return _("Đổi tên từ “%(old)s” thành “%(new)s”.") % {
                "old": old.name if old else "…",
                "new": new.name,
            }
        if new is not None:
            return _("Chuyển về trực thuộc %(parent)s (trước đó: %(old)s).") % {
                "parent": new.parent.name if new.parent else "—",
                "old": old.parent.name if old and old.parent else "—",
            }
    if event.kind == UnitEvent.Kind.OPEN:
        return _("Thành lập %(name)s.") % {"name": unit.name}
    if event.kind == UnitEvent.Kind.CLOSE:
        return _("Giải thể.")
    into = [k for k in links if k.predecessor_id == unit.pk]
    came = [k for k in links if k.successor_id == unit.pk]
    parts = []
    for link in into:
        part = _("Chuyển sang %(to)s") % {"to": link.successor.name}
        if link.functions:
            part += _(": %(functions)s") % {"functions": link.functions}
        if link.share is not None:
            part += _(" (%(share)s%% số liệu)") % {"share": f"{link.share * 100:g}"}
        parts.append(part)
    if came:
        shared = {k.functions for k in came}
        if len(shared) == 1:  # one merge line: its functions once, after the names
            names = ", ".join(k.predecessor.name for k in came)
            functions = shared.pop()
            parts.append(
                _("Tiếp nhận %(from)s") % {"from": names + (f" ({functions})" if functions else "")}
            )
        else:
            parts.append(
                _("Tiếp nhận %(from)s")
                % {
                    "from": ", ".join(
                        k.predecessor.name + (f" ({k.functions})" if k.functions else "")
                        for k in came
                    )
                }
            )
    return "; ".join(parts) + "." if parts else event.get_kind_display()
