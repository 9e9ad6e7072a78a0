"""Finding 2: every way to sign in — the site's page and the admin's — is throttled by the same
rule, atomically, so a burst of parallel attempts gets no more tries than the policy allows."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client
from django.urls import reverse

from baocao.core import security
from baocao.core.models import LoginAttempt
from tests.conftest import PASSWORD

POLICY = security.Policy(free=3, lock=10, window_seconds=900, lock_seconds=900)
WRONG = "sai-mat-khau"


@pytest.fixture(autouse=True)
def policy(settings):
    settings.BAOCAO_LOGIN_THROTTLE = POLICY.__dict__


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_user(
        username="quantri", password=PASSWORD, is_staff=True, is_superuser=True
    )


def admin_login(client: Client, password: str):
    return client.post(
        reverse("admin:login"), {"username": "quantri", "password": password, "next": "/admin/"}
    )


@pytest.mark.django_db
def test_the_admin_sign_in_is_throttled_like_the_site(admin_user):
    client = Client()
    answers = [admin_login(client, WRONG).status_code for _ in range(15)]
    assert answers[:3] == [200, 200, 200]
    assert set(answers[3:]) == {429}
    refused = admin_login(client, PASSWORD)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Vui lòng đợi" in refused.content.decode()
    assert "_auth_user_id" not in client.session  # the right password did not get in
    # every checked attempt is recorded
    assert LoginAttempt.objects.filter(username="quantri", succeeded=False).count() == 3


@pytest.mark.django_db
def test_failures_on_the_site_count_at_the_admin_and_back(admin_user):
    site = Client()
    for _ in range(3):
        assert (
            site.post(reverse("login"), {"username": "QuanTri", "password": WRONG}).status_code
            == 200
        )
    assert admin_login(Client(), PASSWORD).status_code == 429
    assert (
        site.post(reverse("login"), {"username": "quantri", "password": PASSWORD}).status_code
        == 429
    )


@pytest.mark.django_db
def test_a_plain_authenticate_call_is_throttled_too(admin_user):
    from django.contrib.auth import authenticate

    for _ in range(3):
        assert authenticate(username="quantri", password=WRONG) is None
    assert authenticate(username="quantri", password=PASSWORD) is None
    assert LoginAttempt.objects.filter(username="quantri").count() == 3


def _burst(url: str, count: int, monkeypatch) -> list[int]:
    """Send ``count`` wrong passwords for one name at once; return the status codes."""
    verify = MD5PasswordHasher.verify

    def slow_verify(self, password, encoded):  # a production hasher takes a fraction of a second
        time.sleep(0.05)
        return verify(self, password, encoded)

    monkeypatch.setattr(MD5PasswordHasher, "verify", slow_verify)
    barrier = threading.Barrier(count)
    codes: list[int] = []
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            client = Client()
            barrier.wait()
            codes.append(
                client.post(
                    url, {"username": "quantri", "password": WRONG, "next": "/admin/"}
                ).status_code
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return codes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_a_burst_of_parallel_attempts_gets_no_more_tries_than_the_policy(
    url_name, admin_user, monkeypatch
):
    codes = _burst(reverse(url_name), 20, monkeypatch)
    assert len(codes) == 20
    checked = [code for code in codes if code != 429]
    assert len(checked) == POLICY.free, codes
    assert LoginAttempt.objects.filter(username="quantri").count() == POLICY.free
