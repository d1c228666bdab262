"""Medicines and routes recognised across Russian, Tajik and English spellings and case endings."""

from __future__ import annotations

import pytest

from guideline_assist.text.terms import ClinicalTerms


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Вводят магния сульфат в/м", {"drug:magnesium sulfate", "route:intramuscular"}),
        ("Вояи сулфати магний дар преэклампсия", {"drug:magnesium sulfate"}),
        ("Табобат бо доксисиклин", {"drug:doxycycline"}),  # Tajik spelling with с for ц
        ("сульфат цинка 10 мг", {"drug:zinc"}),
        ("доруи рӯҳ 10 мг", {"drug:zinc"}),
        ("Give amoxicillin orally twice daily", {"drug:amoxicillin", "route:oral"}),
        ("Транексамовую кислоту 1 г внутривенно", {"drug:tranexamic acid", "route:intravenous"}),
        ("амоксициллина и гентамицином", {"drug:amoxicillin", "drug:gentamicin"}),
        # A fixed combination with a slash names both; a route's slash stays one word.
        ("доза сакубитрила/валсартана", {"drug:sacubitril", "drug:valsartan"}),
        ("Цефтриаксон в/в 1 г", {"drug:ceftriaxone", "route:intravenous"}),
    ],
)
def test_finds_medicines_and_routes_in_any_language_and_case(text, expected):
    assert ClinicalTerms.load().find(text) == expected


def test_does_not_take_words_that_merely_start_alike():
    terms = ClinicalTerms.load()
    assert terms.find("ironic remarks") == set()
    assert terms.find("кислота") == set()  # "acid" alone names no medicine
    assert terms.find("рухсат гирифтан") == set()  # Tajik "permission" is not руҳ (zinc)


def test_spelled_gives_the_word_as_the_reader_wrote_it():
    terms = ClinicalTerms.load()
    question = "Вояи Сефтриаксон барои кӯдак"
    (key,) = terms.drugs(question)
    assert terms.spelled(question, key) == "Сефтриаксон"
    assert terms.spelled("no medicine here", key) == "ceftriaxone"
    assert terms.spelled("Доза сакубитрила/валсартана?", "drug:sacubitril") == "сакубитрила"
    question = "Какую дозу железа сахарата вводят внутривенно?"
    assert terms.drugs(question) == {"drug:iron", "drug:iron sucrose"}
    assert terms.spelled(question, "drug:iron sucrose") == "железа сахарата"


@pytest.mark.parametrize(
    "text,expected",
    [
        # Ordinary words kept as medicines, in the forms a guideline uses them.
        ("Подача кислорода через маску при SpO2 < 90%", {"drug:oxygen"}),
        ("Ба кӯдак оксиген диҳед", {"drug:oxygen"}),
        ("Вода для инъекций 5 мл", {"drug:water for injection"}),
        ("Развести в воде для инъекций", set()),  # "воде" is not "вода": the one-word form stays exact
        ("Раствор йода наносят на кожу", {"drug:iodine"}),
        ("калия йодид 200 мкг", {"drug:potassium iodide"}),  # not iodine: йодид is another word
        ("Give activated charcoal 1 g/kg", {"drug:activated charcoal"}),
        ("калия хлорид 4% внутривенно капельно", {"drug:potassium chloride", "route:intravenous"}),
        ("Проба с туберкулином", {"drug:tuberculin"}),
        ("Гелофузин (желатин) 500 мл", {"drug:gelatin"}),
        # ... and the same words in ordinary prose name no medicine.
        ("Пить больше воды, уголь не давать", set()),
        ("Калий крови 5,5 ммоль/л, мочевина 7 ммоль/л", set()),
        ("Platelets below 100 000; urea raised", set()),
        ("Лечение туберкулёза лёгких", set()),
        ("Госпитализация желательна без промедления", set()),
        ("Дефицит гормона роста у детей", set()),
        ("Charcoal burners and iodine-deficient soils", {"drug:iodine"}),
    ],
)
def test_ordinary_words_are_medicines_only_in_their_medicine_sense(text, expected):
    assert ClinicalTerms.load().find(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Назначить эзомепразол 40 мг", {"drug:esomeprazole"}),
        ("Вояи сефтазидим ва амикатсин", {"drug:ceftazidime", "drug:amikacin"}),  # Tajik spellings
        ("Инсулин гларгин 10 ЕД подкожно", {"drug:insulin", "drug:insulin glargine", "route:subcutaneous"}),
        ("кислотаи аскорбинӣ 500 мг", {"drug:ascorbic acid"}),
        ("Салбутамол ва будесонид", {"drug:salbutamol", "drug:budesonide"}),
        ("Вальпроевую кислоту отменить", {"drug:valproic acid"}),
        ("measles vaccine at 9 months", {"drug:measles vaccine"}),
    ],
)
def test_formulary_medicines_in_any_language_and_case(text, expected):
    assert ClinicalTerms.load().find(text) == expected


def test_a_gland_is_not_iron_though_russian_spells_both_железа():
    terms = ClinicalTerms.load()
    assert terms.drugs("Узлы щитовидной железы, рак предстательной железы, поджелудочной железе") == set()
    assert terms.drugs("Препараты железа при дефиците железа") == {"drug:iron"}
    assert terms.drugs("УЗИ щитовидной железы; железо 60 мг") == {"drug:iron"}
