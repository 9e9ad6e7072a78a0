"""Model instances from rows read or returned by plain statements.

Where one plain statement replaces the ORM on a path every request or job takes (the signed-in
user's row, a job claimed with ``UPDATE … RETURNING``), ``raw()`` still cost as much CPU as the
statement: it reads the cursor's description, looks up the converters and orders the model's
``__init__`` on every call. Here the column list and the converters are worked out once per
model and database alias, and a row becomes the instance the ORM would have read.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model

M = TypeVar("M", bound=Model)

_converters: dict[tuple[type[Model], str], list[tuple[int, list[Any], Any]]] = {}


def columns(model: type[Model]) -> str:
    """Return the model's columns, in field order, for a ``SELECT`` or ``RETURNING`` list."""
    return ", ".join(field.column for field in model._meta.concrete_fields)


def from_row(model: type[M], alias: str, row: tuple[Any, ...] | list[Any]) -> M:
    """Return the ``model`` instance of ``row``, which holds its ``columns()`` in order, read
    on ``alias``: converted as the ORM converts what it reads (dates on SQLite, JSON)."""
    connection = connections[alias]
    key = (model, alias)
    converters = _converters.get(key)
    if converters is None:
        converters = []
        for index, field in enumerate(model._meta.concrete_fields):
            column = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((index, found, column))
        _converters[key] = converters
    values = list(row)
    for index, found, column in converters:
        value = values[index]
        for convert in found:
            value = convert(value, column, connection)
        values[index] = value
    return model.from_db(alias, [f.attname for f in model._meta.concrete_fields], values)
