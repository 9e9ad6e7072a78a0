"""Personas and fixtures shared by the whole suite (healthchecks-style: owner, member, outsider).

A province with two departments; each department has a reporter and an approver; the province
has a viewer (leader) and a consolidator; ``outsider`` is the reporter of the other department.
The Sở TT&TT's clerk issues and sends its reports; the province's clerk receives them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.domain.workflow import Role
from baocao.organizations.models import Membership, OrgUnit
from baocao.registers.models import RegisterBinding, WorkRegister
from baocao.reports.models import Report
from baocao.reports.services import ItemInput, create_report, save_draft

PASSWORD = "Mat-khau-thu-2026"

# The sample report: the real January 2022 report of the Sở TT&TT. The one home for it: the
# shared copy (../shared/samples, as in CI) when present, else the copy committed under tests/
# (a fresh clone); tests/core/test_demo.py checks the two are the same file.
SAMPLE_NAME = "stttt-thai-binh-2022-01.txt"
SHARED_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
SAMPLE_COPY = Path(__file__).resolve().parent / "documents" / SAMPLE_NAME
SAMPLE = SHARED_SAMPLES / SAMPLE_NAME if (SHARED_SAMPLES / SAMPLE_NAME).is_file() else SAMPLE_COPY


def sample_text() -> str:
    """Return the sample report's text."""
    return SAMPLE.read_text(encoding="utf-8")


def make_user(username: str, unit: OrgUnit, role: Role, **extra: str):
    """Create a user with one role in one unit."""
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.vn",
        first_name=extra.pop("first_name", username.title()),
        last_name=extra.pop("last_name", ""),
    )
    Membership.objects.create(user=user, unit=unit, role=role.value, **extra)
    return user


@pytest.fixture
def province(db) -> OrgUnit:
    """Return the provincial People's Committee."""
    return OrgUnit.objects.create(
        code="UBND-TB",
        name="Ủy ban nhân dân tỉnh Thái Bình",
        short_name="UBND tỉnh",
        level="province",
        doc_code="UBND",
        place_name="Thái Bình",
    )


@pytest.fixture
def unit(province) -> OrgUnit:
    """Return the Sở TT&TT, the unit most tests report for."""
    return OrgUnit.objects.create(
        code="STTTT",
        name="Sở Thông tin và Truyền thông",
        short_name="Sở TT&TT",
        level="department",
        parent=province,
        doc_code="STTTT",
        governing_body="UBND TỈNH THÁI BÌNH",
        place_name="Thái Bình",
    )


@pytest.fixture
def other_unit(province) -> OrgUnit:
    """Return another department of the province (the outsider's unit)."""
    return OrgUnit.objects.create(
        code="SKHDT",
        name="Sở Kế hoạch và Đầu tư",
        short_name="Sở KH&ĐT",
        level="department",
        parent=province,
        doc_code="SKHĐT",
        place_name="Thái Bình",
    )


@pytest.fixture
def template(unit, other_unit) -> ReportTemplate:
    """Return a monthly template with three result sections, a plan section and indicators."""
    template = ReportTemplate.objects.create(
        code="STTTT-THANG",
        name="Báo cáo tháng Sở TT&TT",
        period_kind="month",
        title_format="Kết quả hoạt động Thông tin và Truyền thông {period}",
        recipients="UBND tỉnh;\nLưu: VT, VP.",
    )
    Section.objects.create(
        template=template,
        code="CNTT",
        order=1,
        required=True,
        title="Về Công nghệ thông tin - Viễn thông",
    )
    Section.objects.create(
        template=template,
        code="TTBC",
        order=2,
        title="Về Thông tin - Báo chí - Xuất bản – Bưu chính",
    )
    Section.objects.create(
        template=template, code="TTRA", order=3, title="Công tác thanh tra, kiểm tra, tiếp dân"
    )
    Section.objects.create(
        template=template, code="NVTT", order=4, kind="plan", title="Nhiệm vụ trọng tâm tháng tới"
    )
    Indicator.objects.create(
        template=template,
        code="BAO_CHI",
        name="Tin, bài báo chí TW",
        unit="tin, bài",
        order=1,
        min_value=0,
        is_key=True,
    )
    Indicator.objects.create(
        template=template,
        code="KHIEU_NAI",
        name="Vụ việc khiếu nại",
        unit="vụ việc",
        order=2,
        min_value=0,
        max_value=1000,
    )
    Indicator.objects.create(
        template=template,
        code="TY_LE",
        name="Tỷ lệ hồ sơ trực tuyến",
        unit="%",
        order=3,
        value_type="percent",
        aggregation="average",
    )
    template.assigned_units.add(unit, other_unit)
    return template


@pytest.fixture
def reporter(unit):
    """Return the Sở TT&TT's reporter (chuyên viên)."""
    return make_user("chuyenvien", unit, Role.REPORTER, first_name="Lan", last_name="Nguyễn Thị")


@pytest.fixture
def second_reporter(unit):
    """Return a second reporter of the same unit (for concurrent edits)."""
    return make_user("chuyenvien2", unit, Role.REPORTER, first_name="Minh", last_name="Lê Văn")


@pytest.fixture
def approver(unit):
    """Return the Sở TT&TT's approver (Phó Giám đốc)."""
    return make_user(
        "giamdoc",
        unit,
        Role.APPROVER,
        first_name="Hùng",
        last_name="Trần Văn",
        title="Phó Giám đốc",
        sign_authority="KT. GIÁM ĐỐC",
    )


@pytest.fixture
def outsider(other_unit):
    """Return a reporter of another department, who must see nothing of the Sở TT&TT's drafts."""
    return make_user("nguoingoai", other_unit, Role.REPORTER)


@pytest.fixture
def outside_approver(other_unit):
    """Return the approver of another department."""
    return make_user("giamdoc.khac", other_unit, Role.APPROVER)


@pytest.fixture
def viewer(province):
    """Return a provincial leader (viewer of the whole province)."""
    return make_user("lanhdao", province, Role.VIEWER)


@pytest.fixture
def consolidator(province):
    """Return the provincial office's consolidator."""
    return make_user("tonghop", province, Role.CONSOLIDATOR)


@pytest.fixture
def clerk(unit):
    """Return the Sở TT&TT's clerk (văn thư), who issues and sends its reports."""
    return make_user("vanthu", unit, Role.CLERK, first_name="Hoa", last_name="Bùi Thị")


@pytest.fixture
def province_clerk(province):
    """Return the provincial People's Committee's clerk, who receives the departments' reports."""
    return make_user("vanthu.tinh", province, Role.CLERK, first_name="Mai", last_name="Ngô Thị")


@pytest.fixture
def draft(template, unit, reporter) -> Report:
    """Return a draft for January 2022 with one item in the first section and one value."""
    report = create_report(unit=unit, template=template, period="2022-01", by=reporter)
    first = template.sections.get(code="CNTT")
    plan = template.sections.get(code="NVTT")
    save_draft(
        report,
        by=reporter,
        expected_version=report.version,
        items=[
            ItemInput(text="Trình UBND tỉnh phê duyệt Đề án Chuyển đổi số.", section_id=first.pk),
            ItemInput(text="Tiếp tục triển khai Camera giám sát giao thông.", section_id=plan.pk),
        ],
        values={template.indicators.get(code="BAO_CHI").pk: ("773", "")},
    )
    report.refresh_from_db()
    return report


def reload(report: Report) -> Report:
    """Return a fresh copy of ``report`` from the database."""
    return Report.objects.get(pk=report.pk)


def client_for(user, language: str | None = None) -> Client:
    """Return a web client signed in as ``user``, switched to ``language`` when given."""
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    if language:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client


@pytest.fixture
def register(unit, template) -> WorkRegister:
    """Return the Sở TT&TT's complaints register, feeding KHIEU_NAI (count of "Khiếu nại")."""
    register = WorkRegister.objects.create(
        unit=unit,
        code="DON-THU",
        name="Sổ tiếp nhận đơn thư",
        categories=["Khiếu nại", "Tố cáo"],
        quantity_label="Số người",
    )
    RegisterBinding.objects.create(
        register=register,
        indicator=template.indicators.get(code="KHIEU_NAI"),
        measure="count",
        category="Khiếu nại",
    )
    return register


@pytest.fixture
def other_register(other_unit) -> WorkRegister:
    """Return a register of the other department (the outsider's)."""
    return WorkRegister.objects.create(unit=other_unit, code="TTHC", name="Sổ hồ sơ TTHC")
