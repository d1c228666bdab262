"""The faithfulness benchmark run: gold items -> our assistant (and the naive baseline) -> records -> metrics.

    results = run_benchmark(settings, EvalOptions(subset=40))     # indexes the bundled corpus if needed
    write_report(results, Path("eval-out"))                        # evals/report.py

One record per gold item and pipeline (the shape evals/metrics.py and evals/report.py read): the question,
the gold facts, the ranked passages, the shown answer with its numbered sources, and the metrics. Our
pipeline's answer is exactly what a clinician sees (verified sentences only; an abstention is an answer).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from evals.gold import GOLD, load_gold, pick_subset
from evals.metrics import aggregate, item_metrics
from evals.records import Progress, our_record


@dataclass(frozen=True)
class EvalOptions:
    backend: Literal["extractive", "local", "openai"] = "extractive"
    judge: Literal["local", "openai"] | None = None  # ragas LLM metrics; None = deterministic + chrF/BLEU only
    subset: int | None = None  # stratified by language and kind; None = every item
    baseline: bool = True
    gold: Path = GOLD


def run_ours(index, settings, items: list[dict], progress: Progress | None = None) -> list[dict]:
    from guideline_assist.answering.assistant import Assistant

    assistant = Assistant(index, settings)
    records = []
    for n, item in enumerate(items, 1):
        record = our_record(item, assistant.ask(item["question"]))
        record["metrics"] = item_metrics(record)
        records.append(record)
        if progress:
            progress("guideline-assist", n, len(items))
    return records


def _git_commit() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                capture_output=True,
                text=True,
                cwd=Path(__file__).resolve().parent,
                timeout=5,
            ).stdout.strip()
            or "unknown"
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def run_benchmark(settings, options: EvalOptions, index=None, progress: Progress | None = None) -> dict:
    """Run both pipelines over the (subset of the) gold set. `index` is an already indexed GuidelineIndex
    over the bundled corpus; without one, an index is built (incrementally) in settings.data_dir."""
    from guideline_assist.service import GuidelineIndex

    started = time.perf_counter()
    items = pick_subset(load_gold(options.gold), options.subset)
    settings = settings.model_copy(update={"answer": settings.answer.model_copy(update={"backend": options.backend})})
    own_index = index is None
    if own_index:
        index = GuidelineIndex(settings)
        index.index()
    try:
        ours = run_ours(index, settings, items, progress)
        pipelines = {"ours": {"label": "guideline-assist", "items": ours}}
        if options.baseline:
            from evals.baseline import NaiveLlamaIndexBaseline

            baseline = NaiveLlamaIndexBaseline(settings, index.embedder, corpus_dir=settings.corpus_dir)
            pipelines["baseline"] = {"label": baseline.label, "items": baseline.run(items, progress)}
        for key, pipeline in pipelines.items():
            # The judge (slow on CPU) scores our answers; chrF/BLEU come with it, and alone for the baseline.
            judge = options.judge if key == "ours" else None
            _score_ragas(pipeline, settings, index.embedder, judge, progress if judge else None)
    finally:
        if own_index:
            index.close()
    for pipeline in pipelines.values():
        pipeline["summary"] = aggregate(pipeline["items"])
    gold_bytes = options.gold.read_bytes()
    return {
        "meta": {
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "backend": options.backend,
            "judge": options.judge,
            "subset": options.subset,
            "items": len(items),
            "gold": options.gold.name,
            "gold_sha256": hashlib.sha256(gold_bytes).hexdigest(),
            "git_commit": _git_commit(),
            "seconds": round(time.perf_counter() - started, 1),
            "min_evidence": settings.answer.min_evidence,
            "top_k": settings.answer.top_k,
        },
        "pipelines": pipelines,
    }


def _score_ragas(pipeline: dict, settings, embedder, judge: str | None, progress=None) -> None:
    """ragas scores (chrF/BLEU always; faithfulness, relevancy and context precision with a judge), merged
    into each record's metrics so they are aggregated per language and kind like the others."""
    from evals.ragas_judge import score_records

    def tick(done: int, total: int) -> None:
        if progress:
            progress(f"ragas ({judge})" if judge else "chrF/BLEU", done, total)

    summary = score_records(pipeline["items"], settings, judge, embedder, progress=tick)
    for record in pipeline["items"]:
        for name, value in (record.get("ragas") or {}).items():
            if isinstance(value, (int, float)) or value is None:
                record["metrics"][name] = value
    if judge:
        pipeline["ragas"] = summary
