"""The report package (gói tin): export an issued report, import it elsewhere, verified."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.test import override_settings

from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.domain.workflow import Role
from baocao.issuing.models import ReceivedPackage
from baocao.issuing.package import (
    DOCUMENT,
    MANIFEST,
    REPORT,
    build_package,
    export_package,
)
from baocao.issuing.package_import import (
    PackageTooLarge,
    access_package,
    import_package,
    open_package,
    received_packages,
)
from baocao.issuing.services import send_report
from baocao.organizations.models import OrgUnit
from baocao.reports.models import AuditEvent
from baocao.reports.services import approve_report, submit_report
from tests.conftest import make_user, reload


@pytest.fixture
def ministry():
    """Return a unit outside the province (a ministry's office) with its clerk."""
    return OrgUnit.objects.create(
        code="BTTTT", name="Bộ Thông tin và Truyền thông", level="ministry", doc_code="BTTTT"
    )


@pytest.fixture
def ministry_clerk(ministry):
    return make_user("vanthu.bo", ministry, Role.CLERK)


@pytest.fixture
def package(issued, clerk, fast_pdf):
    return export_package(issued.pk, by=clerk)


def members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes] | list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    items = files.items() if isinstance(files, dict) else files
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in items:
            archive.writestr(name, content)
    return buffer.getvalue()


# ---- export ----------------------------------------------------------------------------------


def test_an_issued_report_exports_as_one_zip_with_manifest_data_and_pdf(
    package, issued, clerk, fast_pdf
):
    files = members(package.content)
    assert sorted(files) == sorted([MANIFEST, REPORT, DOCUMENT])
    manifest = json.loads(files[MANIFEST])
    assert (manifest["format"], manifest["version"]) == ("baocao-package", 1)
    assert manifest["sender"]["code"] == "STTTT"
    assert manifest["sender"]["name"] == "Sở Thông tin và Truyền thông"
    assert manifest["document"]["number"] == issued.number_text == "01/BC-STTTT"
    assert manifest["document"]["issued_on"] == issued.issued_on.isoformat()
    assert (manifest["regime"]["code"], manifest["period"]["code"]) == ("STTTT-THANG", "2022-01")
    assert manifest["receivers"] == [{"code": "UBND-TB", "name": "Ủy ban nhân dân tỉnh Thái Bình"}]
    assert manifest["generator"]["name"] == "baocao" and manifest["created_at"]
    # Not signed: the rendered PDF, and the manifest says so.
    assert manifest["pdf"]["signed"] is False and manifest["pdf"]["source"] == "rendered"
    assert files[DOCUMENT] == fast_pdf
    by_name = {f["name"]: f for f in manifest["files"]}
    for name in (REPORT, DOCUMENT):
        assert by_name[name]["sha256"] == hashlib.sha256(files[name]).hexdigest()
        assert by_name[name]["size"] == len(files[name])
    data = json.loads(files[REPORT])
    assert data["report"]["values"] == [
        {"indicator": "BAO_CHI", "value": "773", "text_value": "", "note": ""}
    ]
    assert [i["section"] for i in data["report"]["items"]] == ["CNTT", "NVTT"]
    assert data["template"]["indicators"][0]["code"] == "BAO_CHI"
    assert manifest["qcvn125"]["report_data"] == "report.json#/report/values"
    assert package.filename == "BC-STTTT-2022-01-so-01.bcpkg"
    event = issued.events.filter(verb=AuditEvent.Verb.EXPORT).last()
    assert (event.actor, event.data["format"], event.data["sha256"]) == (
        clerk,
        "package",
        package.sha256,
    )


def test_only_an_issued_report_exports_and_only_to_its_readers(
    draft, approver, outsider, issued, consolidator, fast_pdf
):
    with pytest.raises(NotFound):
        export_package(issued.pk, by=outsider)
    assert export_package(issued.pk, by=consolidator).content  # an overseer reads it


def test_an_approved_report_not_yet_issued_has_no_package(draft, reporter, approver, fast_pdf):
    submit_report(reload(draft), by=reporter)
    approve_report(reload(draft), by=approver)
    with pytest.raises(Conflict) as caught:
        export_package(draft.pk, by=approver)
    assert caught.value.code == "not_issued"


def test_the_receivers_are_the_units_it_was_sent_to(issued, clerk, ministry, fast_pdf):
    send_report(issued.pk, by=clerk, to_units=[ministry])
    manifest = build_package(reload(issued)).manifest
    assert manifest["receivers"] == [{"code": "BTTTT", "name": "Bộ Thông tin và Truyền thông"}]
    assert manifest["document"]["status"] == "sent"


# ---- import, end to end ---------------------------------------------------------------------


def test_end_to_end_issue_export_import_as_another_unit_verified(
    issued, clerk, package, province_clerk, province
):
    outcome = import_package(package.content, by=province_clerk, filename=package.filename)
    assert outcome.outcome == "received"
    received = outcome.package
    assert received.to_unit == province and received.received_by == province_clerk
    assert (received.sender_code, received.sender_name) == ("STTTT", "Sở Thông tin và Truyền thông")
    assert received.number_text == "01/BC-STTTT" and received.issued_on == issued.issued_on
    assert (received.regime_code, received.period_code) == ("STTTT-THANG", "2022-01")
    assert received.addressed is True
    assert received.signature_status == "unsigned" and received.signatures == []
    assert bytes(received.document) == members(package.content)[DOCUMENT]
    assert received.data["report"]["number_text"] == "01/BC-STTTT"
    assert received.package_sha256 == package.sha256
    # The sender's unit exists here: linked to its report, whose data is the same.
    assert (received.local_report_id, received.local_match) == (issued.pk, "same")
    event = AuditEvent.objects.filter(verb=AuditEvent.Verb.IMPORT).last()
    assert (event.actor, event.data["channel"], event.data["package"]) == (
        province_clerk,
        "package",
        received.pk,
    )
    # The receiving unit's members see it; the sender and outsiders do not.
    assert list(received_packages(province_clerk)) == [received]
    assert access_package(province_clerk, received.pk) == received
    with pytest.raises(NotFound):
        access_package(clerk, received.pk)


def test_the_same_package_twice_is_received_once(package, province_clerk):
    first = import_package(package.content, by=province_clerk)
    events = AuditEvent.objects.count()
    again = import_package(package.content, by=province_clerk)
    assert again.outcome == "already_received" and again.package.pk == first.package.pk
    assert ReceivedPackage.objects.count() == 1 and AuditEvent.objects.count() == events


def test_a_dry_run_verifies_and_writes_nothing(package, province_clerk):
    outcome = import_package(package.content, by=province_clerk, dry_run=True)
    assert outcome.outcome == "would_receive" and outcome.package is None
    assert outcome.opened.signature_status == "unsigned"
    assert not ReceivedPackage.objects.exists()


def test_another_package_with_the_same_number_but_other_data_is_a_conflict(package, province_clerk):
    import_package(package.content, by=province_clerk)
    files = members(package.content)
    data = json.loads(files[REPORT])
    data["report"]["values"][0]["value"] = "999"
    files[REPORT] = json.dumps(data, ensure_ascii=False).encode()
    manifest = json.loads(files[MANIFEST])
    for entry in manifest["files"]:
        if entry["name"] == REPORT:
            entry["sha256"] = hashlib.sha256(files[REPORT]).hexdigest()
            entry["size"] = len(files[REPORT])
    files[MANIFEST] = json.dumps(manifest).encode()
    with pytest.raises(Conflict) as caught:
        import_package(rezip(files), by=province_clerk)
    assert caught.value.code == "package_conflict"
    assert ReceivedPackage.objects.count() == 1


def test_a_sender_unknown_here_is_kept_as_an_external_package(package, ministry_clerk, ministry):
    # Another installation: no unit with the sender's code (simulated by renaming it here).
    OrgUnit.objects.filter(code="STTTT").update(code="STTTT-CU")
    received = import_package(package.content, by=ministry_clerk).package
    assert received.to_unit == ministry and received.addressed is False  # not on its list
    assert received.local_report is None and received.local_match == ""
    assert received.sender_code == "STTTT" and received.signature_status == "unsigned"
    assert list(received_packages(ministry_clerk)) == [received]


def test_only_clerks_and_consolidators_of_a_unit_import(
    package, reporter, approver, viewer, clerk, consolidator
):
    with pytest.raises(Forbidden):
        import_package(package.content, by=reporter)
    with pytest.raises(Forbidden):
        import_package(package.content, by=viewer)
    with pytest.raises(Invalid) as caught:  # the sender's own clerk
        import_package(package.content, by=clerk)
    assert caught.value.code == "package_own_unit"
    assert import_package(package.content, by=consolidator).outcome == "received"
    with pytest.raises(NotFound):
        import_package(package.content, by=consolidator, unit_code="SKHDT")


# ---- tampering and hostile files --------------------------------------------------------------


def test_a_changed_byte_in_the_pdf_is_refused_naming_the_file(package, province_clerk):
    files = members(package.content)
    pdf = bytearray(files[DOCUMENT])
    pdf[len(pdf) // 2] ^= 0x01
    files[DOCUMENT] = bytes(pdf)
    with pytest.raises(Invalid) as caught:
        import_package(rezip(files), by=province_clerk)
    assert caught.value.code == "package_checksum"
    assert caught.value.details["file"] == "document.pdf"
    assert "document.pdf" in caught.value.message and "SHA-256" in caught.value.message
    assert not ReceivedPackage.objects.exists()


def test_a_changed_byte_in_the_data_is_refused_naming_the_file(package, province_clerk):
    files = members(package.content)
    files[REPORT] = files[REPORT].replace(b'"773"', b'"774"')
    with pytest.raises(Invalid) as caught:
        import_package(rezip(files), by=province_clerk)
    assert caught.value.code == "package_checksum"
    assert caught.value.details["file"] == "report.json"
    assert not ReceivedPackage.objects.exists()


def test_a_byte_flipped_inside_the_zip_is_refused(package, province_clerk):
    raw = bytearray(package.content)
    start = raw.find(b"document.pdf") + 40  # inside the PDF's compressed data
    raw[start] ^= 0xFF
    with pytest.raises(Invalid) as caught:
        import_package(bytes(raw), by=province_clerk)
    assert caught.value.code in {"package_corrupt", "package_checksum", "package_not_zip"}


@pytest.mark.parametrize(
    "name",
    [
        "../manifest.json",
        "../../etc/passwd",
        "/etc/passwd",
        "sub/report.json",
        "..\\document.pdf",
        "C:document.pdf",
    ],
)
def test_a_name_with_a_path_is_refused(package, province_clerk, name):
    files = [*members(package.content).items(), (name, b"x")]
    with pytest.raises(Invalid) as caught:
        import_package(rezip(files), by=province_clerk)
    assert caught.value.code == "package_unsafe_name"
    assert name[:20] in caught.value.message


def test_members_other_than_the_three_or_missing_or_twice_are_refused(package, province_clerk):
    files = members(package.content)
    with pytest.raises(Invalid, match="tệp lạ") as caught:
        import_package(rezip({**files, "extra.exe": b"MZ"}), by=province_clerk)
    assert caught.value.code == "package_members"
    with pytest.raises(Invalid, match=r"thiếu tệp: document\.pdf"):
        import_package(rezip({k: v for k, v in files.items() if k != DOCUMENT}), by=province_clerk)
    doubled = [*files.items(), (REPORT, files[REPORT])]
    with pytest.raises(Invalid, match="hai lần"):
        import_package(rezip(doubled), by=province_clerk)


def test_a_package_over_the_size_limit_is_refused(package, province_clerk):
    with (
        override_settings(BAOCAO_MAX_UPLOAD_BYTES=len(package.content) - 1),
        pytest.raises(PackageTooLarge) as caught,
    ):
        import_package(package.content, by=province_clerk)
    assert caught.value.status == 413
    assert not ReceivedPackage.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_inflated(package, province_clerk):
    files = members(package.content)
    files[REPORT] = b" " * (9 * 1024 * 1024)  # over the member limit, a few KB compressed
    with pytest.raises(Invalid) as caught:
        open_package(rezip(files))
    assert caught.value.code == "package_bomb"


def test_not_a_zip_and_a_wrong_manifest_are_refused(package):
    with pytest.raises(Invalid) as caught:
        open_package(b"%PDF-1.7 not a package")
    assert caught.value.code == "package_not_zip"
    files = members(package.content)
    manifest = json.loads(files[MANIFEST])
    manifest["version"] = 2
    with pytest.raises(Invalid) as caught:
        open_package(rezip({**files, MANIFEST: json.dumps(manifest).encode()}))
    assert caught.value.code == "package_format"
    manifest["version"] = 1
    manifest["sender"]["code"] = "SKHDT"
    with pytest.raises(Invalid) as caught:
        open_package(rezip({**files, MANIFEST: json.dumps(manifest).encode()}))
    assert caught.value.code == "package_mismatch" and "sender.code" in caught.value.message
    with pytest.raises(Invalid) as caught:
        open_package(rezip({**files, MANIFEST: b"{not json"}))
    assert caught.value.code == "package_json"


def test_data_that_breaks_the_schema_is_refused_even_with_matching_checksums(package):
    files = members(package.content)
    data = json.loads(files[REPORT])
    data["report"]["values"][0]["value"] = "1e9"
    data["report"]["unexpected"] = True
    files[REPORT] = json.dumps(data).encode()
    manifest = json.loads(files[MANIFEST])
    for entry in manifest["files"]:
        if entry["name"] == REPORT:
            entry.update(sha256=hashlib.sha256(files[REPORT]).hexdigest(), size=len(files[REPORT]))
    files[MANIFEST] = json.dumps(manifest).encode()
    with pytest.raises(Invalid) as caught:
        open_package(rezip(files))
    assert caught.value.code == "package_data"
    locs = {e["loc"] for e in caught.value.details["errors"]}
    assert {"report.values.0.value", "report.unexpected"} <= locs


def test_a_manifest_claiming_a_signature_over_an_unsigned_pdf_is_refused(package):
    files = members(package.content)
    manifest = json.loads(files[MANIFEST])
    manifest["pdf"] = {"signed": True, "source": "signed", "signature": None, "note": ""}
    with pytest.raises(Invalid) as caught:
        open_package(rezip({**files, MANIFEST: json.dumps(manifest).encode()}))
    assert caught.value.code == "package_signature"
