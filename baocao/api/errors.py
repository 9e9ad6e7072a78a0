"""One error shape for the whole API: ``{"error": {"code", "message", "details"}}``.

Messages are Vietnamese by default and English when the request's Accept-Language prefers it
(the pages ignore Accept-Language; for the API, ``LanguageMiddleware`` activates the language
the header asks for, so services word their errors in it). Internals never leak: an unexpected
exception is logged and answered with a generic 500 in the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from baocao.core.errors import ServiceError
from baocao.core.locale import accept_language

E = TypeVar("E", bound=Exception)

logger = logging.getLogger("baocao.api")

# The API's own messages by code, Vietnamese msgids with their English in the catalogue; a
# service error's own message is used instead, except in English for 403 and 404.
MESSAGES: dict[str, Promise] = {
    "not_found": _("Không tìm thấy."),
    "forbidden": _("Bạn không có quyền thực hiện thao tác này."),
    "conflict": _("Dữ liệu đã thay đổi hoặc bị trùng."),
    "stale_version": _("Báo cáo đã được người khác sửa; hãy tải bản mới nhất."),
    "duplicate_report": _("Đơn vị đã có báo cáo cho kỳ này."),
    "not_editable": _("Báo cáo này không thể sửa."),
    "invalid_transition": _("Không thể thực hiện thao tác ở trạng thái hiện tại của báo cáo."),
    "unit_closed": _("Đơn vị không hoạt động trong kỳ này."),
    "invalid": _("Dữ liệu không hợp lệ."),
    "validation_error": _("Dữ liệu gửi lên không đúng định dạng."),
    "bad_request": _("Yêu cầu không đọc được (JSON không hợp lệ?)."),
    "unauthorized": _("Cần đăng nhập hoặc khóa truy cập API hợp lệ."),
    "csrf_failed": _("Thiếu hoặc sai mã CSRF cho phiên đăng nhập."),
    "too_many_requests": _("Quá nhiều yêu cầu, hãy thử lại sau."),
    "too_many_tokens": _("Đã đạt số khóa tối đa."),
    "too_large": _("Nội dung gửi lên quá lớn."),
    "too_many_fields": _("Nội dung gửi lên có quá nhiều trường hoặc tệp."),
    "bad_multipart": _("Nội dung multipart/form-data không đọc được (thiếu hoặc sai boundary?)."),
    "server_error": _("Lỗi hệ thống; đã ghi nhận để xử lý."),
}
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "bad_request",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
}


def request_language(request: HttpRequest) -> str:
    """Return the API caller's language: "en" when Accept-Language prefers it, else "vi"."""
    return accept_language(request.headers.get("Accept-Language", ""))


def wants_english(request: HttpRequest) -> bool:
    """Return whether the request's Accept-Language prefers English to Vietnamese."""
    return request_language(request) == "en"


def message_for(request: HttpRequest, code: str, message: str | None = None) -> str:
    """Return ``message``, else the message for ``code``, in the request's language."""
    with translation.override(request_language(request)):
        return str(message or MESSAGES.get(code, MESSAGES["invalid"]))


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str | None = None,
    details: Any = None,
) -> HttpResponse:
    """Render an error in the API's single shape."""
    body = {
        "error": {"code": code, "message": message_for(request, code, message), "details": details}
    }
    return api.create_response(request, body, status=status)


def _service_error(api: NinjaAPI, request: HttpRequest, exc: ServiceError) -> HttpResponse:
    """Render a service error with its own message, worded in the caller's language.

    In English a 403 or 404 keeps the generic message of its code ("Not found.").
    """
    message: str | None = exc.message
    if exc.status in (403, 404) and wants_english(request):
        message = None
    code = exc.code if exc.code in MESSAGES else type(exc).code
    body = {
        "error": {
            "code": exc.code,
            "message": message_for(request, code, message),
            "details": exc.details,
        }
    }
    return api.create_response(request, body, status=exc.status)


def _clean_validation(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep where and why a field failed; drop the echoed input (it may be huge)."""
    return [
        {
            "loc": [str(part) for part in error.get("loc", [])],
            "msg": str(error.get("msg", ""))[:300],
            "type": str(error.get("type", "")),
        }
        for error in errors[:50]
    ]


def install_handlers(api: NinjaAPI) -> None:
    """Register the handlers that give every error the same shape."""

    def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return _service_error(api, request, exc)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(
            api, request, 422, "validation_error", details=_clean_validation(exc.errors)
        )

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, "unauthorized")

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        code = "csrf_failed" if "CSRF" in str(exc) else STATUS_CODES.get(status, "bad_request")
        return error_response(api, request, status, code)

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found")

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response(
            api,
            request,
            413,
            "too_large",
            details={"limit_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
        )

    def on_too_many(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return error_response(api, request, 413, "too_many_fields")

    def on_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return error_response(api, request, 400, "bad_multipart")

    def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        logger.warning(
            "Suspicious API request on %s %s: %s", request.method, request.path, type(exc).__name__
        )
        return error_response(api, request, 400, "bad_request")

    def on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(api, request, 500, "server_error")

    def handle(exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]) -> None:
        # django-ninja types a handler's argument as "the exception or its class"; it is
        # always the instance, as the handlers above say.
        api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]

    handle(ServiceError, on_service_error)
    handle(ValidationError, on_validation)
    handle(AuthenticationError, on_auth)
    handle(HttpError, on_http_error)
    handle(Http404, on_404)
    handle(RequestDataTooBig, on_too_big)
    handle(TooManyFieldsSent, on_too_many)
    handle(TooManyFilesSent, on_too_many)
    handle(MultiPartParserError, on_multipart)
    handle(SuspiciousOperation, on_suspicious)
    handle(Exception, on_exception)
