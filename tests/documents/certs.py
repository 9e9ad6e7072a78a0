"""A throwaway CA and signer certificates, generated inside the tests (never stored).

``make_pki()`` gives the CA and one signer (also as a PKCS#12 file); ``issue()`` makes more
certificates from the same CA (expired ones too) and ``make_crl()`` a CRL revoking some.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "mat-khau-chung-thu"
CRL_URL = "http://crl.baocao.invalid/ca.crl"  # never fetched: the tests hand the CRL over


@dataclass(frozen=True)
class Issued:
    """A private key and its certificate issued by the test CA."""

    key: Any
    cert: x509.Certificate

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def key_der(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


@dataclass(frozen=True)
class TestPki:
    """The CA certificate (PEM) and the signer's PKCS#12 file (plus the objects behind them)."""

    ca_pem: bytes
    p12: bytes
    passphrase: str = PASSPHRASE
    ca_key: Any = field(default=None, repr=False)
    ca_cert: x509.Certificate | None = field(default=None, repr=False)
    signer: Issued | None = field(default=None, repr=False)


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _issue(
    ca_key,
    ca_name: x509.Name,
    cn: str,
    org: str,
    *,
    not_before: dt.datetime,  # type: ignore[no-untyped-def]
    not_after: dt.datetime,
) -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn, org))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(CRL_URL)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return Issued(key, cert)


def make_pki(
    signer: str = "Trần Văn Hùng",
    org: str = "Sở Thông tin và Truyền thông",
    *,
    ca: str = "CA thử nghiệm baocao",
) -> TestPki:
    """Return a fresh CA (named ``ca``) and a signer certificate issued by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(ca, "baocao test")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    issued = _issue(
        ca_key,
        ca_name,
        signer,
        org,
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"signer",
        issued.key,
        issued.cert,
        [ca_cert],
        serialization.BestAvailableEncryption(PASSPHRASE.encode()),
    )
    return TestPki(
        ca_pem=ca_cert.public_bytes(serialization.Encoding.PEM),
        p12=p12,
        ca_key=ca_key,
        ca_cert=ca_cert,
        signer=issued,
    )


def issue(
    pki: TestPki, cn: str, org: str = "Sở Thông tin và Truyền thông", *, expired: bool = False
) -> Issued:
    """Return another key and certificate from the CA of ``pki`` (expired a week ago if asked)."""
    now = dt.datetime.now(dt.UTC)
    if expired:
        return _issue(
            pki.ca_key,
            pki.ca_cert.subject,
            cn,
            org,  # type: ignore[union-attr]
            not_before=now - dt.timedelta(days=370),
            not_after=now - dt.timedelta(days=7),
        )
    return _issue(
        pki.ca_key,
        pki.ca_cert.subject,
        cn,
        org,  # type: ignore[union-attr]
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
    )


def make_crl(pki: TestPki, revoked: list[Issued]) -> bytes:
    """Return a DER CRL of the CA of ``pki`` revoking the given certificates."""
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(pki.ca_cert.subject)  # type: ignore[union-attr]
        .last_update(now - dt.timedelta(hours=1))
        .next_update(now + dt.timedelta(days=7))
    )
    for item in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(item.cert.serial_number)
            .revocation_date(now - dt.timedelta(hours=2))
            .build()
        )
    return builder.sign(pki.ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
