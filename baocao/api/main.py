"""The REST API: one NinjaAPI with token or session auth, one error shape, vendored docs."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from baocao.api.auth import api_auth
from baocao.api.docs import VendoredSwagger
from baocao.api.errors import install_handlers
from baocao.api.routers import (
    analytics,
    catalog,
    content,
    exchange,
    issuing,
    register_import,
    registers,
    registry,
    reports,
)

DESCRIPTION = """API của hệ thống thông tin báo cáo (baocao).

Xác thực: `Authorization: Bearer <khóa>` (tạo khóa ở trang Tài khoản) hoặc phiên đăng nhập
web (các thao tác ghi cần header `X-CSRFToken`). Lỗi luôn có dạng
`{"error": {"code", "message", "details"}}`; thông báo tiếng Việt, hoặc tiếng Anh khi gửi
`Accept-Language: en`. Phân trang: `limit` (1–100, mặc định 50) và `offset`.
"""


class Utf8JSONRenderer(JSONRenderer):
    """Write Vietnamese letters as UTF-8 rather than \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


def build_api() -> NinjaAPI:
    """Build the API with every router and the error handlers."""
    api = NinjaAPI(
        title="baocao API",
        version="1",
        description=DESCRIPTION,
        auth=api_auth,
        docs=VendoredSwagger(),
        docs_url="/docs",
        openapi_url="/openapi.json",
        urls_namespace="api",
        renderer=Utf8JSONRenderer(),
    )
    install_handlers(api)
    api.add_router("/", catalog.router)
    api.add_router("/", reports.router)
    api.add_router("/", content.router)
    api.add_router("/", exchange.router)
    api.add_router("/", registry.router)
    api.add_router("/", analytics.router)
    api.add_router("/", registers.router)
    api.add_router("/", register_import.router)
    api.add_router("/", issuing.router)
    api.add_router("/", "baocao.api.routers.packages.router")
    api.add_router("/", "baocao.api.routers.adhoc.router")
    api.add_router("/", "baocao.api.routers.regimes.router")
    api.add_router("/", "baocao.api.routers.figures.router")
    return api


api = build_api()
