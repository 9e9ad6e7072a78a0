"""The register designer: presets, columns and their values, bindings over several categories
and column values, who may design, the log, and the design as a JSON/XLSX document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from baocao.core.errors import Forbidden, Invalid, NotFound
from baocao.domain.workflow import Role
from baocao.registers import design
from baocao.registers.columns import columns_of
from baocao.registers.exports import entries_csv
from baocao.registers.models import RegisterEvent, WorkRegister
from baocao.registers.selectors import entry_filter, filtered_entries, report_figures
from baocao.registers.services import EntryInput, add_entry
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(unit):
    """Return the Sở TT&TT's administrator."""
    return make_user("quantri", unit, Role.ADMINISTRATOR)


def letter(day: str, kind: str, competence: str = "Thuộc thẩm quyền", **more: object) -> EntryInput:
    return EntryInput(
        entry_date=day,
        subject=f"Đơn {kind.lower()} của công dân",
        category=kind,
        values={"tham_quyen": competence, **more},
    )


def test_a_preset_register_has_its_columns_and_its_entries_are_checked(unit, admin, reporter):
    register = design.create_from_preset(unit.pk, "DON-THU", by=admin)
    assert register.categories == ["Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh"]
    assert [c.code for c in columns_of(register)][:2] == ["nguoi_gui", "tham_quyen"]
    entry = add_entry(
        register.pk,
        letter("2022-02-01", "Tố cáo", "không thuộc THẨM QUYỀN", tiep_cong_dan="có", so_nguoi="3"),
        by=reporter,
    )
    assert entry.values == {
        "tham_quyen": "Không thuộc thẩm quyền",
        "tiep_cong_dan": True,
        "so_nguoi": "3",
    }
    with pytest.raises(Invalid) as refused:
        add_entry(
            register.pk,
            EntryInput(
                entry_date="2022-02-02",
                subject="Đơn",
                category="Khiếu nại",
                values={"so_nguoi": "ba", "xu_ly": "Bỏ qua"},
            ),
            by=reporter,
        )
    assert set(refused.value.details) == {"values.tham_quyen", "values.so_nguoi", "values.xu_ly"}
    assert "Thẩm quyền" in refused.value.details["values.tham_quyen"]
    assert register.entries.count() == 1
    csv = entries_csv(register, register.entries.all()).decode("utf-8-sig")
    assert "Thẩm quyền" in csv.splitlines()[0] and "Không thuộc thẩm quyền" in csv


def test_only_administrators_design_and_every_change_is_logged(unit, admin, reporter, outsider):
    with pytest.raises(Forbidden):
        design.create_from_preset(unit.pk, "THANH-TRA", by=reporter)
    with pytest.raises(NotFound):
        design.create_from_preset(unit.pk, "THANH-TRA", by=outsider)
    register = design.create_from_preset(unit.pk, "THANH-TRA", by=admin)
    with pytest.raises(Forbidden):
        design.add_column(register.pk, {"code": "ghi_chu_them", "label": "Ghi chú"}, by=reporter)
    design.add_column(register.pk, {"code": "co_quan", "label": "Cơ quan phối hợp"}, by=admin)
    with pytest.raises(Invalid) as refused:
        design.add_column(register.pk, {"code": "Bad Code", "label": "x"}, by=admin)
    assert refused.value.code == "invalid_design"
    register.refresh_from_db()
    assert columns_of(register)[-1].label == "Cơ quan phối hợp"
    verbs = list(register.events.values_list("verb", flat=True))
    assert verbs == [RegisterEvent.Verb.DESIGN, RegisterEvent.Verb.CREATE]


def test_a_binding_counts_several_categories_and_column_values(
    unit, template, draft, admin, reporter
):
    register = design.create_from_preset(unit.pk, "DON-THU", by=admin)
    indicator = template.indicators.get(code="KHIEU_NAI")
    design.bind(
        register.pk,
        indicator.pk,
        design.BindingInput(categories=("khiếu nại", "Tố cáo")),
        by=admin,
    )
    for kind in ("Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh"):
        add_entry(register.pk, letter("2022-01-05", kind), by=reporter)
    add_entry(register.pk, letter("2022-01-06", "Tố cáo", "Không thuộc thẩm quyền"), by=reporter)
    figures = {f.binding.indicator.code: f.figure.value for f in report_figures(draft)}
    assert figures == {"KHIEU_NAI": Decimal(3)}
    design.bind(
        register.pk,
        indicator.pk,
        design.BindingInput(
            categories=("Khiếu nại", "Tố cáo"), filters={"tham_quyen": ["thuộc thẩm quyền"]}
        ),
        by=admin,
    )
    figures = {f.binding.indicator.code: f.figure.value for f in report_figures(draft)}
    assert figures == {"KHIEU_NAI": Decimal(2)}
    design.bind(
        register.pk,
        indicator.pk,
        design.BindingInput(measure="sum", sum_column="so_nguoi"),
        by=admin,
    )
    add_entry(register.pk, letter("2022-01-07", "Khiếu nại", so_nguoi="12"), by=reporter)
    [figure] = report_figures(draft)
    assert (figure.figure.value, figure.figure.missing_quantity) == (Decimal(12), 4)
    with pytest.raises(Invalid):
        design.bind(register.pk, indicator.pk, design.BindingInput(categories=("Khác",)), by=admin)
    chosen, _ = entry_filter(
        register, categories=["Khiếu nại", "Tố cáo"], columns={"tham_quyen": "thuộc thẩm quyền"}
    )
    assert filtered_entries(register, chosen).count() == 3


def test_the_demo_complaints_binding_counts_complaints_and_denunciations_only():
    """February 2022: a "phản ánh, kiến nghị" letter (24/01) and a complaint (09/02): 1."""
    from baocao.demo.load import load_demo

    data = load_demo()
    register = WorkRegister.objects.get(code="DON-THU")
    binding = register.bindings.get(indicator__code="KHIEU_NAI")
    assert binding.wanted_categories() == ["Khiếu nại", "Tố cáo"]
    from baocao.domain.registers import EntryFacts, Measure, compute

    rows = register.entries.values_list("entry_date", "category", "quantity", "values")
    figure = compute(
        [EntryFacts(d, c, q, v) for d, c, q, v in rows],
        start=dt.date(2022, 1, 15),
        end=dt.date(2022, 2, 14),
        measure=Measure.COUNT,
        categories=binding.wanted_categories(),
    )
    assert figure.value == Decimal(1)
    assert data["report"] is not None


def test_a_design_exports_and_imports_idempotently(unit, template, admin, reporter):
    register = design.create_from_preset(unit.pk, "DON-THU", by=admin)
    indicator = template.indicators.get(code="KHIEU_NAI")
    design.bind(
        register.pk,
        indicator.pk,
        design.BindingInput(categories=("Khiếu nại", "Tố cáo")),
        by=admin,
    )
    for content in (design.to_json(register), design.to_xlsx(register)):
        document = design.read_document(content)
        plan = design.import_design(unit.pk, document, by=admin, dry_run=True)
        assert (plan.action, plan.bindings) == ("unchanged", [("KHIEU_NAI", "unchanged")])
    document = design.read_document(design.to_xlsx(register))
    document["register"]["code"] = "DON-THU-2"
    document["register"]["columns"].append({"code": "moi", "label": "Cột mới", "type": "text"})
    plan = design.import_design(unit.pk, document, by=admin, dry_run=True)
    assert plan.action == "create" and not WorkRegister.objects.filter(code="DON-THU-2").exists()
    before = RegisterEvent.objects.count()
    plan = design.import_design(unit.pk, document, by=admin, dry_run=False)
    copy = WorkRegister.objects.get(code="DON-THU-2")
    assert columns_of(copy)[-1].code == "moi"
    assert copy.bindings.get().wanted_categories() == ["Khiếu nại", "Tố cáo"]
    assert RegisterEvent.objects.count() == before + 2  # created, bound
    again = design.import_design(unit.pk, document, by=admin, dry_run=False)
    assert again.action == "unchanged" and RegisterEvent.objects.count() == before + 2
    with pytest.raises(Forbidden):
        design.import_design(unit.pk, document, by=reporter)
    with pytest.raises(Invalid):
        design.read_document(b"{}")


def test_a_column_named_like_a_dict_method_shows_on_the_register_pages(
    unit, template, admin, reporter
):
    # "items", "keys" or "values" are valid column codes: the pages must not read them as the
    # binding's dict methods (a template's "filters.items" found the column's values instead).
    from tests.conftest import client_for

    register = design.create_from_preset(unit.pk, "DON-THU", by=admin)
    for code in ("items", "values"):
        design.add_column(
            register.pk, {"code": code, "label": f"Cột {code}", "type": "text"}, by=admin
        )
    design.bind(
        register.pk,
        template.indicators.get(code="KHIEU_NAI").pk,
        design.BindingInput(filters={"items": ["a"], "values": ["b"]}),
        by=admin,
    )
    for path in (f"/so-theo-doi/{register.pk}/", f"/so-theo-doi/{register.pk}/thiet-ke/"):
        page = client_for(admin).get(path)
        assert page.status_code == 200, path
        assert "items: a" in page.content.decode() and "values: b" in page.content.decode()
