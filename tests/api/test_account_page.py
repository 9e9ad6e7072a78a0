"""The account page (Tài khoản): create a token shown once, list and revoke tokens."""

from __future__ import annotations

from django.test import Client

from baocao.api.models import ApiToken
from tests.api.conftest import ApiClient
from tests.conftest import PASSWORD


def _signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_page_needs_a_login(db) -> None:
    response = Client().get("/tai-khoan/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_page_lists_roles(reporter) -> None:
    page = _signed_in("chuyenvien").get("/tai-khoan/").content.decode()
    assert "Sở Thông tin và Truyền thông" in page and "Chuyên viên báo cáo" in page
    assert "Khóa truy cập API" in page


def test_creating_a_token_shows_it_once_and_it_works(reporter) -> None:
    client = _signed_in("chuyenvien")
    response = client.post("/tai-khoan/", {"name": "Hệ thống Bộ KH&CN"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=reporter)
    page = response.content.decode()
    start = page.index('value="bc_') + len('value="')
    plain = page[start : page.index('"', start)]
    assert ApiClient(plain).get("/api/me").status_code == 200
    again = client.get("/tai-khoan/").content.decode()
    assert plain not in again and token.prefix in again


def test_a_token_needs_a_name(reporter) -> None:
    response = _signed_in("chuyenvien").post("/tai-khoan/", {"name": "  "})
    assert response.status_code == 422
    assert "Vui lòng đặt tên" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_a_token_stops_it(reporter) -> None:
    client = _signed_in("chuyenvien")
    page = client.post("/tai-khoan/", {"name": "x"}).content.decode()
    start = page.index('value="bc_') + len('value="')
    plain = page[start : page.index('"', start)]
    token = ApiToken.objects.get(user=reporter)
    response = client.post(f"/tai-khoan/khoa/{token.pk}/thu-hoi/", follow=True)
    assert "Đã thu hồi" in response.content.decode()
    assert ApiClient(plain).get("/api/me").status_code == 401


def test_revoking_needs_post(reporter) -> None:
    client = _signed_in("chuyenvien")
    client.post("/tai-khoan/", {"name": "x"})
    token = ApiToken.objects.get(user=reporter)
    assert client.get(f"/tai-khoan/khoa/{token.pk}/thu-hoi/").status_code == 405


def test_the_navigation_links_to_the_account_page(reporter) -> None:
    page = _signed_in("chuyenvien").get("/bao-cao/").content.decode()
    assert 'href="/tai-khoan/"' in page
