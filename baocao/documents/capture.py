"""Turn an official document into JSON and back, so an approved or issued document is frozen.

Pure Python (no Django): the JSON holds every printed text and every layout figure of the
``OfficialDocument``; ``thaw(freeze(doc)) == doc``.
"""

from __future__ import annotations

from dataclasses import asdict, fields
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
    data = asdict(document)
    data["format"] = FORMAT
    return data


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
