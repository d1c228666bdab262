"""Dose comparison: the same dose written differently matches; a changed dose never does."""

from __future__ import annotations

import pytest

from guideline_assist.text.quantities import Band, Quantity, bands, quantities, unsupported

PASSAGE = (
    "Транексамовая кислота 1 г внутривенно в течение 10 минут; вторая доза 1 г через 30 минут. "
    "Фолиевая кислота 0,4 мг (400 мкг). Цинк 10–14 дней. Бензатина бензилпенициллин 2 400 000 ЕД. "
    "Амоксициллин 40 мг/кг 2 раза в сутки. Давление 140/90 мм рт. ст."
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("0,4 мг", [Quantity("0.4", "mg")]),
        ("0.4 mg", [Quantity("0.4", "mg")]),
        ("400 мкг", [Quantity("400", "mcg")]),
        ("400 µg", [Quantity("400", "mcg")]),
        ("10–14 дней", [Quantity("10-14", "day")]),
        ("10 - 14 days", [Quantity("10-14", "day")]),
        ("2 400 000 ЕД", [Quantity("2400000", "iu")]),
        ("40 мг/кг", [Quantity("40", "mg/kg")]),
        ("10 МЕ", [Quantity("10", "iu")]),
        ("1,50 г", [Quantity("1.5", "g")]),
        ("75 ммоль/л", [Quantity("75", "mmol/l")]),
        ("SpO2 камтар аз 90 %", [Quantity("90", "%")]),  # digits inside names (SpO2, HbA1c) are not doses
        ("HbA1c 6,5 %", [Quantity("6.5", "%")]),
        ("ответ [1] и [2, 3]", []),
    ],
)
def test_quantities_are_normalised(text, expected):
    assert quantities(text) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Вводят транексамовую кислоту 1 г внутривенно за 10 минут [1].",
        "Tranexamic acid 1 g IV over 10 min [1].",
        "Фолиевая кислота 0.4 mg в сутки [2].",
        "Цинк назначают на 10-14 дней [1].",
        "Доза 2400000 ЕД однократно [3].",
        "Amoxicillin 40 mg/kg twice daily [1].",
    ],
)
def test_supported_sentences_pass(sentence):
    assert unsupported(sentence, [PASSAGE]) == []


@pytest.mark.parametrize(
    "sentence,wrong",
    [
        ("Вводят транексамовую кислоту 2 г внутривенно [1].", "2 g"),
        ("Фолиевая кислота 4 мг в сутки [2].", "4 mg"),
        ("Фолиевая кислота 0,4 г в сутки [2].", "0.4 g"),
        ("Цинк назначают на 10–21 день [1].", "10-21 day"),
        ("Амоксициллин 40 мг 2 раза в сутки [1].", "40 mg"),
        ("Доза 240 000 ЕД однократно [3].", "240000 iu"),
    ],
)
def test_a_changed_dose_is_caught(sentence, wrong):
    assert wrong in [str(q) for q in unsupported(sentence, [PASSAGE])]


@pytest.mark.parametrize(
    "text, band, inside, outside",
    [
        ("55–70 кг", Band(55, 70, "kg", False), [55, 70], [54, 71]),
        ("от 4 до 10 кг", Band(4, 10, "kg", False), [4, 10], [3.5, 11]),
        ("аз 4 то камтар аз 10 кг", Band(4, 10, "kg", True), [4, 9.9], [10, 3]),  # 10 kg is the next band's
        ("from 14 to less than 19 kg", Band(14, 19, "kg", True), [14], [19]),
    ],
)
def test_bands_in_figures_and_in_words(text, band, inside, outside):
    assert bands(text) == [band]
    assert all(band.holds(v, "kg") for v in inside) and not any(band.holds(v, "kg") for v in outside)
    assert not band.holds(inside[0], "mg")
