"""Certificates for the TLS tests, made with the openssl command: a private CA, and
certificates it signed for 127.0.0.1, for another name, and one that has expired."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_CONFIG = """\
[ca]
default_ca = test
[test]
dir = {dir}
database = {dir}/index.txt
new_certs_dir = {dir}
serial = {dir}/serial
default_md = sha256
policy = anything
copy_extensions = copy
unique_subject = no
[anything]
commonName = supplied
[leaf]
basicConstraints = CA:FALSE
subjectAltName = $ENV::SAN
"""


_JANUARY_2020 = ("-startdate", "20200101000000Z", "-enddate", "20200201000000Z")


@dataclass(frozen=True)
class Certificates:
    ca: Path  # the CA's certificate (PEM): what REQUESTS_CA_BUNDLE names
    key: Path  # the key of every leaf certificate
    loopback: Path  # for 127.0.0.1, valid now
    other_name: Path  # for other.example only
    expired: Path  # for 127.0.0.1, valid in January 2020 only
    self_signed: Path  # for 127.0.0.1, signed by its own key (no CA)


def available() -> bool:
    return shutil.which("openssl") is not None


def make_certificates(folder: Path) -> Certificates:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.txt").write_text("")
    (folder / "serial").write_text("1000\n")
    config = folder / "ca.cnf"
    config.write_text(_CONFIG.format(dir=folder))

    def openssl(*args: str, san: str = "IP:127.0.0.1") -> None:
        subprocess.run(
            ["openssl", *args],
            check=True,
            capture_output=True,
            env={**os.environ, "SAN": san},
        )

    ca_key, ca, key = folder / "ca.key", folder / "ca.pem", folder / "leaf.key"
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key),
            "-out", str(ca), "-days", "2", "-subj", "/CN=visitplan test CA")  # fmt: skip
    openssl("genrsa", "-out", str(key), "2048")

    def leaf(name: str, san: str, *dates: str) -> Path:
        request, cert = folder / f"{name}.csr", folder / f"{name}.pem"
        openssl("req", "-new", "-key", str(key), "-out", str(request), "-subj", f"/CN={name}",
                "-addext", f"subjectAltName={san}", san=san)  # fmt: skip
        openssl("ca", "-batch", "-config", str(config), "-cert", str(ca), "-keyfile",
                str(ca_key), "-extensions", "leaf", "-in", str(request), "-out", str(cert),
                *(dates or ("-days", "2")), san=san)  # fmt: skip
        return cert

    self_signed = folder / "self-signed.pem"
    openssl("req", "-x509", "-key", str(key), "-out", str(self_signed), "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")  # fmt: skip
    return Certificates(
        ca=ca,
        key=key,
        loopback=leaf("loopback", "IP:127.0.0.1"),
        other_name=leaf("other", "DNS:other.example"),
        expired=leaf("expired", "IP:127.0.0.1", *_JANUARY_2020),
        self_signed=self_signed,
    )
