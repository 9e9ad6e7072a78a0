"""Production settings: `check --deploy` is clean, cookies are secure, headers are strict,
sessions expire, passwords are validated, no secret is in the repository, bodies are bounded."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def production(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("BAOCAO_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        {
            "BAOCAO_ENV": "production",
            "BAOCAO_SECRET_KEY": secrets.token_urlsafe(50),
            "BAOCAO_ALLOWED_HOSTS": "baocao.thaibinh.gov.vn",
            "BAOCAO_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "baocao.settings",
            **extra,
        }
    )
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    done = production(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues (0 silenced)" in done.stdout


def test_production_settings_are_hardened(tmp_path):
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ['DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'X_FRAME_OPTIONS', "
        "'SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE', "
        "'DATA_UPLOAD_MAX_MEMORY_SIZE', 'SECURE_CONTENT_TYPE_NOSNIFF']}))"
    )
    done = production(tmp_path, "-c", script)
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["X_FRAME_OPTIONS"] == "DENY" and values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["SESSION_COOKIE_AGE"] <= 8 * 3600 and values["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert values["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 10 * 1024 * 1024


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    done = production(tmp_path, "manage.py", "check", BAOCAO_SECRET_KEY="")
    assert done.returncode != 0
    assert "BAOCAO_SECRET_KEY must be set" in done.stderr


def test_no_secret_is_committed_to_the_repository():
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    patterns = [
        re.compile(p)
        for p in (
            r"-----BEGIN (RSA |EC |OPENSSH |)PRIVATE KEY-----",
            r"SECRET_KEY\s*=\s*['\"](?!dev-only)[^'\"]{20,}['\"]",
            r"(?i)(aws_secret_access_key|api[_-]?key)\s*[=:]\s*['\"][A-Za-z0-9/+]{24,}['\"]",
            r"postgres(ql)?://[^:@/\s]+:[^@/\s]{6,}@(?!127\.0\.0\.1|localhost)",
        )
    ]
    found = []
    for name in files:
        path = ROOT / name
        if not path.is_file() or path.suffix in {
            ".png",
            ".pdf",
            ".docx",
            ".ttf",
            ".woff2",
            ".gz",
            ".zip",
            ".ico",
            ".sqlite3",
            ".mo",
            ".xlsx",
        }:
            continue
        text = path.read_text(errors="ignore")
        found += [f"{name}: {p.pattern}" for p in patterns if p.search(text)]
    assert found == []


def test_weak_passwords_are_refused(db):
    for weak in ("12345678", "password", "abc"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Bao-cao-thang-01/2022")


def test_every_page_carries_csp_and_frame_protection(client, reporter):
    client.login(username=reporter.username, password=PASSWORD)
    for url in (reverse("login"), reverse("home"), reverse("report-list")):
        response = client.get(url, follow=True)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_over_https(settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_session_expires(client, reporter, settings):
    client.login(username=reporter.username, password=PASSWORD)
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() <= 8 * 3600


def test_an_oversized_body_is_refused(client, reporter, draft):
    client.login(username=reporter.username, password=PASSWORD)
    huge = "x" * (11 * 1024 * 1024)
    response = client.post(
        reverse("report-edit", args=[draft.pk]),
        data=huge,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
