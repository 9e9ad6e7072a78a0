"""``baocao parse FILE...``: print one JSON object per file (JSON Lines), in order."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from baocao.parser.errors import ParseError
from baocao.parser.loaders import DEFAULT_MAX_BYTES
from baocao.parser.parse import parse_file


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baocao parse",
        description="Parse report files (.txt, .docx, .doc, .pdf, .html) into JSON Lines.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="report files to parse")
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help="refuse files larger than this many bytes (default: 50 MB)",
    )
    parser.add_argument("--text", action="store_true", help="include the decoded text")
    return parser


def parse_one(
    path: str, max_bytes: int = DEFAULT_MAX_BYTES, with_text: bool = False
) -> dict[str, Any]:
    """Return the contract's object for one file, or ``{"source", "error"}`` if it fails."""
    try:
        result = parse_file(path, max_bytes=max_bytes)
    except ParseError as exc:
        return {"source": path, "error": exc.detail}
    except Exception as exc:  # a parser bug must not stop the other files
        return {"source": path, "error": f"internal parser error: {type(exc).__name__}: {exc}"}
    out = result.to_dict()
    if with_text:
        out["text"] = result.text
    return out


def main(argv: list[str], stdout: TextIO | None = None) -> int:
    """Parse the files named in ``argv``; return 1 if any failed, else 0."""
    args = _parser().parse_args(argv)
    out = stdout or sys.stdout
    failed = False
    for path in args.files:
        obj = parse_one(path, args.max_bytes, args.text)
        failed = failed or "error" in obj
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failed else 0
