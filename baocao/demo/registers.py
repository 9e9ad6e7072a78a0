"""Demo registers of the Sở TT&TT, whose entries give the figures its January 2022 report quotes.

The sample report says "Quản lý, đọc và kiểm tra lưu chiểu 05 tài liệu không kinh doanh (492
trang)" and "Trong tháng không có vụ việc khiếu nại tố cáo phát sinh": the deposit register
holds five non-commercial publications of 492 pages in the window 15/12/2021–14/01/2022, the
complaints register none. A few entries of the following months and of the current window
let a user fill a new draft from the registers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from baocao.catalog.models import ReportTemplate
from baocao.core.actors import Actor
from baocao.domain.registers import Measure
from baocao.organizations.models import OrgUnit
from baocao.registers.models import RegisterBinding, RegisterEntry, WorkRegister
from baocao.registers.services import take_number

DEPOSITS = [  # date, subject, category, pages, reference
    (
        "2021-12-16",
        "Bản tin Nông nghiệp Thái Bình số 12/2021",
        "Không kinh doanh",
        48,
        "GP số 15/GP-STTTT",
    ),
    (
        "2021-12-22",
        "Kỷ yếu Hội thảo chuyển đổi số tỉnh Thái Bình năm 2021",
        "Không kinh doanh",
        156,
        "GP số 17/GP-STTTT",
    ),
    (
        "2021-12-28",
        "Tài liệu tuyên truyền phòng, chống dịch Covid-19",
        "Không kinh doanh",
        32,
        "GP số 18/GP-STTTT",
    ),
    (
        "2022-01-05",
        "Bản tin Tư pháp Thái Bình quý IV/2021",
        "Không kinh doanh",
        64,
        "GP số 01/GP-STTTT",
    ),
    (
        "2022-01-12",
        "Sổ tay hướng dẫn dịch vụ công trực tuyến",
        "Không kinh doanh",
        192,
        "GP số 02/GP-STTTT",
    ),
    (
        "2022-01-20",
        "Bản tin Nông nghiệp Thái Bình số 01/2022",
        "Không kinh doanh",
        48,
        "GP số 03/GP-STTTT",
    ),
    (
        "2022-02-03",
        "Lịch Tết Nhâm Dần của Hội Người cao tuổi tỉnh",
        "Không kinh doanh",
        12,
        "GP số 04/GP-STTTT",
    ),
]
COMPLAINTS = [  # date, subject, category
    (
        "2022-01-24",
        "Đơn phản ánh của công dân xã Đông Hợp về cột ăng-ten trạm BTS",
        "Phản ánh, kiến nghị",
    ),
    ("2022-02-09", "Đơn khiếu nại về việc thu hồi giấy phép hoạt động in", "Khiếu nại"),
]


def _entry(
    register: WorkRegister,
    day: dt.date,
    subject: str,
    category: str,
    quantity: Decimal | None,
    reference: str,
    by: Actor,
) -> None:
    if register.entries.filter(entry_date=day, subject=subject).exists():
        return
    RegisterEntry.objects.create(
        register=register,
        year=day.year,
        number=take_number(register, day.year),
        entry_date=day,
        subject=subject,
        category=category,
        quantity=quantity,
        reference=reference,
        created_by=by,
    )


def load_registers(units: dict[str, OrgUnit], template: ReportTemplate, users: dict) -> None:
    """Create the demo registers, their bindings and entries (idempotent)."""
    unit, by = units["STTTT"], users["chuyenvien"]
    indicators = {i.code: i for i in template.indicators.all()}
    deposits, _ = WorkRegister.objects.get_or_create(
        unit=unit,
        code="LUU-CHIEU",
        defaults={
            "name": "Sổ theo dõi xuất bản phẩm nộp lưu chiểu",
            "categories": ["Không kinh doanh", "Kinh doanh"],
            "quantity_label": "Số trang",
            "description": "Xuất bản phẩm nộp lưu chiểu tại Sở, đã đọc và kiểm tra.",
        },
    )
    complaints, _ = WorkRegister.objects.get_or_create(
        unit=unit,
        code="DON-THU",
        defaults={
            "name": "Sổ tiếp nhận đơn thư khiếu nại, tố cáo, phản ánh",
            "categories": ["Khiếu nại", "Tố cáo", "Phản ánh, kiến nghị"],
            "description": "Đơn thư gửi đến Sở, theo Luật Khiếu nại và Luật Tố cáo.",
        },
    )
    for register, code, measure, categories in (
        (deposits, "LUU_CHIEU_TL", Measure.COUNT, ["Không kinh doanh"]),
        (deposits, "LUU_CHIEU_TRANG", Measure.SUM, ["Không kinh doanh"]),
        # complaints and denunciations only: a "Phản ánh, kiến nghị" letter is not counted
        (complaints, "KHIEU_NAI", Measure.COUNT, ["Khiếu nại", "Tố cáo"]),
    ):
        if code in indicators:
            RegisterBinding.objects.update_or_create(
                register=register,
                indicator=indicators[code],
                defaults={"measure": measure.value, "category": "", "categories": categories},
            )
    for day, subject, category, pages, reference in DEPOSITS:
        _entry(
            deposits, dt.date.fromisoformat(day), subject, category, Decimal(pages), reference, by
        )
    for day, subject, category in COMPLAINTS:
        _entry(complaints, dt.date.fromisoformat(day), subject, category, None, "", by)
    today = timezone.localdate()
    recent = today - dt.timedelta(days=3)
    if deposits.entries.filter(entry_date__gte=today - dt.timedelta(days=30)).exists():
        return  # loaded on an earlier day of this month: nothing more
    _entry(
        deposits,
        recent,
        "Bản tin Thông tin và Truyền thông Thái Bình",
        "Không kinh doanh",
        Decimal(36),
        "GP số 21/GP-STTTT",
        by,
    )
    _entry(complaints, recent, "Đơn tố cáo hành vi phát tán tin nhắn rác", "Tố cáo", None, "", by)
