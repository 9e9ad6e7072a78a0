"""One error shape for the whole API: ``{"error": {"code", "message", "details"}}``.

Messages are Vietnamese by default and English when the request's Accept-Language prefers it
(read here: the pages ignore Accept-Language, the API does not). Internals never leak: an
unexpected exception is logged and answered with a generic 500 in the same shape.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from baocao.core.errors import ServiceError

logger = logging.getLogger("baocao.api")

# code -> (Vietnamese, English) for the API's own errors and the English of service errors.
MESSAGES: dict[str, tuple[str, str]] = {
    "not_found": ("Không tìm thấy.", "Not found."),
    "forbidden": ("Bạn không có quyền thực hiện thao tác này.",
                  "You are not allowed to do this."),
    "conflict": ("Dữ liệu đã thay đổi hoặc bị trùng.", "The data changed or already exists."),
    "stale_version": ("Báo cáo đã được người khác sửa; hãy tải bản mới nhất.",
                      "The report was changed by someone else; fetch the latest version."),
    "duplicate_report": ("Đơn vị đã có báo cáo cho kỳ này.",
                         "The unit already has a report for this period."),
    "not_editable": ("Báo cáo này không thể sửa.", "This report cannot be edited."),
    "invalid_transition": ("Không thể thực hiện thao tác ở trạng thái hiện tại của báo cáo.",
                           "This action is not possible in the report's current status."),
    "unit_closed": ("Đơn vị không hoạt động trong kỳ này.",
                    "The unit was not open during this period."),
    "invalid": ("Dữ liệu không hợp lệ.", "The data is not valid."),
    "validation_error": ("Dữ liệu gửi lên không đúng định dạng.",
                         "The request does not match the schema."),
    "bad_request": ("Yêu cầu không đọc được (JSON không hợp lệ?).",
                    "The request could not be read (malformed JSON?)."),
    "unauthorized": ("Cần đăng nhập hoặc khóa truy cập API hợp lệ.",
                     "Sign in or send a valid API token."),
    "csrf_failed": ("Thiếu hoặc sai mã CSRF cho phiên đăng nhập.",
                    "CSRF check failed for the session."),
    "too_many_requests": ("Quá nhiều yêu cầu, hãy thử lại sau.",
                          "Too many requests; try again later."),
    "too_many_tokens": ("Đã đạt số khóa tối đa.", "Too many active tokens."),
    "server_error": ("Lỗi hệ thống; đã ghi nhận để xử lý.",
                     "Internal error; it has been logged."),
}
STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "bad_request", 409: "conflict", 422: "invalid", 429: "too_many_requests"}


def wants_english(request: HttpRequest) -> bool:
    """Return whether the request's Accept-Language prefers English to Vietnamese."""
    header = request.headers.get("Accept-Language", "")[:500]
    for language, _quality in parse_accept_lang_header(header):
        primary = language.lower().split("-")[0]
        if primary in ("vi", "en"):
            return primary == "en"
    return False


def message_for(request: HttpRequest, code: str, vietnamese: str | None = None) -> str:
    """Return the message for ``code`` in the request's language."""
    vi, en = MESSAGES.get(code, MESSAGES["invalid"])
    if wants_english(request):
        return en
    return vietnamese or vi


def error_response(api: NinjaAPI, request: HttpRequest, status: int, code: str,
                   message: str | None = None, details: Any = None) -> HttpResponse:
    """Render an error in the API's single shape."""
    body = {"error": {"code": code, "message": message_for(request, code, message),
                      "details": details}}
    return api.create_response(request, body, status=status)


def _service_error(api: NinjaAPI, request: HttpRequest, exc: ServiceError) -> HttpResponse:
    english = MESSAGES.get(exc.code) or MESSAGES.get(type(exc).code) or MESSAGES["invalid"]
    message = english[1] if wants_english(request) else exc.message
    body = {"error": {"code": exc.code, "message": message, "details": exc.details}}
    return api.create_response(request, body, status=exc.status)


def _clean_validation(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep where and why a field failed; drop the echoed input (it may be huge)."""
    return [
        {"loc": [str(part) for part in error.get("loc", [])],
         "msg": str(error.get("msg", ""))[:300], "type": str(error.get("type", ""))}
        for error in errors[:50]
    ]


def install_handlers(api: NinjaAPI) -> None:
    """Register the handlers that give every error the same shape."""

    def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return _service_error(api, request, exc)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(api, request, 422, "validation_error",
                              details=_clean_validation(exc.errors))

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, "unauthorized")

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        code = "csrf_failed" if "CSRF" in str(exc) else STATUS_CODES.get(status, "bad_request")
        return error_response(api, request, status, code)

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found")

    def on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(api, request, 500, "server_error")

    api.add_exception_handler(ServiceError, on_service_error)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(Exception, on_exception)
