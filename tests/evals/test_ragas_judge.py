"""ragas metrics of evaluation records: chrF/BLEU for real (no mocks), the judge's accounting with the real
SmolLM2 (useless as a judge, so its failures must be counted, never averaged), and Qwen 1.5B (slow)."""

from __future__ import annotations

import json
import math

import pytest

from evals.ragas_judge import LLM_METRICS, TEXT_METRICS, build_judge, cited_numbers, score_records, strip_markers
from guideline_assist.core.settings import Settings

# Demonstration excerpts written for these tests (not clinical guidance).
RU_CONTEXT = (
    "Парацетамол взрослым назначают внутрь по 500 мг каждые 4–6 часов. Максимальная суточная доза "
    "для взрослого составляет 4 г. При заболеваниях печени суточную дозу снижают до 2 г."
)
RU_QUESTION = "Какая максимальная суточная доза парацетамола для взрослого?"
RU_GOLD = "Максимальная суточная доза парацетамола для взрослого — 4 г."
RU_OTHER = "Амоксициллин детям дают по 40 мг на килограмм массы тела в сутки в два приёма в течение 5 дней."
TG_CONTEXT = (
    "Ба кӯдакони то 2-сола пас аз ҳар дарунравӣ 50–100 мл маҳлули намакҳои регидратсияи пероралӣ "
    "медиҳанд. Ба кӯдакони аз 2 то 10-сола пас аз ҳар дарунравӣ 100–200 мл медиҳанд."
)
TG_QUESTION = "Пас аз ҳар дарунравӣ ба кӯдаки то 2-сола чанд мл маҳлули регидратсия медиҳанд?"
TG_GOLD = "Ба кӯдаки то 2-сола пас аз ҳар дарунравӣ 50–100 мл маҳлули намакҳои регидратсияи пероралӣ медиҳанд."
TG_OTHER = "Фишори хун дар ҳар ташриф дар ҳарду даст чен карда мешавад ва миёнаи ду ченкунӣ сабт мегардад."


def record(
    rid: str,
    language: str,
    question: str,
    gold: str,
    text: str,
    context: str,
    abstained: bool = False,
    other: str = RU_OTHER,
) -> dict:
    return {
        "id": rid,
        "language": language,
        "question": question,
        "gold_answer": gold,
        "answer": {
            "text": text,
            "abstained": abstained,
            "sources": [{"number": 1, "text": context}, {"number": 2, "text": other}],
        },
        "retrieved": [{"text": context}, {"text": other}],
    }


def with_answer(settings: Settings, **changes) -> Settings:
    return settings.model_copy(update={"answer": settings.answer.model_copy(update=changes)})


def assert_every_metric_of_every_item_is_accounted_for(records: list[dict], summary: dict, names) -> None:
    items = summary["items"]
    assert items == len(records)
    for name in names:
        scored, parse, failed, skipped = (
            summary[k][name] for k in ("scored", "parse_failures", "failed_items", "skipped")
        )
        assert scored + parse + failed + skipped == items, (name, summary)
        values = [r["ragas"][name] for r in records]
        numbers = [v for v in values if v is not None]
        assert len(numbers) == scored and all(isinstance(v, float) and math.isfinite(v) for v in numbers)
        assert sum(1 for r in records if name in r["ragas"].get("errors", {})) == parse + failed
        mean = summary["mean"][name]
        assert (mean is None) if not numbers else mean == pytest.approx(sum(numbers) / len(numbers), abs=1e-3)


# ---------------------------------------------------------------- no model
def test_markers_are_stripped_and_cited_numbers_read():
    text = "Вводят 1 г внутривенно [1]. Повторяют через 30 минут [2, 3].\nНе более 2 г [1]."
    assert strip_markers(text) == "Вводят 1 г внутривенно. Повторяют через 30 минут. Не более 2 г."
    assert cited_numbers(text) == [1, 2, 3]
    assert cited_numbers("без ссылок") == [] and strip_markers(None) == ""


def test_chrf_and_bleu_of_russian_and_tajik_answers(settings):
    records = [
        record("ru-same", "ru", RU_QUESTION, RU_GOLD, RU_GOLD.replace(" — 4 г.", " — 4 г [1]."), RU_CONTEXT),
        record("ru-other", "ru", RU_QUESTION, RU_GOLD, RU_OTHER + " [2]", RU_CONTEXT),
        record("tg-same", "tg", TG_QUESTION, TG_GOLD, TG_GOLD[:-1] + " [1].", TG_CONTEXT, other=TG_OTHER),
        record("tg-other", "tg", TG_QUESTION, TG_GOLD, TG_OTHER + " [2]", TG_CONTEXT, other=TG_OTHER),
        record("no-gold", "ru", RU_QUESTION, "", RU_GOLD, RU_CONTEXT),
    ]
    summary = score_records(records, settings, None)
    scores = {r["id"]: r["ragas"] for r in records}
    for same, other in (("ru-same", "ru-other"), ("tg-same", "tg-other")):
        # The markers are gone: an answer that is the gold answer plus [1] scores exactly 1.
        assert scores[same]["chrf"] == pytest.approx(1.0) and scores[same]["bleu"] == pytest.approx(1.0)
        assert scores[other]["chrf"] < 0.3 and scores[other]["bleu"] < 0.1, scores[other]
    assert scores["no-gold"] == {"chrf": None, "bleu": None}
    assert summary["judge"] is None and summary["calls"] == 0
    assert set(summary["scored"]) == set(TEXT_METRICS) and summary["skipped"] == {"chrf": 1, "bleu": 1}
    assert not any(set(LLM_METRICS) & set(r["ragas"]) for r in records)
    assert_every_metric_of_every_item_is_accounted_for(records, summary, TEXT_METRICS)


def test_asking_for_a_judge_metric_without_a_judge_is_an_error(settings):
    with pytest.raises(ValueError, match="faithfulness"):
        score_records([], settings, None, metrics=["faithfulness"])


# ---------------------------------------------------------------- SmolLM2 (98 MB, plumbing)
def smollm2_records() -> list[dict]:
    return [
        record("ru", "ru", RU_QUESTION, RU_GOLD, "Не более 4 г в сутки [1].", RU_CONTEXT),
        record("tg", "tg", TG_QUESTION, TG_GOLD, "50–100 мл пас аз ҳар дарунравӣ [1].", TG_CONTEXT, other=TG_OTHER),
        record("abstained", "ru", RU_QUESTION, RU_GOLD, "В руководствах нет ответа.", RU_CONTEXT, abstained=True),
    ]


@pytest.mark.parametrize("constrained", [False, True], ids=["free-text", "json-grammar"])
def test_smollm2_judge_failures_are_counted_not_averaged(settings, constrained):
    from guideline_assist.store.embedders import build_embedder

    settings = with_answer(settings, backend="local", local_model="smollm2-135m")
    # Free text judges the Russian record only (with the abstained one): its parse failures show on one item,
    # and each judged item cost about 40 s of the suite. The grammar run judges Russian and Tajik.
    records = smollm2_records() if constrained else [smollm2_records()[0], smollm2_records()[2]]
    seen = []
    # SmolLM2 rambles: free text is cut at 128 tokens (its parse failures are what is tested), JSON at 256.
    judge = build_judge(settings, "local", constrained=constrained, max_tokens=256 if constrained else 128)
    try:
        summary = score_records(
            records,
            settings,
            "local",
            build_embedder(settings),
            judge=judge,
            progress=lambda done, total: seen.append((done, total)),
        )
    finally:
        judge.close()
    print(json.dumps(summary, ensure_ascii=False))
    total = len(records)
    assert seen == [(n, total) for n in range(1, total + 1)]
    assert summary["judge"] == "local:SmolLM2-135M-Instruct.Q4_1.gguf" and summary["calls"] > 0
    assert_every_metric_of_every_item_is_accounted_for(records, summary, TEXT_METRICS + LLM_METRICS)
    assert all(summary["skipped"][m] == 1 for m in LLM_METRICS)  # the abstained record, not a failure
    abstained = records[-1]
    assert all(abstained["ragas"][m] is None for m in LLM_METRICS) and "errors" not in abstained["ragas"]
    judged = sum(summary[k][m] for k in ("scored", "parse_failures", "failed_items") for m in LLM_METRICS)
    assert judged == (total - 1) * len(LLM_METRICS)
    if not constrained:  # greedy SmolLM2 writes JSON-ish prose: the parse failures show up as such
        assert sum(summary["parse_failures"].values()) > 0
    else:  # the grammar makes every output parse; what it says may still be empty (NaN: counted as failed)
        assert sum(summary["parse_failures"].values()) == 0 and summary["repair_calls"] == 0


# ---------------------------------------------------------------- Qwen2.5 1.5B (slow: make check-qwen)
@pytest.mark.slow
@pytest.mark.qwen
def test_qwen_judge_scores_a_faithful_answer_above_a_wrong_dose(settings, tmp_path_factory):
    from guideline_assist.store.embedders import build_embedder

    settings = with_answer(settings, backend="local", local_model="qwen2.5-1.5b")
    settings = settings.model_copy(update={"cache_dir": tmp_path_factory.getbasetemp() / "qwen-cache"})
    records = [
        record(
            "ru-good", "ru", RU_QUESTION, RU_GOLD, "Максимальная суточная доза для взрослого — 4 г [1].", RU_CONTEXT
        ),
        record("ru-bad", "ru", RU_QUESTION, RU_GOLD, "Максимальная суточная доза для взрослого — 9 г [1].", RU_CONTEXT),
        # No Tajik pair: Qwen 1.5B does not read Tajik, so its verdicts there carry no information (measured:
        # 0.10 on faithful Tajik answers; in CI it gave 1.0 to both a right and a 700 ml answer). Tajik records
        # are accounted for by the SmolLM2 tests above; a pair here cost a minute of the suite and tested nothing.
    ]
    summary = score_records(records, settings, "local", build_embedder(settings), metrics=["faithfulness"])
    print(json.dumps(summary, ensure_ascii=False), [r["ragas"] for r in records])
    assert summary["calls"] >= 2 and summary["judge"].startswith("local:qwen2.5")
    assert_every_metric_of_every_item_is_accounted_for(records, summary, ["faithfulness"])
    scores = {r["id"]: r["ragas"]["faithfulness"] for r in records}
    # The judge must tell the wrong dose apart.
    assert scores["ru-good"] is not None and scores["ru-bad"] is not None, f"ru pair did not parse: {summary}"
    assert scores["ru-good"] > scores["ru-bad"], scores


# ---------------------------------------------------------------- the same judge over HTTP
from tests.guideline_assist.answering.test_backends import llama_server  # noqa: E402,F401  (shared fixture)


def test_openai_compatible_judge_by_url_is_accounted_the_same_way(settings, llama_server):  # noqa: F811
    from guideline_assist.store.embedders import build_embedder

    settings = with_answer(settings, backend="extractive", openai_base_url=llama_server, openai_model="smollm2")
    records = [smollm2_records()[0], smollm2_records()[2]]
    summary = score_records(records, settings, "openai", build_embedder(settings))
    print(json.dumps(summary, ensure_ascii=False))
    assert summary["judge"] == f"openai:smollm2@{llama_server}" and summary["calls"] > 0
    assert_every_metric_of_every_item_is_accounted_for(records, summary, TEXT_METRICS + LLM_METRICS)
    assert all(summary["skipped"][m] == 1 for m in LLM_METRICS)
