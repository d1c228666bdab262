"""Content stems: what the evidence score and the re-ranker count as the words of a question."""

from __future__ import annotations

from guideline_assist.text.units import content_stems


def test_tajik_auxiliaries_and_question_words_are_not_content():
    stems = content_stems("ЭКГ ба мардон аз чанд сола гузаронида мешавад? Кай лозим аст?", "tg")
    assert not stems & {"мешав", "кай", "лозим"}
    assert {"экг", "мардо"} <= stems
    # Typed on a Russian keyboard: the same words, the same stems.
    assert content_stems("Табобат кай лозим хаст?", "tg") == content_stems("Табобат кай лозим ҳаст?", "tg")
