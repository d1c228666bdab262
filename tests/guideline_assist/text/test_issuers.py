"""The issuer a question names: WHO by its Russian, Tajik and English names and abbreviations (capitals only),
the country's own ministry or "national protocol"; words that look like the abbreviations are not issuers."""

from __future__ import annotations

import pytest

from guideline_assist.text.issuers import issuer_matches, named_issuer_names, named_issuers


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("Какое целевое САД по ВОЗ у гипертоника после инфаркта?", {"who"}),
        ("Метилдопа в перечне ВОЗ — для каких пациентов?", {"who"}),
        ("Что рекомендует Всемирная организация здравоохранения при пневмонии?", {"who"}),
        ("Аз рӯи ТУТ фишори ҳадаф чанд аст?", {"who"}),
        ("Ташкилоти Умумиҷаҳонии Тандурустӣ чӣ тавсия медиҳад?", {"who"}),
        ("BP target for an uncomplicated hypertensive per WHO?", {"who"}),
        ("Железо беременной: по ВОЗ и по национальному протоколу?", {"who", "national"}),
        ("What daily iron dose — WHO or the Tajik protocol?", {"who", "national"}),
        ("Протоколи миллӣ кадом вояро медиҳад?", {"national"}),
        ("Что говорит Минздрав РТ о вакцинации?", {"national"}),
        ("Амиодарон в ЖНВЛП 2015 — в каких формах?", {"russia"}),
        ("варфарин дар перечени ЖНВЛП 2015 бо кадом шакл омадааст?", {"russia"}),
        ("Клинические рекомендации Минздрава России по ГКМП?", {"russia"}),
        # Look-alike words are not issuers: a cart, "here", mulberry, the English pronoun.
        ("Воз с сеном и тут же доза парацетамола?", set()),
        ("Тут хӯрдан ба кӯдак мумкин аст?", set()),
        ("who should get amoxicillin for pneumonia?", set()),
        ("Доза амоксициллина ребёнку 2 лет?", set()),
        ("ВОЗА и ТУТА", set()),
    ],
)
def test_questions_name_their_issuers(question, named):
    assert named_issuers(question) == named


def test_a_named_issuer_is_matched_to_the_manifests_names():
    served = {
        "World Health Organization",
        "Ministry of Health and Social Protection of Population of the Republic of Tajikistan",
        "Ministry of Health of the Russian Federation",
    }
    assert named_issuer_names("Амиодарон в ЖНВЛП?", served) == ("Ministry of Health of the Russian Federation",)
    assert named_issuer_names("Порог АД по ВОЗ?", served) == ("World Health Organization",)
    assert named_issuer_names("по ВОЗ и по национальному протоколу", served) == (
        "Ministry of Health and Social Protection of Population of the Republic of Tajikistan",
        "World Health Organization",
    )
    assert named_issuer_names("Доза амоксициллина?", served) == ()
    # A corpus without WHO documents: nothing to prefer.
    assert named_issuer_names("Порог АД по ВОЗ?", served - {"World Health Organization"}) == ()
    assert issuer_matches("who", "World Health Organisation (WHO)")
    assert not issuer_matches("who", "Ministry of Health of the Russian Federation")
