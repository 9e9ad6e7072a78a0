"""Querysets compiled once per process and run again with new parameters.

Django builds and compiles a queryset's SQL on every evaluation: on the pages every request
opens (the signed-in user's memberships, the report, its values and its regime's indicators)
that costs more CPU than running the statement — a report with its unit and regime takes about
0.6 ms to compile and 0.06 ms to run. A ``prepared`` read builds its queryset once per database
alias, with a marker in place of each parameter, keeps the SQL, the compiler's column map and
the converters, and afterwards only substitutes the parameters: the rows come back through
Django's own iterables (model instances, ``select_related`` objects, ``values()`` dicts,
``prefetch_related`` lookups), exactly as the queryset would return them.

The build function must depend on nothing but its parameters (no ``timezone.now()``, no
setting read inside it): what it returns is frozen at the first call. Parameters are ``int``,
``str`` or ``date`` values (an ``int`` within 64 bits) that reach the SQL unchanged (an ``=`` or ``<`` comparison, not
``icontains`` or ``in``); anything else is refused at the first call, not answered wrongly.
"""

from __future__ import annotations

import copy
import datetime
import inspect
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar, cast

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query

P = ParamSpec("P")
R = TypeVar("R")

# Markers stand in for the parameters while the SQL is compiled, twice, with two sets: a
# compiled parameter that follows the marker in both is that parameter, one that is the same in
# both is a constant (even if it happens to equal a marker), anything else is refused. Integers
# stay inside a small integer column's range: Django drops a lookup whose value overflows the
# column (no SQL, no parameter).
_INT_MARKERS = (31_001, 29_003)
_DATE_MARKERS = (datetime.date(1901, 2, 3), datetime.date(1903, 5, 7))
# Parameter annotations as written (``from __future__ import annotations`` keeps them as text).
_KINDS: dict[str, type] = {
    "int": int,
    "str": str,
    "date": datetime.date,
    "dt.date": datetime.date,
    "datetime.date": datetime.date,
}


def _marker(kind: type, index: int, variant: int = 0) -> object:
    """Return the marker of the parameter at ``index`` in marker set ``variant`` (0 or 1)."""
    if kind is int:
        return _INT_MARKERS[variant] + 7 * index
    if kind is str:
        return f"\x1fbaocao-prepared-{variant}-{index}\x1f"
    return _DATE_MARKERS[variant] + datetime.timedelta(days=index)


# The integer types psycopg's server-side binding wraps a column's integers in, by their range.
_INT_RANGES = {"Int2": 2**15, "Int4": 2**31, "Int8": 2**63}


def _slot(param: object, markers: list[object]) -> tuple[int, Any] | None:
    """Return which marker ``param`` is and in what form it came (None: as given; ``str``;
    or the int subclass a backend wrapped it in), or None for no marker."""
    for index, marker in enumerate(markers):
        if isinstance(param, str) and not isinstance(marker, str) and param == str(marker):
            return (index, str)
        if param == marker and type(param) is type(marker):
            return (index, None)
        if isinstance(marker, int) and isinstance(param, int) and param == marker:
            return (index, type(param))  # e.g. psycopg's Int2 for a small integer column
    return None


def _in_form(value: object, form: Any) -> object:
    """Return ``value`` as the compiled SQL took its marker (``_slot``)."""
    if form is None:
        return value
    if form is str:
        return str(value)
    # A value outside the wrapper's range goes as a plain integer: the comparison still holds
    # (PostgreSQL compares a smallint column with a bigint), where the wrapper would fail.
    bound = _INT_RANGES.get(form.__name__, 0)
    return form(value) if -bound <= value < bound else value  # type: ignore[operator]


@dataclass(frozen=True)
class _Compiled:
    """What one alias's compilation keeps: the SQL, where each parameter goes, the compiler."""

    sql: str
    slots: tuple[tuple[int, Any] | None, ...]  # (argument index, its form) or a constant
    constants: tuple[object, ...]
    compiler: SQLCompiler
    converters: dict[int, tuple[list[Any], Any]]
    query: Query
    model: type[Model]
    iterable_class: Any
    fields: tuple[str, ...] | None
    prefetch: tuple[Any, ...]


class Prepared(Generic[P, R]):
    """A read whose queryset is compiled once per database alias (see the module docstring)."""

    def __init__(self, build: Callable[P, QuerySet[Any, R]]) -> None:
        self.build = build
        self._build: Callable[..., Any] = build  # called with markers while compiling
        self.__doc__ = build.__doc__
        self.__name__ = getattr(build, "__name__", "prepared")
        names, kinds = [], []
        for parameter in inspect.signature(build).parameters.values():
            kind = parameter.annotation
            kind = _KINDS.get(kind, kind) if isinstance(kind, str) else kind
            if kind not in (int, str, datetime.date):
                raise TypeError(
                    f"{self.__name__}: parameter {parameter.name} must be int, str or date"
                )
            names.append(parameter.name)
            kinds.append(kind)
        self.names: tuple[str, ...] = tuple(names)
        self.kinds: tuple[type, ...] = tuple(kinds)
        self._model: type[Model] | None = None
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        """Return the rows of the queryset built with these arguments."""
        values = self._arguments(args, kwargs)
        model = self._model or self._compile_model()
        alias = router.db_for_read(model)
        compiled = self._compiled.get(alias) or self._compile(alias)
        params = tuple(
            compiled.constants[i] if slot is None else _in_form(values[slot[0]], slot[1])
            for i, slot in enumerate(compiled.slots)
        )
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connections[alias]
        # What the queryset's iterable asks the compiler for comes from the kept compilation.
        vars(compiler)["as_sql"] = lambda *a, **k: (compiled.sql, params)
        vars(compiler)["get_converters"] = lambda expressions: compiled.converters
        query = copy.copy(compiled.query)
        vars(query)["get_compiler"] = lambda *a, **k: compiler
        queryset: Any = QuerySet(model=compiled.model, query=query, using=alias)
        queryset._iterable_class = compiled.iterable_class
        queryset._fields = compiled.fields
        queryset._prefetch_related_lookups = compiled.prefetch
        return cast(list[R], list(queryset))

    def iter(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[R]:
        """Iterate over the rows (read at once, as ``__call__`` does)."""
        return iter(self(*args, **kwargs))

    def _arguments(self, args: tuple[object, ...], kwargs: dict[str, object]) -> list[object]:
        """Return the arguments in parameter order, each checked against its type."""
        if len(args) + len(kwargs) != len(self.names):
            raise TypeError(f"{self.__name__} takes {', '.join(self.names) or 'no arguments'}")
        values = list(args) + [kwargs[name] for name in self.names[len(args) :]]
        for name, kind, value in zip(self.names, self.kinds, values, strict=True):
            wrong = not isinstance(value, kind) or isinstance(value, bool)
            if kind is datetime.date and isinstance(value, datetime.datetime):
                wrong = True
            if wrong:
                raise TypeError(f"{self.__name__}: {name} must be {kind.__name__}, not {value!r}")
            if kind is int and not -(2**63) <= value < 2**63:  # type: ignore[operator]
                raise ValueError(f"{self.__name__}: {name} is out of the 64-bit range")
        return values

    def _compile_model(self) -> type[Model]:
        """Build once to learn the model the read routes by."""
        markers = [_marker(kind, i) for i, kind in enumerate(self.kinds)]
        self._model = cast(type[Model], self._build(*markers).model)
        return self._model

    def _compile(self, alias: str) -> _Compiled:
        """Compile the queryset for ``alias`` with markers and record where each goes."""
        with self._lock:
            if alias in self._compiled:
                return self._compiled[alias]
            markers = [_marker(kind, i) for i, kind in enumerate(self.kinds)]
            queryset = self._build(*markers)
            query = queryset.query
            if query.select_for_update:
                raise TypeError(f"{self.__name__}: a locking read is not prepared")
            compiler = query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            others = [_marker(kind, i, 1) for i, kind in enumerate(self.kinds)]
            other_sql, other_params = self._build(*others).query.get_compiler(using=alias).as_sql()
            refused = other_sql != sql or len(other_params) != len(params)
            slots: list[tuple[int, bool] | None] = []
            for param, other in zip(params, other_params, strict=False):
                slot = _slot(param, markers)
                if slot is None and param != other:
                    refused = True  # a parameter that changed into something else
                elif slot is not None and _slot(other, others) != slot:
                    slot = None  # a constant equal to a marker by chance
                    refused = refused or param != other
                slots.append(slot)
            found = {slot[0] for slot in slots if slot is not None}
            missing = [self.names[i] for i in range(len(markers)) if i not in found]
            if refused or missing:
                raise TypeError(
                    f"{self.__name__}: {', '.join(missing) or 'a parameter'} does not reach the "
                    "SQL as given (a transformed or folded parameter cannot be prepared)"
                )
            fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
            compiled = _Compiled(
                sql=sql,
                slots=tuple(slots),
                constants=tuple(params),
                compiler=compiler,
                converters=compiler.get_converters(fields),
                query=query,
                model=queryset.model,
                iterable_class=queryset._iterable_class,
                fields=queryset._fields,
                prefetch=tuple(queryset._prefetch_related_lookups),
            )
            self._compiled[alias] = compiled
            return compiled


def prepared(build: Callable[P, QuerySet[Any, R]]) -> Prepared[P, R]:
    """Return ``build`` as a read compiled once per alias and run with new parameters."""
    return Prepared(build)


def attach(rows: list[R], field: str, parent: Model) -> list[R]:
    """Keep ``parent`` as each row's ``field`` (a foreign key), as a related manager's read
    does: ``report.values.all()``'s rows know their report without reading it again."""
    for row in rows:
        vars(row)["_state"].fields_cache[field] = parent
    return rows
