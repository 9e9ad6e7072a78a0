"""Sign-in throttling: repeated failures slow down, then lock for a while, and are logged."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from baocao.core import security
from baocao.core.models import LoginAttempt
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
POLICY = security.Policy(
    free=3, lock=5, window_seconds=900, lock_seconds=600, base_delay=2, max_delay=60
)


def fail(client, username: str = "chuyenvien"):
    return client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"})


def age_attempts(seconds: int) -> None:
    """Move every recorded attempt ``seconds`` into the past (instead of sleeping)."""
    for attempt in LoginAttempt.objects.all():
        LoginAttempt.objects.filter(pk=attempt.pk).update(
            created_at=attempt.created_at - dt.timedelta(seconds=seconds)
        )


@pytest.fixture(autouse=True)
def policy(settings):
    settings.BAOCAO_LOGIN_THROTTLE = POLICY.__dict__


def test_the_first_failures_are_answered_normally(client, reporter):
    for _ in range(3):
        assert fail(client).status_code == 200
    assert LoginAttempt.objects.filter(username="chuyenvien", succeeded=False).count() == 3


def test_after_free_failures_attempts_must_wait(client, reporter):
    for _ in range(3):
        fail(client)
    response = client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Vui lòng đợi" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated  # the password was not even checked
    age_attempts(3)
    ok = client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD})
    assert ok.status_code == 302


def test_the_delay_doubles_with_each_failure():
    assert [POLICY.delay(n) for n in range(1, 9)] == [0, 0, 2, 4, 8, 16, 32, 60]


def test_many_failures_lock_the_name_even_with_the_right_password(client, reporter):
    for _ in range(5):
        fail(client)
        age_attempts(120)  # wait out each delay
    LoginAttempt.objects.update(created_at=timezone.now() - dt.timedelta(seconds=60))
    response = client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()
    age_attempts(600)
    assert (
        client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD}).status_code
        == 302
    )


def test_case_and_spaces_do_not_bypass_the_throttle(client, reporter):
    for name in ("chuyenvien", "ChuyenVien", " CHUYENVIEN "):
        fail(client, name)
    assert fail(client, "chuyenvien").status_code == 429


def test_a_success_resets_the_count(client, reporter):
    fail(client)
    fail(client)
    assert (
        client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD}).status_code
        == 302
    )
    client.logout()
    for _ in range(3):
        assert fail(client).status_code == 200


def test_failures_and_refusals_are_logged(client, reporter, caplog):
    with caplog.at_level(logging.WARNING, logger="baocao.security"):
        for _ in range(4):
            fail(client)
    messages = [r.getMessage() for r in caplog.records if r.name == "baocao.security"]
    assert sum("Failed sign-in for 'chuyenvien'" in m for m in messages) == 3
    assert any("refused: too fast" in m for m in messages)


def test_one_address_failing_for_many_names_is_locked(client, settings, reporter):
    settings.BAOCAO_LOGIN_THROTTLE = {**POLICY.__dict__, "ip_lock": 6}
    for index in range(6):
        fail(client, f"doan-ten-{index}")
    response = client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD})
    assert response.status_code == 429
