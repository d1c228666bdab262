"""Index snapshots for clinics without connectivity: one signed archive carried on a USB stick.

    public = generate_key(Path("/secure/ga-publisher.key"))           # once, at the publisher
    export_snapshot(index, corpus_dir, Path("ga-2026-11.tar"), key=Path("/secure/ga-publisher.key"))
    import_snapshot(index, Path("ga-2026-11.tar"), corpus_target=Path("data/corpus"))   # at the clinic

The archive (plain tar) holds, in this order:
- `snapshot.json`: format, creation time, embedder signature, counts, and the sha256 of every other file;
- `snapshot.sig`: the publisher's Ed25519 signature of snapshot.json (store/signing.py);
- `index/collection.json`, `index/catalog.jsonl`, `index/chunks.jsonl`: every served point with its vectors
  and payload, so the same archive loads into the embedded store or a Qdrant server;
- `corpus/manifest.yaml` and `corpus/pdf/*.pdf` (the web app links sources to these pages).

Import never touches what is served until the new index is complete: signature against
GA_SNAPSHOT__TRUSTED_KEYS, files streamed with their sha256 and size limits (snapshot_archive.py), every
line checked (snapshot_check.py), the points loaded into new collections and counted, and only then the
corpus folder moved into place and the collection names switched to the new collections in one alias
operation. Any failure before the switch deletes the staging copies and leaves the old index serving.
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import shutil
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

from qdrant_client import models

from guideline_assist.core.errors import GuidelineAssistError, SnapshotInvalid
from guideline_assist.core.settings import SnapshotSettings
from guideline_assist.store import signing
from guideline_assist.store.embedders import embedder_signature, embedding_dimension
from guideline_assist.store.qdrant import FILTER_FIELDS, GuidelineStore
from guideline_assist.store.snapshot_archive import FORMAT, MANIFEST, SIGNATURE, Limits, Staged, unpack
from guideline_assist.store.snapshot_check import check_staged, lines

logger = logging.getLogger(__name__)


def _points(client, collection: str, active_only: bool) -> Iterator[dict]:
    if not client.collection_exists(collection):
        return
    only = models.Filter(must=[models.FieldCondition(key="active", match=models.MatchValue(value=True))])
    offset = None
    while True:
        batch, offset = client.scroll(
            collection,
            scroll_filter=only if active_only else None,
            limit=256,
            offset=offset,
            with_payload=True,
            with_vectors=True,
        )
        for p in batch:
            vectors = p.vector if isinstance(p.vector, dict) else ({"": p.vector} if p.vector else {})
            yield {
                "id": str(p.id),
                "payload": p.payload,
                "vectors": {
                    name: ({"indices": v.indices, "values": v.values} if isinstance(v, models.SparseVector) else v)
                    for name, v in vectors.items()
                },
            }
        if offset is None:
            return


def export_snapshot(index, corpus_dir: Path, target: Path, key: Path) -> dict:
    """Write the served index and the corpus it came from into one archive signed with `key`."""
    started = time.perf_counter()
    signing.load_private(key)  # a bad key is reported before minutes of export
    store: GuidelineStore = index.store
    if any(r.switching for r in store.records().values()):
        raise SnapshotInvalid("a version switch is unfinished: run `guideline-assist index` first", file=target.name)
    files: dict[str, bytes] = {}
    chunks = [json.dumps(p, ensure_ascii=False) for p in _points(store.client, store.collection, True)]
    catalog = [json.dumps(p, ensure_ascii=False) for p in _points(store.client, store.catalog, False)]
    files["index/chunks.jsonl"] = ("\n".join(chunks) + "\n").encode()
    files["index/catalog.jsonl"] = ("\n".join(catalog) + "\n").encode()
    params = store.client.get_collection(store.collection).config.params if store.has_chunks() else None
    files["index/collection.json"] = json.dumps(
        {
            "vectors": _dump(params.vectors) if params else None,
            "sparse_vectors": _dump(params.sparse_vectors) if params else None,
        }
    ).encode()
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
    store.reset()
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
    client = store.client
    params = json.loads(staged.path("index/collection.json").read_text(encoding="utf-8"))
    chunks, catalog = names[store.collection], names[store.catalog]
    vectors = _load_vectors(params["vectors"]) if params["vectors"] is not None else {}
    client.create_collection(
        chunks, vectors_config=vectors, sparse_vectors_config=_load_sparse(params["sparse_vectors"])
    )
    if not store.embedded:  # a server filters fast only on indexed fields (the embedded store has none)
        for field_name, schema in FILTER_FIELDS.items():
            client.create_payload_index(chunks, field_name, field_schema=schema)
    client.create_collection(catalog, vectors_config={})
    for collection, path in ((chunks, "index/chunks.jsonl"), (catalog, "index/catalog.jsonl")):
        batch = []
        for _, record in lines(staged.path(path)):
            batch.append(_point(record))
            if len(batch) == 256:
                client.upsert(collection, points=batch, wait=True)
                batch = []
        if batch:
            client.upsert(collection, points=batch, wait=True)
    loaded = client.count(chunks, exact=True).count
    if loaded != staged.manifest["chunks"]:
        raise SnapshotInvalid(f"{loaded} chunks loaded of {staged.manifest['chunks']}", file="index/chunks.jsonl")


def _switch(store: GuidelineStore, names: dict[str, str], corpus: Path, corpus_target: Path, stamp: str) -> None:
    """Corpus folder into place, then both collection names to the new collections in one alias operation;
    the corpus goes back if the switch fails."""
    client = store.client
    previous = corpus_target.with_name(f".{corpus_target.name}.previous-{stamp}")
    if corpus_target.exists():
        corpus_target.rename(previous)
    try:
        corpus_target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(corpus), str(corpus_target))
        aliases = store.aliases()
        operations: list = []
        for live, new in names.items():
            if live in aliases:
                operations.append(models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=live)))
            elif client.collection_exists(live):
                # An index built before imports used aliases has real collections under these names; an alias
                # cannot share a name, so the first import deletes them right before the switch.
                client.delete_collection(live)
            operations.append(
                models.CreateAliasOperation(create_alias=models.CreateAlias(collection_name=new, alias_name=live))
            )
        client.update_collection_aliases(change_aliases_operations=operations)
    except BaseException:
        shutil.rmtree(corpus_target, ignore_errors=True)
        if previous.exists():
            previous.rename(corpus_target)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    for old in {aliases[live] for live in names if live in aliases}:
        client.delete_collection(old)


def _remove_stale_staging(store: GuidelineStore) -> None:
    """Collections an interrupted import left behind (_drop spares the ones the served names point at)."""
    prefixes = (f"{store.collection}-s", f"{store.catalog}-s")
    _drop(store, [c.name for c in store.client.get_collections().collections if c.name.startswith(prefixes)])


def _drop(store: GuidelineStore, names) -> None:
    """Delete the named staging collections, never one a served name points at."""
    targets = set(store.aliases().values())
    for name in names:
        if name not in targets and store.client.collection_exists(name):
            store.client.delete_collection(name)


def _point(record: dict) -> models.PointStruct:
    vectors = {name: (models.SparseVector(**v) if isinstance(v, dict) else v) for name, v in record["vectors"].items()}
    return models.PointStruct(
        id=record["id"], payload=record["payload"], vector=vectors.get("", vectors) if "" in vectors else vectors
    )


def _dump(value) -> object:
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: v.model_dump(mode="json") for k, v in value.items()}
    return {"": value.model_dump(mode="json")}


def _load_vectors(value: dict):
    parsed = {k: models.VectorParams(**v) for k, v in value.items()}
    return parsed[""] if "" in parsed else parsed


def _load_sparse(value: dict | None):
    return {k: models.SparseVectorParams(**v) for k, v in value.items()} if value else None
