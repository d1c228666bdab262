"""Index snapshots for clinics without connectivity: one archive carried on a USB stick.

    export_snapshot(index, corpus_dir, Path("ga-2026-11-23.tar"))
    import_snapshot(index, Path("ga-2026-11-23.tar"), corpus_target=Path("data/corpus"))

The archive (plain tar) holds:
- `index/chunks.jsonl`, `index/catalog.jsonl`: every point with its vectors and payload, so the same
  archive loads into the embedded store or a Qdrant server; `index/collection.json`: vector params;
- `corpus/manifest.yaml` and `corpus/pdf/*.pdf` (the web app links sources to these pages);
- `snapshot.json`: format, creation time, embedder signature, counts, and the sha256 of every other file.

Import checks everything before it touches the store: every listed file present with its sha256, no
unlisted file, no path outside the archive, the same embedder as this installation. A tampered or
partial archive is refused with a message and the current index keeps serving.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from qdrant_client import models

from guideline_assist.core.errors import SnapshotInvalid
from guideline_assist.store.embedders import embedder_signature
from guideline_assist.store.qdrant import FILTER_FIELDS

logger = logging.getLogger(__name__)

FORMAT = "guideline-assist-snapshot/1"
MANIFEST = "snapshot.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _points(client, collection: str) -> Iterator[dict]:
    if not client.collection_exists(collection):
        return
    offset = None
    while True:
        batch, offset = client.scroll(collection, limit=256, offset=offset, with_payload=True, with_vectors=True)
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


def export_snapshot(index, corpus_dir: Path, target: Path) -> dict:
    """Write the served index and the corpus it came from into one archive; returns its manifest."""
    started = time.perf_counter()
    store = index.store
    files: dict[str, bytes] = {}
    chunks = [json.dumps(p, ensure_ascii=False) for p in _points(store.client, store.collection)]
    catalog = [json.dumps(p, ensure_ascii=False) for p in _points(store.client, store.catalog)]
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
        "files": {name: _sha256(data) for name, data in sorted(files.items())},
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with tarfile.open(partial, "w") as tar:
        for name, data in [(MANIFEST, json.dumps(manifest, indent=2).encode()), *sorted(files.items())]:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    partial.replace(target)  # a stick pulled out mid-copy leaves no archive that looks complete
    logger.info(
        "snapshot exported to %s: %d documents, %d chunks, %d files, %.1f MB in %.1f s",
        target,
        manifest["documents"],
        manifest["chunks"],
        len(files),
        target.stat().st_size / 2**20,
        time.perf_counter() - started,
    )
    return manifest


def read_snapshot(archive: Path) -> tuple[dict, dict[str, bytes]]:
    """The manifest and files of a verified archive; SnapshotInvalid says what is wrong otherwise."""
    name = archive.name
    try:
        with tarfile.open(archive, "r") as tar:
            members = {}
            for member in tar.getmembers():
                path = PurePosixPath(member.name)
                if not member.isfile() or path.is_absolute() or ".." in path.parts:
                    raise SnapshotInvalid(f"unexpected entry {member.name!r}", file=name)
                handle = tar.extractfile(member)  # not None: member.isfile() was checked
                members[member.name] = handle.read() if handle is not None else b""
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise SnapshotInvalid(f"not a complete archive ({exc})", file=name) from exc
    try:
        manifest = json.loads(members.pop(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise SnapshotInvalid(f"{MANIFEST} is missing or unreadable", file=name) from exc
    if manifest.get("format") != FORMAT:
        raise SnapshotInvalid(f"unknown format {manifest.get('format')!r}", file=name)
    listed = manifest.get("files", {})
    for path, digest in listed.items():
        if path not in members:
            raise SnapshotInvalid(f"{path} is missing", file=name)
        if _sha256(members[path]) != digest:
            raise SnapshotInvalid(f"{path} does not match its sha256", file=name)
    extra = sorted(set(members) - set(listed))
    if extra:
        raise SnapshotInvalid(f"files not in the manifest: {', '.join(extra[:3])}", file=name)
    return manifest, members


def import_snapshot(index, archive: Path, corpus_target: Path) -> dict:
    """Verify the archive, then replace this index and corpus copy with its contents."""
    started = time.perf_counter()
    try:
        manifest, files = read_snapshot(archive)
        mine = embedder_signature(index.embedder)
        if manifest["embedder"] != mine:
            raise SnapshotInvalid(
                f"made with embedder {manifest['embedder']}, this installation uses {mine}", file=archive.name
            )
    except SnapshotInvalid as exc:
        logger.info("snapshot %s refused, the index was not touched: %s", archive, exc)
        raise
    params = json.loads(files["index/collection.json"])
    store = index.store
    store.drop_all()  # only after every check passed
    if params["vectors"] is not None:
        store.client.create_collection(
            store.collection,
            vectors_config=_load_vectors(params["vectors"]),
            sparse_vectors_config=_load_sparse(params["sparse_vectors"]),
        )
        if not store.embedded:  # a server filters fast only on indexed fields (the embedded store has none)
            for field_name, schema in FILTER_FIELDS.items():
                store.client.create_payload_index(store.collection, field_name, field_schema=schema)
    store.client.create_collection(store.catalog, vectors_config={})
    for collection, path in ((store.collection, "index/chunks.jsonl"), (store.catalog, "index/catalog.jsonl")):
        batch = []
        for line in files[path].decode().splitlines():
            if line.strip():
                batch.append(_point(json.loads(line)))
            if len(batch) == 256:
                store.client.upsert(collection, points=batch, wait=True)
                batch = []
        if batch:
            store.client.upsert(collection, points=batch, wait=True)
    store.reset()
    for path, data in files.items():
        if path.startswith("corpus/"):
            out = corpus_target / PurePosixPath(path).relative_to("corpus")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
    logger.info(
        "snapshot %s imported (created %s): %d documents, %d chunks, corpus to %s in %.1f s",
        archive,
        manifest.get("created"),
        manifest.get("documents", 0),
        manifest.get("chunks", 0),
        corpus_target,
        time.perf_counter() - started,
    )
    return manifest


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
