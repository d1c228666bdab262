"""Faithfulness metrics: exact values on hand-built run records, and sanity over the real gold set."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from evals.metrics import (
    ABSTENTION_METRICS,
    HIGHER_IS_BETTER,
    METRICS,
    RAGAS_METRICS,
    aggregate,
    compare,
    item_metrics,
)

GOLD = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "gold.yaml"
HTN = "tj-moh-hypertension-2022"


def passage(doc_id: str, pages: list[int], text: str = "", status: str = "in_force") -> dict:
    return {"doc_id": doc_id, "pages": pages, "text": text, "status": status}


def record(
    *,
    kind: str = "dose",
    language: str = "ru",
    documents=(HTN,),
    pages=(3,),
    key_facts=(),
    retrieved=(),
    sentences=(),
    sources=(),
    abstained: bool = False,
) -> dict:
    """A run record as the runner writes it; sources are numbered 1.. in the given order."""
    numbered = [{"number": i, **s} for i, s in enumerate(sources, 1)]
    shown = [{"text": text, "citations": list(cites)} for text, cites in sentences]
    text = " ".join(t + "".join(f" [{n}]" for n in c) for t, c in sentences)
    return {
        "id": f"{language}-{kind}-x",
        "language": language,
        "kind": kind,
        "question": "?",
        "gold_documents": list(documents),
        "gold_pages": list(pages),
        "gold_answer": "",
        "key_facts": list(key_facts),
        "evidence": "",
        "answerable": kind != "unanswerable",
        "retrieved": list(retrieved),
        "answer": {
            "text": "" if abstained else text,
            "abstained": abstained,
            "sentences": [] if abstained else shown,
            "sources": numbered,
        },
    }


def refusal(kind: str = "unanswerable", **kw) -> dict:
    if kind == "unanswerable":
        kw.setdefault("documents", ())
        kw.setdefault("pages", ())
    return record(kind=kind, abstained=True, **kw)


def test_item_metrics_returns_exactly_the_declared_metrics():
    assert list(item_metrics(record())) == METRICS
    assert set(HIGHER_IS_BETTER) == set(METRICS) | set(ABSTENTION_METRICS) | set(RAGAS_METRICS)
    assert HIGHER_IS_BETTER["cites_superseded"] is False and HIGHER_IS_BETTER["abstained"] is None


def test_two_page_gold_with_only_the_second_page_retrieved_at_rank_two():
    r = record(
        pages=(2, 3),
        retrieved=[
            passage("other-doc", [3]),
            passage(HTN, [3]),
            passage(HTN, [7]),
            passage("x", [1]),
            passage("y", [1]),
        ],
    )
    m = item_metrics(r)
    assert m["recall@1"] == 0.0 and m["recall@3"] == 0.5 and m["recall@5"] == 0.5
    assert m["mrr"] == 0.5
    # One relevant passage at rank 2, ideal = two relevant at ranks 1 and 2.
    assert m["ndcg@5"] == pytest.approx((1 / math.log2(3)) / (1 + 1 / math.log2(3)))
    assert m["doc_hit@5"] == 1.0


def test_recall_needs_every_gold_unit_and_only_the_top_k_count():
    r = record(pages=(2, 3), retrieved=[passage(HTN, [2, 3])] + [passage("x", [1])] * 4 + [passage(HTN, [2])])
    m = item_metrics(r)
    assert m["recall@1"] == 1.0 and m["mrr"] == 1.0
    late = record(retrieved=[passage("x", [3])] * 5 + [passage(HTN, [3])])
    m = item_metrics(late)
    assert m["recall@5"] == 0.0 and m["mrr"] == pytest.approx(1 / 6)
    assert m["ndcg@5"] == 0.0 and m["doc_hit@5"] == 0.0


def test_the_right_document_on_the_wrong_page_is_a_doc_hit_but_not_recall():
    m = item_metrics(record(pages=(3,), retrieved=[passage(HTN, [4])]))
    assert m["doc_hit@5"] == 1.0 and m["recall@5"] == 0.0 and m["mrr"] == 0.0


def test_repeated_chunks_of_one_gold_page_do_not_beat_the_ideal_ranking():
    once = item_metrics(record(retrieved=[passage(HTN, [3])]))
    thrice = item_metrics(record(retrieved=[passage("x", [1]), passage(HTN, [3]), passage(HTN, [3])]))
    assert once["ndcg@5"] == 1.0
    assert thrice["ndcg@5"] == pytest.approx(1 / math.log2(3))


def test_key_facts_match_across_decimal_comma_dash_nbsp_case_and_yo():
    r = record(
        key_facts=["0.5 мг", "10-14 дней", "Амлодипин 5 мг", "жёлтый", "15 мг"],
        sentences=[("Вводят 0,5\u00a0мг; курс 10–14 дней; АМЛОДИПИН 5 мг; желтый.", [1])],
        sources=[passage(HTN, [3])],
    )
    assert item_metrics(r)["key_fact_recall"] == pytest.approx(4 / 5)


def test_a_key_fact_number_is_not_found_inside_a_longer_number():
    r = record(
        key_facts=["5 мг", "140"],
        sentences=[("Доза 25 мг или 0,5 мг, давление 1400.", [1])],
        sources=[passage(HTN, [3])],
    )
    assert item_metrics(r)["key_fact_recall"] == 0.0
    ok = record(key_facts=["5 мг", "140"], sentences=[("Доза 5 мг, давление 140.", [1])], sources=[passage(HTN, [3])])
    assert item_metrics(ok)["key_fact_recall"] == 1.0


def test_decimal_comma_in_the_answer_is_grounded_by_a_decimal_point_in_the_cited_source():
    r = record(
        sentences=[("Фолиевая кислота 0,5 мг в сутки.", [1])], sources=[passage(HTN, [3], "folic acid 0.5 мг daily")]
    )
    assert item_metrics(r)["number_grounding"] == 1.0


def test_a_number_only_in_an_uncited_source_is_not_grounded():
    r = record(
        sentences=[("Амлодипин 10 мг.", [1]), ("Лизиноприл 20 мг.", [2]), ("Лозартан 100 мг.", [])],
        sources=[passage(HTN, [3], "амлодипин 10 мг; лозартан 100 мг"), passage(HTN, [3], "лизиноприл 10 мг; 20 лет")],
    )
    # 10 is grounded by [1]; 20 is in [2] ("20 лет") as a number token; 100 is uncited -> not grounded.
    assert item_metrics(r)["number_grounding"] == pytest.approx(2 / 3)
    swapped = record(
        sentences=[("Амлодипин 10 мг.", [2]), ("Лозартан 100 мг.", [2])],
        sources=[passage(HTN, [3], "амлодипин 10 мг; лозартан 100 мг"), passage(HTN, [3], "другое")],
    )
    assert item_metrics(swapped)["number_grounding"] == 0.0


def test_citation_markers_are_not_numbers_and_an_answer_without_numbers_is_not_graded():
    r = record(sentences=[("Измеряют на обеих руках.", [1])], sources=[passage(HTN, [3], "на обеих руках")])
    assert item_metrics(r)["number_grounding"] is None


def test_citation_precision_recall_and_superseded():
    r = record(
        pages=(2, 3),
        sentences=[("A 1.", [1, 3]), ("B 2.", [2]), ("C.", [9])],
        sources=[
            passage(HTN, [2]),
            passage("old-doc", [3], status="superseded"),
            passage(HTN, [2, 4]),
            passage(HTN, [3]),
        ],
    )
    m = item_metrics(r)
    # Cited: 1 (gold), 2 (wrong doc), 3 (gold p.2), 9 (does not exist). Source 4 covers p.3 but is uncited.
    assert m["citation_precision"] == pytest.approx(2 / 4)
    assert m["citation_recall"] == 0.5
    assert m["cites_superseded"] == 1.0
    clean = item_metrics(record(sentences=[("A.", [1])], sources=[passage(HTN, [3])]))
    assert clean["citation_precision"] == 1.0 and clean["citation_recall"] == 1.0
    assert clean["cites_superseded"] == 0.0 and clean["correct"] == 1.0


def test_a_bibliography_entry_quoted_as_an_answer_is_counted():
    entry = "Maron B.J., Ommen S.R. Hypertrophic cardiomyopathy. J Am Coll Cardiol 2014; 64(1): 83-99."
    quoted = item_metrics(record(sentences=[(entry, [1])], sources=[passage(HTN, [3], entry)]))
    answer = item_metrics(record(sentences=[("Амлодипин 5 мг 1 раз в сутки.", [1])], sources=[passage(HTN, [3])]))
    decree = "Приложение № 3 к распоряжению Правительства от 30 декабря 2014 г. № 2782-р"
    act = item_metrics(record(sentences=[(decree, [1])], sources=[passage(HTN, [3], decree)]))
    assert quoted["quotes_reference"] == 1.0 and answer["quotes_reference"] == 0.0 and act["quotes_reference"] == 0.0


def test_nothing_cited_leaves_precision_and_superseded_undefined_but_recall_zero():
    m = item_metrics(
        record(key_facts=["5 мг"], sentences=[("Амлодипин 5 мг.", [])], sources=[passage(HTN, [3], "амлодипин 5 мг")])
    )
    assert m["citation_precision"] is None and m["cites_superseded"] is None
    assert m["citation_recall"] == 0.0 and m["number_grounding"] == 0.0
    assert m["key_fact_recall"] == 1.0 and m["correct"] == 0.0


def test_a_refused_unanswerable_question_is_a_success_not_a_missing_value():
    m = item_metrics(refusal(retrieved=[passage(HTN, [3])]))
    assert m["correct"] == 1.0 and m["abstained"] == 1.0
    for name in (
        "recall@1",
        "recall@5",
        "mrr",
        "ndcg@5",
        "doc_hit@5",
        "key_fact_recall",
        "citation_precision",
        "citation_recall",
        "number_grounding",
        "cites_superseded",
    ):
        assert m[name] is None, name


def test_an_answered_unanswerable_question_is_wrong():
    r = record(
        kind="unanswerable",
        documents=(),
        pages=(),
        sentences=[("Нифедипин 10 мг.", [1])],
        sources=[passage(HTN, [3], "амлодипин 5 мг", status="superseded")],
    )
    m = item_metrics(r)
    assert m["correct"] == 0.0 and m["abstained"] == 0.0
    assert m["number_grounding"] == 0.0 and m["cites_superseded"] == 1.0


def test_a_refused_answerable_question_scores_zero_key_facts_and_recall():
    m = item_metrics(refusal(kind="dose", key_facts=["5 мг"], retrieved=[passage(HTN, [3])]))
    assert m["key_fact_recall"] == 0.0 and m["citation_recall"] == 0.0 and m["correct"] == 0.0
    assert m["recall@1"] == 1.0  # retrieval is judged on its own, refusal or not


def test_correct_needs_half_the_key_facts():
    half = record(
        key_facts=["5 мг", "10 мг"], sentences=[("Амлодипин 5 мг.", [1])], sources=[passage(HTN, [3], "амлодипин 5 мг")]
    )
    none = record(
        key_facts=["7 мг", "10 мг"], sentences=[("Амлодипин 5 мг.", [1])], sources=[passage(HTN, [3], "амлодипин 5 мг")]
    )
    assert item_metrics(half)["correct"] == 1.0 and item_metrics(none)["correct"] == 0.0


def scored(*records: dict) -> list[dict]:
    return [{**r, "metrics": item_metrics(r)} for r in records]


def test_aggregate_means_skip_missing_values_and_score_refusals():
    good = record(
        sentences=[("Амлодипин 5 мг.", [1])],
        sources=[passage(HTN, [3], "амлодипин 5 мг")],
        retrieved=[passage(HTN, [3])],
        key_facts=["5 мг"],
    )
    refused_answerable = refusal(kind="dose", language="tg", key_facts=["5 мг"], retrieved=[])
    refused_unanswerable = refusal(language="tg")
    answered_unanswerable = record(
        kind="unanswerable",
        language="en",
        documents=(),
        pages=(),
        sentences=[("Ответ.", [1])],
        sources=[passage(HTN, [3])],
    )
    summary = aggregate(scored(good, refused_answerable, refused_unanswerable, answered_unanswerable))
    overall = summary["overall"]
    assert overall["correct"] == {"mean": 0.5, "n": 4}
    assert overall["recall@5"] == {"mean": 0.5, "n": 2}
    assert overall["key_fact_recall"] == {"mean": 0.5, "n": 2}
    assert overall["number_grounding"] == {"mean": 1.0, "n": 1}
    assert overall["abstention_precision"] == {"mean": 0.5, "n": 2}
    assert overall["abstention_recall"] == {"mean": 0.5, "n": 2}
    assert overall["answered_rate"] == {"mean": 0.5, "n": 2}
    assert set(summary["by_language"]) == {"ru", "tg", "en"}
    assert summary["by_language"]["ru"]["abstention_precision"] == {"mean": None, "n": 0}
    assert summary["by_language"]["tg"]["correct"] == {"mean": 0.5, "n": 2}
    assert summary["by_kind"]["unanswerable"]["abstention_recall"] == {"mean": 0.5, "n": 2}
    assert summary["by_kind"]["unanswerable"]["recall@1"] == {"mean": None, "n": 0}
    assert summary["by_kind"]["dose"]["answered_rate"] == {"mean": 0.5, "n": 2}


def test_aggregate_carries_judge_scores_per_language_only_when_a_judge_ran():
    records = scored(record(), refusal(language="tg"))
    assert "faithfulness" not in aggregate(records)["overall"]
    records[0]["metrics"] |= {"faithfulness": 0.5, "chrf": 0.25}
    records[1]["metrics"] |= {"faithfulness": None, "chrf": None}  # a refusal gets no judge score
    summary = aggregate(records)
    assert summary["overall"]["faithfulness"] == {"mean": 0.5, "n": 1}
    assert summary["by_language"]["ru"]["chrf"] == {"mean": 0.25, "n": 1}
    assert summary["by_language"]["tg"]["faithfulness"] == {"mean": None, "n": 0}


def test_compare_judges_each_metric_by_its_direction():
    before = aggregate(
        scored(
            record(
                sentences=[("A 5 мг.", [1])],
                sources=[passage(HTN, [3], "5 мг", status="superseded")],
                retrieved=[passage(HTN, [3])],
            )
        )
    )
    after = aggregate(
        scored(
            record(
                sentences=[("A 5 мг.", [1])],
                sources=[passage(HTN, [3], "5 мг")],
                retrieved=[passage("x", [1]), passage(HTN, [3])],
            )
        )
    )
    rows = {(r["group"], r["metric"]): r for r in compare(after, before)}
    assert rows[("overall", "mrr")]["verdict"] == "worse" and rows[("overall", "mrr")]["delta"] == -0.5
    assert rows[("overall", "cites_superseded")]["verdict"] == "better"
    assert rows[("ru", "citation_recall")]["verdict"] == "same"
    assert rows[("dose", "recall@1")] == {
        "group": "dose",
        "metric": "recall@1",
        "previous": 1.0,
        "current": 0.0,
        "delta": -1.0,
        "verdict": "worse",
    }
    assert ("overall", "abstention_precision") not in rows  # no refusals on either side
    lenient = {(r["group"], r["metric"]): r["verdict"] for r in compare(after, before, tolerance=0.5)}
    assert lenient[("overall", "mrr")] == "same" and lenient[("overall", "recall@1")] == "worse"


def test_compare_does_not_judge_how_often_the_assistant_refuses():
    before = aggregate(scored(refusal()))
    after = aggregate(
        scored(
            record(kind="unanswerable", documents=(), pages=(), sentences=[("A.", [1])], sources=[passage(HTN, [3])])
        )
    )
    rows = {r["metric"]: r["verdict"] for r in compare(after, before) if r["group"] == "overall"}
    assert rows["abstained"] == "changed" and rows["correct"] == "worse"


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


def gold_record(item: dict) -> dict:
    """The ideal run: gold pages retrieved with the evidence, the gold answer citing all of them."""
    docs = [passage(doc, list(item["pages"]), item["evidence"]) for doc in item["documents"]]
    rec = record(
        kind=item["kind"],
        language=item["language"],
        documents=item["documents"],
        pages=item["pages"],
        key_facts=item["key_facts"],
        retrieved=docs,
        sentences=[(item["answer"], list(range(1, len(docs) + 1)))],
        sources=docs,
        abstained=item["kind"] == "unanswerable",
    )
    return {**rec, "id": item["id"], "question": item["question"], "gold_answer": item["answer"]}


def test_the_ideal_run_over_the_real_gold_set_scores_full_retrieval_and_citation(gold):
    assert len(gold) > 100
    problems = []
    for item in gold:
        m = item_metrics(gold_record(item))
        assert set(m) == set(METRICS)
        assert all(v is None or 0.0 <= v <= 1.0 for v in m.values()), item["id"]
        if item["kind"] == "unanswerable":
            if m["correct"] != 1.0 or m["recall@5"] is not None:
                problems.append(item["id"])
        elif (m["citation_recall"], m["recall@5"], m["citation_precision"], m["mrr"]) != (1.0, 1.0, 1.0, 1.0):
            problems.append(f"{item['id']}: {m}")
    assert not problems
    summary = aggregate({**gold_record(i), "metrics": item_metrics(gold_record(i))} for i in gold)
    assert summary["overall"]["abstention_precision"]["mean"] == 1.0
    assert summary["overall"]["abstention_recall"]["mean"] == 1.0
    assert summary["overall"]["answered_rate"]["mean"] == 1.0
