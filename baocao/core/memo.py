"""Reads kept on an object for as long as it lives: one read per page, not per panel.

A page's objects (the report, its regime, the signed-in user) live for one request, so a value
kept on them is never seen by another request and needs no invalidation across processes; a
service that changes what was read drops it (``forget``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def read_once(owner: object, name: str, read: Callable[[], T]) -> T:
    """Return the value ``name`` kept on ``owner``, reading it with ``read`` the first time
    (None included: "no previous report" is read once too)."""
    kept = vars(owner)
    if name not in kept:
        kept[name] = read()
    return kept[name]


def forget(owner: object, *names: str) -> None:
    """Drop the values ``names`` kept on ``owner``: the next ``read_once`` reads again."""
    kept = vars(owner)
    for name in names:
        kept.pop(name, None)
