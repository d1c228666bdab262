"""Index snapshots for clinics without connectivity: one signed archive carried on a USB stick.

    public = generate_key(Path("/secure/ga-publisher.key"))           # once, at the publisher
    export_snapshot(index, corpus_dir, Path("ga-2026-11.tar"), key=Path("/secure/ga-publisher.key"))
    import_snapshot(index, Path("ga-2026-11.tar"), corpus_target=Path("data/corpus"))   # at the clinic

The archive (plain tar) holds, in this order:
- `snapshot.json`: format, creation time, embedder signature, counts, and the sha256 of every other file;
- `snapshot.sig`: the publisher's Ed25519 signature of snapshot.json (store/signing.py);
- `index/collection.json`, `index/catalog.jsonl`, `index/chunks.jsonl`: every served point with its vectors
  and payload, so the same archive loads into either engine (Qdrant Edge or a Qdrant server); Edge's own
  shard snapshot would tie the archive to one engine and could not be checked line by line before import;
- `corpus/manifest.yaml` and `corpus/pdf/*.pdf` (the web app links sources to these pages).

Import never touches what is served until the new index is complete: signature against
GA_SNAPSHOT__TRUSTED_KEYS, files streamed with their sha256 and size limits (snapshot_archive.py), every
line checked (snapshot_check.py), the points loaded into new collections and counted, and only then the
corpus folder moved into place and the collection names switched to the new collections in one step
(store/engine.py `publish`). Any failure before the switch deletes the staging copies and leaves the old index serving.
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import shutil
import tarfile
import time
from pathlib import Path

from guideline_assist.core.errors import GuidelineAssistError, SnapshotInvalid
from guideline_assist.core.settings import SnapshotSettings
from guideline_assist.store import signing
from guideline_assist.store.embedders import embedder_signature, embedding_dimension
from guideline_assist.store.engine import DENSE, SPARSE, Schema, StoredPoint, upsert_stream
from guideline_assist.store.migrate import modern_payload
from guideline_assist.store.qdrant import CATALOG, GuidelineStore, change_point
from guideline_assist.store.snapshot_archive import FORMAT, MANIFEST, SIGNATURE, Limits, Staged, unpack
from guideline_assist.store.snapshot_check import check_staged, lines

logger = logging.getLogger(__name__)


def _line(p: StoredPoint) -> str:
    vectors: dict[str, object] = {}
    if p.dense is not None:
        vectors[DENSE] = p.dense
    if p.sparse is not None:
        vectors[SPARSE] = {"indices": p.sparse[0], "values": p.sparse[1]}
    return json.dumps({"id": p.id, "payload": p.payload, "vectors": vectors}, ensure_ascii=False)


def export_snapshot(index, corpus_dir: Path, target: Path, key: Path) -> dict:
    """Write the served index and the corpus it came from into one archive signed with `key`."""
    started = time.perf_counter()
    signing.load_private(key)  # a bad key is reported before minutes of export
    store: GuidelineStore = index.store
    if any(r.switching for r in store.records().values()):
        raise SnapshotInvalid("a version switch is unfinished: run `guideline-assist index` first", file=target.name)
    files: dict[str, bytes] = {}
    chunks = [_line(p) for p in store.served_points()]
    catalog = [_line(p) for p in store.catalog_points()]
    files["index/chunks.jsonl"] = ("\n".join(chunks) + "\n").encode()
    files["index/catalog.jsonl"] = ("\n".join(catalog) + "\n").encode()
    files["index/collection.json"] = json.dumps(_dump(store.engine.schema(store.collection))).encode()
    files["corpus/manifest.yaml"] = (corpus_dir / "manifest.yaml").read_bytes()
    for pdf in sorted((corpus_dir / "pdf").glob("*.pdf")):
        files[f"corpus/pdf/{pdf.name}"] = pdf.read_bytes()
    manifest = {
        "format": FORMAT,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "embedder": embedder_signature(index.embedder),
        "collection": store.collection,
        "chunks": len(chunks),
        "documents": len(catalog),
        "files": {name: signing.sha256(data) for name, data in sorted(files.items())},
    }
    manifest_bytes = json.dumps(manifest, indent=2).encode()
    signature = signing.sign(manifest_bytes, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with tarfile.open(partial, "w") as tar:
        for name, data in [(MANIFEST, manifest_bytes), (SIGNATURE, signature), *sorted(files.items())]:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    partial.replace(target)  # a stick pulled out mid-copy leaves no archive that looks complete
    manifest["signer"] = json.loads(signature)["public_key"]
    logger.info(
        "snapshot exported to %s: %d documents, %d chunks, %d files, %.1f MB in %.1f s, signed by %s",
        target,
        manifest["documents"],
        manifest["chunks"],
        len(files),
        target.stat().st_size / 2**20,
        time.perf_counter() - started,
        manifest["signer"],
    )
    return manifest


def read_snapshot(archive: Path, staging: Path, config: SnapshotSettings) -> Staged:
    """The verified, unpacked archive (signature, sizes, sha256); SnapshotInvalid says what is wrong."""
    return unpack(archive, staging, Limits.from_settings(config), signing.parse_keys(config.trusted_keys))


def import_snapshot(index, archive: Path, corpus_target: Path) -> dict:
    """Verify the archive completely, load it beside the served index, then switch to it."""
    started = time.perf_counter()
    settings = index.settings
    store: GuidelineStore = index.store
    stamp = time.strftime("%Y%m%d%H%M%S") + secrets.token_hex(3)
    staging = settings.data_dir / f".snapshot-import-{stamp}"
    names = {store.collection: f"{store.collection}-s{stamp}", store.catalog: f"{store.catalog}-s{stamp}"}
    staged: Staged | None = None
    try:
        staged = read_snapshot(archive, staging, settings.snapshot)
        mine = embedder_signature(index.embedder)
        if staged.manifest.get("embedder") != mine:
            raise SnapshotInvalid(
                f"made with embedder {staged.manifest.get('embedder')}, this installation uses {mine}",
                file=archive.name,
            )
        check_staged(staged, embedding_dimension(index.embedder), archive.name)
        _remove_stale_staging(store)
        _load(store, staged, names)
        _switch(store, names, staged.root / "corpus", corpus_target, stamp)
    except BaseException as exc:
        _drop(store, names.values())
        if isinstance(exc, GuidelineAssistError):
            logger.info("snapshot %s refused, the served index was not touched: %s", archive, exc)
        raise
    finally:
        if staged is not None:
            staged.remove()
        shutil.rmtree(staging, ignore_errors=True)
    manifest = {**staged.manifest, "signer": staged.signer}
    logger.info(
        "snapshot %s imported (created %s, signed by %s): %d documents, %d chunks, corpus to %s in %.1f s",
        archive,
        manifest.get("created"),
        staged.signer,
        manifest.get("documents", 0),
        manifest.get("chunks", 0),
        corpus_target,
        time.perf_counter() - started,
    )
    return manifest


def _load(store: GuidelineStore, staged: Staged, names: dict[str, str]) -> None:
    engine = store.engine
    schema = _schema(json.loads(staged.path("index/collection.json").read_text(encoding="utf-8")))
    chunks, catalog = names[store.collection], names[store.catalog]
    if schema is not None:
        engine.create(chunks, schema)
    engine.create(catalog, CATALOG)
    for collection, path in ((chunks, "index/chunks.jsonl"), (catalog, "index/catalog.jsonl")):
        upsert_stream(engine, collection, (_point(record) for _, record in lines(staged.path(path))))
    engine.upsert(catalog, [change_point()])  # answers rebuild what they cache from the served corpus
    loaded = engine.count(chunks) if schema is not None else 0
    if loaded != staged.manifest["chunks"]:
        raise SnapshotInvalid(f"{loaded} chunks loaded of {staged.manifest['chunks']}", file="index/chunks.jsonl")
    if schema is None:
        names.pop(store.collection)  # an archive of an empty index: the served chunks (if any) go in _switch


def _switch(store: GuidelineStore, names: dict[str, str], corpus: Path, corpus_target: Path, stamp: str) -> None:
    """Corpus folder into place, then both collection names to the new collections in one step (aliases on a
    server, one renamed pointer file for Edge); the corpus goes back if the switch fails."""
    previous = corpus_target.with_name(f".{corpus_target.name}.previous-{stamp}")
    if corpus_target.exists():
        corpus_target.rename(previous)
    try:
        corpus_target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(corpus), str(corpus_target))
        store.engine.publish(names)
    except BaseException:
        shutil.rmtree(corpus_target, ignore_errors=True)
        if previous.exists():
            previous.rename(corpus_target)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    if store.collection not in names:
        store.engine.drop(store.collection)
    store.settle()


def _remove_stale_staging(store: GuidelineStore) -> None:
    """Collections an interrupted import left behind (never a served one: those go by the served names)."""
    prefixes = (f"{store.collection}-s", f"{store.catalog}-s")
    _drop(store, [name for name in store.engine.names() if name.startswith(prefixes)])


def _drop(store: GuidelineStore, names) -> None:
    for name in names:
        if name not in (store.collection, store.catalog):
            store.engine.drop(name)


def _point(record: dict) -> StoredPoint:
    vectors = record["vectors"]
    dense = vectors.get(DENSE, vectors.get(""))  # format-2 archives of indexes without sparse: unnamed
    sparse = vectors.get(SPARSE)
    return StoredPoint(
        id=record["id"],
        payload=modern_payload(record["payload"]),
        dense=dense,
        sparse=(sparse["indices"], sparse["values"]) if sparse else None,
    )


def _dump(schema: Schema | None) -> dict:
    """collection.json, in the shape archives of format 2 already have (qdrant-client's collection params)."""
    if schema is None or schema.dense_size is None:
        return {"vectors": None, "sparse_vectors": None}
    return {
        "vectors": {DENSE: {"size": schema.dense_size, "distance": "Cosine"}},
        "sparse_vectors": {SPARSE: {"modifier": "idf" if schema.sparse_idf else None}} if schema.sparse else None,
    }


def _schema(params: dict) -> Schema | None:
    vectors = params.get("vectors")
    if not vectors:
        return None
    dense = next(iter(vectors.values()))
    sparse = params.get("sparse_vectors") or {}
    return Schema(
        dense_size=int(dense["size"]),
        sparse=bool(sparse),
        sparse_idf=any((v or {}).get("modifier") == "idf" for v in sparse.values()),
    )
