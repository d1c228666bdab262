"""Indexes made before Qdrant Edge became the embedded engine, carried over without re-embedding.

Two kinds of old index:
- a qdrant-client local-mode folder (GA_DATA_DIR/qdrant): every point, vectors and payload, is copied into
  Edge staging collections, counted, and published in one step; the old folder is then renamed
  `qdrant.migrated-<time>` (kept, never read again: delete it once the app answers as before);
- a Qdrant server collection written by llama-index: its payload is upgraded in place.

Payloads lose llama-index's copies of the text (`_node_content`, ...) and the bool `active` becomes the
keyword `state` (Edge matches no bool). Snapshot archives of format 2 go through the same `modern_payload`.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from guideline_assist.core.errors import StoreError
from guideline_assist.store.engine import SERVED, STAGED, Engine, StoredPoint, Where, upsert_stream

logger = logging.getLogger(__name__)

LLAMA_INDEX_FIELDS = ("_node_content", "_node_type", "document_id", "ref_doc_id")


def modern_payload(payload: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in payload.items() if k not in LLAMA_INDEX_FIELDS}
    if "active" in out:
        out["state"] = SERVED if out.pop("active") else STAGED
    return out


def _modern(point: StoredPoint) -> StoredPoint:
    point.payload = modern_payload(point.payload)
    return point


def is_local_mode_store(path: Path) -> bool:
    """A folder qdrant-client's local mode wrote (meta.json beside collection/)."""
    return (path / "meta.json").is_file() and (path / "collection").is_dir()


def copy_collections(source: Engine, target: Engine, names: list[str], stamp: str) -> dict[str, int]:
    """Copy each named collection of `source` into a staging collection of `target`, then publish them
    together; {name: points copied}. A failure drops the staging copies and leaves `target` as it was."""
    staged = {name: f"{name}-m{stamp}" for name in names}
    for stale in [n for n in target.names() if any(n.startswith(f"{name}-m") for name in names)]:
        target.drop(stale)  # an earlier migration that did not finish
    copied: dict[str, int] = {}
    try:
        for name, staging in staged.items():
            schema = source.schema(name)
            if schema is None:
                raise StoreError(f"no collection {name!r} to migrate")
            target.create(staging, schema)
            points = source.scroll(name, vectors=not schema.is_catalog)
            copied[name] = upsert_stream(target, staging, (_modern(p) for p in points))
            if (found := target.count(staging)) != (expected := source.count(name)):
                raise StoreError(f"migration of {name!r}: {found} points copied of {expected}")
        target.publish(staged)
    except BaseException:
        for staging in staged.values():
            target.drop(staging)
        raise
    target.settle()
    return copied


def migrate_local_mode(legacy: Path, target: Engine, collection: str) -> dict[str, int]:
    """Copy the old local-mode index at `legacy` into `target`; the old folder is renamed, not deleted."""
    from qdrant_client import QdrantClient

    from guideline_assist.store.engine_client import ClientEngine

    started = time.perf_counter()
    source = ClientEngine(QdrantClient(path=str(legacy)))
    try:
        names = [n for n in (collection, f"{collection}_documents") if source.exists(n)]
        copied = copy_collections(source, target, names, time.strftime("%Y%m%d%H%M%S")) if names else {}
    finally:
        source.close()
    retired = legacy.with_name(f"{legacy.name}.migrated-{time.strftime('%Y%m%d-%H%M%S')}")
    legacy.rename(retired)
    logger.warning(
        "the index at %s (qdrant-client local mode) was copied into Qdrant Edge without re-embedding in %.1f s "
        "(%s); the old folder is kept as %s: delete it once answers look as before",
        legacy,
        time.perf_counter() - started,
        ", ".join(f"{n}: {c} points" for n, c in copied.items()) or "empty",
        retired,
    )
    return copied


def _upgrade(engine: Engine, collection: str) -> None:
    if engine.exists(collection):
        engine.set_payload(collection, {"state": SERVED}, Where(must={"active": True}))
        engine.set_payload(collection, {"state": STAGED}, Where(must={"active": False}))


def upgrade_in_place(engine: Engine, collection: str) -> bool:
    """Give a server collection written before Edge its `state` field; True if anything was upgraded."""
    if not engine.exists(collection):
        return False
    legacy = engine.count(collection, Where(must_not={"state": (SERVED, STAGED)}))
    if legacy:
        _upgrade(engine, collection)
        logger.warning("%d chunks of %s upgraded to the current payload (state field)", legacy, collection)
    return bool(legacy)
