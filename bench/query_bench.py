"""Query latency: retrieval and each answering backend, p50/p95, on the demo corpus and on >= 20,000 chunks.

    python bench/query_bench.py                         # everything (about 20 min on 2 cores)
    python bench/query_bench.py --model-questions 0     # retrieval and extractive only

Figures printed (seconds):
- retrieval: hybrid search of 20 candidates + re-ranking to 5 (what every backend does first);
- extractive: the whole answer (retrieval, statement embedding, verification);
- local (Qwen2.5 1.5B Q4_K_M in-process) and openai (the same GGUF behind llama-cpp-python's
  OpenAI-compatible server, as a GPU server would be reached): time to first token and total;
- scaled: the demo index's real points copied under new document ids until the store holds >= N chunks
  (real vectors, repeated), then retrieval and extractive again, and the one-off vocabulary build.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guideline_assist.answering.assistant import CANDIDATES, Assistant  # noqa: E402
from guideline_assist.answering.rerank import rerank  # noqa: E402
from guideline_assist.core.settings import Settings  # noqa: E402
from guideline_assist.service import GuidelineIndex  # noqa: E402

MODEL_QUESTIONS = [
    "Какую дозу транексамовой кислоты вводят при послеродовом кровотечении?",
    "Сколько железа назначают беременной для профилактики анемии по национальному протоколу?",
    "Когда прекращают введение магния сульфата?",
    "Какой антидот при передозировке магния сульфата?",
    "Максимальная суточная доза метформина",
    "Доза бензатина бензилпенициллина при фарингите у ребёнка 25 кг",
]


def percentiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):6.2f} s   p95 {p95:6.2f} s   (n={len(ordered)})"


def probe_questions() -> list[str]:
    return [q["question"] for q in yaml.safe_load((ROOT / "bench" / "retrieval_probe.yaml").read_text("utf-8"))]


def time_retrieval(index: GuidelineIndex, questions: list[str]) -> list[float]:
    from guideline_assist.text.language import detect_language

    out = []
    for question in questions:
        started = time.perf_counter()
        rerank(question, detect_language(question).language, index.search(question, k=CANDIDATES), [], 5)
        out.append(time.perf_counter() - started)
    return out


def time_answers(assistant: Assistant, questions: list[str]) -> tuple[list[float], list[float], int]:
    firsts, totals, verified = [], [], 0
    for question in questions:
        started = time.perf_counter()
        answer = assistant.ask(question)
        totals.append(time.perf_counter() - started)
        if answer.timings.first_token_s is not None:
            firsts.append(answer.timings.first_token_s)
        verified += bool(answer.sentences) and not answer.quoted_fallback
    return firsts, totals, verified


def report(label: str, firsts: list[float], totals: list[float], verified: int | None = None, n: int = 0) -> None:
    print(f"  {label:<28} total        {percentiles(totals)}")
    if firsts:
        print(f"  {'':<28} first token  {percentiles(firsts)}")
    if verified is not None:
        print(f"  {'':<28} answers shown from the model's own verified text: {verified}/{n}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(model: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--chat_format",
            "chatml",
            "--n_threads",
            "2",
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}/models", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"llama_cpp.server did not start: see {log}")


def scale_store(source: GuidelineIndex, settings: Settings, target: int) -> GuidelineIndex:
    """A new embedded store holding the demo points copied under new document ids until >= target."""
    from guideline_assist.store.engine import StoredPoint

    points = list(source.store.served_points())
    catalog = list(source.store.catalog_points())
    scaled = GuidelineIndex(settings)
    store = scaled.store
    store.engine.create(store.collection, source.store.engine.schema(source.store.collection))
    copies = -(-target // len(points))
    for n in range(copies):
        store.engine.upsert(
            store.collection,
            [
                StoredPoint(
                    str(uuid.uuid5(uuid.NAMESPACE_URL, f"{p.id}-{n}")),
                    dict(p.payload, doc_id=f"{p.payload['doc_id']}-copy{n}"),
                    p.dense,
                    p.sparse,
                )
                for p in points
            ],
        )
        for record in catalog:
            doc_id = f"{record.payload['doc_id']}-copy{n}"
            store.engine.upsert(
                store.catalog if store.engine.exists(store.catalog) else _catalog(store),
                [StoredPoint(str(uuid.uuid5(uuid.NAMESPACE_URL, doc_id)), dict(record.payload, doc_id=doc_id))],
            )
    store.settle()
    return scaled


def _catalog(store) -> str:
    from guideline_assist.store.qdrant import CATALOG

    store.engine.create(store.catalog, CATALOG)
    return store.catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale-chunks", type=int, default=20000)
    parser.add_argument("--model-questions", type=int, default=len(MODEL_QUESTIONS))
    parser.add_argument(
        "--scaled-model-questions",
        type=int,
        default=3,
        help="local-model answers on the scaled store too (generation dominates; 0 to skip)",
    )
    parser.add_argument("--only-scaled", action="store_true", help="skip the demo-corpus figures")
    parser.add_argument("--data-dir", type=Path, help="reuse a demo index here (default: a fresh one)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ga-query-bench-"))
    questions = probe_questions()
    try:
        settings = Settings(data_dir=args.data_dir or work / "demo")
        with GuidelineIndex(settings) as index:
            if index.store.count() == 0:
                print("indexing the demo corpus ...", flush=True)
                index.index()
            if not args.only_scaled:
                demo_figures(index, settings, questions, MODEL_QUESTIONS[: args.model_questions], work)
            if args.scale_chunks:
                scaled_figures(index, args, questions, work)
        print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def with_backend(settings: Settings, **changes) -> Settings:
    return settings.model_copy(update={"answer": settings.answer.model_copy(update=changes)})


def demo_figures(index, settings, questions, model_questions, work) -> None:
    print(f"\n== demo corpus ({index.store.count()} chunks; {len(questions)} probe questions ru/tg/en)")
    report("retrieval (20 -> rerank 5)", [], time_retrieval(index, questions))
    extractive = Assistant(index, settings)
    extractive.ask(questions[0])  # load the embedder and build the vocabulary once
    report("extractive answer", *time_answers(extractive, questions)[:2])
    if not model_questions:
        return
    assistant = Assistant(index, with_backend(settings, backend="local"))
    t0 = time.perf_counter()
    assistant.llm  # noqa: B018  (joins the GGUF on first use and loads it)
    print(f"  local model load             {time.perf_counter() - t0:6.2f} s")
    firsts, totals, verified = time_answers(assistant, model_questions)
    report("local (Qwen2.5 1.5B)", firsts, totals, verified, len(model_questions))
    gguf = Path(assistant.llm.model_path)
    del assistant
    proc, url = start_server(gguf, work / "server.log")
    try:
        remote = with_backend(settings, backend="openai", openai_base_url=url, openai_model="qwen")
        firsts, totals, verified = time_answers(Assistant(index, remote), model_questions)
        report("openai (llama.cpp server)", firsts, totals, verified, len(model_questions))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def scaled_figures(index, args, questions, work) -> None:
    scaled_settings = Settings(data_dir=work / "scaled")
    t0 = time.perf_counter()
    with scale_store(index, scaled_settings, args.scale_chunks) as scaled:
        built = time.perf_counter() - t0
        print(f"\n== scaled store ({scaled.store.count()} chunks, built in {built:.0f} s)")
        report("retrieval (20 -> rerank 5)", [], time_retrieval(scaled, questions))
        big = Assistant(scaled, scaled_settings)
        t0 = time.perf_counter()
        big.vocabulary()
        print(f"  vocabulary build (once)      {time.perf_counter() - t0:6.2f} s")
        report("extractive answer", *time_answers(big, questions)[:2])
        model_questions = MODEL_QUESTIONS[: args.scaled_model_questions]
        if model_questions:
            local = Assistant(scaled, with_backend(scaled_settings, backend="local"))
            firsts, totals, verified = time_answers(local, model_questions)
            report("local (Qwen2.5 1.5B)", firsts, totals, verified, len(model_questions))


if __name__ == "__main__":
    main()
