"""Unit lineage: reorganisation plans and who carries whose numbers (pure, no Django).

A reorganisation is a list of dated events: a unit is opened, renamed, moved under another
parent, closed, several units merge into one (one of them may absorb the others and stay
open), or one unit splits into several, each successor naming the functions it takes over,
optionally the indicator codes those functions report and a share of the numbers.

Analytics "with lineage" asks: how much of unit U's numbers for indicator I belong to a row R?
``attribution`` answers with a weight between 0 and 1 per unit:

- a unit of R's own subtree counts whole (1);
- a predecessor counts through its successors: the sum of ``share × weight(successor)`` when
  every link carrying I gives a share, otherwise the largest ``weight(successor)`` — without a
  share each successor shows the whole figure as carried over, and a row holding several of
  them still counts it once;
- a unit below a predecessor counts as much as that predecessor (its figures went with it);
- never more than 1: a figure is never counted twice, however many paths lead to it (a merge
  after a split gives the split unit back once).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

ONE = Decimal(1)
ZERO = Decimal(0)

# Since 1 July 2025 local government has two levels (province, commune): no district opens.
DISTRICTS_ABOLISHED = dt.date(2025, 7, 1)
ABOLISHED_LEVELS: dict[str, dt.date] = {"district": DISTRICTS_ABOLISHED}


class EventKind(StrEnum):
    """What happens to units on a date."""

    OPEN = "open"
    RENAME = "rename"
    MOVE = "move"
    MERGE = "merge"
    SPLIT = "split"
    CLOSE = "close"


KIND_WORDS: dict[str, EventKind] = {
    "open": EventKind.OPEN,
    "thanh-lap": EventKind.OPEN,
    "thành lập": EventKind.OPEN,
    "rename": EventKind.RENAME,
    "doi-ten": EventKind.RENAME,
    "đổi tên": EventKind.RENAME,
    "move": EventKind.MOVE,
    "chuyen": EventKind.MOVE,
    "chuyển": EventKind.MOVE,
    "merge": EventKind.MERGE,
    "hop-nhat": EventKind.MERGE,
    "hợp nhất": EventKind.MERGE,
    "sáp nhập": EventKind.MERGE,
    "sap-nhap": EventKind.MERGE,
    "split": EventKind.SPLIT,
    "chia-tach": EventKind.SPLIT,
    "chia tách": EventKind.SPLIT,
    "close": EventKind.CLOSE,
    "giai-the": EventKind.CLOSE,
    "giải thể": EventKind.CLOSE,
}


@dataclass(frozen=True)
class Link:
    """A predecessor's figures going to a successor from ``day`` on."""

    predecessor: int
    successor: int
    day: dt.date
    share: Decimal | None = None
    indicators: frozenset[str] = frozenset()

    def carries(self, codes: frozenset[str], siblings: Sequence[Link]) -> bool:
        """Return whether this link carries an indicator known by any of ``codes``.

        A link naming indicator codes carries those; a link naming none carries every code
        that no sibling link (same predecessor and day) names. ``codes`` holds an indicator's
        code and the codes of the indicators it continues; an empty set means "any figure".
        """
        if not codes:
            return True
        if self.indicators:
            return bool(codes & self.indicators)
        return not any(codes & s.indicators for s in siblings)


@dataclass
class Graph:
    """Units (id → parent id) and the lineage links between them."""

    parents: Mapping[int, int | None]
    links: Sequence[Link]
    _children: dict[int, list[int]] = field(default_factory=dict, init=False, repr=False)
    _outgoing: dict[int, list[Link]] = field(default_factory=dict, init=False, repr=False)
    _incoming: dict[int, list[Link]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for unit, parent in self.parents.items():
            if parent is not None:
                self._children.setdefault(parent, []).append(unit)
        for link in self.links:
            self._outgoing.setdefault(link.predecessor, []).append(link)
            self._incoming.setdefault(link.successor, []).append(link)

    def links_until(self, as_of: dt.date | None) -> Graph:
        """Return the graph with only the links dated on or before ``as_of`` (None: all)."""
        if as_of is None:
            return self
        return Graph(self.parents, [k for k in self.links if k.day <= as_of])

    def subtree(self, unit: int) -> set[int]:
        """Return ``unit`` and every unit below it."""
        found, stack = set(), [unit]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.add(current)
            stack.extend(self._children.get(current, ()))
        return found

    def predecessors(self, unit: int) -> list[Link]:
        """Return the links into ``unit``."""
        return list(self._incoming.get(unit, ()))

    def successors(self, unit: int) -> list[Link]:
        """Return the links out of ``unit``."""
        return list(self._outgoing.get(unit, ()))

    def candidates(self, own: set[int]) -> set[int]:
        """Return every unit whose figures may reach ``own``: predecessors, transitively,
        with the units below them."""
        found = set(own)
        stack = list(own)
        while stack:
            unit = stack.pop()
            for link in self._incoming.get(unit, ()):
                for reached in self.subtree(link.predecessor):
                    if reached not in found:
                        found.add(reached)
                        stack.append(reached)
        return found

    def attribution(self, own: set[int], codes: Iterable[str] = ()) -> dict[int, Decimal]:
        """Return, for the indicator known by ``codes`` (none: any figure), the weight
        (0 < w ≤ 1) of every unit in a row whose own units are ``own``."""
        wanted = frozenset(codes)
        memo: dict[int, Decimal] = {}
        visiting: set[int] = set()

        def weight(unit: int) -> Decimal:
            if unit in own:
                return ONE
            if unit in memo:
                return memo[unit]
            if unit in visiting:  # a cycle in bad data: contributes nothing
                return ZERO
            visiting.add(unit)
            best = ZERO
            parent = self.parents.get(unit)
            if parent is not None:
                best = weight(parent)
            outgoing = self._outgoing.get(unit, [])
            by_day: dict[dt.date, list[Link]] = {}
            for link in outgoing:
                by_day.setdefault(link.day, []).append(link)
            for siblings in by_day.values():
                carrying = [k for k in siblings if k.carries(wanted, siblings)]
                if not carrying:
                    continue
                if all(k.share is not None for k in carrying):
                    through = sum(
                        (k.share * weight(k.successor) for k in carrying if k.share is not None),
                        ZERO,
                    )
                else:
                    through = max(
                        weight(k.successor) * (k.share if k.share is not None else ONE)
                        for k in carrying
                    )
                best = max(best, through)
            visiting.discard(unit)
            memo[unit] = min(best, ONE)
            return memo[unit]

        result: dict[int, Decimal] = {}
        for unit in self.candidates(own):
            w = weight(unit)
            if w > 0:
                result[unit] = w
        return result


# ---------------------------------------------------------------------------------------------
# Plans (kế hoạch sắp xếp): a CSV or YAML file of dated lines, checked before anything is applied.

COLUMNS = (
    "date",
    "kind",
    "from",
    "to",
    "name",
    "short_name",
    "level",
    "parent",
    "doc_code",
    "governing_body",
    "functions",
    "indicators",
    "share",
    "note",
)
LEVELS = ("national", "province", "department", "division", "district", "commune", "special_zone")


@dataclass(frozen=True)
class PlanLine:
    """One checked line of a plan (``number``: its line in the CSV file, or its place in YAML)."""

    number: int
    day: dt.date
    kind: EventKind
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    name: str = ""
    short_name: str = ""
    level: str = ""
    parent: str = ""
    doc_code: str = ""
    governing_body: str = ""
    functions: str = ""
    indicators: frozenset[str] = frozenset()
    share: Decimal | None = None
    note: str = ""

    @property
    def key(self) -> str:
        """Return the line's identity: the same line applied twice is recognised by it."""
        return "|".join(
            [
                self.day.isoformat(),
                self.kind.value,
                ";".join(sorted(self.sources)),
                ";".join(sorted(self.targets)),
                self.parent,
                self.name,
            ]
        )[:255]


@dataclass(frozen=True)
class PlanError:
    """A line of a plan that cannot be applied, and why (in Vietnamese)."""

    number: int
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.number}: {self.message}" if self.number else self.message


@dataclass
class UnitState:
    """What a plan check needs to know of a unit."""

    code: str
    opened_on: dt.date | None
    closed_on: dt.date | None
    parent: str | None
    level: str
    open_children: set[str] = field(default_factory=set)


def _codes(raw: str) -> tuple[str, ...]:
    parts = raw.replace("|", ";").replace(",", ";").split(";")
    seen: dict[str, None] = {}
    for part in parts:
        if part.strip():
            seen.setdefault(part.strip(), None)
    return tuple(seen)


def _day(raw: str) -> dt.date:
    raw = raw.strip()
    if "/" in raw:
        day, month, year = raw.split("/")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(raw)


def decode_plan(data: bytes) -> tuple[str, list[PlanError]]:
    """Return the plan's text (UTF-8, BOM allowed), or an error naming the first bad line."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", [
            PlanError(
                line,
                "tệp không ở bảng mã UTF-8 (byte không hợp lệ ở vị trí "
                f"{exc.start}); hãy lưu lại tệp dưới dạng CSV UTF-8.",
            )
        ]


def read_rows(
    text: str, *, yaml_rows: list[dict[str, object]] | None = None
) -> list[tuple[int, dict[str, str]]]:
    """Return the plan's rows numbered from 1: CSV text, or rows a YAML reader already gave."""
    if yaml_rows is not None:
        return [
            (n, {str(k).strip().lower(): "" if v is None else str(v) for k, v in row.items()})
            for n, row in enumerate(yaml_rows, start=1)
        ]
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        if (row.get("date") or "").lstrip().startswith("#"):
            continue
        rows.append(
            (
                reader.line_num,
                {
                    (k or "").strip().lower(): (v or "").strip() if isinstance(v, str) else ""
                    for k, v in row.items()
                },
            )
        )
    return rows


def parse_line(number: int, row: Mapping[str, str]) -> PlanLine | PlanError:
    """Return a plan line from a CSV/YAML row, or the error of that line."""
    unknown = sorted(k for k in row if k and k not in COLUMNS)
    if unknown:
        return PlanError(number, f"cột không biết: {', '.join(unknown)}.")
    kind = KIND_WORDS.get((row.get("kind") or "").strip().lower())
    if kind is None:
        return PlanError(
            number,
            f"loại sự kiện “{row.get('kind', '')}” không hợp lệ "
            "(open, rename, move, merge, split, close).",
        )
    try:
        day = _day(row.get("date") or "")
    except ValueError:
        return PlanError(
            number, f"ngày “{row.get('date', '')}” không hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy)."
        )
    share: Decimal | None = None
    if (row.get("share") or "").strip():
        try:
            share = Decimal(row["share"].strip().replace(",", ".").rstrip("%"))
        except InvalidOperation:
            return PlanError(number, f"tỷ lệ “{row['share']}” không phải là số.")
        if row["share"].strip().endswith("%"):
            share = share / 100
        if not ZERO < share <= ONE:
            return PlanError(number, "tỷ lệ phải lớn hơn 0 và không quá 1 (100%).")
    level = (row.get("level") or "").strip()
    if level and level not in LEVELS:
        return PlanError(number, f"cấp “{level}” không hợp lệ ({', '.join(LEVELS)}).")
    line = PlanLine(
        number=number,
        day=day,
        kind=kind,
        sources=_codes(row.get("from") or ""),
        targets=_codes(row.get("to") or ""),
        name=(row.get("name") or "").strip(),
        short_name=(row.get("short_name") or "").strip(),
        level=level,
        parent=(row.get("parent") or "").strip(),
        doc_code=(row.get("doc_code") or "").strip(),
        governing_body=(row.get("governing_body") or "").strip(),
        functions=(row.get("functions") or "").strip(),
        indicators=frozenset(c for c in (row.get("indicators") or "").replace(",", " ").split()),
        share=share,
        note=(row.get("note") or "").strip(),
    )
    return _shape_error(line) or line


def _shape_error(line: PlanLine) -> PlanError | None:
    """Return the error of a line whose columns do not fit its kind."""
    need = {
        EventKind.OPEN: (0, 1),
        EventKind.RENAME: (1, 0),
        EventKind.MOVE: (1, 0),
        EventKind.CLOSE: (1, 0),
        EventKind.SPLIT: (1, 1),
    }
    n = line.number
    if line.kind is EventKind.MERGE:
        if len(line.targets) != 1 or not line.sources:
            return PlanError(n, "hợp nhất cần các đơn vị ở cột from và đúng một đơn vị ở cột to.")
        if len(set(line.sources) | set(line.targets)) < 2:
            return PlanError(n, "hợp nhất cần ít nhất hai đơn vị.")
        return None
    sources, targets = need[line.kind]
    if len(line.sources) != sources or len(line.targets) != targets:
        wanted = {
            EventKind.OPEN: "cột to là mã đơn vị mới, cột from để trống",
            EventKind.RENAME: "đúng một đơn vị ở cột from",
            EventKind.MOVE: "đúng một đơn vị ở cột from và đơn vị cấp trên mới ở cột parent",
            EventKind.CLOSE: "đúng một đơn vị ở cột from",
            EventKind.SPLIT: "một đơn vị ở cột from và một đơn vị kế thừa ở cột to "
            "(mỗi đơn vị kế thừa một dòng)",
        }[line.kind]
        return PlanError(n, f"{line.kind.value}: cần {wanted}.")
    if line.kind is EventKind.OPEN and not (line.name and line.level):
        return PlanError(n, "thành lập đơn vị cần tên (name) và cấp (level).")
    if line.kind is EventKind.RENAME and not (
        line.name or line.short_name or line.doc_code or line.governing_body or line.level
    ):
        return PlanError(
            n,
            "đổi tên cần ít nhất một giá trị mới (name, short_name, doc_code, "
            "governing_body, level).",
        )
    if line.kind is EventKind.MOVE and not line.parent:
        return PlanError(n, "chuyển đơn vị cần đơn vị cấp trên mới ở cột parent.")
    if line.kind is EventKind.SPLIT and line.sources == line.targets:
        return PlanError(n, "đơn vị không thể chia tách cho chính nó.")
    return None


def parse_plan(
    rows: Iterable[tuple[int, Mapping[str, str]]],
) -> tuple[list[PlanLine], list[PlanError]]:
    """Return the plan's lines sorted by date (file order within a day), and the errors."""
    lines: list[PlanLine] = []
    errors: list[PlanError] = []
    for number, row in rows:
        parsed = parse_line(number, row)
        if isinstance(parsed, PlanError):
            errors.append(parsed)
        else:
            lines.append(parsed)
    if not lines and not errors:
        errors.append(PlanError(0, "kế hoạch không có dòng nào."))
    lines.sort(key=lambda k: (k.day, k.number))
    return lines, errors


def _closes(line: PlanLine) -> tuple[str, ...]:
    """Return the units a line closes."""
    if line.kind is EventKind.MERGE:
        return tuple(c for c in line.sources if c not in line.targets)
    if line.kind in (EventKind.SPLIT, EventKind.CLOSE):
        return line.sources
    return ()


def check_plan(
    lines: Sequence[PlanLine],
    units: Mapping[str, UnitState],
    ancestry: Mapping[str, set[str]] | None = None,
) -> list[PlanError]:
    """Return one error per line that contradicts the units or an earlier line of the plan.

    ``units`` is the state of the units before the plan (it is not changed); ``ancestry`` maps
    a unit's code to the codes of all its recorded predecessors. Checks: unknown
    units, dates before a unit opened or after it closed, a unit closed twice, a unit moved
    under itself (a cycle) or a lineage going back to itself, a district opened after the
    2025 reform, shares of a split above 100 %, a closed unit leaving open units below it.
    """
    state = {
        code: UnitState(u.code, u.opened_on, u.closed_on, u.parent, u.level, set(u.open_children))
        for code, u in units.items()
    }
    errors: list[PlanError] = []
    # successor → every predecessor, transitively
    descends: dict[str, set[str]] = {k: set(v) for k, v in (ancestry or {}).items()}
    split_shares: dict[tuple[str, dt.date], Decimal] = {}
    closing: dict[tuple[str, dt.date], int] = {}
    split_seen: set[tuple[str, dt.date]] = set()

    def known(code: str, line: PlanLine) -> UnitState | PlanError:
        unit = state.get(code)
        if unit is None:
            return PlanError(line.number, f"không có đơn vị mã “{code}”.")
        if unit.opened_on is not None and line.day < unit.opened_on:
            return PlanError(
                line.number,
                f"ngày {line.day:%d/%m/%Y} trước ngày thành lập "
                f"đơn vị {code} ({unit.opened_on:%d/%m/%Y}).",
            )
        if unit.closed_on is not None and line.day >= unit.closed_on:
            if (code, line.day) in split_seen and line.kind is EventKind.SPLIT:
                return unit
            return PlanError(
                line.number,
                f"đơn vị {code} đã giải thể hoặc sáp nhập từ ngày "
                f"{unit.closed_on:%d/%m/%Y}; không thể giải thể, "
                "sáp nhập hay thay đổi lần nữa.",
            )
        return unit

    for line in lines:
        problem: PlanError | None = None
        if line.kind is EventKind.OPEN:
            code = line.targets[0]
            if code in state:
                problem = PlanError(line.number, f"mã đơn vị “{code}” đã có.")
            elif line.parent and line.parent not in state:
                problem = PlanError(line.number, f"không có đơn vị cấp trên mã “{line.parent}”.")
            elif line.level in ABOLISHED_LEVELS and line.day >= ABOLISHED_LEVELS[line.level]:
                problem = _abolished(line)
            if problem is None:
                state[code] = UnitState(code, line.day, None, line.parent or None, line.level)
                if line.parent:
                    state[line.parent].open_children.add(code)
        else:
            involved = [*line.sources, *line.targets]
            if line.kind is EventKind.MOVE:
                involved.append(line.parent)
            for code in involved:
                found = known(code, line)
                if isinstance(found, PlanError):
                    problem = found
                    break
            if problem is None:
                problem = _check_effect(line, state, descends, split_shares, split_seen)
        if problem is None:
            for code in _closes(line):
                key = (code, line.day)
                if key in closing and line.kind is not EventKind.SPLIT:
                    problem = PlanError(
                        line.number,
                        f"đơn vị {code} đã được giải thể hoặc sáp nhập ở dòng {closing[key]}.",
                    )
        if problem is not None:
            errors.append(problem)
            continue
        _apply(line, state, descends, closing)
    errors.extend(_orphans(lines, state))
    return sorted(errors, key=lambda e: e.number)


def _abolished(line: PlanLine) -> PlanError:
    until = ABOLISHED_LEVELS[line.level]
    return PlanError(
        line.number,
        f"từ ngày {until:%d/%m/%Y} không còn cấp “{line.level}” "
        "(chính quyền địa phương hai cấp); dùng cấp tỉnh hoặc xã.",
    )


def _check_effect(
    line: PlanLine,
    state: dict[str, UnitState],
    descends: dict[str, set[str]],
    split_shares: dict[tuple[str, dt.date], Decimal],
    split_seen: set[tuple[str, dt.date]],
) -> PlanError | None:
    """Return the error of a rename, move, merge, split or close against the state so far."""
    n = line.number
    if line.kind is EventKind.MOVE:
        code, parent = line.sources[0], line.parent
        walk: str | None = parent
        while walk is not None:
            if walk == code:
                return PlanError(
                    n,
                    f"chuyển {code} vào dưới {parent} tạo thành vòng lặp "
                    "(một đơn vị nằm dưới chính nó).",
                )
            walk = state[walk].parent if walk in state else None
    if line.level in ABOLISHED_LEVELS and line.day >= ABOLISHED_LEVELS[line.level]:
        return _abolished(line)
    if line.kind in (EventKind.MERGE, EventKind.SPLIT):
        for target in line.targets:
            for source in line.sources:
                if target != source and target in descends.get(source, set()):
                    return PlanError(
                        n,
                        f"{source} → {target} tạo thành vòng lặp kế thừa "
                        f"({target} đã là tiền thân của {source}).",
                    )
    if line.kind is EventKind.SPLIT:
        key = (line.sources[0], line.day)
        split_seen.add(key)
        if line.share is not None:
            total = split_shares.get(key, ZERO) + line.share
            split_shares[key] = total
            if total > ONE:
                return PlanError(n, f"tổng tỷ lệ chia tách của {line.sources[0]} vượt quá 100%.")
    return None


def _apply(
    line: PlanLine,
    state: dict[str, UnitState],
    descends: dict[str, set[str]],
    closing: dict[tuple[str, dt.date], int],
) -> None:
    """Change the plan's working state as ``line`` does."""
    if line.kind is EventKind.MOVE:
        unit = state[line.sources[0]]
        if unit.parent in state:
            state[unit.parent].open_children.discard(unit.code)
        unit.parent = line.parent
        state[line.parent].open_children.add(unit.code)
    if line.kind in (EventKind.MERGE, EventKind.SPLIT):
        for target in line.targets:
            found = descends.setdefault(target, set())
            for source in line.sources:
                if source != target:
                    found |= {source} | descends.get(source, set())
    for code in _closes(line):
        closing.setdefault((code, line.day), line.number)
        unit = state[code]
        unit.closed_on = line.day
        if unit.parent in state:
            state[unit.parent].open_children.discard(code)


def _open_after(unit: UnitState, day: dt.date) -> bool:
    return unit.closed_on is None or unit.closed_on > day


def _orphans(lines: Sequence[PlanLine], state: Mapping[str, UnitState]) -> list[PlanError]:
    """Return an error for each closed unit that still has open units below it."""
    errors = []
    for line in lines:
        for code in _closes(line):
            unit = state.get(code)
            if unit is None or unit.closed_on != line.day:
                continue
            still = sorted(c for c in unit.open_children if _open_after(state[c], line.day))
            if still:
                errors.append(
                    PlanError(
                        line.number,
                        f"đơn vị {code} còn đơn vị trực thuộc "
                        f"đang hoạt động: {', '.join(still)}; "
                        "hãy sáp nhập, chuyển hoặc giải thể "
                        "chúng trong cùng kế hoạch.",
                    )
                )
    seen: set[tuple[int, str]] = set()
    unique = []
    for error in errors:
        if (error.number, error.message) not in seen:
            seen.add((error.number, error.message))
            unique.append(error)
    return unique
