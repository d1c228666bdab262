"""Content stems: what the evidence score and the re-ranker count as the words of a question."""

from __future__ import annotations

from guideline_assist.text.units import content_stems


def test_tajik_auxiliaries_and_question_words_are_not_content():
    stems = content_stems("ЭКГ ба мардон аз чанд сола гузаронида мешавад? Кай лозим аст?", "tg")
    assert not stems & {"мешав", "кай", "лозим"}
    assert {"экг", "мардо"} <= stems
    # Typed on a Russian keyboard: the same words, the same stems.
    assert content_stems("Табобат кай лозим хаст?", "tg") == content_stems("Табобат кай лозим ҳаст?", "tg")


def test_tajik_verb_forms_are_not_content_but_the_nouns_beside_them_are():
    question = "Пеш аз сар кардани доруҳои зидди фишор кадом таҳлилҳоро гирифтан лозим аст? Табибон чӣ тавр медиҳанд?"
    stems = content_stems(question, "tg")
    assert {"дорух", "фишор", "тахли", "табиб"} <= stems
    assert not stems & {"карда", "гириф", "медих", "тавр"}
    for verb in ("мекунем", "намедиҳанд", "додани", "гузаронидааст", "омадааст", "бурдан"):
        assert content_stems(f"{verb} катаракта", "tg") == {"катар"}, verb
    # Nouns that only end like an infinitive stay: body, neck, homeland; and Russian words are not Tajik verbs.
    assert content_stems("бадан гардан ватан", "tg") == {"бадан", "гарда", "ватан"}
    assert "назнач" in content_stems("Врачи назначают", "ru")
