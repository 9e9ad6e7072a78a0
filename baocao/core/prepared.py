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
``str`` or ``date`` values (an ``int`` within 64 bits), or lists of ``int`` or ``str`` (an
``__in`` lookup: one compilation per list length, up to ``MAX_LIST``; an empty list is no rows
when Django says so), that reach the SQL unchanged (an ``=``, ``<`` or ``in`` comparison, not
``icontains``); anything else is refused at the first call, not answered wrongly.
"""

from __future__ import annotations

import copy
import datetime
import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar, cast

from django.core.exceptions import EmptyResultSet
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
# column (no SQL, no parameter). A list's elements have their own ranges.
_INT_MARKERS = (32_001, 31_001)
_INT_LIST_MARKERS = (1_000, 15_000)  # + 1,000 × the parameter's index + the element's index
_DATE_MARKERS = (datetime.date(1901, 2, 3), datetime.date(1903, 5, 7))
MAX_LIST = 999  # a longer list is read with a plain queryset, compiled at each call
MAX_SHAPES = 256  # compilations kept per read (one per alias and list lengths)
# Parameter annotations as written (``from __future__ import annotations`` keeps them as text).
_KINDS: dict[str, type] = {
    "int": int,
    "str": str,
    "date": datetime.date,
    "dt.date": datetime.date,
    "datetime.date": datetime.date,
}
_LISTS: dict[str, type] = {"list[int]": int, "list[str]": str}


@dataclass(frozen=True)
class _ListOf:
    """A parameter that is a list of ``element`` values (an ``__in`` lookup)."""

    element: type


def _marker(kind: type | _ListOf, index: int, variant: int, length: int = 1) -> object:
    """Return the marker of the parameter at ``index`` in marker set ``variant`` (0 or 1); a
    list parameter's marker is a list of ``length`` distinct markers."""
    if isinstance(kind, _ListOf):
        if kind.element is int:
            first = _INT_LIST_MARKERS[variant] + 1_000 * index
            return [first + j for j in range(length)]
        return [f"\x1fbaocao-prepared-{variant}-{index}-{j}\x1f" for j in range(length)]
    if kind is int:
        return _INT_MARKERS[variant] + 7 * index
    if kind is str:
        return f"\x1fbaocao-prepared-{variant}-{index}\x1f"
    return _DATE_MARKERS[variant] + datetime.timedelta(days=index)


# The integer types psycopg's server-side binding wraps a column's integers in, by their range.
_INT_RANGES = {"Int2": 2**15, "Int4": 2**31, "Int8": 2**63}

# Where a compiled parameter comes from: (argument index, element index or None, its form).
Slot = tuple[int, int | None, Any]


def _slot(param: object, markers: list[object]) -> Slot | None:
    """Return which marker ``param`` is — its argument, its element in a list argument, and
    the form it came in (None: as given; ``str``; or the int subclass a backend wrapped it
    in) — or None for no marker."""
    for index, marker in enumerate(markers):
        for element, value in enumerate(marker) if isinstance(marker, list) else [(None, marker)]:
            if isinstance(param, str) and not isinstance(value, str) and param == str(value):
                return (index, element, str)
            if param == value and type(param) is type(value):
                return (index, element, None)
            if isinstance(value, int) and isinstance(param, int) and param == value:
                return (index, element, type(param))  # e.g. psycopg's Int2 for a smallint
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
    """What one compilation keeps: the SQL, where each parameter goes, the compiler."""

    sql: str
    slots: tuple[Slot | None, ...]  # where each compiled parameter comes from, or a constant
    constants: tuple[object, ...]
    compiler: SQLCompiler
    converters: dict[int, tuple[list[Any], Any]]
    query: Query
    model: type[Model]
    iterable_class: Any
    fields: tuple[str, ...] | None
    prefetch: tuple[Any, ...]


_EMPTY = "empty"  # the compilation of a read Django knows to be empty (``__in`` an empty list)


class Prepared(Generic[P, R]):
    """A read whose queryset is compiled once per database alias (see the module docstring)."""

    def __init__(self, build: Callable[P, QuerySet[Any, R]]) -> None:
        self._build: Callable[..., Any] = build  # called with markers while compiling
        self.__doc__ = build.__doc__
        self.__name__ = getattr(build, "__name__", "prepared")
        names: list[str] = []
        kinds: list[type | _ListOf] = []
        for parameter in inspect.signature(build).parameters.values():
            written = parameter.annotation
            kind: Any = written
            if isinstance(written, str):
                kind = _ListOf(_LISTS[written]) if written in _LISTS else _KINDS.get(written)
            if not isinstance(kind, _ListOf) and kind not in (int, str, datetime.date):
                raise TypeError(
                    f"{self.__name__}: parameter {parameter.name} must be int, str, date, "
                    "list[int] or list[str]"
                )
            names.append(parameter.name)
            kinds.append(kind)
        self.names: tuple[str, ...] = tuple(names)
        self.kinds: tuple[type | _ListOf, ...] = tuple(kinds)
        self._lists = [i for i, kind in enumerate(kinds) if isinstance(kind, _ListOf)]
        self._model: type[Model] | None = None
        self._compiled: dict[tuple[str, tuple[int, ...]], _Compiled | str] = {}
        self._lock = threading.Lock()

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        """Return the rows of the queryset built with these arguments."""
        values = self._arguments(args, kwargs)
        model = self._model or self._compile_model()
        alias = router.db_for_read(model)
        lengths = tuple(len(values[i]) for i in self._lists)  # type: ignore[arg-type]
        if any(length > MAX_LIST for length in lengths):
            return cast(list[R], list(self._build(*values).using(alias)))
        key = (alias, lengths)
        compiled = self._compiled.get(key) or self._compile(alias, lengths)
        if compiled == _EMPTY:
            return []
        assert isinstance(compiled, _Compiled)
        params = tuple(
            compiled.constants[i]
            if slot is None
            else _in_form(
                values[slot[0]] if slot[1] is None else values[slot[0]][slot[1]],  # type: ignore[index]
                slot[2],
            )
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

    def _arguments(self, args: tuple[object, ...], kwargs: dict[str, object]) -> list[object]:
        """Return the arguments in parameter order, each checked against its type (a list
        without its repeats, as Django's ``__in`` drops them)."""
        if len(args) + len(kwargs) != len(self.names):
            raise TypeError(f"{self.__name__} takes {', '.join(self.names) or 'no arguments'}")
        values = list(args) + [kwargs[name] for name in self.names[len(args) :]]
        for index, (name, kind) in enumerate(zip(self.names, self.kinds, strict=True)):
            value = values[index]
            if isinstance(kind, _ListOf):
                if not isinstance(value, list | tuple):
                    raise TypeError(f"{self.__name__}: {name} must be a list, not {value!r}")
                value = values[index] = list(dict.fromkeys(value))
                for element in value:
                    _check(self.__name__, name, kind.element, element)
            else:
                _check(self.__name__, name, kind, value)
        return values

    def _markers(self, variant: int, lengths: tuple[int, ...]) -> list[object]:
        """Return the markers of set ``variant``, lists of the given ``lengths``."""
        sizes = dict(zip(self._lists, lengths, strict=True))
        return [_marker(kind, i, variant, sizes.get(i, 1)) for i, kind in enumerate(self.kinds)]

    def _compile_model(self) -> type[Model]:
        """Build once to learn the model the read routes by."""
        lengths = tuple(1 for _ in self._lists)
        self._model = cast(type[Model], self._build(*self._markers(0, lengths)).model)
        return self._model

    def _compile(self, alias: str, lengths: tuple[int, ...]) -> _Compiled | str:
        """Compile the queryset for ``alias`` (and list ``lengths``) with markers and record
        where each parameter goes."""
        with self._lock:
            key = (alias, lengths)
            if key in self._compiled:
                return self._compiled[key]
            markers = self._markers(0, lengths)
            queryset = self._build(*markers)
            query = queryset.query
            if query.select_for_update:
                raise TypeError(f"{self.__name__}: a locking read is not prepared")
            compiler = query.get_compiler(using=alias)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                return self._keep(key, _EMPTY)
            others = self._markers(1, lengths)
            other_sql, other_params = self._build(*others).query.get_compiler(using=alias).as_sql()
            refused = other_sql != sql or len(other_params) != len(params)
            slots: list[Slot | None] = []
            for param, other in zip(params, other_params, strict=False):
                slot = _slot(param, markers)
                if slot is None and param != other:
                    refused = True  # a parameter that changed into something else
                elif slot is not None and _slot(other, others) != slot:
                    slot = None  # a constant equal to a marker by chance
                    refused = refused or param != other
                slots.append(slot)
            found = {(slot[0], slot[1]) for slot in slots if slot is not None}
            missing = [
                self.names[i]
                for i, marker in enumerate(markers)
                if (
                    any((i, j) not in found for j in range(len(marker)))
                    if isinstance(marker, list)
                    else (i, None) not in found
                )
            ]
            if refused or missing:
                raise TypeError(
                    f"{self.__name__}: {', '.join(missing) or 'a parameter'} does not reach the "
                    "SQL as given (a transformed or folded parameter cannot be prepared)"
                )
            fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
            return self._keep(
                key,
                _Compiled(
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
                ),
            )

    def _keep(self, key: tuple[str, tuple[int, ...]], compiled: _Compiled | str) -> _Compiled | str:
        """Keep ``compiled`` for ``key`` unless this read already keeps ``MAX_SHAPES``."""
        if len(self._compiled) < MAX_SHAPES:
            self._compiled[key] = compiled
        return compiled


def _check(read: str, name: str, kind: type, value: object) -> None:
    """Refuse a ``value`` that is not of ``kind`` (a bool is no int, a datetime no date)."""
    wrong = not isinstance(value, kind) or isinstance(value, bool)
    if kind is datetime.date and isinstance(value, datetime.datetime):
        wrong = True
    if wrong:
        raise TypeError(f"{read}: {name} must be {kind.__name__}, not {value!r}")
    if kind is int and not -(2**63) <= value < 2**63:  # type: ignore[operator]
        raise ValueError(f"{read}: {name} is out of the 64-bit range")


def prepared(build: Callable[P, QuerySet[Any, R]]) -> Prepared[P, R]:
    """Return ``build`` as a read compiled once per alias and run with new parameters."""
    return Prepared(build)


def attach(rows: list[R], field: str, parent: Model) -> list[R]:
    """Keep ``parent`` as each row's ``field`` (a foreign key), as a related manager's read
    does: ``report.values.all()``'s rows know their report without reading it again."""
    for row in rows:
        vars(row)["_state"].fields_cache[field] = parent
    return rows
