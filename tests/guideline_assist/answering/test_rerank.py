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


def test_passages_of_the_issuer_a_question_names_come_first():
    from guideline_assist.answering.rerank import rerank

    national = [replace(passage(n, "ru", 0.9), text="Целевое давление менее 140/90 мм рт. ст.") for n in (1, 2)]
    who = replace(passage(3, "en", 0.85), issuer="World Health Organization", text="Target below 140/90 mmHg.")
    question = "Целевое давление по ВОЗ?"
    assert rerank(question, "ru", [*national, who], [], 3)[0] != who
    assert rerank(question, "ru", [*national, who], [], 3, preferred=frozenset({"World Health Organization"}))[0] == who


def test_a_question_naming_who_is_answered_from_the_who_document(small_corpus, settings):
    from guideline_assist.answering.assistant import Assistant
    from guideline_assist.service import GuidelineIndex

    with GuidelineIndex(settings) as index:
        index.index()
        assistant = Assistant(index, settings)
        assert assistant.served_issuers() >= {"World Health Organization"}
        gathered = assistant.gather("Сколько железа в день беременной советует ВОЗ?")
        answer = assistant.ask("Сколько железа в день беременной советует ВОЗ?")
    assert gathered.sources[0].passage.doc_id == "who-anc-2016"
    assert not answer.abstained and answer.cited_sources[0].passage.doc_id == "who-anc-2016", answer.notices


def test_a_passage_naming_none_of_the_questions_conditions_goes_below_those_that_do():
    from guideline_assist.answering.rerank import rerank

    cataract = replace(passage(1, "ru", 0.84), text="Отмена препаратов за 3 дня до хирургии катаракты.")
    other = replace(passage(2, "en", 0.88), text="Start amlodipine 5 mg; recheck in 4 weeks.", title="Hypertension")
    question = "За сколько дней до операции катаракты отменять препараты?"
    assert rerank(question, "ru", [other, cataract], [], 2)[0] == cataract
    # Without a condition in the question, no passage is off topic: the closer one leads.
    assert rerank("За сколько дней отменять препараты?", "ru", [other, cataract], [], 2)[0] == other
