"""``baocao parse FILE...`` prints JSON Lines in order and exits 1 when a file failed."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from baocao.parser.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "parser"


def _run(argv: list[str]) -> tuple[int, list[dict]]:
    out = io.StringIO()
    status = main(argv, stdout=out)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_prints_one_object_per_file_in_order_and_exits_0(tmp_path: Path):
    files = [str(FIXTURES / "006.txt"), str(FIXTURES / "008.docx"), str(FIXTURES / "010.txt")]
    status, objects = _run(files)
    assert status == 0
    assert [o["source"] for o in objects] == files
    assert [o["encoding"] for o in objects] == ["utf-8", "utf-8", "vni"]
    assert objects[0]["period"] == {"kind": "month", "year": 2022, "month": 5, "quarter": None}
    assert {"title", "agency", "sections", "legal_refs", "quantities", "next_period",
            "warnings"} <= set(objects[1])  # fmt: skip


def test_a_word_97_doc_gives_the_object_of_its_docx_and_a_bad_one_an_error(tmp_path: Path):
    bad = tmp_path / "locked.doc"
    bad.write_bytes(b"{\\rtf1 B\\'e1o c\\'e1o}")
    files = [str(FIXTURES / "doc" / "008.doc"), str(FIXTURES / "008.docx"), str(bad)]
    status, (doc, docx, error) = _run(files)
    assert status == 1
    assert doc["encoding"] == "utf-16"
    assert {k: v for k, v in doc.items() if k not in ("source", "encoding")} == {
        k: v for k, v in docx.items() if k not in ("source", "encoding")
    }
    assert error == {
        "source": str(bad),
        "error": "the file is an RTF document named .doc; open it in Word and save it as .docx",
    }


def test_an_unreadable_file_gives_an_error_object_and_the_others_go_through(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    files = [str(FIXTURES / "001.txt"), str(empty), str(tmp_path / "missing.txt"),
             str(FIXTURES / "016.txt")]  # fmt: skip
    status, objects = _run(files)
    assert status == 1
    assert [o["source"] for o in objects] == files
    assert "error" not in objects[0] and "error" not in objects[3]
    assert objects[1] == {"source": str(empty), "error": "the file is empty"}
    assert objects[2]["error"] == "no such file"


def test_the_output_keeps_vietnamese_letters_unescaped(tmp_path: Path):
    out = io.StringIO()
    main([str(FIXTURES / "001.txt")], stdout=out)
    assert "Sở Thông tin và Truyền thông" in out.getvalue()
    assert "\\u" not in out.getvalue()


def test_the_size_limit_is_an_option(tmp_path: Path):
    status, objects = _run(["--max-bytes", "100", str(FIXTURES / "001.txt")])
    assert status == 1
    assert "over the limit of 100 bytes" in objects[0]["error"]


def test_python_dash_m_runs_the_parser():
    done = subprocess.run(
        [sys.executable, "-m", "baocao.parser", str(FIXTURES / "017.txt")],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["encoding"] == "tcvn3"


def test_the_baocao_console_script_dispatches_parse_without_django():
    code = (
        "import sys; from baocao.cli import main; "
        f"status = main(['baocao', 'parse', {str(FIXTURES / '013.html')!r}]); "
        "assert 'django' not in sys.modules, 'the parser imported Django'; "
        "raise SystemExit(status)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["period"]["quarter"] == 1
