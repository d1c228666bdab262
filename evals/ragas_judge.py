"""ragas metrics of evaluation records: chrF and BLEU (no model) and, with an LLM judge, Faithfulness,
ResponseRelevancy and ContextPrecision, with every judge output that failed counted, never averaged.

    summary = score_records(records, settings, "local", build_embedder(settings))   # or "openai", or None

The judge is a llama-index LLM built by guideline_assist.answering.backends (the Qwen GGUF in-process, or any
OpenAI-compatible server from settings.answer.openai_*), wrapped as a ragas LLM (`JudgeLLM`) that sends each
ragas prompt as one chat turn (the model's chat template applies), counts calls and, when `constrained`,
restricts the output to the JSON schema ragas asks for (llama.cpp grammar in-process; `response_format`
json_object+schema on a server). The ragas 0.4.3 "collections" metrics need an instructor-patched OpenAI
client, so the classic metrics (which take any ragas LLM) are used.

Choices, measured on 2 CPU cores with Qwen2.5-Coder-1.5B Q4_K_M (see "Measurements" below):
- prompts: ragas' English prompts and examples, unadapted (the records' Russian/Tajik text is the input).
- one format repair per prompt: ragas would nest up to three "fix the output" calls, each re-sending the
  whole previous prompt; the second nesting is refused and counted as a parse failure.
- at most 3 contexts of 1500 characters; ResponseRelevancy strictness 1 (decoding is greedy, so n > 1
  would repeat the same question); its question/question similarity embeds both sides as e5 queries.
- abstained records get no LLM metrics (counted as skipped); a metric needing a missing field is skipped.

Measurements (2026-11-23, Qwen judge, default English prompts; the machine was shared, so seconds are high):
- Faithfulness, 10 Russian records: 20 calls, 0 parse failures, mean 0.60 (plain) / 0.50 (grammar-constrained),
  107 / 38 s per record. 10 Tajik records: 0 parse failures, mean 0.10, 40 s per record: Qwen 1.5B does not
  read Tajik, so it finds no statement supported; Tajik faithfulness needs a stronger judge (--judge openai).
- ResponseRelevancy and ContextPrecision, 5 records each: ru 0/5 and 0/5 parse failures (0.84, 0.88),
  tg 0/5 and 1/5 (0.62, 0.63); 7-8 s and 35-50 s per record.
- ragas' adapt_prompts (translating its examples with the judge itself) was not measured to the end; with
  a 1.5B judge it rewrites the few-shot JSON examples and is not used.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
import warnings
from collections.abc import Callable, Iterable

from langchain_core.exceptions import OutputParserException
from langchain_core.outputs import Generation, LLMResult
from ragas.dataset_schema import SingleTurnSample
from ragas.embeddings.base import LlamaIndexEmbeddingsWrapper
from ragas.exceptions import RagasOutputParserException
from ragas.llms.base import BaseRagasLLM
from ragas.metrics._answer_relevance import ResponseRelevancy
from ragas.metrics._bleu_score import BleuScore
from ragas.metrics._chrf_score import ChrfScore
from ragas.metrics._context_precision import ContextPrecision
from ragas.metrics._faithfulness import Faithfulness
from ragas.prompt.pydantic_prompt import FixOutputFormat
from ragas.run_config import RunConfig

from guideline_assist.core.settings import Settings

TEXT_METRICS = ("chrf", "bleu")
LLM_METRICS = ("faithfulness", "answer_relevancy", "context_precision")
MAX_CONTEXTS = 3
MAX_CONTEXT_CHARS = 1500
JUDGE_MAX_TOKENS = 640
_CITATION = re.compile(r"\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
_MARKERS = re.compile(r"\s*\[\d+(?:\s*[,;–-]\s*\d+)*\]")
_SCHEMA = re.compile(r"JSON Schema:\n(\{.*?\})Do not use single quotes", re.S)
_FIX = FixOutputFormat.instruction


def strip_markers(text: str | None) -> str:
    """The answer text without its [n] citation markers, whitespace collapsed."""
    return " ".join(_MARKERS.sub("", text or "").split())


def cited_numbers(text: str | None) -> list[int]:
    numbers: list[int] = []
    for match in _CITATION.finditer(text or ""):
        numbers += [int(n) for n in re.findall(r"\d+", match.group(1)) if int(n) not in numbers]
    return numbers


class JudgeLLM(BaseRagasLLM):
    """A llama-index LLM as a ragas judge: counts calls, allows one format repair, optionally constrained."""

    def __init__(self, llm, name: str, constrained: bool = True):
        super().__init__(run_config=RunConfig(timeout=900, max_retries=1, max_wait=1))
        self.llm, self.name, self.constrained = llm, name, constrained
        self.calls = self.repair_calls = 0
        self.trace: list[dict] | None = None  # set to a list to record every call (measurements)
        self._grammars: dict[str, object] = {}

    def close(self) -> None:
        """Free an in-process model now (llama-cpp otherwise complains when freed at interpreter exit)."""
        model = getattr(self.llm, "_model", None)
        if model is not None and hasattr(model, "close"):
            model.close()

    def set_run_config(self, run_config: RunConfig) -> None:  # keep: no retries of a deterministic judge
        pass

    def is_finished(self, response: LLMResult) -> bool:
        return True

    def generate_text(self, prompt, n=1, temperature=None, stop=None, callbacks=None) -> LLMResult:
        text = prompt.to_string()
        if text.count(_FIX) > 1:  # a repair of a repair: give up instead of re-sending everything again
            raise RagasOutputParserException()
        self.repair_calls += text.startswith(_FIX)
        generations = []
        for _ in range(max(1, n)):  # greedy decoding: n > 1 would only repeat itself (keep strictness 1)
            self.calls += 1
            started = time.perf_counter()
            output = self._chat(text)
            generations.append(Generation(text=output))
            if self.trace is not None:
                self.trace.append({"prompt": text, "output": output, "seconds": time.perf_counter() - started})
        return LLMResult(generations=[generations])

    async def agenerate_text(self, prompt, n=1, temperature=None, stop=None, callbacks=None) -> LLMResult:
        return self.generate_text(prompt, n, temperature, stop, callbacks)

    def _chat(self, text: str) -> str:
        from llama_index.core.llms import ChatMessage

        messages = [ChatMessage(role="user", content=text)]
        schema = _SCHEMA.search(text) if self.constrained else None
        if schema is None:
            return self.llm.chat(messages).message.content or ""
        if hasattr(self.llm, "generate_kwargs"):  # llama-cpp in-process: grammar-constrained sampling
            self.llm.generate_kwargs["grammar"] = self._grammar(schema.group(1))
            try:
                return self.llm.chat(messages).message.content or ""
            finally:
                self.llm.generate_kwargs.pop("grammar", None)
        response_format = {"type": "json_object", "schema": json.loads(schema.group(1))}
        return self.llm.chat(messages, response_format=response_format).message.content or ""

    def _grammar(self, schema: str):
        if schema not in self._grammars:
            from llama_cpp import LlamaGrammar

            self._grammars[schema] = LlamaGrammar.from_json_schema(schema, verbose=False)
        return self._grammars[schema]


class QueryEmbeddings(LlamaIndexEmbeddingsWrapper):
    """ResponseRelevancy compares the question with questions the judge wrote: all are e5 queries."""

    def embed_documents(self, texts):
        return [self.embeddings.get_query_embedding(text) for text in texts]

    async def aembed_documents(self, texts):
        return self.embed_documents(texts)


def build_judge(
    settings: Settings, kind: str, constrained: bool = True, max_tokens: int = JUDGE_MAX_TOKENS
) -> JudgeLLM:
    """The judge for kind "local" (settings.answer.local_model / local_model_path) or "openai"."""
    from guideline_assist.answering.backends import local_llm, model_path, openai_llm

    answer = settings.answer.model_copy(update={"backend": kind, "temperature": 0.0, "max_tokens": max_tokens})
    judge_settings = settings.model_copy(update={"answer": answer})
    if kind == "local":
        return JudgeLLM(local_llm(judge_settings), f"local:{model_path(judge_settings).name}", constrained)
    if kind == "openai":
        return JudgeLLM(
            openai_llm(judge_settings), f"openai:{answer.openai_model}@{answer.openai_base_url}", constrained
        )
    raise ValueError(f"judge kind must be 'local' or 'openai', not {kind!r}")


def build_metrics(judge: JudgeLLM | None, embedder=None) -> dict:
    metrics = {"chrf": ChrfScore(), "bleu": BleuScore()}
    if judge is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            embeddings = QueryEmbeddings(embedder) if embedder is not None else None
        metrics["faithfulness"] = Faithfulness(llm=judge)
        metrics["answer_relevancy"] = ResponseRelevancy(llm=judge, embeddings=embeddings, strictness=1)
        metrics["context_precision"] = ContextPrecision(llm=judge)
    return metrics


def _contexts(texts: Iterable[str]) -> list[str]:
    return [t[:MAX_CONTEXT_CHARS] for t in texts if t and t.strip()][:MAX_CONTEXTS]


def samples(record: dict, names: Iterable[str], embeddings: bool = True) -> dict[str, SingleTurnSample | None]:
    """The ragas sample of each metric for one record; None where the metric does not apply (skipped)."""
    answer = record.get("answer") or {}
    text, gold, question = strip_markers(answer.get("text")), record.get("gold_answer") or "", record["question"]
    sources = answer.get("sources") or []
    cited = set(cited_numbers(answer.get("text")))
    grounds = _contexts(s.get("text", "") for s in sources if s.get("number") in cited) or _contexts(
        s.get("text", "") for s in sources
    )
    retrieved = _contexts(r.get("text", "") for r in record.get("retrieved") or [])
    llm_ok = bool(text) and not answer.get("abstained")
    out: dict[str, SingleTurnSample | None] = {}
    for name in names:
        if name in TEXT_METRICS:
            ok = bool(text and gold.strip())
            out[name] = SingleTurnSample(response=text, reference=gold) if ok else None
        elif name == "faithfulness":
            ok = llm_ok and bool(grounds)
            out[name] = SingleTurnSample(user_input=question, response=text, retrieved_contexts=grounds) if ok else None
        elif name == "answer_relevancy":
            out[name] = SingleTurnSample(user_input=question, response=text) if llm_ok and embeddings else None
        elif name == "context_precision":
            ok = llm_ok and bool(retrieved) and bool(gold.strip())
            out[name] = (
                SingleTurnSample(user_input=question, reference=gold, retrieved_contexts=retrieved) if ok else None
            )
    return out


async def _score(metric, sample: SingleTurnSample) -> tuple[float | None, str, str | None]:
    """(score, outcome, error): outcome is "scored", "parse" (judge output did not parse) or "failed"."""
    try:
        value = await metric.single_turn_ascore(sample)
    except (RagasOutputParserException, OutputParserException) as exc:
        return None, "parse", f"{type(exc).__name__}: {str(exc)[:200]}"
    except Exception as exc:  # noqa: BLE001 - one bad judge output or server hiccup must not stop the run
        return None, "failed", f"{type(exc).__name__}: {str(exc)[:200]}"
    if value is None or not math.isfinite(float(value)):
        return None, "failed", "NaN (the judge produced no statements or verdicts)"
    return round(float(value), 4), "scored", None


def score_records(
    records: list[dict],
    settings: Settings,
    judge_kind: str | None,
    embedder=None,
    progress: Callable[[int, int], object] | object | None = None,
    *,
    metrics: Iterable[str] | None = None,
    judge: JudgeLLM | None = None,
    constrained: bool = True,
) -> dict:
    """Fill record["ragas"] for every record and return the run summary (see the module docstring)."""
    judged = judge is not None or judge_kind is not None
    names = list(metrics or (TEXT_METRICS + (LLM_METRICS if judged else ())))
    unknown = set(names) - set(TEXT_METRICS + (LLM_METRICS if judged else ()))
    if unknown:
        raise ValueError(f"unknown metrics, or judge metrics without a judge: {sorted(unknown)}")
    own_judge = judge is None and judge_kind is not None
    if own_judge:
        judge = build_judge(settings, judge_kind, constrained=constrained)
    available = build_metrics(judge, embedder)
    counts = {key: dict.fromkeys(names, 0) for key in ("scored", "parse", "failed", "skipped")}
    seconds = dict.fromkeys(names, 0.0)
    calls0, repairs0 = (judge.calls, judge.repair_calls) if judge else (0, 0)
    started = time.perf_counter()

    async def run() -> None:
        for done, record in enumerate(records, 1):
            result: dict = {}
            errors: dict[str, str] = {}
            for name, sample in samples(record, names, embedder is not None).items():
                if sample is None:
                    result[name] = None
                    counts["skipped"][name] += 1
                    continue
                t0 = time.perf_counter()
                result[name], outcome, error = await _score(available[name], sample)
                seconds[name] += time.perf_counter() - t0
                counts[outcome][name] += 1
                if error:
                    errors[name] = error
            if errors:
                result["errors"] = errors
            record["ragas"] = result
            if callable(progress):
                progress(done, len(records))
            elif progress is not None and hasattr(progress, "update"):
                progress.update(1)

    try:
        asyncio.run(run())
    finally:
        if own_judge:
            judge.close()
    means = {}
    for name in names:
        values = [r["ragas"][name] for r in records if r["ragas"].get(name) is not None]
        means[name] = round(sum(values) / len(values), 4) if values else None
    return {
        "judge": judge.name if judge else None,
        "items": len(records),
        "calls": judge.calls - calls0 if judge else 0,
        "repair_calls": judge.repair_calls - repairs0 if judge else 0,
        "scored": counts["scored"],
        "parse_failures": counts["parse"],
        "failed_items": counts["failed"],
        "skipped": counts["skipped"],
        "mean": means,
        "seconds_per_item": {
            n: round(seconds[n] / max(1, counts["scored"][n] + counts["parse"][n] + counts["failed"][n]), 2)
            for n in names
        },
        "seconds": round(time.perf_counter() - started, 2),
    }
