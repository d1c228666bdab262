"""Re-ranking keeps a place for a passage the question's words cannot reach: a Russian or Tajik question and
the English WHO guideline (our own sentences; the small corpus of tests/fixtures)."""

from __future__ import annotations

from dataclasses import replace

from guideline_assist.answering.rerank import _other_language, other_language_filters, unseen
from guideline_assist.answering.retrieve import SearchFilters
from tests.guideline_assist.answering.test_verify import source


def passage(number: int, language: str, similarity: float):
    return replace(source(number, f"text {number}", language).passage, similarity=similarity)


def test_a_close_english_passage_takes_the_last_place_of_a_russian_only_list():
    kept = [passage(1, "ru", 0.90), passage(2, "ru", 0.89), passage(3, "ru", 0.88)]
    english = passage(4, "en", 0.87)
    assert _other_language(kept, [*kept, english], "ru")[-1] == english
    assert _other_language(kept, [*kept, english], "tg")[-1] == english


def test_a_far_english_passage_does_not_and_a_tajik_question_counts_russian_as_reached():
    kept = [passage(1, "ru", 0.90), passage(2, "ru", 0.89)]
    far = passage(4, "en", 0.80)
    assert _other_language(kept, [*kept, far], "ru") == kept
    english = [passage(6, "en", 0.90), passage(7, "en", 0.89)]
    assert _other_language(english, [*english, passage(5, "tg", 0.90)], "en")[-1].language == "tg"


def test_the_other_language_pool_respects_the_askers_filters():
    assert other_language_filters("ru", None).languages == ("tg", "en")
    assert other_language_filters("tg", None).languages == ("en",)
    assert other_language_filters("en", SearchFilters(kinds=("guideline",))).kinds == ("guideline",)
    assert other_language_filters("ru", SearchFilters(languages=("ru",))) is None
    pool = [passage(1, "en", 0.9), passage(2, "en", 0.8)]
    assert unseen(pool, pool[:1]) == pool[1:]


def test_a_russian_question_on_what_only_the_english_guideline_says_retrieves_it(small_corpus, settings):
    from guideline_assist.answering.assistant import Assistant
    from guideline_assist.service import GuidelineIndex

    with GuidelineIndex(settings) as index:
        index.index()
        gathered = Assistant(index, settings).gather("Сколько фолиевой кислоты принимать беременной ежедневно?")
    assert "who-anc-2016" in {s.passage.doc_id for s in gathered.sources}
