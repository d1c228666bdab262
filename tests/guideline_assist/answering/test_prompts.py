"""Prompts: numbered, fenced passages with their citation data; rules in the answer's language."""

from __future__ import annotations

from guideline_assist.answering.prompts import NO_ANSWER, build_messages, chatml
from tests.guideline_assist.answering.test_verify import source


def test_passages_are_numbered_fenced_and_carry_edition_and_page():
    sources = [source(1, "Окситоцин 10 МЕ в/м."), source(2, "Транексамовая кислота 1 г в/в.")]
    system, example_q, example_a, user = build_messages("Доза окситоцина?", sources, "ru")
    assert "[2]" in system.content and NO_ANSWER in system.content and "не указания" in system.content
    assert "[1] T — MoH, ред. 2020 (2020-01-01), стр. 3" in user.content
    assert "<<<\nТранексамовая кислота 1 г в/в.\n>>>" in user.content
    assert user.content.endswith("Вопрос: Доза окситоцина?")
    assert "[1]" in example_a.content and example_q.role.value == "user" and example_a.role.value == "assistant"


def test_tajik_question_for_a_russian_answer_carries_its_glossary_rendering():
    *_, user = build_messages("Вояи окситоцин?", [source(1, "Окситоцин 10 МЕ.")], "ru", gloss="доза, окситоцин")
    assert "по словарю он означает: доза, окситоцин" in user.content


def test_tajik_and_english_rules_exist_and_tajik_uses_its_own_letters():
    for language in ("tg", "en"):
        system, *_ = build_messages("q", [source(1, "x")], language)
        assert NO_ANSWER in system.content
    tajik, *_ = build_messages("q", [source(1, "x")], "tg")
    assert set("ҳқӯҷӣ") <= set(tajik.content)


def test_chatml_ends_where_the_assistant_writes():
    messages = build_messages("Доза?", [source(1, "x")], "ru")
    prompt = chatml(messages)
    assert prompt.startswith("<|im_start|>system\n") and prompt.endswith("<|im_start|>assistant\n")
    assert prompt.count("<|im_end|>") == 4
