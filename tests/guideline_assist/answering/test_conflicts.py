"""Conflicts inside one document: two statements giving one medicine different amounts in the same
circumstances are shown together with a notice; per-weight or per-age rows, other units, loading beside
maintenance doses and product strengths are not conflicts (checked over the real guideline PDFs)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from guideline_assist.answering import extractive
from guideline_assist.answering.assistant import Assistant
from guideline_assist.answering.conflicts import find_conflicts
from guideline_assist.answering.dose_context import amounts, context, contradict
from guideline_assist.core import i18n
from guideline_assist.core.settings import Settings
from guideline_assist.service import GuidelineIndex
from guideline_assist.text.terms import ClinicalTerms
from guideline_assist.text.units import statements
from tests.guideline_assist.answering.test_guard import REAL_PDFS, guideline_paragraphs
from tests.guideline_assist.answering.test_verify import source

FIVE = "Доза гепарина для взрослых: 5000 ЕД подкожно каждые 12 часов."
TWENTY_FIVE = "Доза гепарина для взрослых: 25000 ЕД подкожно каждые 12 часов."
CONTRADICTING = f"""## 1. Профилактика тромбоэмболии
Рекомендация 1. {FIVE}

## 2. Особые ситуации
Рекомендация 2. {TWENTY_FIVE}
"""


def one_document(*texts: str, doc_id: str = "tj-heparin", edition: str = "2022"):
    return [
        replace(s, passage=replace(s.passage, doc_id=doc_id, edition=edition))
        for s in (source(n, text) for n, text in enumerate(texts, 1))
    ]


def conflicts_among(sources, drug: str = "drug:heparin"):
    ranked = extractive.rank("доза гепарина", "ru", sources)
    return find_conflicts(ranked, sources, {drug}, {st.text: 0.9 for st in ranked})


def test_two_amounts_for_the_same_circumstances_in_one_document_are_a_conflict():
    conflicts, shown = conflicts_among(one_document(FIVE, TWENTY_FIVE))
    assert [(c.subject, c.same_document, sorted(c.statements)) for c in conflicts] == [
        ("heparin", True, [(1, "5000 iu"), (2, "25000 iu")])
    ]
    assert {st.text for st in shown} == {FIVE, TWENTY_FIVE}
    # The same two statements in two documents of one issuer are two indications, not a conflict.
    assert conflicts_among([source(1, FIVE), source(2, TWENTY_FIVE)]) == ([], [])


@pytest.mark.parametrize(
    "first,second",
    [
        # Rows of a dosing table, by weight and by age.
        ("Масса тела 30–39 кг; Гепарин, доза: 5000 ЕД", "Масса тела 40–54 кг; Гепарин, доза: 7500 ЕД"),
        ("Возраст 1–5 лет; Гепарин: 50 ЕД", "Возраст 6–12 лет; Гепарин: 100 ЕД"),
        # Another unit, another population, another phase, another route, another interval.
        ("Гепарин 100 ЕД/кг внутривенно.", "Гепарин 5000 ЕД/кг внутривенно детям."),
        ("Гепарин 75 мг/кг в сутки.", "Гепарин 500 мг в сутки."),
        ("Гепарин детям 50 ЕД подкожно.", "Гепарин взрослым 5000 ЕД подкожно."),
        ("Нагрузочная доза гепарина 5000 ЕД.", "Поддерживающая доза гепарина 1000 ЕД."),
        ("Гепарин вводят 5000 ЕД внутривенно.", "Гепарин вводят 10000 ЕД подкожно."),
        ("Гепарин 5000 ЕД каждые 12 часов.", "Гепарин 2500 ЕД каждые 6 часов."),
        ("Гепарин 5000 ЕД для профилактики.", "Гепарин 18000 ЕД для лечения."),
        ("Гепарин 5000 ЕД 2 раза в сутки.", "Максимальная доза гепарина 40000 ЕД в сутки."),
        # Strengths of products, not amounts to give; overlapping amounts.
        ("Гепарин, раствор для инъекций 5000 ЕД/мл.", "Гепарин, раствор для инъекций 25000 ЕД/5 мл."),
        ("Гепарин 5000–10000 ЕД подкожно.", "Гепарин 7500 ЕД подкожно."),
    ],
)
def test_different_circumstances_are_not_a_conflict(first, second):
    assert conflicts_among(one_document(first, second)) == ([], [])


def test_contradict_compares_amounts_in_shared_units_only():
    assert contradict(amounts("5000 ЕД"), amounts("25000 ЕД"))
    assert not contradict(amounts("10 мг/кг"), amounts("500 мг"))
    assert not contradict(amounts("30–60 мг"), amounts("60 мг"))
    assert context(FIVE).same_as(context(TWENTY_FIVE))


@pytest.mark.skipif(not REAL_PDFS.is_dir(), reason=f"the real guideline PDFs are not beside the clone ({REAL_PDFS})")
def test_statements_of_one_real_guideline_are_not_taken_for_contradictions():
    """Every pair of statements of one document that name the same single medicine with an amount."""
    terms = ClinicalTerms.load()
    pairs = flagged = 0
    for texts in guideline_paragraphs().values():
        by_drug: dict[str, dict[str, None]] = {}
        for text in texts:
            for statement in statements(text):
                drugs = terms.drugs(statement)
                if len(drugs) == 1 and amounts(statement):
                    by_drug.setdefault(drugs.pop(), {})[statement] = None
        for found in by_drug.values():
            read = [(amounts(s), context(s, terms)) for s in found]
            for (a, a_context), (b, b_context) in itertools.combinations(read, 2):
                pairs += 1
                flagged += a_context.same_as(b_context) and contradict(a, b)
    assert pairs > 50  # 93 when measured (83 in the real PDFs, 10 in the demonstration corpus)
    assert flagged == 0


@pytest.fixture(scope="module")
def contradicting_index(tmp_path_factory):
    from tests.conftest import CorpusBuilder

    root = tmp_path_factory.mktemp("conflicts")
    builder = CorpusBuilder(root / "corpus")
    builder.add("tj-heparin-2022", CONTRADICTING, "ru", title="Гепарин: профилактика тромбоэмболии")
    settings = Settings(data_dir=root / "data", corpus_dir=builder.root)
    with GuidelineIndex(settings) as index:
        assert index.index().ok
        yield index, settings


def test_an_answer_from_a_self_contradicting_document_carries_the_notice(contradicting_index):
    index, settings = contradicting_index
    answer = Assistant(index, settings).ask("Какая доза гепарина взрослым?")
    assert not answer.abstained
    assert "5000 ЕД" in answer.text and "25000 ЕД" in answer.text  # both places are quoted
    [conflict] = answer.conflicts
    assert conflict.same_document and conflict.subject == "heparin"
    sides = "; ".join(f"[{n}] {doses}" for n, doses in conflict.statements)
    assert i18n.text("conflict_same_document", "ru", sides=sides) in answer.notices
    assert "5000 iu" in sides and "25000 iu" in sides
