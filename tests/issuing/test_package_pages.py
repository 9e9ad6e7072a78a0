"""The package pages: download from the list, upload, see a received package, its PDF and data."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from baocao.issuing.models import ReceivedPackage
from tests.conftest import client_for
from tests.issuing.test_package import members, rezip


def test_the_clerk_downloads_the_package_from_the_packages_page(issued, clerk, fast_pdf):
    client = client_for(clerk)
    page = client.get("/bao-cao-den/goi-tin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "01/BC-STTTT" in html and f"/bao-cao/{issued.pk}/goi-tin/" in html
    response = client.get(f"/bao-cao/{issued.pk}/goi-tin/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert set(members(response.content)) == {"manifest.json", "report.json", "document.pdf"}


def test_the_receiving_clerk_uploads_sees_and_opens_a_package(
    issued, clerk, province_clerk, outsider, fast_pdf
):
    content = client_for(clerk).get(f"/bao-cao/{issued.pk}/goi-tin/").content
    client = client_for(province_clerk)
    assert "/bao-cao-den/goi-tin/" in client.get("/bao-cao-den/").content.decode()
    checked = client.post(
        "/bao-cao-den/goi-tin/", {"file": SimpleUploadedFile("goi.bcpkg", content), "dry_run": "1"}
    )
    assert checked.status_code == 200 and "signature: unsigned" in checked.content.decode()
    assert not ReceivedPackage.objects.exists()
    response = client.post(
        "/bao-cao-den/goi-tin/", {"file": SimpleUploadedFile("goi.bcpkg", content)}
    )
    package = ReceivedPackage.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/bao-cao-den/goi-tin/{package.pk}/"
    )
    detail = client.get(response["Location"]).content.decode()
    assert "01/BC-STTTT" in detail and "Sở Thông tin và Truyền thông" in detail
    assert package.document_sha256 in detail and "Tin, bài báo chí TW" in detail
    assert "773" in detail
    pdf = client.get(f"/bao-cao-den/goi-tin/{package.pk}/van-ban.pdf")
    assert pdf.status_code == 200 and pdf.content == fast_pdf
    data = client.get(f"/bao-cao-den/goi-tin/{package.pk}/report.json")
    assert data.json()["report"]["number_text"] == "01/BC-STTTT"
    # The same file again: said so, nothing duplicated.
    again = client.post(
        "/bao-cao-den/goi-tin/", {"file": SimpleUploadedFile("goi.bcpkg", content)}, follow=True
    )
    assert "đã được nhập trước đó" in again.content.decode()
    assert ReceivedPackage.objects.count() == 1
    # Others: 404.
    other = client_for(outsider)
    for url in (
        f"/bao-cao-den/goi-tin/{package.pk}/",
        f"/bao-cao-den/goi-tin/{package.pk}/van-ban.pdf",
        f"/bao-cao-den/goi-tin/{package.pk}/report.json",
    ):
        assert other.get(url).status_code == 404


def test_a_tampered_upload_is_refused_on_the_page(issued, clerk, province_clerk, fast_pdf):
    content = client_for(clerk).get(f"/bao-cao/{issued.pk}/goi-tin/").content
    files = members(content)
    files["report.json"] = files["report.json"].replace(b"773", b"774")
    response = client_for(province_clerk).post(
        "/bao-cao-den/goi-tin/", {"file": SimpleUploadedFile("goi.bcpkg", rezip(files))}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "report.json" in html and "SHA-256" in html and "package_checksum" in html
    assert not ReceivedPackage.objects.exists()


def test_a_reporter_without_issued_reports_gets_404(draft, reporter):
    assert client_for(reporter).get("/bao-cao-den/goi-tin/").status_code == 404
    assert client_for(reporter).get(f"/bao-cao/{draft.pk}/goi-tin/").status_code == 302


def test_a_section_titled_like_a_dict_method_shows_on_the_package_page(
    issued, clerk, province_clerk, fast_pdf
):
    # The section titles come from the sender's package: "items" must not hide the groups.
    issued.template.sections.filter(code="CNTT").update(title="items")
    content = client_for(clerk).get(f"/bao-cao/{issued.pk}/goi-tin/").content
    client = client_for(province_clerk)
    client.post("/bao-cao-den/goi-tin/", {"file": SimpleUploadedFile("goi.bcpkg", content)})
    package = ReceivedPackage.objects.get()
    detail = client.get(f"/bao-cao-den/goi-tin/{package.pk}/")
    assert detail.status_code == 200
    assert "<h3>items</h3>" in detail.content.decode()
    assert "Trình UBND tỉnh phê duyệt Đề án Chuyển đổi số." in detail.content.decode()
