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
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from evals.metrics import aggregate, item_metrics
from guideline_assist.errors import GoldSetInvalid

GOLD = Path(__file__).resolve().parent / "datasets" / "gold.yaml"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class EvalOptions:
    backend: Literal["extractive", "local", "openai"] = "extractive"
    judge: Literal["local", "openai"] | None = None  # ragas LLM metrics; None = deterministic + chrF/BLEU only
    subset: int | None = None  # stratified by language and kind; None = every item
    baseline: bool = True
    gold: Path = GOLD


class GoldItem(BaseModel):
    """One gold item as evals/datasets/gold.yaml writes it (other keys, e.g. `keyboard`, are kept)."""

    model_config = ConfigDict(extra="allow", strict=True)
    id: str
    language: Literal["ru", "tg", "en"]
    kind: Literal["dose", "threshold", "procedure", "fact", "cross-lingual", "unanswerable", "superseded",
                  "conflict"]
    question: str
    documents: list[str]
    pages: list[int]
    answer: str
    key_facts: list[str]
    evidence: str


def load_gold(path: Path = GOLD) -> list[dict]:
    """The gold items, checked before anything runs: an evaluator's own file with a missing field or a
    typo gets the item and the field named, not a traceback halfway through the run."""
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GoldSetInvalid(f"not valid YAML: {exc}".splitlines()[0], file=str(path)) from exc
    if not isinstance(items, list) or not items:
        raise GoldSetInvalid("expected a non-empty list of items", file=str(path))
    for number, item in enumerate(items, 1):
        name = item.get("id", f"item {number}") if isinstance(item, dict) else f"item {number}"
        try:
            GoldItem.model_validate(item)
        except ValidationError as exc:
            fields = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in exc.errors())
            raise GoldSetInvalid(f"{name}: {fields}", file=str(path)) from None
    ids = [item["id"] for item in items]
    if len(set(ids)) != len(ids):
        raise GoldSetInvalid(f"repeated ids: {sorted({i for i in ids if ids.count(i) > 1})}", file=str(path))
    return items


def pick_subset(items: list[dict], n: int | None) -> list[dict]:
    """Deterministic and stratified: round-robin over (language, kind) groups, so a subset of 30 still has
    Tajik, English, unanswerable and superseded items in proportion."""
    if n is None or n >= len(items):
        return list(items)
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for item in sorted(items, key=lambda i: i["id"]):
        groups[(item["language"], item["kind"])].append(item)
    order = sorted(groups, key=lambda g: (-len(groups[g]), g))
    picked: list[dict] = []
    while len(picked) < n:
        for group in order:
            if groups[group] and len(picked) < n:
                picked.append(groups[group].pop(0))
    return sorted(picked, key=lambda i: i["id"])


def base_record(item: dict) -> dict:
    return {
        "id": item["id"], "language": item["language"], "kind": item["kind"], "question": item["question"],
        "gold_documents": list(item["documents"]), "gold_pages": list(item["pages"]),
        "gold_answer": item["answer"], "key_facts": list(item["key_facts"]), "evidence": item["evidence"],
        "answerable": item["kind"] != "unanswerable",
    }


def passage_dict(passage, number: int | None = None) -> dict:
    out = {"doc_id": passage.doc_id, "pages": list(passage.pages), "text": passage.text,
           "status": passage.status, "edition": passage.edition}
    return out if number is None else {"number": number, **out}


def our_record(item: dict, answer) -> dict:
    record = base_record(item)
    record["retrieved"] = [passage_dict(s.passage) for s in answer.sources]
    record["answer"] = {
        "text": answer.text, "abstained": answer.abstained, "abstain_reason": answer.abstain_reason,
        "sentences": [{"text": s.text, "citations": list(s.citations)} for s in answer.sentences],
        "rejected": len(answer.rejected), "notices": list(answer.notices),
        "sources": [passage_dict(s.passage, s.number) for s in answer.sources],
    }
    record["seconds"] = round(answer.timings.total_s, 3)
    record["evidence_score"] = round(answer.evidence, 4)
    return record


def run_ours(index, settings, items: list[dict], progress: Progress | None = None) -> list[dict]:
    from guideline_assist.assistant import Assistant

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
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parent, timeout=5).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def run_benchmark(settings, options: EvalOptions, index=None, progress: Progress | None = None) -> dict:
    """Run both pipelines over the (subset of the) gold set. `index` is an already indexed GuidelineIndex
    over the bundled corpus; without one, an index is built (incrementally) in settings.data_dir."""
    from guideline_assist.service import GuidelineIndex

    started = time.perf_counter()
    items = pick_subset(load_gold(options.gold), options.subset)
    settings = settings.model_copy(update={"answer": settings.answer.model_copy(
        update={"backend": options.backend})})
    own_index = index is None
    if own_index:
        index = GuidelineIndex(settings)
        index.index()
    try:
        ours = run_ours(index, settings, items, progress)
        pipelines = {"ours": {"label": "guideline-assist", "items": ours}}
        if options.baseline:
            from evals.baseline import NaiveLlamaIndexBaseline

            baseline = NaiveLlamaIndexBaseline(settings, index.embedder)
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
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "backend": options.backend, "judge": options.judge, "subset": options.subset, "items": len(items),
            "gold": options.gold.name, "gold_sha256": hashlib.sha256(gold_bytes).hexdigest(),
            "git_commit": _git_commit(), "seconds": round(time.perf_counter() - started, 1),
            "min_evidence": settings.answer.min_evidence, "top_k": settings.answer.top_k,
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
