"""Print the parser's throughput in MB/s of UTF-8 text on one core (CPU time).

Usage: ``.venv/bin/python bench/parse_speed.py [--mb 2] [--repeat 3]``.

Two figures: (1) one big report made of the bodies of the fixture reports and the shared
sample, repeated to about ``--mb`` megabytes (no closing "./." until the end, so the whole text
is body); (2) the fixture reports parsed one by one, where the fixed cost per file counts.
CPU time of this process is measured, so other work on a shared machine disturbs it little.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baocao.parser import parse_text  # noqa: E402
from baocao.parser.layout import find_layout  # noqa: E402
from baocao.parser.loaders import load_file  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "samples" / "stttt-thai-binh-2022-01.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "parser"
SUFFIXES = {".txt", ".docx", ".html", ".pdf"}


def _best(texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            parse_text(text)
        best = min(best, time.process_time() - start)
    return best


def _report_texts() -> list[str]:
    paths = sorted(p for p in FIXTURES.iterdir() if p.suffix in SUFFIXES)
    texts = [load_file(p).text for p in paths]
    if SAMPLE.exists():
        texts.append(SAMPLE.read_text(encoding="utf-8"))
    return texts


def _body(text: str) -> str:
    layout = find_layout(text)
    lines = layout.lines[layout.body_first : layout.body_last]
    return "\n".join(line.text for line in lines).replace("./.", ".")


def main() -> None:
    """Measure and print the throughput."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="size of the big report in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is kept")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = _report_texts()
    unit = "\n".join(_body(t) for t in texts)
    copies = max(1, round(args.mb * 1e6 / len(unit.encode("utf-8"))))
    big = "Báo cáo kết quả công tác năm 2022\n" + "\n".join([unit] * copies) + "./."
    size = len(big.encode("utf-8")) / 1e6
    parse_text(texts[0])  # warm up
    seconds = _best([big], args.repeat)
    print(f"one big report: {size:.2f} MB in {seconds:.2f} s CPU = {size / seconds:.2f} MB/s")
    per_file = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rounds = max(1, round(0.5 / per_file))
    seconds = _best(texts * rounds, args.repeat)
    total = per_file * rounds
    print(
        f"{len(texts)} reports one by one, x{rounds}: {total:.2f} MB in {seconds:.2f} s CPU = "
        f"{total / seconds:.2f} MB/s ({1000 * seconds / (len(texts) * rounds):.2f} ms a report)"
    )


if __name__ == "__main__":
    main()
