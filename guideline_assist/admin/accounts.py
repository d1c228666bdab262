"""Admin users of the ministry page: names, roles and scrypt password hashes in one YAML file.

    accounts = Accounts.load(settings.users_file)
    accounts.add("dilnoza", "editor", "a long passphrase")
    accounts.save(settings.users_file)
    user = accounts.authenticate("dilnoza", "a long passphrase")   # User or None
    require_editor(user)                                            # AccessDenied for a viewer or None

The file holds only hashes (`scrypt$n$r$p$salt$hash`), never a password, and is written mode 0o600.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import os
import re
import secrets
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from guideline_assist.core.errors import AccessDenied, ConfigurationError

logger = logging.getLogger(__name__)

Role = Literal["editor", "viewer"]
ROLES: tuple[str, ...] = ("editor", "viewer")
MIN_PASSWORD = 8
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES = 2**14, 8, 1, 16
# A tampered file must not make a login allocate gigabytes: parameters above these are refused.
_MAX_N, _MAX_R, _MAX_P = 2**20, 32, 16
_KEYS = ("name", "role", "password")
_NAME = re.compile(r"[\w.-]{2,40}")  # \w: Cyrillic and Tajik letters are names too


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)  # the same name typed on two keyboards is one user


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int = 32) -> bytes:
    # maxmem above OpenSSL's 32 MiB default so the (capped) parameters of a stored hash always run.
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=256 * r * n * p + 2**20
    )


def hash_password(password: str) -> str:
    """A self-describing scrypt hash with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes]:
    """Raises ValueError for anything that is not a well-formed hash within the parameter caps."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise ValueError("the password is not a 'scrypt$n$r$p$salt$hash' hash")
    _, n, r, p, salt, digest = parts
    n_, r_, p_ = int(n), int(r), int(p)
    if not (1 < n_ <= _MAX_N and n_ & (n_ - 1) == 0 and 0 < r_ <= _MAX_R and 0 < p_ <= _MAX_P):
        raise ValueError("not an scrypt hash with sane parameters")
    salt_b, digest_b = base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    if len(salt_b) < 8 or not 16 <= len(digest_b) <= 64:
        raise ValueError("salt or hash of the wrong length")
    return n_, r_, p_, salt_b, digest_b


def verify_password(password: str, stored: str) -> bool:
    """True only if `stored` is a well-formed hash of `password`; a malformed hash is False, not an error."""
    try:
        n, r, p, salt, digest = _parse(stored)
    except (ValueError, TypeError, AttributeError):
        return False
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, dklen=len(digest)), digest)


@functools.cache
def _dummy_hash() -> str:
    # Unknown names are hashed against this so a failed login takes as long whether or not the name exists.
    return hash_password(secrets.token_hex(16))


@dataclass(frozen=True)
class User:
    name: str
    role: Role

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


def require_editor(user: User | None) -> User:
    """The user, if they may change the corpus; AccessDenied otherwise (not logged in, or a viewer)."""
    if user is None:
        raise AccessDenied(detail="not logged in")
    if not user.can_edit:
        raise AccessDenied(detail=f"{user.name} ({user.role})")
    return user


def _check_name(name: str) -> str:
    name = _nfc(name)
    if not _NAME.fullmatch(name):
        raise ValueError(f"user name {name!r} must be 2-40 letters, digits, '.', '_' or '-'")
    return name


def _check_role(role: str) -> Role:
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not one of {', '.join(ROLES)}")
    return role  # type: ignore[return-value]


class Accounts:
    """The users file in memory. Not shared between processes: load, change, save."""

    def __init__(self, users: dict[str, tuple[Role, str]] | None = None) -> None:
        self._users: dict[str, tuple[Role, str]] = dict(users or {})  # name -> (role, scrypt hash)

    @classmethod
    def load(cls, path: Path) -> Accounts:
        """A missing file means no users yet; anything malformed is a ConfigurationError naming the file."""
        if not path.exists():
            return cls()
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            entries = raw.get("users") if isinstance(raw, dict) else None
            if not isinstance(entries, list):
                raise ValueError("expected a mapping with a 'users' list")
            users: dict[str, tuple[Role, str]] = {}
            for i, entry in enumerate(entries, 1):
                if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in _KEYS):
                    raise ValueError(f"user {i} needs name, role and password (text)")
                name = _check_name(entry["name"])
                if name in users:
                    raise ValueError(f"user {name!r} appears twice")
                try:  # a broken hash is reported now, not as a mysterious failed login later
                    _parse(entry["password"])
                except ValueError as exc:
                    raise ValueError(f"user {name!r}: {exc}") from exc
                users[name] = (_check_role(entry["role"]), entry["password"])
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
            raise ConfigurationError(f"{path}: {exc}; fix it or recreate it with `guideline-assist users add`") from exc
        return cls(users)

    def save(self, path: Path) -> None:
        """Write to a 0o600 temp file beside `path`, then rename: a crash never leaves half a users file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"users": [{"name": n, "role": r, "password": h} for n, (r, h) in sorted(self._users.items())]}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mode 0o600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                yaml.safe_dump(data, f, allow_unicode=True, sort_keys=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        logger.info("users file %s saved: %d users", path, len(self._users))

    def add(self, name: str, role: str, password: str, *, replace: bool = False) -> User:
        """Add a user (or, with replace=True, change an existing user's role and password)."""
        try:
            name, role_ = _check_name(name), _check_role(role)
            if len(password) < MIN_PASSWORD:
                raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
            if name in self._users and not replace:
                raise ValueError(f"user {name!r} already exists (use --replace to change it)")
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from exc
        changed = "changed" if name in self._users else "added"
        self._users[name] = (role_, hash_password(password))
        logger.info("user %s %s (role %s)", name, changed, role_)
        return User(name, role_)

    def remove(self, name: str) -> None:
        if self._users.pop(_nfc(name), None) is None:
            raise ConfigurationError(f"there is no user {name!r}")
        logger.info("user %s removed", _nfc(name))

    def authenticate(self, name: str, password: str) -> User | None:
        """The user if the password matches; None for a wrong password or an unknown name (same cost)."""
        name = _nfc(name)
        entry = self._users.get(name)
        if entry is None:
            verify_password(password, _dummy_hash())
            return None
        return User(name, entry[0]) if verify_password(password, entry[1]) else None

    def role_of(self, name: str) -> Role | None:
        entry = self._users.get(_nfc(name))
        return entry[0] if entry else None

    def names(self) -> list[str]:
        return sorted(self._users)

    def __len__(self) -> int:
        return len(self._users)
