"""Load the demo data (idempotent): units, template, users with every role, the sample report."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.core.actors import Actor
from baocao.demo import sample
from baocao.domain.workflow import Role
from baocao.issuing.models import Dispatch
from baocao.issuing.services import issue_report, receive_dispatch, send_report
from baocao.organizations.models import Membership, OrgUnit
from baocao.reports.models import Report
from baocao.reports.services import (
    ItemInput,
    approve_report,
    create_report,
    save_draft,
    submit_report,
)

DEMO_PASSWORD = "Baocao@2026"  # noqa: S105 - printed by `make run` for the demo accounts

PROVINCE = ("UBND-TB", "Ủy ban nhân dân tỉnh Thái Bình", "UBND tỉnh Thái Bình", "UBND")
DEPARTMENTS = [
    ("STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT", "STTTT"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "SKHĐT"),
    ("SNV", "Sở Nội vụ", "Sở Nội vụ", "SNV"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", "SKHCN"),
    ("VP-UBND", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", "VP"),
]
DIVISIONS = [
    ("STTTT-VP", "Văn phòng Sở"),
    ("STTTT-CNTT", "Phòng Công nghệ thông tin"),
    ("STTTT-BCVT", "Phòng Bưu chính - Viễn thông"),
    ("STTTT-TTBC", "Phòng Thông tin - Báo chí - Xuất bản"),
    ("STTTT-TTRA", "Thanh tra Sở"),
    ("STTTT-TTCN", "Trung tâm Công nghệ thông tin và Truyền thông"),
]
DISTRICTS = [
    ("TP-TB", "Ủy ban nhân dân thành phố Thái Bình", "TP Thái Bình"),
    ("H-DH", "Ủy ban nhân dân huyện Đông Hưng", "Đông Hưng"),
    ("H-HH", "Ủy ban nhân dân huyện Hưng Hà", "Hưng Hà"),
    ("H-QP", "Ủy ban nhân dân huyện Quỳnh Phụ", "Quỳnh Phụ"),
    ("H-TT", "Ủy ban nhân dân huyện Thái Thụy", "Thái Thụy"),
    ("H-TH", "Ủy ban nhân dân huyện Tiền Hải", "Tiền Hải"),
    ("H-KX", "Ủy ban nhân dân huyện Kiến Xương", "Kiến Xương"),
    ("H-VT", "Ủy ban nhân dân huyện Vũ Thư", "Vũ Thư"),
]
# Districts were abolished on 1 July 2025 (two-level local government).
DISTRICTS_CLOSED = dt.date(2025, 7, 1)

SECTIONS = [
    ("CNTT-VT", "Về Công nghệ thông tin - Viễn thông", Section.Kind.RESULTS, True),
    ("TTBC", "Về Thông tin - Báo chí - Xuất bản – Bưu chính", Section.Kind.RESULTS, False),
    (
        "TTRA",
        "Công tác thanh tra, kiểm tra, tiếp dân, giải quyết khiếu nại tố cáo",
        Section.Kind.RESULTS,
        False,
    ),
    ("NVTT", "Nhiệm vụ trọng tâm tháng tới", Section.Kind.PLAN, False),
]
INDICATORS = [
    # code, name, unit, type, aggregation, section, key, synonyms
    (
        "BAO_CHI_TW",
        "Tin, bài của báo chí Trung ương về tỉnh",
        "tin, bài",
        "integer",
        "sum",
        "TTBC",
        True,
        "tin, bài\ntin bài",
    ),
    (
        "LUU_CHIEU_TL",
        "Xuất bản phẩm không kinh doanh nộp lưu chiểu",
        "tài liệu",
        "integer",
        "sum",
        "TTBC",
        True,
        "tài liệu\ntài liệu không kinh doanh",
    ),
    (
        "LUU_CHIEU_TRANG",
        "Số trang xuất bản phẩm lưu chiểu",
        "trang",
        "integer",
        "sum",
        "TTBC",
        False,
        "trang",
    ),
    (
        "KHIEU_NAI",
        "Vụ việc khiếu nại, tố cáo phát sinh",
        "vụ việc",
        "integer",
        "sum",
        "TTRA",
        True,
        "vụ việc\nkhiếu nại\ntố cáo",
    ),
    (
        "BAI_TOAN_CDS",
        "Bài toán chuyển đổi số được đề xuất",
        "bài toán",
        "integer",
        "sum",
        "CNTT-VT",
        False,
        "bài toán",
    ),
    (
        "HO_SO_BCCI",
        "Hồ sơ TTHC tiếp nhận, trả kết quả qua bưu chính công ích",
        "hồ sơ",
        "integer",
        "sum",
        "TTBC",
        True,
        "hồ sơ",
    ),
    (
        "THANH_TRA",
        "Cuộc thanh tra, kiểm tra đã tiến hành",
        "cuộc",
        "integer",
        "sum",
        "TTRA",
        False,
        "cuộc\ncuộc thanh tra\ncuộc kiểm tra",
    ),
    (
        "CAP_VT_KM",
        "Cáp viễn thông được chỉnh trang, hạ ngầm",
        "km",
        "decimal",
        "sum",
        "CNTT-VT",
        False,
        "km",
    ),
    (
        "LO_HONG",
        "Hệ thống thông tin được rà soát lỗ hổng bảo mật",
        "hệ thống",
        "integer",
        "sum",
        "CNTT-VT",
        False,
        "hệ thống",
    ),
]
RECIPIENTS = "UBND tỉnh;\nBộ Thông tin và Truyền thông;\nGiám đốc Sở;\nLưu: VT, VP."

USERS = [
    # username, full name (family, given), unit, role, title, sign authority, staff
    ("chuyenvien", ("Nguyễn Thị", "Lan"), "STTTT", Role.REPORTER, "Chuyên viên", "", False),
    (
        "giamdoc",
        ("Trần Văn", "Hùng"),
        "STTTT",
        Role.APPROVER,
        "Phó Giám đốc",
        "KT. GIÁM ĐỐC",
        False,
    ),
    (
        "tonghop",
        ("Lê Minh", "Tuấn"),
        "UBND-TB",
        Role.CONSOLIDATOR,
        "Chuyên viên tổng hợp",
        "",
        False,
    ),
    # The consolidator also drafts the province's consolidated report (reporter role there) …
    ("tonghop", ("Lê Minh", "Tuấn"), "UBND-TB", Role.REPORTER, "Chuyên viên tổng hợp", "", False),
    ("lanhdao", ("Phạm Quang", "Vinh"), "UBND-TB", Role.VIEWER, "Phó Chủ tịch", "", False),
    # … and the Vice-Chairman approves and signs it.
    (
        "lanhdao",
        ("Phạm Quang", "Vinh"),
        "UBND-TB",
        Role.APPROVER,
        "Phó Chủ tịch",
        "KT. CHỦ TỊCH",
        False,
    ),
    ("quantri", ("Hoàng Đức", "Anh"), "STTTT", Role.ADMINISTRATOR, "Quản trị hệ thống", "", True),
    # The clerks (văn thư) number, issue and send; the province's clerk receives.
    ("vanthu", ("Bùi Thị", "Hoa"), "STTTT", Role.CLERK, "Văn thư", "", False),
    ("vanthu.ubnd", ("Ngô Thị", "Mai"), "UBND-TB", Role.CLERK, "Văn thư", "", False),
    ("chuyenvien.khdt", ("Vũ Thu", "Hà"), "SKHDT", Role.REPORTER, "Chuyên viên", "", False),
    ("giamdoc.khdt", ("Đỗ Văn", "Nam"), "SKHDT", Role.APPROVER, "Giám đốc", "", False),
]


def _unit(
    code: str,
    name: str,
    short: str,
    level: str,
    parent: OrgUnit | None,
    doc_code: str = "",
    **extra: object,
) -> OrgUnit:
    unit, _ = OrgUnit.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "short_name": short,
            "level": level,
            "parent": parent,
            "doc_code": doc_code,
            "place_name": "Thái Bình",
            "is_demo": True,
            **extra,
        },
    )
    return unit


def load_units() -> dict[str, OrgUnit]:
    """Create Thái Bình's unit tree: the People's Committee, departments, divisions, districts."""
    code, name, short, doc = PROVINCE
    province = _unit(code, name, short, OrgUnit.Level.PROVINCE, None, doc)
    units = {code: province}
    for code, name, short, doc in DEPARTMENTS:
        units[code] = _unit(
            code,
            name,
            short,
            OrgUnit.Level.DEPARTMENT,
            province,
            doc,
            governing_body="UBND TỈNH THÁI BÌNH",
        )
    for code, name in DIVISIONS:
        units[code] = _unit(
            code,
            name,
            name,
            OrgUnit.Level.DIVISION,
            units["STTTT"],
            "",
            governing_body="SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        )
    for code, name, short in DISTRICTS:
        units[code] = _unit(
            code,
            name,
            short,
            OrgUnit.Level.DISTRICT,
            province,
            "UBND",
            governing_body="",
            closed_on=DISTRICTS_CLOSED,
        )
    return units


def load_template(units: dict[str, OrgUnit]) -> ReportTemplate:
    """Create the Sở TT&TT monthly template with its sections and indicators."""
    template, _ = ReportTemplate.objects.update_or_create(
        code="STTTT-THANG",
        defaults={
            "name": "Báo cáo tháng kết quả hoạt động Thông tin và Truyền thông",
            "period_kind": "month",
            "cutoff_start_day": 15,
            "deadline_rule": {"kind": "day_of_month", "value": 20, "month_offset": 0},
            "doc_type_code": "BC",
            "title_format": "Kết quả hoạt động Thông tin và Truyền thông {period}",
            "recipients": RECIPIENTS,
        },
    )
    sections = {}
    for order, (code, title, kind, required) in enumerate(SECTIONS, start=1):
        sections[code], _ = Section.objects.update_or_create(
            template=template,
            code=code,
            defaults={"title": title, "kind": kind, "order": order, "required": required},
        )
    for order, (code, name, unit, vtype, agg, section, key, syn) in enumerate(INDICATORS, 1):
        Indicator.objects.update_or_create(
            template=template,
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "value_type": vtype,
                "aggregation": agg,
                "section": sections[section],
                "order": order,
                "is_key": key,
                "synonyms": syn,
                "min_value": 0,
            },
        )
    template.assigned_units.add(units["STTTT"])
    return template


def load_users(units: dict[str, OrgUnit]) -> dict[str, Actor]:
    """Create a demo user for every role; return them by username."""
    user_model = get_user_model()
    users = {}
    for username, (last, first), unit, role, title, authority, staff in USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.vn",
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(
            user=user,
            unit=units[unit],
            role=role.value,
            defaults={"title": title, "sign_authority": authority},
        )
        users[username] = user
    return users


def _at(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def load_sample_report(template: ReportTemplate, units: dict[str, OrgUnit], users: dict) -> Report:
    """Store the January 2022 sample report, issued as "Số: 05/BC-STTTT" on 25/01/2022.

    It goes the whole way as it did then: submitted, approved, issued by the clerk, sent to
    the provincial People's Committee and received there — with the dates of January 2022.
    """
    unit = units["STTTT"]
    existing = Report.objects.filter(unit=unit, template=template, period_code="2022-01").first()
    if existing:
        return existing
    reporter, approver = users["chuyenvien"], users["giamdoc"]
    report = create_report(
        unit=unit, template=template, period="2022-01", by=reporter, is_demo=True
    )
    sections = {s.code: s.pk for s in template.sections.all()}
    indicators = {i.code: i.pk for i in template.indicators.all()}
    save_draft(
        report,
        by=reporter,
        expected_version=report.version,
        intro=sample.INTRO,
        items=[
            ItemInput(text=text, section_id=sections[code], continuing=cont)
            for code, text, cont in sample.ITEMS
        ],
        values={indicators[code]: raw for code, raw in sample.VALUES.items()},
    )
    submit_report(report, by=reporter)
    approve_report(report, by=approver)
    Report.objects.filter(pk=report.pk).update(
        submitted_at=_at(2022, 1, 24, 16, 30), approved_at=_at(2022, 1, 25, 9, 0)
    )
    report.refresh_from_db()
    clerk, receiver = users["vanthu"], users["vanthu.ubnd"]
    issue_report(report.pk, by=clerk, number=5, issued_on=dt.date(2022, 1, 25))
    Report.objects.filter(pk=report.pk).update(issued_at=_at(2022, 1, 25, 10, 0))
    (dispatch,) = send_report(report.pk, by=clerk, to_units=[units["UBND-TB"]])
    sent = _at(2022, 1, 25, 10, 15)
    Report.objects.filter(pk=report.pk).update(sent_at=sent)
    Dispatch.objects.filter(pk=dispatch.pk).update(sent_at=sent)
    receive_dispatch(dispatch.pk, by=receiver)
    Report.objects.filter(pk=report.pk).update(received_at=_at(2022, 1, 25, 14, 0))
    Dispatch.objects.filter(pk=dispatch.pk).update(
        opened_at=_at(2022, 1, 25, 14, 0), received_at=_at(2022, 1, 25, 14, 0)
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def load_demo() -> dict[str, object]:
    """Load every piece of demo data; running it again changes nothing."""
    units = load_units()
    template = load_template(units)
    users = load_users(units)
    from baocao.demo.validation import load_validation

    load_validation(units, template)
    report = load_sample_report(template, units, users)
    from baocao.demo.registers import load_registers

    load_registers(units, template, users)
    from baocao.demo.reorganisation import load_reorganisation

    load_reorganisation(units, users)
    return {"units": units, "template": template, "users": users, "report": report}
