"""Print the parser's throughput in MB/s of UTF-8 text on one core.

Usage: ``.venv/bin/python bench/parse_speed.py [--mb 4] [--repeat 3]``. It parses the shared
sample repeated to about ``--mb`` megabytes, then the fixture reports one by one.
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
from baocao.parser.loaders import load_file  # noqa: E402

SAMPLE = Path("/work/shared/samples/stttt-thai-binh-2022-01.txt")
FIXTURES = ROOT / "tests" / "fixtures" / "parser"


def _best(texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            parse_text(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Measure and print the throughput."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=4.0, help="size of the big text in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is kept")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    sample = SAMPLE.read_text(encoding="utf-8") if SAMPLE.exists() else (
        FIXTURES / "001.txt").read_text(encoding="utf-8")  # fmt: skip
    copies = max(1, int(args.mb * 1e6 / len(sample.encode("utf-8"))))
    big = "\n".join([sample] * copies)
    size = len(big.encode("utf-8")) / 1e6
    parse_text(sample)  # warm the regex caches
    seconds = _best([big], args.repeat)
    print(f"sample x{copies}: {size:.2f} MB in {seconds:.2f} s = {size / seconds:.2f} MB/s")
    texts = [
        load_file(p).text
        for p in sorted(FIXTURES.iterdir())
        if p.suffix in {".txt", ".docx", ".html"} and p.with_suffix(".json").exists()
    ]
    fixture_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rounds = max(1, int(1.0 / fixture_mb))
    seconds = _best(texts * rounds, args.repeat)
    total = fixture_mb * rounds
    print(f"fixtures ({len(texts)} reports) x{rounds}: {total:.2f} MB in {seconds:.2f} s = "
          f"{total / seconds:.2f} MB/s")  # fmt: skip


if __name__ == "__main__":
    main()
