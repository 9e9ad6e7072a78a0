"""``baocao import-register``: a register's lines from a file on the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

CSV = (
    "Ngày,Nội dung,Phân loại\n"
    "05/01/2022,Đơn khiếu nại về giá cước,Khiếu nại\n"
    "06/01/2022,Đơn tố cáo tin nhắn rác,Tố cáo\n"
).encode()


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import-register", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_a_dry_run_then_the_import(register, reporter, tmp_path):
    path = tmp_path / "don-thu.csv"
    path.write_bytes(CSV)
    status, out, _ = run(str(path), "--unit", "STTTT", "--register", "DON-THU", "--dry-run")
    assert status == 0 and "SẼ THÊM 2 mục" in out
    assert not register.entries.exists()
    status, out, _ = run(str(path), "--unit", "STTTT", "--register", "DON-THU")
    assert status == 0 and "ĐÃ NHẬP 2 mục" in out and "Năm 2022: số thứ tự 1 đến 2" in out
    assert register.entries.get(number=1).created_by == reporter
    status, _, err = run(str(path), "--unit", "STTTT", "--register", "DON-THU")
    assert status == 1 and "Dòng 2 đã có trong sổ" in err  # the same file again: refused
    assert "--skip-existing" in err
    status, out, _ = run(str(path), "--unit", "STTTT", "--register", "DON-THU", "--skip-existing")
    assert status == 0 and "Bỏ qua 2 dòng" in out and register.entries.count() == 2


def test_refusals_are_precise(register, reporter, tmp_path):
    bad = tmp_path / "hong.csv"
    bad.write_bytes(CSV + "31/02/2022,Sai ngày,Khiếu nại\n".encode())
    status, _, err = run(str(bad), "--unit", "STTTT", "--register", "DON-THU")
    assert status == 1 and "Dòng 4:" in err and not register.entries.exists()
    with pytest.raises(CommandError, match="không có sổ mã KHAC"):
        run(str(bad), "--unit", "STTTT", "--register", "KHAC")
    with pytest.raises(CommandError, match="không đọc được tệp"):
        run(str(tmp_path / "khong-co.csv"), "--unit", "STTTT", "--register", "DON-THU")
    with pytest.raises(CommandError, match="không có người dùng"):
        run(str(bad), "--unit", "STTTT", "--register", "DON-THU", "--user", "ai-do")
