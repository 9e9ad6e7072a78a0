"""Validation of a report's figures: required, bounds, cross-indicator rules and outliers.

Pure: the caller passes the values by indicator code, the indicators' specs, the regime's rules
and the unit's history; ``evaluate`` returns findings (error or warning), each naming the
indicator codes it concerns and a Vietnamese message. The editor, the importer, the API and the
Excel upload all reach it through one service (``baocao.validation.checks.check_values``).

Outliers: a value is far from the unit's habit when it lies more than ``OUTLIER_K`` robust
standard deviations from the median of its last ``HISTORY_PERIODS`` values (the modified
z-score of Iglewicz and Hoaglin: scale = 1.4826 × MAD). With no spread at all (MAD = 0) the
scale is a tenth of the median (at least 1). Fewer than ``MIN_HISTORY`` past values: no check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from statistics import median

from baocao.domain.numbers import NumberFormatError, format_number, parse_number

HISTORY_PERIODS = 12
MIN_HISTORY = 6
OUTLIER_K = Decimal("3.5")
MAD_TO_SIGMA = Decimal("1.4826")


class Severity(StrEnum):
    """How a finding weighs: an error blocks saving, a warning must be confirmed to submit."""

    ERROR = "error"
    WARNING = "warning"


class Operator(StrEnum):
    """How the left side of a rule compares with its right side."""

    LE = "<="
    LT = "<"
    EQ = "="
    GE = ">="
    GT = ">"

    @property
    def symbol(self) -> str:
        """Return the mathematical sign shown to users (≤, <, =, ≥, >)."""
        return {"<=": "≤", "<": "<", "=": "=", ">=": "≥", ">": ">"}[self.value]

    def holds(self, left: Decimal, right: Decimal) -> bool:
        """Return whether ``left <op> right``."""
        return {
            "<=": left <= right,
            "<": left < right,
            "=": left == right,
            ">=": left >= right,
            ">": left > right,
        }[self.value]


class ExpressionError(ValueError):
    """Raise when a rule's side is neither a number nor indicator codes joined by "+"."""


_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,32}$")


@dataclass(frozen=True)
class Expression:
    """One side of a rule: a sum of indicators ("A + B") or a constant number."""

    codes: tuple[str, ...] = ()
    constant: Decimal | None = None

    @classmethod
    def parse(cls, text: str) -> Expression:
        """Parse "A", "A + B + C" or a number ("0", "100", "1.234,5"); raise ExpressionError."""
        raw = " ".join((text or "").split())
        if not raw:
            raise ExpressionError("empty")
        number = _number(raw)
        if number is not None:
            return cls(constant=number)
        codes = tuple(part.strip() for part in raw.split("+"))
        if not codes or any(not _CODE.match(code) for code in codes):
            raise ExpressionError(raw)
        return cls(codes=codes)

    def __str__(self) -> str:
        """Return the expression as written ("A + B" or "100")."""
        if self.constant is not None:
            return format_number(self.constant)
        return " + ".join(self.codes)

    def value(self, values: Mapping[str, Decimal | None]) -> Decimal | None:
        """Return the side's value, or None while one of its indicators has no value."""
        if self.constant is not None:
            return self.constant
        total = Decimal(0)
        for code in self.codes:
            number = values.get(code)
            if number is None:
                return None
            total += number
        return total


def _number(raw: str) -> Decimal | None:
    if not re.match(r"^[+-]?[\d.,\s]+$", raw):
        return None
    try:
        return parse_number(raw)
    except (NumberFormatError, InvalidOperation):
        return None


@dataclass(frozen=True)
class Rule:
    """A cross-indicator rule of a regime, e.g. "B ≤ A" ("trong đó" ≤ total)."""

    left: Expression
    operator: Operator
    right: Expression
    severity: Severity = Severity.ERROR
    message: str = ""
    id: int | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """Return the indicator codes of both sides, left first, without repeats."""
        return tuple(dict.fromkeys(self.left.codes + self.right.codes))

    def __str__(self) -> str:
        """Return the rule as written ("B ≤ A")."""
        return f"{self.left} {self.operator.symbol} {self.right}"


@dataclass(frozen=True)
class IndicatorSpec:
    """What the evaluator needs of an indicator."""

    code: str
    name: str
    required: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    numeric: bool = True


@dataclass(frozen=True)
class Finding:
    """One problem of the figures: its severity, the indicators it concerns and its message.

    ``code`` is the indicator the finding is shown next to (the first of ``codes``); a warning
    is ``confirmed`` when the reporter gave a reason on that indicator's value.
    """

    severity: Severity
    kind: str
    codes: tuple[str, ...]
    message: str
    rule_id: int | None = None
    confirmed: bool = False
    reason: str = ""

    @property
    def code(self) -> str:
        """Return the indicator the finding is shown next to."""
        return self.codes[0] if self.codes else ""

    @property
    def blocking(self) -> bool:
        """Return whether the finding stops a submission (errors, unconfirmed warnings)."""
        return self.severity == Severity.ERROR or not self.confirmed


# Message templates; the app layer passes translated ones with the same placeholders.
MESSAGES: dict[str, str] = {
    "required": "Chưa nhập số liệu “{name}”.",
    "low": "Giá trị phải lớn hơn hoặc bằng {bound}.",
    "high": "Giá trị phải nhỏ hơn hoặc bằng {bound}.",
    "rule": "Số liệu không thỏa quy tắc {rule} ({left} {symbol} {right} không đúng).",
    "outlier": (
        "Giá trị {value} khác xa số liệu thường gặp của đơn vị (trung vị {count} kỳ gần nhất: "
        "{median}); hãy kiểm tra lại hoặc xác nhận kèm lý do."
    ),
}


def bound_message(
    value: Decimal,
    low: Decimal | None,
    high: Decimal | None,
    messages: Mapping[str, str] | None = None,
) -> str | None:
    """Return the message of a value outside [low, high], or None when it is inside."""
    texts = {**MESSAGES, **(messages or {})}
    if low is not None and value < low:
        return texts["low"].format(bound=format_number(low))
    if high is not None and value > high:
        return texts["high"].format(bound=format_number(high))
    return None


def outlier(value: Decimal, history: Sequence[Decimal]) -> Decimal | None:
    """Return the history's median when ``value`` is far outside it, else None."""
    past = [Decimal(x) for x in history[-HISTORY_PERIODS:]]
    if len(past) < MIN_HISTORY:
        return None
    centre = Decimal(median(past))
    mad = Decimal(median([abs(x - centre) for x in past]))
    scale = MAD_TO_SIGMA * mad
    if scale == 0:
        scale = max(abs(centre) / 10, Decimal(1))
    return centre if abs(value - centre) > OUTLIER_K * scale else None


@dataclass
class _Context:
    values: Mapping[str, Decimal | None]
    texts: dict[str, str]
    confirmed: Mapping[str, str]
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        kind: str,
        codes: tuple[str, ...],
        message: str,
        rule_id: int | None = None,
    ) -> None:
        reason = self.confirmed.get(codes[0], "") if severity == Severity.WARNING else ""
        self.findings.append(
            Finding(severity, kind, codes, message, rule_id, bool(reason.strip()), reason)
        )


def evaluate(
    values: Mapping[str, Decimal | None],
    *,
    indicators: Sequence[IndicatorSpec] = (),
    rules: Sequence[Rule] = (),
    history: Mapping[str, Sequence[Decimal]] | None = None,
    confirmed: Mapping[str, str] | None = None,
    given: Sequence[str] | None = None,
    complete: bool = False,
    messages: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Return the findings of a report's figures, errors first, in indicator order.

    ``values`` are the numbers by indicator code (None or missing: no number); ``given`` the
    codes that have any value, text included (default: the codes with a number). ``complete``
    asks for the required check, which a draft skips (it is checked on submission). A rule is
    checked once every indicator it names has a number. ``confirmed`` maps codes to the reasons
    the reporter gave for a warning on them.
    """
    ctx = _Context(values, {**MESSAGES, **(messages or {})}, confirmed or {})
    filled = set(given) if given is not None else {c for c, v in values.items() if v is not None}
    history = history or {}
    for spec in indicators:
        number = values.get(spec.code)
        if complete and spec.required and spec.code not in filled:
            ctx.add(
                Severity.ERROR,
                "required",
                (spec.code,),
                ctx.texts["required"].format(name=spec.name),
            )
        if number is None or not spec.numeric:
            continue
        message = bound_message(number, spec.low, spec.high, ctx.texts)
        if message:
            ctx.add(Severity.ERROR, "bounds", (spec.code,), message)
    for rule in rules:
        left, right = rule.left.value(values), rule.right.value(values)
        if left is None or right is None or rule.operator.holds(left, right):
            continue
        message = rule.message or ctx.texts["rule"].format(
            rule=str(rule),
            left=format_number(left),
            symbol=rule.operator.symbol,
            right=format_number(right),
        )
        ctx.add(rule.severity, "rule", rule.codes, message, rule.id)
    for spec in indicators:
        number = values.get(spec.code)
        if number is None or not spec.numeric:
            continue
        past = history.get(spec.code, ())
        centre = outlier(number, past)
        if centre is not None:
            ctx.add(
                Severity.WARNING,
                "outlier",
                (spec.code,),
                ctx.texts["outlier"].format(
                    value=format_number(number),
                    median=format_number(centre),
                    count=min(len(past), HISTORY_PERIODS),
                ),
            )
    order = {spec.code: i for i, spec in enumerate(indicators)}
    return sorted(
        ctx.findings,
        key=lambda f: (f.severity != Severity.ERROR, order.get(f.code, len(order))),
    )
