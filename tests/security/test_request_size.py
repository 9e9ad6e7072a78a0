"""Finding 4: request size errors are 413 in the API's error shape; malformed multipart and
bodies are 4xx, never 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from baocao.api.tokens import create_token
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


def token_headers(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, plain = create_token(by=user, name="kich-thuoc")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def test_a_json_body_over_the_limit_is_413_in_the_api_shape(draft, reporter, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = json.dumps({"version": draft.version, "title": "x" * 5000})
    response = Client().patch(
        f"/api/reports/{draft.pk}", body, content_type="application/json", **token_headers(reporter)
    )
    error = assert_error(response, 413, "too_large")
    assert error["details"] == {"limit_bytes": 1024}


def test_a_body_over_ten_megabytes_is_413(draft, reporter):
    body = json.dumps(
        {
            "format": "baocao-exchange",
            "version": 1,
            "period": "2022-01",
            "root_unit": "STTTT",
            "units": [],
            "pad": "x" * (10 * 1024 * 1024),
        }
    )
    response = Client().post(
        "/api/exchange/import", body, content_type="application/json", **token_headers(reporter)
    )
    assert_error(response, 413, "too_large")


def test_a_submit_body_too_large_is_413_too(draft, reporter, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = Client().post(
        f"/api/reports/{draft.pk}/submit",
        json.dumps({"version": 1, "x": "y" * 200}),
        content_type="application/json",
        **token_headers(reporter),
    )
    assert_error(response, 413, "too_large")


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",  # no boundary
        "multipart/form-data; boundary=",  # empty boundary
        "multipart/form-data; boundary=\x00bad",  # invalid boundary
    ],
)
def test_multipart_without_a_usable_boundary_is_400(register, reporter, content_type):
    response = Client().generic(
        "POST",
        f"/api/registers/{register.pk}/import",
        b"--x\r\n\r\n",
        content_type=content_type,
        **token_headers(reporter),
    )
    assert_error(response, 400)


def test_a_multipart_upload_over_the_limit_is_413(register, reporter, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    fields = {f"f{i}": "x" for i in range(10)}
    response = Client().post(
        f"/api/registers/{register.pk}/import", fields, **token_headers(reporter)
    )
    assert_error(response, 413, "too_many_fields")


def test_a_truncated_multipart_body_is_422_no_file(register, reporter):
    body = (
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\nNgay,Noi dung\r\n"
    )  # no closing boundary
    response = Client().generic(
        "POST",
        f"/api/registers/{register.pk}/import",
        body,
        content_type="multipart/form-data; boundary=B",
        **token_headers(reporter),
    )
    assert_error(response, 422, "validation_error")  # the file part never ended: no file
