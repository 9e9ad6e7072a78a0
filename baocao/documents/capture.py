"""Turn an official document into JSON and back, so an approved or issued document is frozen.

Pure Python (no Django): the JSON holds every printed text and every layout figure of the
``OfficialDocument``; ``thaw(freeze(doc)) == doc``.
"""

from __future__ import annotations

import functools
from dataclasses import fields, is_dataclass
from typing import Any

from baocao.documents.model import (
    TABLE_HEADERS,
    Block,
    Header,
    Heading,
    IndicatorTable,
    OfficialDocument,
    Paragraph,
    Signature,
    TableRow,
)

FORMAT = 1


class CaptureError(ValueError):
    """Raise when a stored capture cannot be read back."""


def freeze(document: OfficialDocument) -> dict[str, Any]:
    """Return the document as a JSON-ready dict (tuples become lists)."""
    data = _plain(document)
    data["format"] = FORMAT
    return data


@functools.cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(value: Any) -> Any:
    """Return ``value`` as ``dataclasses.asdict`` does (dataclasses as dicts of their fields,
    tuples, lists and dicts rebuilt) for the document's types: texts, numbers and flags are
    immutable, kept as they are instead of deep-copied."""
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value


def _only(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def _block(data: dict[str, Any]) -> Block:
    kind = data.get("kind")
    if kind == "heading":
        return Heading(**_only(Heading, data))
    if kind == "paragraph":
        return Paragraph(**_only(Paragraph, data))
    if kind == "table":
        rows = tuple(TableRow(**_only(TableRow, row)) for row in data.get("rows", ()))
        headers = tuple(data.get("headers") or TABLE_HEADERS)
        return IndicatorTable(rows=rows, caption=data.get("caption", ""), headers=headers)
    raise CaptureError(f"unknown block kind: {kind!r}")


def thaw(data: dict[str, Any]) -> OfficialDocument:
    """Return the ``OfficialDocument`` a ``freeze`` result describes."""
    try:
        if data.get("format") != FORMAT:
            raise CaptureError(f"unknown capture format: {data.get('format')!r}")
        return OfficialDocument(
            header=Header(**_only(Header, data["header"])),
            doc_type=data["doc_type"],
            summary=data["summary"],
            body=tuple(_block(block) for block in data["body"]),
            signature=Signature(**_only(Signature, data["signature"])),
            recipients=tuple(data["recipients"]),
            is_draft=bool(data.get("is_draft", False)),
            summary_rule_mm=float(data.get("summary_rule_mm", 30.0)),
            file_stem=data.get("file_stem", "van-ban"),
            metadata=dict(data.get("metadata") or {}),
        )
    except (KeyError, TypeError) as exc:
        raise CaptureError(f"unreadable capture: {exc}") from None
