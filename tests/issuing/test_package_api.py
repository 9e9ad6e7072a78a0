"""The package through the API (download, upload, list, PDF, data) and the CLI verbs."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from baocao.api.tokens import create_token
from baocao.issuing.models import ReceivedPackage
from tests.issuing.test_package import members, rezip


def api(user) -> tuple[Client, dict[str, str]]:
    _, token = create_token(by=user, name="pkg")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def upload(user, content: bytes, **query: str):  # type: ignore[no-untyped-def]
    client, headers = api(user)
    suffix = "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(
        f"/api/packages?{suffix}",
        {"file": SimpleUploadedFile("goi.bcpkg", content, content_type="application/zip")},
        **headers,
    )


def test_download_upload_list_and_read_through_the_api(
    issued, clerk, province_clerk, outsider, fast_pdf
):
    client, headers = api(clerk)
    response = client.get(f"/api/reports/{issued.pk}/package", **headers)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "BC-STTTT-2022-01-so-01.bcpkg" in response["Content-Disposition"]
    content = response.content
    assert zipfile.ZipFile(io.BytesIO(content)).namelist() == [
        "manifest.json",
        "report.json",
        "document.pdf",
    ]
    assert response["X-Content-SHA256"]

    dry = upload(province_clerk, content, dry_run="true")
    assert dry.status_code == 200 and dry.json()["outcome"] == "would_receive"
    assert not ReceivedPackage.objects.exists()
    first = upload(province_clerk, content)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["outcome"] == "received"
    assert body["verification"]["number_text"] == "01/BC-STTTT"
    assert body["verification"]["signature_status"] == "unsigned"
    package = body["package"]
    assert (package["sender_code"], package["to_unit"], package["signed"]) == (
        "STTTT",
        "UBND-TB",
        False,
    )
    # The province's clerk holds no role that reads the department's report: no link shown.
    assert package["local_report"] is None
    again = upload(province_clerk, content)
    assert again.status_code == 200 and again.json()["outcome"] == "already_received"
    assert again.json()["package"]["id"] == package["id"]
    assert ReceivedPackage.objects.count() == 1

    client, headers = api(province_clerk)
    listing = client.get("/api/packages", **headers).json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == package["id"]
    pdf = client.get(f"/api/packages/{package['id']}/document", **headers)
    assert pdf.status_code == 200 and pdf.content == fast_pdf
    data = client.get(f"/api/packages/{package['id']}/data", **headers).json()
    assert data["report"]["values"][0] == {
        "indicator": "BAO_CHI",
        "value": "773",
        "text_value": "",
        "note": "",
    }
    # Anyone else: 404, for the package, its PDF and its data.
    client, headers = api(outsider)
    for path in ("", "/document", "/data"):
        assert client.get(f"/api/packages/{package['id']}{path}", **headers).status_code == 404
    assert client.get("/api/packages", **headers).json()["count"] == 0
    assert client.get(f"/api/reports/{issued.pk}/package", **headers).status_code == 404


def test_api_refusals_have_the_error_shape_and_precise_codes(
    issued, clerk, province_clerk, reporter, draft, fast_pdf
):
    client, headers = api(clerk)
    content = client.get(f"/api/reports/{issued.pk}/package", **headers).content
    files = members(content)
    files["document.pdf"] = files["document.pdf"].replace(b"%%EOF", b"%%EOG")
    refused = upload(province_clerk, rezip(files))
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "package_checksum"
    assert refused.json()["error"]["details"]["file"] == "document.pdf"
    traversal = upload(province_clerk, rezip([*members(content).items(), ("../x", b"1")]))
    assert traversal.json()["error"]["code"] == "package_unsafe_name"
    with override_settings(BAOCAO_MAX_UPLOAD_BYTES=1000):
        big = upload(province_clerk, content)
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
    forbidden = upload(reporter, content)
    assert forbidden.status_code == 403
    client, headers = api(reporter)
    other = client.get(f"/api/reports/{issued.pk + 1000}/package", **headers)
    assert other.status_code == 404
    assert not ReceivedPackage.objects.exists()


def test_a_draft_has_no_package_through_the_api(draft, reporter):
    client, headers = api(reporter)
    response = client.get(f"/api/reports/{draft.pk}/package", **headers)
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_issued"


def test_the_cli_exports_and_imports_with_dry_run(
    issued, clerk, province_clerk, tmp_path, capsys, fast_pdf
):
    target = tmp_path / "goi.bcpkg"
    call_command("export-package", str(issued.pk), "-o", str(target), "--user", clerk.username)
    assert target.read_bytes().startswith(b"PK")
    call_command("import-package", str(target), "--user", province_clerk.username, "--dry-run")
    out = capsys.readouterr().out
    assert "xem trước" in out and "01/BC-STTTT" in out and "signature: unsigned" in out
    assert not ReceivedPackage.objects.exists()
    call_command("import-package", str(target), "--user", province_clerk.username)
    assert "đã nhận:" in capsys.readouterr().out
    call_command("import-package", str(target), "--user", province_clerk.username)
    assert "đã nhận trước đó" in capsys.readouterr().out
    assert ReceivedPackage.objects.count() == 1
    broken = tmp_path / "hong.bcpkg"
    files = members(target.read_bytes())
    files["report.json"] = files["report.json"].replace(b"773", b"774")
    broken.write_bytes(rezip(files))
    with pytest.raises(CommandError, match="package_checksum"):
        call_command("import-package", str(broken), "--user", province_clerk.username)
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("export-package", str(issued.pk + 999), "--user", clerk.username)
