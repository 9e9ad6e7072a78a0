"""Service errors become pages in one place (core/refusals.py), with exact status codes."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from baocao.core.middleware import ServiceErrorMiddleware
from baocao.core.refusals import field_errors, on_refusal

pytestmark = pytest.mark.django_db


def _request(method: str = "get", **extra: str) -> HttpRequest:
    factory = RequestFactory()
    request = getattr(factory, method)("/so-theo-doi/1/", **extra)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _answer(request: HttpRequest, exc: Exception) -> HttpResponse | None:
    return ServiceErrorMiddleware(lambda r: HttpResponse()).process_exception(request, exc)


@pytest.mark.parametrize(
    ("exc", "status", "title"),
    [
        (NotFound("Không tìm thấy sổ theo dõi."), 404, "Không tìm thấy"),
        (Forbidden("Chỉ người ghi sổ được sửa."), 403, "Không có quyền"),
        (Conflict("Mục đã có."), 409, "Không thực hiện được"),
        (Invalid("Ngày không hợp lệ."), 422, "Dữ liệu không hợp lệ"),
    ],
)
def test_each_error_is_its_vietnamese_page_in_the_layout(exc, status, title):
    response = _answer(_request(), exc)
    assert response is not None and response.status_code == status
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html and exc.message in html
    assert 'class="topbar"' in html  # the base layout


def test_other_exceptions_are_left_to_django():
    assert _answer(_request(), ValueError("x")) is None


def test_a_refused_form_is_shown_again_with_the_errors_status_and_message():
    request = _request("post")
    seen: list[ServiceError] = []

    def page(exc: ServiceError) -> HttpResponse:
        seen.append(exc)
        return HttpResponse(str(field_errors(exc)))

    on_refusal(request, page)
    response = _answer(request, Invalid("Sai.", details={"entry_date": "Ngày sai."}))
    assert response is not None and response.status_code == 422
    assert "Ngày sai." in response.content.decode()
    assert [str(m) for m in get_messages(request)] == ["Sai."]
    response = _answer(request, Conflict("Đã có người sửa."))
    assert response is not None and response.status_code == 409


def test_a_refusal_page_that_redirects_keeps_its_redirect():
    request = _request("post")
    on_refusal(request, lambda exc: HttpResponse(status=302, headers={"Location": "/"}))
    response = _answer(request, Conflict("Đã có."))
    assert response is not None and response.status_code == 302


def test_a_refused_post_without_a_page_goes_back_to_a_same_origin_referer_only():
    request = _request("post", HTTP_REFERER="http://testserver/so-theo-doi/")
    response = _answer(request, Conflict("Đã có."))
    assert response is not None and response.status_code == 302
    assert response["Location"] == "http://testserver/so-theo-doi/"
    assert [str(m) for m in get_messages(request)] == ["Đã có."]
    elsewhere = _request("post", HTTP_REFERER="https://evil.example/")
    response = _answer(elsewhere, Conflict("Đã có."))
    assert response is not None and response.status_code == 409


def test_not_found_and_forbidden_never_use_the_form(reporter):
    request = _request("post")
    on_refusal(request, lambda exc: HttpResponse("form"))
    assert _answer(request, NotFound("x")).status_code == 404  # type: ignore[union-attr]
    assert _answer(request, Forbidden("x")).status_code == 403  # type: ignore[union-attr]


def test_an_unknown_page_is_the_vietnamese_404(reporter):
    client = Client()
    client.force_login(reporter)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "<h1>Không tìm thấy</h1>" in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_X_AUTOSAVE": "1", "HTTP_ACCEPT": "text/html"}, {"HTTP_ACCEPT": "application/json"}],
)
@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (NotFound("Không tìm thấy."), 404),
        (Forbidden("Không có quyền."), 403),
        (Conflict("Đã có người sửa.", code="stale_version"), 409),
        (Invalid("Sai.", details={"values.3": "Quá 100."}), 422),
    ],
)
def test_a_script_that_wants_json_gets_the_error_in_json_not_a_page(headers, exc, status):
    request = _request("post", **headers)
    on_refusal(request, lambda e: HttpResponse("form"))  # a form page is not for a script
    response = _answer(request, exc)
    assert response is not None and response.status_code == status
    assert json.loads(response.content) == {
        "error": exc.code,
        "message": exc.message,
        "details": exc.details,
    }


def test_a_browser_that_also_accepts_json_still_gets_the_page():
    request = _request(HTTP_ACCEPT="text/html,application/json;q=0.9,*/*;q=0.8")
    response = _answer(request, NotFound("Không tìm thấy."))
    assert response is not None and response["Content-Type"].startswith("text/html")
