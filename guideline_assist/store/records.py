"""The catalog's record of one indexed document, and the deterministic point ids of its chunks."""

from __future__ import annotations

import uuid
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from guideline_assist.core.errors import IndexBroken

ID_NAMESPACE = uuid.UUID("6f1d2a3c-8b7e-4c55-9a0e-2f4b1c9d7e01")


def point_id(doc_id: str, version: str, ordinal: int) -> str:
    """Deterministic: the same document version always yields the same point ids."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{doc_id}:{version}:{ordinal}"))


def catalog_id(doc_id: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, doc_id))


@dataclass
class DocumentRecord:
    """What the catalog knows about one indexed document."""

    doc_id: str
    version: str
    signature: str
    file: str
    file_sha256: str
    metadata_hash: str
    status: str
    title: str
    edition: str
    kind: str
    language: str
    pages: int
    pages_indexed: int
    chunks: int
    indexed_at: str
    problems: list[str] = field(default_factory=list)
    # True from the moment the switch to `version` starts until it is complete: recover() finishes it.
    switching: bool = False

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> DocumentRecord:
        """A catalog point's payload as a record; IndexBroken (not a TypeError at start-up) if it is not one."""
        known = {f.name for f in fields(cls)}
        required = {f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING}
        unknown, missing = sorted(set(payload) - known), sorted(required - set(payload))
        if unknown or missing:
            why = f"unknown fields {unknown}" if unknown else f"missing fields {missing}"
            raise IndexBroken(f"catalog entry {payload.get('doc_id', '?')!r}: {why}")
        try:
            return cls(**payload)
        except TypeError as exc:
            raise IndexBroken(f"catalog entry {payload.get('doc_id', '?')!r}: {exc}") from exc
