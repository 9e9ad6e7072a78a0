"""Packages of signed reports: the signed PDF travels, its signatures are verified on import."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.test import override_settings

from baocao.core.errors import Invalid
from baocao.documents.services import sign_report
from baocao.domain.workflow import Role
from baocao.issuing.models import ReceivedPackage
from baocao.issuing.package import DOCUMENT, MANIFEST, export_package
from baocao.issuing.package_import import import_package
from baocao.issuing.services import issue_report
from baocao.reports.services import approve_report, submit_report
from tests.conftest import make_user, reload
from tests.documents.certs import make_pki
from tests.issuing.test_package import members, rezip


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture
def signed_issued(draft, reporter, approver, clerk, pki):
    submit_report(reload(draft), by=reporter)
    approve_report(reload(draft), by=approver)
    copy = sign_report(draft.pk, by=approver, p12=pki.p12, passphrase=pki.passphrase)
    issue_report(draft.pk, by=clerk)
    return reload(draft), copy, clerk


def test_the_signed_pdf_travels_and_its_signature_is_recorded(
    signed_issued, province_clerk, pki, tmp_path
):
    report, copy, clerk = signed_issued
    package = export_package(report.pk, by=clerk)
    files = members(package.content)
    assert files[DOCUMENT] == bytes(copy.content)
    manifest = json.loads(files[MANIFEST])
    assert manifest["pdf"]["signed"] is True and manifest["pdf"]["source"] == "signed"
    assert manifest["pdf"]["signature"]["signer"] == "Trần Văn Hùng"
    assert manifest["pdf"]["signature"]["sha256"] == copy.sha256
    # Without the sender's CA among this installation's trust roots: intact, not trusted.
    outcome = import_package(package.content, by=province_clerk, dry_run=True)
    assert outcome.opened.signature_status == "untrusted"
    [signature] = outcome.opened.signatures
    assert (signature["signer"], signature["intact"], signature["valid"], signature["trusted"]) == (
        "Trần Văn Hùng",
        True,
        True,
        False,
    )
    # With it: valid, and recorded on the received package.
    root = tmp_path / "ca.pem"
    root.write_bytes(pki.ca_pem)
    with override_settings(DOCUMENT_TRUST_ROOTS=[str(root)]):
        received = import_package(package.content, by=province_clerk).package
    assert received.signature_status == "valid"
    assert received.signatures[0]["trusted"] is True
    assert received.signatures[0]["signer"] == "Trần Văn Hùng"


def test_a_signed_pdf_changed_before_packing_is_refused(signed_issued, province_clerk):
    report, _copy, clerk = signed_issued
    files = members(export_package(report.pk, by=clerk).content)
    pdf = bytearray(files[DOCUMENT])
    at = pdf.find(b"/Contents", 200) - 200  # inside the signed range, before the signature
    pdf[at] = ord(" ") if pdf[at] != ord(" ") else ord("\n")
    files[DOCUMENT] = bytes(pdf)
    manifest = json.loads(files[MANIFEST])
    for entry in manifest["files"]:  # checksums recomputed: only the signature can tell
        if entry["name"] == DOCUMENT:
            entry.update(sha256=hashlib.sha256(files[DOCUMENT]).hexdigest(), size=len(pdf))
    files[MANIFEST] = json.dumps(manifest).encode()
    with pytest.raises(Invalid) as caught:
        import_package(rezip(files), by=province_clerk)
    assert caught.value.code == "package_signature"
    assert "Trần Văn Hùng" in caught.value.message
    assert not ReceivedPackage.objects.exists()


def test_the_real_rendered_pdf_when_not_signed(draft, reporter, approver, province_clerk):
    submit_report(reload(draft), by=reporter)
    approve_report(reload(draft), by=approver)
    clerk = make_user("vanthu.render", draft.unit, Role.CLERK)
    issue_report(draft.pk, by=clerk)
    package = export_package(draft.pk, by=clerk)
    pdf = members(package.content)[DOCUMENT]
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000
    received = import_package(package.content, by=province_clerk).package
    assert received.signature_status == "unsigned"
    assert received.manifest["pdf"]["source"] == "rendered"
