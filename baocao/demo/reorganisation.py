"""The demo's 2025 reorganisation: Thái Bình's real events, applied through ``reorganize``.

- 1/3/2025: the Sở TT&TT is merged into the Sở KH&CN Thái Bình; press and publishing go to
  the Sở VH-TT-DL; the Sở KH&ĐT is merged into the Sở Tài chính.
- 1/7/2025: Thái Bình and Hưng Yên become the province of Hưng Yên, each Thái Bình department
  merged into its Hưng Yên counterpart; districts are gone (closed by ``load_units``); the
  first commune-level ward of the two-level government is opened.

The plan is the file ``data/reorganisation-2025.csv`` next to this module, the same format
``baocao reorganize`` reads (docs/reorganisation.md). Loading twice changes nothing: the units
are created with ``update_or_create`` and the plan's lines, once applied, are recognised.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from baocao.core.actors import Actor
from baocao.domain.workflow import Role
from baocao.organizations.models import Membership, OrgUnit
from baocao.organizations.services import reorganize

PLAN = Path(__file__).parent / "data" / "reorganisation-2025.csv"
HUNG_YEN = ("UBND-HY", "Ủy ban nhân dân tỉnh Hưng Yên", "UBND tỉnh Hưng Yên", "UBND")
# Departments that exist before the events and receive the others' work.
THAI_BINH_MORE = [
    ("SVHTTDL-TB", "Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT-DL", "SVHTTDL"),
    ("STC-TB", "Sở Tài chính", "Sở Tài chính", "STC"),
]
HUNG_YEN_DEPARTMENTS = [
    ("SKHCN-HY", "Sở Khoa học và Công nghệ", "Sở KH&CN", "SKHCN"),
    ("SVHTTDL-HY", "Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT-DL", "SVHTTDL"),
    ("STC-HY", "Sở Tài chính", "Sở Tài chính", "STC"),
    ("SNV-HY", "Sở Nội vụ", "Sở Nội vụ", "SNV"),
    ("VP-UBND-HY", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", "VP"),
]
# The leader of the merged province: reads its dashboards and analytics.
LEADER_HY = ("lanhdao.hy", ("Nguyễn Văn", "Minh"), "Phó Chủ tịch")


def _unit(
    code: str,
    name: str,
    short: str,
    level: str,
    parent: OrgUnit | None,
    doc: str,
    place: str,
    governing: str = "",
) -> OrgUnit:
    """Create or refresh a demo unit that exists before the events (its lineage is left)."""
    unit, _created = OrgUnit.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "short_name": short,
            "level": level,
            "parent": parent,
            "doc_code": doc,
            "place_name": place,
            "governing_body": governing,
            "is_demo": True,
        },
    )
    return unit


def load_reorganisation(units: dict[str, OrgUnit], users: dict[str, Actor]) -> dict[str, OrgUnit]:
    """Create Hưng Yên's units and apply the 2025 plan (idempotent); return the new units."""
    from baocao.demo.load import DEMO_PASSWORD

    province = units["UBND-TB"]
    made: dict[str, OrgUnit] = {}
    for code, name, short, doc in THAI_BINH_MORE:
        made[code] = _unit(
            code,
            name,
            short,
            OrgUnit.Level.DEPARTMENT,
            province,
            doc,
            "Thái Bình",
            "UBND TỈNH THÁI BÌNH",
        )
    code, name, short, doc = HUNG_YEN
    hung_yen = made[code] = _unit(code, name, short, OrgUnit.Level.PROVINCE, None, doc, "Hưng Yên")
    for code, name, short, doc in HUNG_YEN_DEPARTMENTS:
        made[code] = _unit(
            code,
            name,
            short,
            OrgUnit.Level.DEPARTMENT,
            hung_yen,
            doc,
            "Hưng Yên",
            "UBND TỈNH HƯNG YÊN",
        )
    result = reorganize(PLAN.read_bytes(), name=PLAN.name, by=users["quantri"])
    if result.errors:
        raise RuntimeError("; ".join(str(e) for e in result.errors))
    username, (last, first), title = LEADER_HY
    leader, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.vn"},
    )
    if created:
        leader.set_password(DEMO_PASSWORD)
        leader.save()
    for role in (Role.VIEWER, Role.CONSOLIDATOR):
        Membership.objects.get_or_create(
            user=leader, unit=hung_yen, role=role.value, defaults={"title": title}
        )
    made["P-THAIBINH"] = OrgUnit.objects.get(code="P-THAIBINH")
    OrgUnit.objects.filter(code="P-THAIBINH").update(is_demo=True, place_name="Hưng Yên")
    return made
