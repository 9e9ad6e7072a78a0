"""A private SoftHSM2 token for the tests: its own SOFTHSM2_CONF and token directory.

``softhsm_token(tmp_path, ...)`` initialises a token with ``softhsm2-util`` and writes a key
and its certificate on it with python-pkcs11. The test is skipped when SoftHSM2 is not
installed — unless BAOCAO_REQUIRE_BROWSER is set (CI), where its absence is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.documents.certs import Issued

MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
USER_PIN = "123456"
SO_PIN = "12345678"


@dataclass(frozen=True)
class Token:
    """An initialised SoftHSM2 token holding one key and certificate."""

    module_path: str
    label: str
    pin: str
    key_label: str


def require_softhsm() -> str:
    """Return the SoftHSM2 module path; skip (or fail under BAOCAO_REQUIRE_BROWSER) without it."""
    module = next((m for m in MODULE_CANDIDATES if Path(m).is_file()), None)
    if shutil.which("softhsm2-util") and module:
        return module
    reason = "SoftHSM2 (softhsm2-util, libsofthsm2.so) is not installed: apt-get install softhsm2"
    if os.environ.get("BAOCAO_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} — required in CI (BAOCAO_REQUIRE_BROWSER is set)")
    pytest.skip(reason)
    raise AssertionError  # unreachable


def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point SoftHSM2 at a fresh configuration and token directory under ``tmp_path``."""
    module = require_softhsm()
    tokens = tmp_path / "softhsm-tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    return module


def init_token(module: str, label: str, *, pin: str = USER_PIN) -> None:
    """Initialise a new token ``label`` in the first free slot."""
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            label,
            "--pin",
            pin,
            "--so-pin",
            SO_PIN,
        ],
        check=True,
        capture_output=True,
        env=os.environ.copy(),
    )


def put_key(
    module: str, token_label: str, issued: Issued, *, key_label: str, pin: str = USER_PIN
) -> None:
    """Write ``issued``'s private key and certificate on the token, both labelled ``key_label``."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.util.ec import decode_ec_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    lib = pkcs11.lib(module)
    lib.reinitialize()  # SoftHSM reads SOFTHSM2_CONF when the module is initialised
    token = lib.get_token(token_label=token_label)
    key_id = b"\x01"
    with token.open(rw=True, user_pin=pin) as session:
        from cryptography.hazmat.primitives import serialization as ser

        sec1 = issued.key.private_bytes(
            ser.Encoding.DER, ser.PrivateFormat.TraditionalOpenSSL, ser.NoEncryption()
        )
        attrs = decode_ec_private_key(sec1)
        attrs.update(
            {
                Attribute.LABEL: key_label,
                Attribute.ID: key_id,
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.SIGN: True,
            }
        )
        session.create_object(attrs)
        cert = decode_x509_certificate(issued.cert_der)
        cert.update({Attribute.LABEL: key_label, Attribute.ID: key_id, Attribute.TOKEN: True})
        session.create_object(cert)
        assert session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=key_label)


def softhsm_token(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    issued: Issued,
    *,
    label: str = "baocao-test",
    key_label: str = "dau-co-quan",
) -> Token:
    """Return a fresh token ``label`` holding ``issued`` (key and certificate)."""
    module = configure(tmp_path, monkeypatch)
    init_token(module, label)
    put_key(module, label, issued, key_label=key_label)
    return Token(module, label, USER_PIN, key_label)


def configure_server_seal(settings: Any, token: Token, directory: Path) -> Path:
    """Point the app's server seal at ``token`` (its PIN in a 0600 file under ``directory``),
    with jobs left to the worker; return the PIN file."""
    pin_file = directory / "seal.pin"
    pin_file.write_text(token.pin + "\n", encoding="utf-8")
    pin_file.chmod(0o600)
    settings.BAOCAO_SEAL_PKCS11 = {
        "module": token.module_path,
        "token": token.label,
        "key": token.key_label,
    }
    settings.BAOCAO_SEAL_PIN_FILE = str(pin_file)
    settings.BAOCAO_JOBS_IMMEDIATE = False
    return pin_file
