"""The pure lineage rules: attribution (never counted twice) and the plan check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from baocao.domain.lineage import (
    Graph,
    Link,
    UnitState,
    check_plan,
    decode_plan,
    parse_plan,
    read_rows,
)

D1, D2 = dt.date(2025, 3, 1), dt.date(2025, 7, 1)


def test_a_merge_gives_each_predecessor_whole_to_the_successor():
    graph = Graph({1: None, 2: 1, 3: 1, 4: 1}, [Link(2, 4, D2), Link(3, 4, D2)])
    assert graph.attribution({4}) == {4: 1, 2: 1, 3: 1}


def test_a_split_with_shares_divides_and_both_successors_together_count_it_once():
    graph = Graph(
        {1: None, 2: 1, 3: 1, 4: 1},
        [Link(2, 3, D1, Decimal("0.6")), Link(2, 4, D1, Decimal("0.4"))],
    )
    assert graph.attribution({3})[2] == Decimal("0.6")
    assert graph.attribution({4})[2] == Decimal("0.4")
    assert graph.attribution(graph.subtree(1))[2] == 1


def test_a_split_by_functions_carries_each_indicator_to_its_successor():
    links = [Link(2, 3, D1), Link(2, 4, D1, indicators=frozenset({"BAO_CHI"}))]
    graph = Graph({1: None, 2: 1, 3: 1, 4: 1}, links)
    assert 2 not in graph.attribution({3}, ["BAO_CHI"])
    assert graph.attribution({4}, ["BAO_CHI"])[2] == 1
    assert graph.attribution({3}, ["KHIEU_NAI"])[2] == 1
    assert 2 not in graph.attribution({4}, ["KHIEU_NAI"])


def test_a_merge_after_a_split_gives_the_split_unit_back_once():
    # 2 splits into 3 and 4 (no share: each shows it whole), which later merge into 5.
    links = [Link(2, 3, D1), Link(2, 4, D1), Link(3, 5, D2), Link(4, 5, D2)]
    graph = Graph({1: None, 2: 1, 3: 1, 4: 1, 5: 1}, links)
    assert graph.attribution({5}) == {5: 1, 3: 1, 4: 1, 2: 1}
    shared = [
        Link(2, 3, D1, Decimal("0.3")),
        Link(2, 4, D1, Decimal("0.7")),
        Link(3, 5, D2),
        Link(4, 5, D2),
    ]
    assert Graph({1: None, 2: 1, 3: 1, 4: 1, 5: 1}, shared).attribution({5})[2] == 1


def test_units_below_a_predecessor_go_with_it_and_links_after_the_day_are_ignored():
    graph = Graph({1: None, 2: None, 3: 1, 4: 3}, [Link(1, 2, D2)])
    assert graph.attribution({2}) == {2: 1, 1: 1, 3: 1, 4: 1}
    assert graph.links_until(dt.date(2025, 1, 1)).attribution({2}) == {2: 1}


def _states() -> dict[str, UnitState]:
    return {
        "TB": UnitState("TB", None, None, None, "province", {"STTTT", "SKHCN"}),
        "HY": UnitState("HY", None, None, None, "province"),
        "STTTT": UnitState("STTTT", dt.date(2008, 1, 1), None, "TB", "department"),
        "SKHCN": UnitState("SKHCN", None, None, "TB", "department"),
        "OLD": UnitState("OLD", None, dt.date(2020, 1, 1), "TB", "department"),
    }


def _check(csv_text: str) -> list[str]:
    lines, errors = parse_plan(read_rows(csv_text))
    return [str(e) for e in errors + check_plan(lines, _states())]


HEADER = "date,kind,from,to,name,level,parent,functions,indicators,share\n"


def test_a_sound_plan_passes():
    assert (
        _check(
            HEADER + "2025-03-01,merge,STTTT;SKHCN,SKHCN,,,,,,\n"
            "2025-07-01,merge,TB;HY,HY,,,,,,\n"
            "2025-07-01,merge,SKHCN,HY,,,,,,\n"
        )
        == []
    )


def test_a_plan_that_contradicts_itself_gets_one_message_per_line():
    errors = _check(
        HEADER
        + "2025-03-01,merge,NOPE,SKHCN,,,,,,\n"  # 2 unknown unit
        + "2000-01-01,close,STTTT,,,,,,,\n"  # 3 before it opened
        + "2025-03-01,close,OLD,,,,,,,\n"  # 4 closed already
        + "2025-04-01,close,SKHCN,,,,,,,\n"  # 5 closed …
        + "2025-05-01,close,SKHCN,,,,,,,\n"  # 6 … twice
        + "2025-06-01,move,TB,,,,STTTT,,,\n"  # 7 a cycle
        + "2025-08-01,open,,H-NEW,Huyện mới,district,HY,,,\n"  # 8 no districts
        + "2025-09-01,split,STTTT,HY,,,,,,0.7\n"
        + "2025-09-01,split,STTTT,TB,,,,,,0.5\n"
    )  # 10 shares above 100 %
    assert [e.split(":")[0] for e in errors] == [
        "Dòng 2",
        "Dòng 3",
        "Dòng 4",
        "Dòng 6",
        "Dòng 7",
        "Dòng 8",
        "Dòng 10",
    ]
    assert "không có đơn vị mã “NOPE”" in errors[0]
    assert "trước ngày thành lập" in errors[1]
    assert "vòng lặp" in errors[4]
    assert "hai cấp" in errors[5]
    assert "100%" in errors[6]


def test_a_lineage_cycle_and_an_orphaned_child_are_refused():
    errors = _check(
        HEADER + "2025-03-01,merge,STTTT,SKHCN,,,,,,\n2025-04-01,merge,SKHCN,STTTT,,,,,,\n"
    )
    assert len(errors) == 1 and "Dòng 3" in errors[0]
    orphan = _check(HEADER + "2025-07-01,close,TB,,,,,,,\n")
    assert len(orphan) == 1 and "còn đơn vị trực thuộc" in orphan[0]


def test_a_file_not_in_utf8_is_refused_with_its_line():
    text, errors = decode_plan(b"date,kind\n2025-03-01,merge\nS\xf5 TT\n")  # TCVN3 "Sở"
    assert text == "" and len(errors) == 1
    assert str(errors[0]).startswith("Dòng 3: tệp không ở bảng mã UTF-8")


def test_bad_columns_kinds_dates_and_shares():
    errors = _check("date,kind,from,to,colour\n2025-03-01,merge,A,B,red\n")
    assert "cột không biết: colour" in errors[0]
    errors = _check(
        HEADER + "31/02/2025,merge,STTTT,SKHCN,,,,,,\n"
        "2025-03-01,fly,STTTT,,,,,,,\n"
        "2025-03-01,split,STTTT,SKHCN,,,,,,1.5\n"
    )
    assert [e[:6] for e in errors] == ["Dòng 2", "Dòng 3", "Dòng 4"]
