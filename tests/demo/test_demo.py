"""The demo data: Thái Bình's tree, every role, the sample report stored sentence by sentence."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command

from baocao.demo.load import load_demo
from baocao.organizations.models import Membership, OrgUnit
from baocao.reports.models import Report
from baocao.reports.presenters import plan_lead, report_sections
from tests.conftest import SAMPLE, SAMPLE_COPY, SAMPLE_NAME, SHARED_SAMPLES, sample_text


def report_text(report: Report) -> str:
    """Return everything the stored report says, in reading order."""
    parts = [report.title, report.intro]
    for view in report_sections(report):
        parts.append(view.title + ":")
        if view.kind == "plan":
            parts.append(plan_lead(report))
        parts.extend(item.text for item in view.items)
    return " ".join(" ".join(parts).split())


def fragments(text: str) -> list[str]:
    """Split the sample into clauses at sentence ends, colons and semicolons."""
    pieces = re.split(r"(?<=[.:;])\s+|\n|\./\.", text)
    return [" ".join(p.split()).rstrip(".:;") for p in pieces if len(p.strip()) > 3]


def test_the_committed_sample_is_the_shared_one():
    """A fresh clone reads the copy under tests/; where ../shared is present the suite reads
    that one, and the copy must not have drifted from it."""
    shared = SHARED_SAMPLES / SAMPLE_NAME
    if not shared.is_file():
        pytest.skip(f"{shared} is not present (a fresh clone): the committed copy is the sample")
    assert shared == SAMPLE
    assert SAMPLE_COPY.read_bytes() == shared.read_bytes()


def test_every_sentence_and_number_of_the_sample_is_stored(db):
    report = load_demo()["report"]
    stored = report_text(report)
    sample = sample_text()
    missing = [f for f in fragments(sample) if f not in stored]
    assert missing == []
    numbers = set(re.findall(r"\d[\d./,]*\d|\d", sample))
    assert {n for n in numbers if n not in stored} == set()
    values = {v.indicator.code: int(v.value) for v in report.values.select_related("indicator")}
    assert values == {
        "BAO_CHI_TW": 773,
        "LUU_CHIEU_TL": 5,
        "LUU_CHIEU_TRANG": 492,
        "KHIEU_NAI": 0,
        "BAI_TOAN_CDS": 4,
    }
    # Issued by the clerk as 05/BC-STTTT on 25/01/2022, sent to the UBND tỉnh and received.
    assert (report.status, report.number_text, report.issued_on) == (
        "received",
        "05/BC-STTTT",
        dt.date(2022, 1, 25),
    )
    assert report.dispatches.get().to_unit.code == "UBND-TB"
    assert report.outgoing_entries.get().seq == 5


def test_the_demo_has_the_tree_every_role_and_loads_twice_without_change(db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (OrgUnit.objects.count(), Membership.objects.count(), Report.objects.count())
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (OrgUnit.objects.count(), Membership.objects.count(), Report.objects.count()) == counts
    sttt = OrgUnit.objects.get(code="STTTT")
    assert sttt.parent.code == "UBND-TB"
    assert sttt.children.count() == 6
    assert set(Membership.objects.values_list("role", flat=True)) == {
        "reporter",
        "approver",
        "clerk",
        "consolidator",
        "viewer",
        "administrator",
    }


def test_loading_the_demo_sends_no_e_mail_but_leaves_the_notices(db, mailoutbox):
    from baocao.notifications.models import Notice

    load_demo()
    assert mailoutbox == []  # demo people have made-up addresses
    assert Notice.objects.filter(user__username="vanthu.ubnd").exists()
