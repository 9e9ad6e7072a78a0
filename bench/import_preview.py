"""Time the import preview of a huge file of one repeated line (issue 17.1); prints figures.

Usage: ``.venv/bin/python bench/import_preview.py [--mb 20] [--old]``

The file is parsed once (as the upload does) and its highlighted preview computed once (as
the upload now does and stores; the preview page only shows it). ``--old`` also runs the
former pairwise overlap check on small sizes, to show its quadratic growth. Never asserts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baocao.imports.highlight import KINDS, highlight  # noqa: E402
from baocao.parser.parse import parse_text  # noqa: E402

LINE = (
    "Tổ chức 12 hội nghị, in 350 tài liệu, 4,5 tỷ đồng theo Quyết định số 12/QĐ-UBND "
    "ngày 05/01/2022 của Ủy ban nhân dân tỉnh.\n"
)


def old_pairwise(text: str, parsed: dict[str, Any]) -> int:
    """The former overlap check (each span against every earlier one); return spans kept."""
    taken: list[tuple[int, int]] = []
    for key, _css, _label in KINDS:
        for entry in parsed.get(key, []):
            start, end = entry["span"]
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
    return len(taken)


def run(size: int, *, old: bool) -> None:
    text = LINE * max(1, size // len(LINE.encode()))
    t0 = time.perf_counter()
    parsed = parse_text(text, source="bench.txt").to_dict()
    t1 = time.perf_counter()
    shown = highlight(text, parsed)
    t2 = time.perf_counter()
    spans = sum(len(parsed.get(key, [])) for key, _c, _l in KINDS)
    print(
        f"{len(text.encode()) / 1e6:8.2f} MB  {spans:>9,} spans  parse {t1 - t0:7.2f} s  "
        f"preview {t2 - t1:6.3f} s  ({shown.comparisons:,} comparisons, {shown.spans:,} "
        f"highlights, {shown.shown_chars:,} of {shown.total_chars:,} characters shown)"
    )
    if old:
        t3 = time.perf_counter()
        old_pairwise(text, parsed)
        print(f"{'':8}    former pairwise check: {time.perf_counter() - t3:7.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the big file (MB)")
    parser.add_argument("--old", action="store_true", help="also time the former check")
    args = parser.parse_args(argv)
    for size in (100_000, 400_000):
        run(size, old=args.old)
    run(int(args.mb * 1_000_000), old=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
