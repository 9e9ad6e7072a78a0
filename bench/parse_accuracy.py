"""Score the parser against gold answers: precision, recall and F1 per kind of finding.

Usage: ``.venv/bin/python bench/parse_accuracy.py [GOLD_DIR TEXT_DIR] [-v]``

Without folders, two sets are scored and printed apart: the development fixtures
(``tests/fixtures/parser``, answers checked against the parser while it was written) and the
held-out set (``tests/fixtures/heldout``, answers written before the parser ever ran on them).
A gold answer is ``NNN.json`` (or ``NAME.gold.json``) in GOLD_DIR; its report is the file of
the same stem in TEXT_DIR (.txt, .docx, .pdf or .html). Citations are matched on type, number,
year and symbol; quantities on value (or range) and unit; sections on title; tasks on text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baocao.parser import ParseError, parse_file  # noqa: E402
from baocao.parser.gold import Score, Tally  # noqa: E402

EXTENSIONS = (".txt", ".docx", ".pdf", ".html", ".htm")


def pairs(gold_dir: Path, text_dir: Path) -> list[tuple[Path, Path]]:
    """Return (gold file, report file) pairs found in the two folders."""
    found = []
    for gold in sorted(gold_dir.glob("*.json")):
        stem = gold.name[: -len(".gold.json")] if gold.name.endswith(".gold.json") else gold.stem
        for ext in EXTENSIONS:
            report = text_dir / f"{stem}{ext}"
            if report.exists():
                found.append((gold, report))
                break
    return found


def _row(name: str, tally: Tally) -> str:
    return (f"{name:<16}{tally.tp:>6}{tally.fp:>6}{tally.fn:>6}"
            f"{tally.precision:>11.3f}{tally.recall:>9.3f}{tally.f1:>8.3f}")  # fmt: skip


def _misses(score: Score) -> tuple[int, int]:
    c, q = score.citations, score.quantities
    return c.fp + c.fn, q.fp + q.fn


SETS = (
    ("development fixtures", ROOT / "tests" / "fixtures" / "parser"),
    ("held-out set", ROOT / "tests" / "fixtures" / "heldout"),
)


def main(argv: list[str] | None = None) -> int:
    """Score every report and print the table; return 1 if nothing could be scored."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dir", type=Path, nargs="?")
    parser.add_argument("text_dir", type=Path, nargs="?")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each miss")
    args = parser.parse_args(argv)
    if args.gold_dir is not None:
        return score_set(args.gold_dir, args.text_dir or args.gold_dir, verbose=args.verbose)
    status = 0
    for title, folder in SETS:
        print(f"== {title} ({folder.relative_to(ROOT)}) ==")
        status |= score_set(folder, folder, verbose=args.verbose)
        print()
    return status


def score_set(gold_dir: Path, text_dir: Path, *, verbose: bool = False) -> int:
    """Score the reports of one folder and print the table; 1 if nothing could be scored."""
    score = Score.empty()
    failures = 0
    found = pairs(gold_dir, text_dir)
    for gold_path, report in found:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            got = parse_file(report).to_dict()
        except ParseError as exc:
            print(f"cannot parse {report}: {exc.detail}")
            failures += 1
            continue
        before = _misses(score)
        score.add(got, gold, report.name)
        after = _misses(score)
        if verbose and after != before:
            print(f"misses in {report.name}: citations +{after[0] - before[0]}, "
                  f"quantities +{after[1] - before[1]}")  # fmt: skip
    if not score.documents:
        print("no gold answers with reports were found")
        return 1
    print(f"{score.documents} reports scored ({failures} could not be parsed)\n")
    print(f"{'finding':<16}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>9}{'F1':>8}")
    print(_row("citations", score.citations))
    print(_row("quantities", score.quantities))
    print(_row("sections", score.sections))
    print(_row("next tasks", score.tasks))
    print(f"{'period accuracy':<16}{score.periods_right:>6}/{score.documents:<5}"
          f"{score.period_accuracy:>26.3f}")  # fmt: skip
    if score.metadata_fields:
        share = score.metadata_right / score.metadata_fields
        print(f"{'metadata fields':<16}{score.metadata_right:>6}/{score.metadata_fields:<5}"
              f"{share:>26.3f}   (agency, document type, number, date)")  # fmt: skip
    if verbose:
        for miss in score.period_misses:
            print(f"period miss {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
