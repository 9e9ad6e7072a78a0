"""The backends' one job — the newest matches a user may read — checked against brute force.

Every strategy of the PostgreSQL backend (walking the newest rows, walking further, index
blocks, the rest of the index, frequent words checked on the rows) and the SQLite tags
(spelled-out units or statuses only) is forced with small thresholds on a few hundred entries
whose ids are spread over several index blocks, for users of every kind, and must give exactly
what a plain Python filter gives.
"""

from __future__ import annotations

import random

import pytest
from django.db import connection

from baocao.domain.workflow import Role
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report
from baocao.reports.selectors import PUBLISHED
from baocao.search import backends
from baocao.search.models import SearchEntry
from baocao.search.query import parse_query
from baocao.search.selectors import _scope, search
from baocao.search.tokens import folded_document
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

WORDS = (
    ["camera"] * 6
    + ["giám", "sát"] * 4
    + ["số"] * 12
    + ["hồ", "sơ"] * 5
    + [
        "LGSP",
        "đồng",
        "bộ",
        "dữ",
        "liệu",
        "dân",
        "cư",
        "u3",
        "sdraft",
    ]
)
QUERIES = [
    "camera",
    "so",
    "camera giam sat",
    '"giam sat"',
    '"ho so"',
    "lgsp",
    "dong bo",
    "du lieu dan cu",
    '"dan cu"',
    "so camera",
    "khongco",
    "u3",
    "sdraft",
]
STATUSES = ["draft", "submitted", "returned", "approved"]


def _unfiltered(user):  # type: ignore[no-untyped-def]
    """Return everything ``user`` may find, with no filter."""
    return _scope(
        user, unit=None, template=None, period_from=None, period_to=None, section=None, status=None
    )


@pytest.fixture
def world(province, template):
    """Return units, users and ~400 entries with ids spread over ~120 000 (many blocks)."""
    depts = [
        OrgUnit.objects.create(code=f"D{i}", name=f"Sở {i}", level="department", parent=province)
        for i in range(3)
    ]
    district = OrgUnit.objects.create(code="H", name="Huyện", level="district", parent=province)
    communes = [
        OrgUnit.objects.create(code=f"X{i}", name=f"Xã {i}", level="commune", parent=district)
        for i in range(3)
    ]
    units = [*depts, district, *communes]
    reports = {}
    for i, unit in enumerate(units):
        for j, status in enumerate(STATUSES):
            reports[unit.pk, status] = Report.objects.create(
                unit=unit,
                template=template,
                period_code=f"202{j}-0{i + 1}",
                period_kind="month",
                period_year=2020 + j,
                period_index=i + 1,
                period_start="2020-01-01",
                period_end="2020-01-31",
                due_date="2020-02-01",
                status=status,
                title="x",
            )
    rng = random.Random(5)
    entries, ident = [], 1000
    for _ in range(420):
        ident += rng.randint(1, 560)
        unit = rng.choice(units)
        status = rng.choice(STATUSES)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
        report = reports[unit.pk, status]
        entries.append(
            SearchEntry(
                id=ident,
                report=report,
                field="title",
                unit_id=unit.pk,
                template_id=template.pk,
                status=status,
                month_first=2022 * 12,
                month_last=2022 * 12,
                folded=folded_document(text),
            )
        )
    SearchEntry.objects.bulk_create(entries)
    users = {
        "reporter": make_user("r1", depts[0], Role.REPORTER),
        "two units": make_user("r2", depts[1], Role.REPORTER),
        "province viewer": make_user("v1", province, Role.VIEWER),
        "district viewer": make_user("v2", district, Role.VIEWER),
        "commune approver": make_user("a1", communes[0], Role.APPROVER),
    }
    from baocao.organizations.models import Membership

    Membership.objects.create(user=users["two units"], unit=communes[1], role=Role.REPORTER.value)
    Membership.objects.create(user=users["reporter"], unit=district, role=Role.CONSOLIDATOR.value)
    return {"units": units, "users": users, "entries": entries}


def expected(world, user, query: str, limit: int) -> list[int]:
    """Return the ids of the newest readable matching entries, by plain Python."""
    from baocao.organizations.access import member_units, overseen_units

    own = {u.pk for u in member_units(user)}
    overseen = set(overseen_units(user).values_list("pk", flat=True))
    clauses = parse_query(query).clauses
    out = []
    for entry in sorted(world["entries"], key=lambda e: -e.id):
        if not (entry.unit_id in own or (entry.unit_id in overseen and entry.status in PUBLISHED)):
            continue
        tokens = entry.folded.split(" ")
        if all(
            any(tuple(tokens[i : i + len(c)]) == c for i in range(len(tokens))) for c in clauses
        ):
            out.append(entry.id)
    return out[:limit]


STRATEGIES = {
    "default": {},
    "walk only": {"probe": 10**9, "narrow_probe": 10**9, "narrow_walk": 10**9},
    "walk then blocks": {
        "probe": 700,
        "walk_reach": 0,
        "narrow_probe": 10,
        "narrow_walk": 30,
        "narrow_dense": 0.0,
        "narrow_units": 1,
    },
    "walk further": {"probe": 300, "walk_reach": 10**9, "narrow_units": 0},
    "index at once": {
        "probe": 1,
        "walk_reach": 0,
        "narrow_probe": 1,
        "narrow_walk": 1,
        "narrow_units": 0,
        "levels": (),
    },
    "narrow blocks": {
        "narrow_probe": 8,
        "narrow_walk": 20,
        "narrow_dense": 1.1,
        "narrow_units": 100,
    },
    # Frequent words beyond the two rarest are left out of the index scan and checked on the
    # rows ("camera giam sat": the index reads "sat" and "giam" only).
    "frequent words on the rows": {
        "probe": 1,
        "walk_reach": 0,
        "narrow_probe": 1,
        "narrow_walk": 1,
        "_frequencies": lambda self, cursor: {"so": 0.9, "camera": 0.6, "ho": 0.5, "du": 0.3},
    },
}


@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_the_newest_readable_matches_whatever_the_strategy(world, strategy, monkeypatch):
    for name, value in STRATEGIES[strategy].items():
        monkeypatch.setattr(backends.PostgresBackend, name, value)
    if strategy != "default":
        monkeypatch.setattr(backends, "MAX_TAG_UNITS", 1)  # SQLite: no unit tags
    backend = backends.current_backend()
    for user in world["users"].values():
        scope = _unfiltered(user)
        for query in QUERIES:
            for limit in (1, 7, 60, 500):
                got = [m.entry_id for m in backend.newest(scope, parse_query(query), limit=limit)]
                assert got == expected(world, user, query, limit), (user.username, query, limit)


def test_filters_narrow_the_scope_exactly(world, template):
    backend = backends.current_backend()
    user = world["users"]["province viewer"]
    district = world["units"][3]
    scope = _scope(
        user,
        unit=district,
        template=template,
        period_from="2022-01",
        period_to="2022-12",
        section=None,
        status="approved",
    )
    allowed = {u.pk for u in district.subtree()}
    got = backend.newest(scope, parse_query("so"), limit=500)
    want = [
        e.id
        for e in sorted(world["entries"], key=lambda e: -e.id)
        if e.unit_id in allowed and e.status == "approved" and "so" in e.folded.split(" ")
    ]
    assert [m.entry_id for m in got] == want and want


def test_typed_tag_words_never_match_tags(world):
    # "u3" and "sdraft" are tags in the index; typed, they only match the words in the texts.
    viewer = world["users"]["province viewer"]
    for query in ("u3", "sdraft", f"u{world['units'][0].pk}", "sapproved", "t1", "y2022"):
        page = search(viewer, query)
        assert page.total == len(expected(world, viewer, query, 10**6))


def test_a_status_change_in_place_moves_the_entry_between_readers(world):
    viewer = world["users"]["province viewer"]
    draft = next(e for e in world["entries"] if e.status == "draft" and "lgsp" in e.folded)
    scope = _unfiltered(viewer)
    backend = backends.current_backend()
    assert draft.id not in {
        m.entry_id for m in backend.newest(scope, parse_query("lgsp"), limit=500)
    }
    SearchEntry.objects.filter(pk=draft.pk).update(status="approved")
    assert draft.id in {m.entry_id for m in backend.newest(scope, parse_query("lgsp"), limit=500)}
    SearchEntry.objects.filter(pk=draft.pk).update(status="returned")
    assert draft.id not in {
        m.entry_id for m in backend.newest(scope, parse_query("lgsp"), limit=500)
    }


def test_postgres_blocks_hold_the_id_below_and_reach_most_of_the_way_down():
    backend = backends.PostgresBackend()
    for below in (1, 4095, 4096, 70_000, 1_000_000, 1_048_575):
        for reach in (1, 100, 3000, 50_000, 400_000, 2_000_000):
            block = backend._block(below, reach)
            if block is None:
                assert reach > 1 << 20
                continue
            start, tag = block
            assert below - start + 1 >= 0.7 * reach or start <= 0
            level = int(tag[2:].split("x")[0])
            number = int(tag.split("x")[1].rstrip("'"))
            shift = 0 if tag[1] == "A" else 1 << (level - 1)
            assert (start + shift) >> level == number == (below + shift) >> level


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 tags")
def test_sqlite_tags_spell_out_few_units_only(world, monkeypatch):
    user = world["users"]["two units"]
    scope = _unfiltered(user)
    assert backends.SqliteBackend.tags(scope) == " OR ".join(
        f"u{pk}" for pk in sorted(scope.units)
    ).join("()")
    filtered = _scope(
        user,
        unit=None,
        template=7,
        period_from="2022-02",
        period_to="2022-Q4",
        section=None,
        status="draft",
    )
    assert backends.SqliteBackend.tags(filtered).endswith("AND (t7) AND (sdraft) AND (y2022)")
    viewer = _unfiltered(world["users"]["province viewer"])
    monkeypatch.setattr(backends, "MAX_TAG_UNITS", 2)
    assert backends.SqliteBackend.tags(viewer) is None


def test_only_the_rarer_words_are_asked_of_the_index():
    backend = backends.PostgresBackend()
    shares = {"so": 0.67, "tai": 0.63, "xa": 0.45, "chuyen": 0.02}
    backend._frequencies = lambda cursor: shares  # type: ignore[method-assign]

    def asked(query: str) -> tuple[set[str], bool]:
        words, left_to_rows = backend._index_words(None, parse_query(query))  # type: ignore[arg-type]
        return set(words.split(" & ")), left_to_rows

    assert asked("chuyen doi so") == ({"chuyen", "doi"}, True)
    assert asked('"xa binh minh"') == ({"binh", "minh"}, True)
    assert asked("so tai xa") == ({"xa", "tai"}, True)  # the two rarest are always asked
    assert asked("so xa") == ({"so", "xa"}, False)
    assert asked("camera giam") == ({"camera", "giam"}, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan cache")
def test_postgres_plans_each_search_for_its_own_words(world):
    # The search's statements are prepared like every repeated one; a generic plan, which
    # PostgreSQL may keep after five runs, does not know how rare a word is (1 M items: the
    # provincial viewer's p95 went from 22-25 ms to 60-78 ms).
    backend = backends.current_backend()
    scope = _unfiltered(world["users"]["province viewer"])
    for _ in range(8):
        for query in QUERIES:
            backend.newest(scope, parse_query(query), limit=7)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
            " FROM pg_prepared_statements WHERE statement LIKE '%%search_searchentry%%'"
        )
        prepared, generic, custom = cursor.fetchone()
    assert prepared > 0  # the statements were prepared (else this checks nothing)
    assert (generic, custom > 0) == (0, True)
