"""Demo rules on the figures and annual targets of the Sở TT&TT (idempotent)."""

from __future__ import annotations

from decimal import Decimal

from baocao.catalog.models import ReportTemplate
from baocao.organizations.models import OrgUnit
from baocao.targets.models import AnnualTarget
from baocao.validation.models import ValidationRule

RULES = [
    # left, operator, right, severity, message
    (
        "LUU_CHIEU_TL",
        "<=",
        "LUU_CHIEU_TRANG",
        "error",
        "Số tài liệu lưu chiểu không thể nhiều hơn tổng số trang của chúng.",
    ),
    (
        "BAI_TOAN_CDS",
        "<=",
        "50",
        "warning",
        "Số bài toán chuyển đổi số đề xuất trong một tháng cao bất thường; hãy kiểm tra lại.",
    ),
]

# Annual targets (kế hoạch năm) of the Sở TT&TT for 2022: "đạt x% kế hoạch năm".
TARGETS = {"BAO_CHI_TW": "9000", "LUU_CHIEU_TL": "60", "BAI_TOAN_CDS": "40"}


def load_validation(units: dict[str, OrgUnit], template: ReportTemplate) -> None:
    """Add the demo rules of the monthly regime and the 2022 targets of the Sở TT&TT."""
    for left, operator, right, severity, message in RULES:
        ValidationRule.objects.get_or_create(
            template=template,
            left=left,
            operator=operator,
            right=right,
            defaults={"severity": severity, "message": message},
        )
    indicators = {i.code: i for i in template.indicators.all()}
    for code, value in TARGETS.items():
        AnnualTarget.objects.update_or_create(
            unit=units["STTTT"],
            indicator=indicators[code],
            year=2022,
            defaults={"value": Decimal(value)},
        )
