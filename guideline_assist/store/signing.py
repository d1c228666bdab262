"""Publisher signatures of index snapshots (Ed25519, from the `cryptography` package).

    public = generate_key(Path("/secure/ga-publisher.key"))     # mode 0600; give `public` to the clinics
    signature = sign(manifest_bytes, Path("/secure/ga-publisher.key"))
    verify(manifest_bytes, signature, trusted=parse_keys(settings.snapshot.trusted_keys), file="x.tar")

A snapshot's sha256 list travels inside the archive it describes, so by itself it proves nothing: anyone
can change a dose and recompute it. The signature over that list is what a clinic checks, against public
keys it was given out of band (GA_SNAPSHOT__TRUSTED_KEYS), never against a key the archive carries.
Public keys are written `ed25519:<base64 of the 32 raw bytes>`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from guideline_assist.core.errors import SigningKeyError, SnapshotUnsigned, SnapshotUntrusted

PREFIX = "ed25519:"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def public_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PREFIX + base64.b64encode(raw).decode()


def parse_public(text: str) -> Ed25519PublicKey:
    """`ed25519:<base64>` (the prefix may be left out) as a key; ValueError if it is not one."""
    raw = text.strip().removeprefix(PREFIX)
    try:
        data = base64.b64decode(raw, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"not base64: {raw[:16]!r}") from exc
    if len(data) != 32:
        raise ValueError(f"an Ed25519 public key has 32 bytes, this one {len(data)}")
    return Ed25519PublicKey.from_public_bytes(data)


def parse_keys(listed: str) -> dict[str, Ed25519PublicKey]:
    """GA_SNAPSHOT__TRUSTED_KEYS (comma-separated) as {normalised text: key}; a malformed entry is an error,
    not silently skipped: an operator who pasted half a key must hear about it."""
    keys = {}
    for item in (part.strip() for part in listed.split(",")):
        if not item:
            continue
        try:
            key = parse_public(item)
        except ValueError as exc:
            raise SigningKeyError(str(exc), file="GA_SNAPSHOT__TRUSTED_KEYS") from exc
        keys[public_text(key)] = key
    return keys


def generate_key(path: Path) -> str:
    """Write a new private key to `path` (PEM, mode 0600, never over an existing file); its public key."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: overwriting a publisher's key would orphan every clinic that trusts it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise SigningKeyError("the file already exists; choose another name", file=str(path)) from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return public_text(key.public_key())


def load_private(path: Path) -> Ed25519PrivateKey:
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"cannot be read ({exc.strerror or exc})", file=str(path)) from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningKeyError("other users can read it; run `chmod 600` on it first", file=str(path))
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError("not an unencrypted PEM private key", file=str(path)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError("not an Ed25519 key (make one with `snapshot keygen`)", file=str(path))
    return key


def sign(data: bytes, key_path: Path) -> bytes:
    """The signature record stored next to the signed bytes in the archive (JSON)."""
    key = load_private(key_path)
    record = {
        "algorithm": "ed25519",
        "public_key": public_text(key.public_key()),
        "signature": base64.b64encode(key.sign(data)).decode(),
    }
    return json.dumps(record).encode()


def verify(data: bytes, signature: bytes | None, trusted: dict[str, Ed25519PublicKey], file: str) -> str:
    """The public key (text) that signed `data`, if it is trusted; SnapshotUnsigned / SnapshotUntrusted else."""
    if signature is None:
        raise SnapshotUnsigned("no snapshot.sig in the archive", file=file)
    try:
        record = json.loads(signature)
        claimed = public_text(parse_public(record["public_key"]))
        raw = base64.b64decode(record["signature"], validate=True)
        if record.get("algorithm") != "ed25519":
            raise ValueError(f"algorithm {record.get('algorithm')!r}")
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise SnapshotUnsigned(f"snapshot.sig is unreadable: {exc}", file=file) from exc
    if not trusted:
        raise SnapshotUntrusted("no key is trusted here: GA_SNAPSHOT__TRUSTED_KEYS is empty", file=file)
    key = trusted.get(claimed)
    if key is None:
        raise SnapshotUntrusted(f"signed by {claimed[:24]}..., which is not a trusted key", file=file)
    try:
        key.verify(raw, data)
    except InvalidSignature as exc:
        raise SnapshotUntrusted(
            "the signature does not match the archive: it was changed after signing", file=file
        ) from exc
    return claimed
