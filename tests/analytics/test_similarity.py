"""Follow-through matching on Vietnamese task texts (pure, no database)."""

from baocao.domain.similarity import score, suggest, tokens

PLANS = [
    "Tiếp tục triển khai Camera giám sát giao thông.",
    "Tổ chức Hội nghị tập huấn chuyển đổi số cho cán bộ cấp xã.",
    "Thanh tra việc chấp hành pháp luật về báo chí.",
]
RESULTS = [
    "Đã lắp đặt 20 camera giám sát giao thông tại TP Thái Bình.",
    "Tổ chức thành công hội nghị tập huấn chuyển đổi số cho 300 cán bộ xã, phường.",
    "Cấp 05 giấy phép xuất bản bản tin.",
]


def test_tokens_fold_diacritics_and_d_with_stroke():
    assert tokens("Đề án Chuyển đổi số") == ["an", "chuyen", "doi"]
    assert tokens("ĐẦU TƯ") == tokens("đầu tư") == ["dau", "tu"]


def test_it_matches_a_task_to_the_result_that_reports_it():
    hints = suggest(PLANS, RESULTS)
    assert [h.result_index for h in hints] == [0, 1, None]


def test_text_typed_without_diacritics_still_matches():
    assert score("Trien khai camera giam sat giao thong", RESULTS[0]) >= 60


def test_unrelated_texts_score_low():
    assert score(PLANS[2], RESULTS[2]) < 60
    assert score("", RESULTS[0]) == 0


def test_one_result_answers_one_task():
    hints = suggest(["Camera giám sát giao thông", "Lắp camera giám sát giao thông"], [RESULTS[0]])
    assert sorted(h.result_index for h in hints if h.result_index is not None) == [0]
