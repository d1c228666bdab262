"""Classes of medicines: found by their words in ru, tg and en with any case ending, or through a medicine of
the class; every member is a medicine the clinical terms know."""

from __future__ import annotations

import pytest

from guideline_assist.text.medicine_classes import DATA, MedicineClasses
from guideline_assist.text.terms import ClinicalTerms


@pytest.fixture(scope="module")
def classes() -> MedicineClasses:
    return MedicineClasses.load()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Which statin is on the core list?", {"class:statin"}),
        ("Статины при дислипидемии", {"class:statin"}),
        ("Кадом статинҳоро таъин мекунанд?", {"class:statin"}),
        ("иАПФ или БРА?", {"class:ace inhibitor", "class:angiotensin receptor blocker"}),
        (
            "ACEis/ARBs and dihydropyridine CCBs",
            {"class:ace inhibitor", "class:angiotensin receptor blocker", "class:calcium channel blocker"},
        ),
        (
            "инстилляции антибактериальных, глюкокортикостероидных и нестероидных противовоспалительных препаратов",
            {"class:antibacterial", "class:corticosteroid", "class:nsaid"},
        ),
        ("қатраҳои антибиотикӣ ва НПВС", {"class:antibacterial", "class:nsaid"}),
        # Words that only begin like a class are none.
        ("Статистика диспансеризации", set()),
        ("Нестероидный", set()),
    ],
)
def test_a_class_is_found_by_its_words(classes, text, named):
    assert classes.named(text) == named


def test_a_text_naming_a_medicine_of_the_class_is_about_the_class(classes):
    terms = ClinicalTerms.load()
    row = "simvastatin | Tablet: 5 mg; 10 mg; 20 mg; 40 mg."
    assert classes.named(row) == set()
    assert classes.of(row, terms.drugs(row)) == {"class:statin"}
    assert classes.of("Верапамил 40 мг", terms.drugs("Верапамил 40 мг")) == {"class:calcium channel blocker"}


def test_every_member_is_a_medicine_the_clinical_terms_know(classes):
    known = set(ClinicalTerms.load().names({t.key for t in ClinicalTerms.load().terms}, "drug"))
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, members = line.split("\t")
            assert set(members.split(",")) <= known, name
    assert classes.members({"class:statin"})[:2] == ("atorvastatin", "simvastatin")
