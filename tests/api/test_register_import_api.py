"""Importing a register's lines from a spreadsheet through the API: multipart, all or nothing."""

from __future__ import annotations

import io

import pytest

from baocao.registers.models import RegisterEntry, WorkRegister
from tests.api.conftest import api_as, assert_error

pytestmark = pytest.mark.django_db

CSV = (
    "Ngày;Nội dung;Phân loại;Số người\n"
    "05/01/2022;Đơn khiếu nại về giá cước;Khiếu nại;3\n"
    "2021-12-28;Đơn tố cáo tin nhắn rác;Tố cáo;1\n"
    "Tổng cộng;;;4\n"
).encode("utf-8-sig")


def send(user, register: WorkRegister, data: bytes, name: str = "so.csv", **params: str):  # type: ignore[no-untyped-def]
    client = api_as(user)
    query = "&".join(f"{k}={v}" for k, v in params.items())
    upload = io.BytesIO(data)
    upload.name = name
    return client.client.post(
        f"/api/registers/{register.pk}/import?{query}", {"file": upload}, **client._headers()
    )


def test_a_dry_run_answers_and_stores_nothing_then_the_import_stores_all(register, reporter):
    preview = send(reporter, register, CSV, dry_run="true")
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert (body["dry_run"], body["added"], body["header_line"]) == (True, 2, 1)
    assert [(y["year"], y["first"], y["last"]) for y in body["years"]] == [
        (2021, 1, 1),
        (2022, 1, 1),
    ]
    assert body["lines"][0]["subject"] == "Đơn tố cáo tin nhắn rác"  # in date order
    assert not RegisterEntry.objects.exists()
    done = send(reporter, register, CSV)
    assert done.status_code == 201, done.content
    assert done.json()["added"] == 2
    assert sorted(register.entries.values_list("year", "number", "quantity")) == [
        (2021, 1, 1),
        (2022, 1, 3),
    ]


def test_the_same_file_again_is_refused_as_duplicates_or_skipped(register, reporter):
    assert send(reporter, register, CSV).status_code == 201
    error = assert_error(send(reporter, register, CSV), 422, "duplicates")
    assert any("Dòng 2" in line for line in error["details"])
    skipped = send(reporter, register, CSV, skip_existing="true")
    assert skipped.status_code == 201
    assert (skipped.json()["added"], len(skipped.json()["skipped"])) == (0, 2)
    assert register.entries.count() == 2


def test_a_bad_line_refuses_the_whole_file(register, reporter):
    bad = CSV + "31/02/2022;Ngày không có;Khiếu nại;1\n".encode()
    error = assert_error(send(reporter, register, bad), 422, "invalid_rows")
    assert any(line.startswith("Dòng 5") for line in error["details"])
    assert not RegisterEntry.objects.exists()
    assert_error(send(reporter, register, b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "so.csv"), 422)
    assert_error(
        send(reporter, register, b"x" * (5 * 1024 * 1024 + 10), "so.csv"), 422, "too_large"
    )


def test_only_the_units_writers_may_import(register, approver, viewer, outsider):
    assert send(approver, register, CSV, dry_run="true").status_code == 200
    assert_error(send(viewer, register, CSV), 403)
    assert_error(send(outsider, register, CSV), 404)
    assert_error(send(outsider, register, CSV, dry_run="true"), 404)
    assert not RegisterEntry.objects.exists()
