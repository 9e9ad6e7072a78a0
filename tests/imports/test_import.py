"""Legacy reports become draft reports: CLI, services and the upload → preview → confirm pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from baocao.core.errors import Invalid
from baocao.demo.load import load_demo
from baocao.imports.matching import IndicatorSpec, SectionSpec, match_section, suggest_indicator
from baocao.imports.models import ImportedFile
from baocao.imports.services import (
    confirm_import,
    import_bytes,
    parse_result,
    plan_import,
    preview_file,
)
from baocao.reports.models import Report
from tests.conftest import sample_text


@pytest.fixture
def demo(db):
    return load_demo()  # holds January 2022; the tests import other months


def as_stttt_reporter(demo: dict) -> dict:
    """Return the unit, regime and person of an import by the department's reporter."""
    return {
        "unit": demo["units"]["STTTT"],
        "template": demo["template"],
        "by": demo["users"]["chuyenvien"],
    }


def sample_bytes(month: str) -> bytes:
    text = sample_text()
    return text.replace("tháng 01 năm 2022", f"tháng {month} năm 2022").encode()


def run_import(*paths: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(
            "import",
            *paths,
            "--unit",
            "STTTT",
            "--template",
            "STTTT-THANG",
            stdout=out,
            stderr=io.StringIO(),
        )
    except SystemExit as exc:
        return int(exc.code), out.getvalue()
    return 0, out.getvalue()


def test_the_sample_becomes_a_draft_with_items_values_and_tasks(demo):
    outcome = import_bytes(
        sample_bytes("02"),
        "bc-02-2022.txt",
        **as_stttt_reporter(demo),
    )
    assert outcome.status == "imported"
    report = outcome.report
    assert (report.period_code, report.status) == ("2022-02", "draft")
    values = {v.indicator.code: int(v.value) for v in report.values.select_related("indicator")}
    assert values == {
        "BAO_CHI_TW": 773,
        "LUU_CHIEU_TL": 5,
        "LUU_CHIEU_TRANG": 492,
        "KHIEU_NAI": 0,
        "BAI_TOAN_CDS": 4,
    }
    by_section = {}
    for item in report.items.select_related("section"):
        by_section.setdefault(item.section.code if item.section else None, []).append(item)
    assert set(by_section) == {"CNTT-VT", "TTBC", "TTRA", "NVTT"}
    assert len(by_section["NVTT"]) == 6
    assert by_section["NVTT"][0].continuing
    assert any("Quyết định số 37/2021/QĐ-TTg" in i.text for i in by_section["NVTT"])
    assert report.intro.startswith("Sở Thông tin và Truyền thông đã triển khai")
    assert report.source_file.name == "bc-02-2022.txt"
    assert report.events.filter(verb="import").exists()


def test_the_cli_imports_skips_and_fails_with_a_summary(demo, tmp_path):
    good = tmp_path / "thang-03.txt"
    good.write_bytes(sample_bytes("03"))
    binary = tmp_path / "hong.txt"
    binary.write_bytes(b"\x00\x01\x02 not text \xff\xfe\x00")
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    status, out = run_import(str(good), str(binary), str(empty))
    assert status == 1
    assert "ĐÃ NHẬP" in out and "thang-03.txt" in out
    assert "hong.txt" in out and "nhị phân" in out
    assert "rong.txt" in out and "rỗng" in out
    assert "Tổng cộng: 1 đã nhập, 0 bỏ qua (đã nhập trước đó), 2 lỗi." in out
    reports = Report.objects.count()
    status, out = run_import(str(good))  # the same file again changes nothing
    assert status == 0
    assert "BỎ QUA" in out
    assert Report.objects.count() == reports
    assert ImportedFile.objects.count() == 1  # failed files left nothing behind


def test_a_folder_is_imported_file_by_file(demo, tmp_path):
    for month in ("03", "04"):
        (tmp_path / f"bc-{month}.txt").write_bytes(sample_bytes(month))
    status, _ = run_import(str(tmp_path))
    assert status == 0
    assert set(Report.objects.filter(unit__code="STTTT").values_list("period_code", flat=True)) >= {
        "2022-03",
        "2022-04",
    }


def test_a_file_for_a_period_already_reported_fails_whole(demo):
    unit, template, user = demo["units"]["STTTT"], demo["template"], demo["users"]["chuyenvien"]
    import_bytes(sample_bytes("05"), "a.txt", unit=unit, template=template, by=user)
    outcome = import_bytes(
        sample_bytes("05") + b" ", "b.txt", unit=unit, template=template, by=user
    )
    assert outcome.status == "failed"
    assert "đã có báo cáo Tháng 05/2022" in outcome.message
    assert not ImportedFile.objects.filter(name="b.txt").exists()


def test_a_file_without_a_period_asks_for_one(demo):
    unit, template, user = demo["units"]["STTTT"], demo["template"], demo["users"]["chuyenvien"]
    text = "Về Công nghệ thông tin: Triển khai 12 hệ thống thông tin.".encode()
    imported = preview_file(text, "khong-ky.txt", unit=unit, template=template, by=user)
    with pytest.raises(Invalid, match="kỳ báo cáo"):
        confirm_import(imported, by=user)
    report = confirm_import(imported, by=user, period="2022-06")
    assert report.period_code == "2022-06"


def test_upload_preview_and_confirm_in_the_browser_pages(demo):
    client = Client()
    client.login(username="chuyenvien", password="Baocao@2026")
    upload = io.BytesIO(sample_bytes("07"))
    upload.name = "bao-cao-thang-7.txt"
    response = client.post(
        "/nhap-bao-cao/",
        {"unit": demo["units"]["STTTT"].pk, "template": demo["template"].pk, "file": upload},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert '<mark class="hl-cite" title="Văn bản">Chỉ thị số 01/CT-UBND' in page
    assert '<mark class="hl-qty" title="Số liệu">773 tin, bài</mark>' in page
    assert "Tháng 07/2022" in page
    imported = ImportedFile.objects.get(name="bao-cao-thang-7.txt")
    indicator = demo["template"].indicators.get(code="BAO_CHI_TW")
    form = {"period": "2022-07"}
    form.update({f"map-{i}": "" for i in range(20)})  # the user unmaps everything …
    form["map-1"] = str(indicator.pk)  # … but keeps the press items (quantity #1)
    response = client.post(f"/nhap-bao-cao/{imported.pk}/", form)
    assert response.status_code == 302
    report = Report.objects.get(period_code="2022-07", unit__code="STTTT")
    assert list(report.values.values_list("indicator__code", flat=True)) == ["BAO_CHI_TW"]
    detail = client.get(f"/bao-cao/{report.pk}/").content.decode()
    assert "bao-cao-thang-7.txt" in detail


def test_a_bad_upload_gets_a_vietnamese_message_and_nothing_is_kept(demo):
    client = Client()
    client.login(username="chuyenvien", password="Baocao@2026")
    bad = io.BytesIO(b"PK\x03\x04 this is not really a docx")
    bad.name = "hong.docx"
    response = client.post(
        "/nhap-bao-cao/",
        {"unit": demo["units"]["STTTT"].pk, "template": demo["template"].pk, "file": bad},
    )
    assert response.status_code == 422
    assert "hong.docx" in response.content.decode()
    assert "bị hỏng" in response.content.decode()
    assert not ImportedFile.objects.exists()


def test_another_units_preview_is_404(demo):
    imported = preview_file(
        sample_bytes("08"),
        "x.txt",
        **as_stttt_reporter(demo),
    )
    client = Client()
    client.login(username="chuyenvien.khdt", password="Baocao@2026")  # Sở KH&ĐT's reporter
    assert client.get(f"/nhap-bao-cao/{imported.pk}/").status_code == 404
    assert client.post(f"/nhap-bao-cao/{imported.pk}/", {"period": "2022-08"}).status_code == 404


class TestMatching:
    SECTIONS = [
        SectionSpec(1, "Về Công nghệ thông tin - Viễn thông", "results"),
        SectionSpec(2, "Về Thông tin - Báo chí - Xuất bản – Bưu chính", "results"),
        SectionSpec(3, "Nhiệm vụ tháng tới", "plan"),
    ]

    @pytest.mark.parametrize(
        ("title", "kind", "expected"),
        [
            ("I. CÔNG NGHỆ THÔNG TIN - VIỄN THÔNG", "results", 1),
            ("2. Lĩnh vực thông tin, báo chí, xuất bản, bưu chính", "results", 2),
            ("Phương hướng nhiệm vụ tháng 02/2022", "plan", 3),
            ("Công tác xây dựng Đảng", "results", None),
        ],
    )
    def test_sections_match_by_folded_title(self, title, kind, expected):
        assert match_section(title, kind, self.SECTIONS) == expected

    def test_a_unit_shared_by_two_indicators_is_left_for_review(self):
        indicators = [
            IndicatorSpec(1, "Hồ sơ TTHC trực tuyến", "hồ sơ"),
            IndicatorSpec(2, "Hồ sơ qua bưu chính", "hồ sơ"),
        ]
        suggestion = suggest_indicator("hồ sơ", "tiếp nhận 120 hồ sơ", indicators)
        assert suggestion.needs_review
        sure = suggest_indicator(
            "hồ sơ",
            "tiếp nhận 120 hồ sơ qua bưu chính công ích",
            [IndicatorSpec(2, "Hồ sơ qua bưu chính", "hồ sơ", ("bưu chính",))],
        )
        assert (sure.indicator_id, sure.needs_review) == (2, False)


def test_an_over_size_upload_is_refused_with_the_limit(demo, settings):
    settings.BAOCAO_MAX_UPLOAD_BYTES = 1024 * 1024
    client = Client()
    client.login(username="chuyenvien", password="Baocao@2026")
    big = io.BytesIO(b"a" * (2 * 1024 * 1024))
    big.name = "rat-lon.txt"
    response = client.post(
        "/nhap-bao-cao/",
        {"unit": demo["units"]["STTTT"].pk, "template": demo["template"].pk, "file": big},
    )
    assert response.status_code == 422
    assert "rat-lon.txt" in response.content.decode()
    assert "vượt quá dung lượng" in response.content.decode()
    assert not ImportedFile.objects.exists()


def test_a_scanned_pdf_says_it_has_no_text_layer(demo):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(Invalid, match="không có lớp văn bản"):
        preview_file(
            buffer.getvalue(),
            "ban-quet.pdf",
            unit=demo["units"]["STTTT"],
            template=demo["template"],
            by=demo["users"]["chuyenvien"],
        )


DOC_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures/parser/doc"


def test_an_old_word_doc_typed_in_tcvn3_is_previewed_in_vietnamese(demo):
    """A Word 97–2003 file in .VnTime (TCVN3) uploads like a DOCX, its text made Unicode."""
    client = Client()
    client.login(username="chuyenvien", password="Baocao@2026")
    upload = io.BytesIO((DOC_FIXTURES / "009.doc").read_bytes())
    upload.name = "bc-nong-nghiep-10-2021.doc"
    response = client.post(
        "/nhap-bao-cao/",
        {"unit": demo["units"]["STTTT"].pk, "template": demo["template"].pk, "file": upload},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Kết quả sản xuất nông nghiệp tháng 10 năm 2021" in page
    assert "Tháng 10/2021" in page
    assert "Quyết định số 3086/QĐ-UBND" in page
    assert "¸" not in page  # no TCVN3 mojibake left


def test_the_cli_finds_doc_files_in_a_folder(demo, tmp_path):
    (tmp_path / "bc-11-2022.doc").write_bytes((DOC_FIXTURES / "008.doc").read_bytes())
    status, out = run_import(str(tmp_path))
    assert status == 0, out
    assert "bc-11-2022.doc" in out
    report = Report.objects.get(unit__code="STTTT", period_code="2022-11")
    assert report.source_file.name.endswith("/bc-11-2022.doc")
    assert report.items.filter(text__contains="Kế hoạch số 145/KH-UBND").exists()


HEADER = (
    "UBND TỈNH THÁI BÌNH\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 03/BC-STTTT\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Thái Bình, ngày 05 tháng 01 năm 2023\nBÁO CÁO\n"
)


def test_the_header_fills_the_imports_fields(demo):
    body = sample_text().replace("tháng 01 năm 2022", "tháng 12 năm 2022")
    imported = preview_file(
        (HEADER + body).encode(),
        "bc-12.txt",
        **as_stttt_reporter(demo),
    )
    assert (imported.agency, imported.doc_type, imported.doc_number) == (
        "Sở Thông tin và Truyền thông",
        "Báo cáo",
        "03/BC-STTTT",
    )
    assert imported.doc_date.isoformat() == "2023-01-05"


def test_a_period_whose_year_was_inferred_is_asked_not_taken(demo):
    body = sample_text().replace("tháng 01 năm 2022", "tháng 12")
    imported = preview_file(
        (HEADER + body).encode(),
        "bc-12-khong-nam.txt",
        **as_stttt_reporter(demo),
    )
    from baocao.imports.services import parse_result, plan_import

    plan = plan_import(parse_result(imported), demo["template"])
    assert plan.period is None  # not taken …
    assert plan.suggested is not None and plan.suggested.code == "2022-12"  # … only offered
    with pytest.raises(Invalid):
        confirm_import(imported, by=demo["users"]["chuyenvien"])
    client = Client()
    client.force_login(demo["users"]["chuyenvien"])
    page = client.get(f"/nhap-bao-cao/{imported.pk}/").content.decode()
    # offered in the period picker (chosen, not typed), to be confirmed
    assert '<select id="period" name="period" required aria-describedby="period-help">' in page
    assert '<option value="2022-12" selected>' in page
    assert 'id="doc-number" name="doc_number" value="03/BC-STTTT"' in page


def test_a_stored_parse_reads_back_as_the_parsers_typed_result(demo):
    """The importer walks the parser's typed result; a stored parse gives the same plan."""
    from baocao.imports.services import parse_result, plan_import
    from baocao.parser.model import result_from_dict
    from baocao.parser.parse import parse_text

    text = sample_bytes("04").decode()
    result = parse_text(text, source="bc-04.txt", encoding="utf-8")
    stored = result.to_dict()
    assert result_from_dict(stored, text).to_dict() == stored
    imported = preview_file(
        sample_bytes("04"),
        "bc-04.txt",
        **as_stttt_reporter(demo),
    )
    typed = plan_import(result, demo["template"])
    again = plan_import(parse_result(imported), demo["template"])
    assert (typed.period, typed.intro, typed.items) == (again.period, again.intro, again.items)
    assert [(q.index, q.value, q.suggestion) for q in typed.quantities] == [
        (q.index, q.value, q.suggestion) for q in again.quantities
    ]
    older = {k: v for k, v in stored.items() if k != "period_source"}  # stored before it existed
    assert result_from_dict(older).period_source.certain


def _previewed(demo, month: str) -> tuple[Client, ImportedFile]:
    client = Client()
    client.login(username="chuyenvien", password="Baocao@2026")
    upload = io.BytesIO(sample_bytes(month))
    upload.name = f"bao-cao-thang-{month}.txt"
    response = client.post(
        "/nhap-bao-cao/",
        {"unit": demo["units"]["STTTT"].pk, "template": demo["template"].pk, "file": upload},
    )
    assert response.status_code == 302
    return client, ImportedFile.objects.get(name=upload.name)


def test_a_sentence_with_semicolons_stays_one_item(demo):
    outcome = import_bytes(
        sample_bytes("03"),
        "bc-03-2022.txt",
        **as_stttt_reporter(demo),
    )
    texts = list(outcome.report.items.values_list("text", flat=True))
    joined = (
        "Kiểm tra điểm cung cấp dịch vụ viễn thông; tổ chức, doanh nghiệp, cá nhân đăng ký sử "
        "dụng với số lượng thuê bao lớn"
    )
    assert any(t.startswith(joined) for t in texts)
    assert not any(t.startswith("tổ chức, doanh nghiệp, cá nhân đăng ký") for t in texts)


def test_items_are_corrected_in_the_preview(demo):
    client, imported = _previewed(demo, "04")
    page = client.get(f"/nhap-bao-cao/{imported.pk}/").content.decode()
    assert 'name="item-0-text"' in page
    assert "Độ tin cậy" not in page
    assert "khớp tên chỉ tiêu" in page or "khớp gần đúng" in page
    plan_section = demo["template"].sections.get(code="NVTT")
    form = {
        "period": "2022-04",
        "item-0-text": "Mục đã sửa trong bản xem trước.",
        "item-0-section": str(plan_section.pk),
        "item-1-text": "bị bỏ",
        "item-1-drop": "1",
    }
    response = client.post(f"/nhap-bao-cao/{imported.pk}/", form)
    assert response.status_code == 302
    report = Report.objects.get(period_code="2022-04", unit__code="STTTT")
    first = report.items.get(text="Mục đã sửa trong bản xem trước.")
    assert first.section_id == plan_section.pk
    assert not report.items.filter(text="bị bỏ").exists()
    planned = [i.text for i in plan_import(parse_result(imported), demo["template"]).items]
    dropped = planned[1]  # the same words may come again later (a task carried on)
    assert report.items.filter(text=dropped).count() == planned.count(dropped) - 1
    assert report.items.count() == len(planned) - 1


def test_the_preview_links_the_periods_existing_report(demo):
    client, imported = _previewed(demo, "01")  # January 2022 is in the demo already
    page = client.get(f"/nhap-bao-cao/{imported.pk}/").content.decode()
    january = Report.objects.get(
        period_code="2022-01", unit__code="STTTT", template__code="STTTT-THANG"
    )
    assert 'id="existing-report"' in page
    assert f'href="/bao-cao/{january.pk}/"' in page
    assert '<select id="period" name="period" required' in page  # another period can be chosen
    response = client.post(f"/nhap-bao-cao/{imported.pk}/", {"period": "2022-05"})
    assert response.status_code == 302
    assert Report.objects.filter(period_code="2022-05", unit__code="STTTT").exists()


def test_the_report_page_links_the_file_it_was_imported_from(demo):
    outcome = import_bytes(
        sample_bytes("02"),
        "bc-02-<tệp>.txt",
        **as_stttt_reporter(demo),
    )
    client = Client()
    client.force_login(demo["users"]["chuyenvien"])
    page = client.get(f"/bao-cao/{outcome.report.pk}/").content.decode()
    imported = ImportedFile.objects.get(report=outcome.report)
    link = f'<a href="/nhap-bao-cao/{imported.pk}/">bc-02-&lt;tệp&gt;.txt</a>'
    assert f'<p class="source">Nhập từ tệp: {link}</p>' in page
    typed = Report.objects.exclude(pk=outcome.report.pk).filter(unit=outcome.report.unit).first()
    assert 'class="source"' not in client.get(f"/bao-cao/{typed.pk}/").content.decode()
