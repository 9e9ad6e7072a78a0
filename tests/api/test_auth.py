"""Authentication: Bearer tokens (stored hashed, revocable) and the web session with CSRF."""

from __future__ import annotations

from django.test import Client

from baocao.api.models import ApiToken
from baocao.api.tokens import create_token, hash_token, revoke_token
from tests.api.conftest import ApiClient, assert_error
from tests.conftest import PASSWORD


def test_a_token_authenticates_its_user(reporter) -> None:
    _, plain = create_token(by=reporter, name="Hệ thống Bộ")
    response = ApiClient(plain).get("/api/me")
    assert response.status_code == 200
    assert response.json()["username"] == "chuyenvien"
    assert response.json()["roles"] == {"STTTT": ["reporter"]}


def test_the_token_is_stored_only_as_its_hash(reporter) -> None:
    token, plain = create_token(by=reporter, name="x")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hash_token(plain)
    assert plain not in {stored.token_hash, stored.prefix, stored.name}
    assert plain.startswith(stored.prefix) and len(stored.prefix) < len(plain) // 3


def test_a_revoked_token_is_refused(reporter) -> None:
    token, plain = create_token(by=reporter, name="x")
    revoke_token(token.pk, by=reporter)
    assert_error(ApiClient(plain).get("/api/me"), 401, "unauthorized")


def test_an_unknown_token_is_refused(reporter) -> None:
    assert_error(ApiClient("bc_not-a-real-token").get("/api/reports"), 401, "unauthorized")


def test_no_credentials_is_401_in_the_error_shape(db) -> None:
    assert_error(ApiClient().get("/api/reports"), 401, "unauthorized")


def test_a_token_records_when_it_was_last_used(reporter) -> None:
    token, plain = create_token(by=reporter, name="x")
    assert token.last_used_at is None
    ApiClient(plain).get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_user_cannot_revoke_another_users_token(reporter, outsider) -> None:
    token, plain = create_token(by=reporter, name="x")
    client = Client()
    client.login(username="nguoingoai", password=PASSWORD)
    response = client.post(f"/tai-khoan/khoa/{token.pk}/thu-hoi/")
    assert response.status_code == 404
    assert ApiClient(plain).get("/api/me").status_code == 200


def test_session_login_reads_without_csrf(reporter) -> None:
    client = Client()
    client.login(username="chuyenvien", password=PASSWORD)
    assert client.get("/api/me").status_code == 200


def test_session_writes_need_the_csrf_token(reporter, template) -> None:
    client = Client(enforce_csrf_checks=True)
    client.login(username="chuyenvien", password=PASSWORD)
    body = {"unit": "STTTT", "template": "STTTT-THANG", "period": "2022-03"}
    refused = client.post("/api/reports", body, content_type="application/json")
    assert_error(refused, 403, "csrf_failed")
    client.get("/tai-khoan/")  # sets the csrftoken cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/reports", body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert accepted.status_code == 201, accepted.content


def test_a_token_write_needs_no_csrf(reporter, template) -> None:
    _, plain = create_token(by=reporter, name="x")
    client = ApiClient(plain)
    client.client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/reports", {"unit": "STTTT", "template": "STTTT-THANG", "period": "2022-03"}
    )
    assert response.status_code == 201


def test_an_inactive_users_token_is_refused(reporter) -> None:
    _, plain = create_token(by=reporter, name="x")
    reporter.is_active = False
    reporter.save()
    assert_error(ApiClient(plain).get("/api/me"), 401)
