"""The editor shows the rules' findings next to the cells and keeps estimates and reasons."""

from __future__ import annotations

from baocao.validation.services import create_rule
from tests.conftest import client_for, reload


def _post(draft, parts, **extra):
    data = {"version": str(draft.version), "title": draft.title, "intro": ""}
    for pk, value in extra.items():
        data[pk] = value
    return data


def test_a_part_larger_than_the_total_is_refused_next_to_the_cell_and_in_the_summary(
    draft, parts, admin, reporter
):
    create_rule(draft.template, by=admin, left="HS_TRUC_TUYEN", operator="<=", right="HS_TONG")
    client = client_for(reporter)
    data = _post(
        draft,
        parts,
        **{f"value-{parts['total'].pk}": "10", f"value-{parts['online'].pk}": "12"},
    )
    response = client.post(f"/bao-cao/{draft.pk}/soan/", data)
    assert response.status_code == 422
    html = response.content.decode()
    message = "Số liệu không thỏa quy tắc HS_TRUC_TUYEN ≤ HS_TONG (12 ≤ 10 không đúng)."
    assert f'<p class="error" id="err-{parts["online"].pk}">{message}</p>' in html
    assert (
        f'<a href="#value-{parts["online"].pk}">Trong đó: hồ sơ trực tuyến</a>: {message}' in html
    )


def test_an_outlier_warning_is_shown_then_confirmed_with_a_reason(draft, parts, reporter, unit):
    from tests.validation.test_rules import _history

    _history(draft.template, unit, reporter, parts["total"], ["10"] * 8)
    client = client_for(reporter)
    pk = parts["total"].pk
    response = client.post(
        f"/bao-cao/{draft.pk}/soan/", _post(draft, parts, **{f"value-{pk}": "90"}), follow=True
    )
    html = response.content.decode()
    assert "Số liệu cần kiểm tra lại" in html
    assert f'id="reason-{pk}"' in html
    draft = reload(draft)
    client.post(
        f"/bao-cao/{draft.pk}/soan/",
        _post(
            draft,
            parts,
            **{f"value-{pk}": "90", f"reason-{pk}": "Đợt cao điểm", f"estimate-{pk}": "1"},
        ),
    )
    value = reload(draft).values.get(indicator=parts["total"])
    assert (value.confirmed_reason, value.is_estimate) == ("Đợt cao điểm", True)
    html = client.get(f"/bao-cao/{draft.pk}/soan/").content.decode()
    assert "Số liệu cần kiểm tra lại" not in html
    assert "Đã xác nhận:" in html
