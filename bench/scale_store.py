"""The scale benchmark's stores (bench/scale_bench.py): the demo index's real points, copied under new
document ids into a fresh store of either engine, the last copies written the way indexing writes.

Run by scale_bench.py in a child process per (engine, size), so the writer's peak RSS is its own.
"""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def settings_for(data_dir: Path, engine: str):
    from guideline_assist.core.settings import Settings

    return Settings(data_dir=data_dir, embedded_engine=engine, qdrant_url=None)


def disk_mb(path: Path) -> float:
    """Allocated, as du counts it: Edge's files are sparse (mmap regions sized ahead, mostly unwritten)."""
    return sum(f.stat().st_blocks * 512 for f in path.rglob("*") if f.is_file()) / 2**20


# ---------------------------------------------------------------- source: the demo index's real points
def export_source(cache: Path, out: Path) -> int:
    from guideline_assist.store.opening import open_engine
    from guideline_assist.store.qdrant import GuidelineStore

    settings = settings_for(cache, "edge")
    store = GuidelineStore(open_engine(settings), settings.collection)
    try:
        points, records = list(store.served_points(vectors=True)), store.records()
        schema = store.engine.schema(settings.collection)
    finally:
        store.close()
    if not points:
        raise SystemExit(f"no served chunks in {cache}: index the demo corpus there first")
    out.write_bytes(pickle.dumps({"points": points, "records": records, "schema": schema}))
    return len(points)


def ensure_source(cache: Path) -> None:
    if (cache / "qdrant-edge" / "names.json").exists():
        return
    print(f"indexing the demo corpus into {cache} (once; about 6 min on 2 cores) ...", flush=True)
    cli = Path(sys.executable).with_name("guideline-assist")
    subprocess.run([str(cli), "index", "--quiet"], env={**os.environ, "GA_DATA_DIR": str(cache)}, check=True)


# ---------------------------------------------------------------- child: build one scaled store
def copy_of(source: dict, n: int, state: str):
    """Copy n of every demo document: (record, points) pairs with new ids and the same vectors."""
    from guideline_assist.store.engine import StoredPoint
    from guideline_assist.store.records import point_id

    by_doc: dict[str, list] = {}
    for p in source["points"]:
        by_doc.setdefault(p.payload["doc_id"], []).append(p)
    for doc_id, record in source["records"].items():
        new = f"{doc_id}-copy{n}"
        originals = sorted(by_doc.get(doc_id, []), key=lambda p: p.payload.get("chunk_ordinal", 0))
        points = [
            StoredPoint(
                id=point_id(new, record.version, i),
                payload=dict(p.payload, doc_id=new, status="in_force", superseded_by=None, state=state),
                dense=p.dense,
                sparse=p.sparse,
            )
            for i, p in enumerate(originals)
        ]
        yield replace(record, doc_id=new, status="in_force", chunks=len(points), switching=False), points


def fsync_points(engine, names: tuple[str, ...], on: bool) -> None:
    """Local mode commits (fsyncs) each point: ~60 points/s here. The bench's fill, which only sets the
    stage, skips the fsync; the measured writes have it back."""
    client = getattr(getattr(engine, "client", None), "_client", None)
    for name in names:
        collection = getattr(client, "collections", {}).get(name)
        if collection is not None and collection.storage is not None:
            collection.storage.storage.execute(f"PRAGMA synchronous={'FULL' if on else 'OFF'}")


def build(args) -> dict:
    from guideline_assist.store.engine import SERVED, StoredPoint
    from guideline_assist.store.opening import open_engine
    from guideline_assist.store.qdrant import CATALOG, GuidelineStore
    from guideline_assist.store.records import catalog_id

    source = pickle.loads(args.source.read_bytes())
    settings = settings_for(args.data_dir, args.engine)
    store = GuidelineStore(open_engine(settings), settings.collection)
    store.engine.create(settings.collection, source["schema"])
    store.engine.create(store.catalog, CATALOG)
    copies = -(-args.size // len(source["points"]))
    measured = min(args.write_copies, copies)
    fsync_points(store.engine, (settings.collection, store.catalog), on=False)
    started, filled = time.perf_counter(), 0
    for n in range(copies - measured):
        pairs = list(copy_of(source, n, SERVED))
        points = [p for _, p_list in pairs for p in p_list]
        store.engine.upsert(settings.collection, points)
        records = [StoredPoint(id=catalog_id(r.doc_id), payload=asdict(r)) for r, _ in pairs]
        store.engine.upsert(store.catalog, records)
        filled += len(points)
    fill_s = time.perf_counter() - started
    started = time.perf_counter()
    store.settle()  # as the indexing runs that built the store would have left it: Edge builds its HNSW here
    fill_settle_s = time.perf_counter() - started
    fsync_points(store.engine, (settings.collection, store.catalog), on=True)
    started, written = time.perf_counter(), 0
    for n in range(copies - measured, copies):
        for record, points in copy_of(source, n, SERVED):
            store.write_inactive(points)
            store.switch_version(record)
            written += len(points)
    write_s = time.perf_counter() - started
    started = time.perf_counter()
    store.settle()
    settle_s = time.perf_counter() - started
    chunks = store.count()
    store.close()
    return {
        "chunks": chunks,
        "fill_s": fill_s,
        "fill_settle_s": fill_settle_s,
        "write_chunks_per_s": written / write_s,
        "written": written,
        "settle_s": settle_s,
        "build_rss_mb": peak_rss_mb(),
        "disk_mb": disk_mb(settings.embedded_store_path),
    }
