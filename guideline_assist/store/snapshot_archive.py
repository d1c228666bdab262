"""Reading a snapshot archive safely: signature first, then every file streamed to a staging folder.

    staged = unpack(Path("usb/guidelines.tar"), staging_dir, limits, trusted_keys)
    staged.manifest["chunks"], staged.path("index/chunks.jsonl"), staged.signer

Nothing is held in memory but one buffer: a 2 MB .tar.gz that inflates to 2 GiB is refused at the first
header that announces too much, before it is read. The order of checks is the order of trust:
1. `snapshot.json` (what the archive claims) and `snapshot.sig` come first and the signature is checked
   against the trusted keys before any other byte is written to disk;
2. each further file must be listed in the signed `snapshot.json`, within the size limits, and its
   streamed sha256 must match; a file listed but absent is refused at the end.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from guideline_assist.core.errors import SnapshotInvalid, SnapshotUnsigned
from guideline_assist.store import signing

FORMAT = "guideline-assist-snapshot/2"
MANIFEST = "snapshot.json"
SIGNATURE = "snapshot.sig"
MAX_MANIFEST = 64 * 2**20  # the sha256 list of 100,000 files is ~10 MB
MAX_SIGNATURE = 4096


@dataclass(frozen=True)
class Limits:
    max_file: int
    max_total: int
    max_files: int

    @classmethod
    def from_settings(cls, snapshot_settings) -> Limits:
        mb = 2**20
        return cls(
            int(snapshot_settings.max_file_mb * mb),
            int(snapshot_settings.max_total_mb * mb),
            snapshot_settings.max_files,
        )


@dataclass(frozen=True)
class Staged:
    """A verified archive unpacked into `root`: its signed manifest, the signer's public key, its files."""

    root: Path
    manifest: dict
    signer: str

    def path(self, name: str) -> Path:
        return self.root / name

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _safe_name(member: tarfile.TarInfo, file: str) -> str:
    path = PurePosixPath(member.name)
    if not member.isfile() or path.is_absolute() or ".." in path.parts or member.name != str(path):
        raise SnapshotInvalid(f"unexpected entry {member.name[:80]!r}", file=file)
    return member.name


def _read_small(tar: tarfile.TarFile, member: tarfile.TarInfo | None, limit: int, file: str) -> bytes:
    if member is None:
        raise SnapshotInvalid("the archive ends early", file=file)
    if member.size > limit:
        raise SnapshotInvalid(f"{member.name} is {member.size} bytes, more than {limit}", file=file)
    handle = tar.extractfile(member)
    return handle.read() if handle is not None else b""


def _manifest(data: bytes, file: str) -> dict:
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise SnapshotInvalid(f"{MANIFEST} is unreadable", file=file) from exc
    if not isinstance(manifest, dict):
        raise SnapshotInvalid(f"{MANIFEST} is not an object", file=file)
    if manifest.get("format") != FORMAT:
        old = manifest.get("format") == "guideline-assist-snapshot/1"
        detail = "an unsigned archive of an older version" if old else f"unknown format {manifest.get('format')!r}"
        raise (SnapshotUnsigned if old else SnapshotInvalid)(detail, file=file)
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        raise SnapshotInvalid(f"{MANIFEST} has no valid file list", file=file)
    return manifest


def _stream(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, expected: str, file: str) -> None:
    handle = tar.extractfile(member)
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        while handle is not None and (block := handle.read(2**20)):
            digest.update(block)
            out.write(block)
    if digest.hexdigest() != expected:
        raise SnapshotInvalid(f"{member.name} does not match its sha256", file=file)


def unpack(archive: Path, staging: Path, limits: Limits, trusted: dict[str, Ed25519PublicKey]) -> Staged:
    """Verify and unpack `archive` into the new folder `staging`; SnapshotInvalid (and no folder) otherwise."""
    file = archive.name
    staging.mkdir(parents=True)
    try:
        with tarfile.open(archive, "r") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST:
                found = first.name[:80] if first else "nothing"
                raise SnapshotInvalid(f"{MANIFEST} must come first, found {found!r}", file=file)
            manifest_bytes = _read_small(tar, first, MAX_MANIFEST, file)
            second = tar.next()
            signature = _read_small(tar, second, MAX_SIGNATURE, file) if second and second.name == SIGNATURE else None
            signer = signing.verify(manifest_bytes, signature, trusted, file)
            manifest = _manifest(manifest_bytes, file)
            listed: dict[str, str] = manifest["files"]
            if len(listed) > limits.max_files:
                raise SnapshotInvalid(f"{len(listed)} files, more than {limits.max_files}", file=file)
            seen: set[str] = set()
            total = 0
            member = second if signature is None else tar.next()
            while member is not None:
                name = _safe_name(member, file)
                if name not in listed or name in seen:
                    why = "listed twice" if name in seen else "not in the signed file list"
                    raise SnapshotInvalid(f"{name[:80]} is {why}", file=file)
                total += member.size
                if member.size > limits.max_file or total > limits.max_total:
                    raise SnapshotInvalid(
                        f"{name} would inflate beyond the limit (GA_SNAPSHOT__MAX_FILE_MB / MAX_TOTAL_MB)", file=file
                    )
                _stream(tar, member, staging / name, listed[name], file)
                seen.add(name)
                tar.members.clear()  # type: ignore[attr-defined]  # TarFile keeps every header it read
                member = tar.next()
    except SnapshotInvalid:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except (tarfile.TarError, EOFError, OSError, UnicodeError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise SnapshotInvalid(f"not a complete archive ({exc.__class__.__name__}: {exc})", file=file) from exc
    missing = sorted(set(listed) - seen)
    if missing:
        shutil.rmtree(staging, ignore_errors=True)
        raise SnapshotInvalid(f"{missing[0]} is missing", file=file)
    return Staged(staging, manifest, signer)
