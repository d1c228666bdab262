"""The medicine list covers the real formularies: the WHO Model List of Essential Medicines (23rd list) and
the Russian list of vital and essential medicines (ЖНВЛП 2015). Both PDFs are read at run time from
../shared/real-guidelines (nothing of them is copied here) the way the indexer reads them.

How candidate names are taken from each list's structure:
- WHO EML: its alphabetical index (the lines after the "Index" heading, "name ....... pages"). Every
  medicine of every section is there once; a combination ("amoxicillin + clavulanic acid") counts as
  recognised when each of its parts names a medicine of ours.
- ЖНВЛП: each row of Appendix 1 is "ATC code | group | INN | dosage forms". The INN is whatever stands right
  before the first dosage-form word ("раствор", "таблетки", "капсулы" ...), back to a boundary (line start,
  ";", an ATC code). The table's cells are often run together, so the group's words may stand in front
  of the INN: a row counts as recognised only if a medicine we find in it is spelled with the row's last
  word (the INN's end), not merely with a word of the group name. Rows whose last word is a word of the
  table itself ("для приготовления", "препараты") are not candidates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evals.real_corpus import DEFAULT_PDFS
from guideline_assist.text.segment import WORD
from guideline_assist.text.terms import ClinicalTerms, _stem_matches, fold

REAL = DEFAULT_PDFS  # ../shared/real-guidelines/pdf beside the clone
EML = REAL / "en_who_model_list_essential_medicines_23rd_2023.pdf"
ZHNVLP = REAL / "ru_gov_zhnvlp_vital_essential_medicines_list_2015.pdf"
MIN_SHARE = 0.95

DOT_LEADER = re.compile(r"^(?P<name>[^.]+?)\s*\.{4,}[\s.]*[\d,\s]+$")
EML_PARTS = re.compile(r"\s+[+–]\s+")
FORM_WORD = re.compile(
    r"\b(?:раствор|таблетк|капсул|лиофилизат|порош|мазь|капли|суспензи|концентр|суппозитори|сироп|драже|гель|"
    r"крем|спрей|аэрозоль|эмульси|пластырь|имплантат|газ|гранулы|пастилки|линимент|настойка|микросферы|пленк|"
    r"шампунь|жидкость|набор|трансдермальн|губка|экстракт|палочки|паста|дисперси)\w*",
    re.IGNORECASE,
)
ATC_CODE = re.compile(r"\b[A-ZА-Я]\s?\d\s?\d(?:\s?[A-ZА-Я]){0,2}\b")
NAME_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# Words of the table's headings and dosage forms that end a window without being an INN.
TABLE_WORDS = set(
    "для приготовления введения применения приема внутрь "
    "наружного местного покрытые оболочкой пленочной препараты средства и в с на к сложный действия инфузий "
    "инъекций производные комбинации сосудистая нервная дыхательная мышечная ирригационные перфузионные "
    "аллергенов бета ия я тракта кишечного моторику заболеваний"
    " система жировые диализа терапевтическая соединения другими препаратами лактамаз фенотиазина моноаминов"
    " ингаляций".split()
)


def _pages(path: Path) -> list[str]:
    if not path.is_file():
        pytest.skip(f"real formulary PDF not found in {REAL} (shared/ not laid out)")
    from indexing.cleaning import clean_pages
    from indexing.pdf import read_pages

    return [page.text for page in clean_pages(read_pages(path))]


def eml_names(pages: list[str]) -> list[str]:
    """Medicine names of the EML's index, in order."""
    text = "\n".join(pages)
    index = text[text.rindex("\nIndex\n") :]
    names = []
    for line in index.splitlines():
        if match := DOT_LEADER.match(line.strip()):
            names.append(match["name"])
    return names


def _may_be_inn(words: list[str]) -> bool:
    last = words[-1].lower()
    split_last = "".join(words[-2:]).lower()  # "для пригот овления": a table word split in two
    return bool(re.search(r"[а-яё]", last)) and last not in TABLE_WORDS and split_last not in TABLE_WORDS


def zhnvlp_rows(pages: list[str]) -> dict[str, str]:
    """Window before each dosage-form list of Appendix 1, keyed by its last two words (rows repeat)."""
    text = "\n".join(pages)
    text = text[text.index("ПРИЛОЖЕНИЕ № 1") : text.index("ПРИЛОЖЕНИЕ № 2")].replace("|", " ")
    rows: dict[str, str] = {}
    for line in text.splitlines():
        start = 0
        for form in FORM_WORD.finditer(line):
            window = re.split(r";", line[start : form.start()])[-1]
            start = form.end()
            window = ATC_CODE.split(window)[-1]
            window = re.sub(r"\([^)]*\)?\s*$", "", window)
            words = NAME_WORD.findall(window)
            if not words or not _may_be_inn(words):
                continue
            rows.setdefault(" ".join(words[-2:]).lower(), " ".join(words))
    return rows


def _named_by_last_word(terms: ClinicalTerms, window: str) -> bool:
    words = WORD.findall(fold(window))
    # The PDF's text layer splits some words in two ("ната мицин"): adjacent words joined are read too.
    joined = [a + b for a, b in zip(words, words[1:])]
    tails = {words[-1], *joined[-1:]}
    found = terms.drugs(" ".join(words + joined))
    spellings = (s for t in terms.terms if t.key in found for s in t.spellings)
    return any(_stem_matches(tail, sw) for s in spellings for sw in s for tail in tails)


def _report(name: str, misses: list[str], total: int) -> float:
    share = 1 - len(misses) / total
    print(f"\n{name}: {total - len(misses)}/{total} recognised ({share:.1%}); misses:")
    for miss in misses:
        print("  -", miss)
    return share


@pytest.fixture(scope="module")
def terms() -> ClinicalTerms:
    return ClinicalTerms.load()


@pytest.mark.slow
@pytest.mark.real_corpus  # reads a 71-page PDF: make check-real
def test_recognises_the_who_essential_medicines(terms):
    names = eml_names(_pages(EML))
    assert len(names) > 450  # the index was found and read, not a page of it
    misses = [
        name
        for name in names
        if not all(terms.drugs(re.sub(r"\([^)]*\)", " ", part)) for part in EML_PARTS.split(name))
    ]
    assert _report("WHO EML 23", misses, len(names)) >= MIN_SHARE


@pytest.mark.slow
@pytest.mark.real_corpus  # reads a 173-page PDF: make check-real
def test_recognises_the_russian_vital_and_essential_medicines(terms):
    rows = zhnvlp_rows(_pages(ZHNVLP))
    assert len(rows) > 450
    misses = [window for window in rows.values() if not _named_by_last_word(terms, window)]
    assert _report("ЖНВЛП 2015", misses, len(rows)) >= MIN_SHARE


CORPUS = Path(__file__).resolve().parents[3] / "corpus" / "sources"
KR284 = REAL / "ru_minzdrav_kr284_senile_cataract_2020.pdf"


@pytest.mark.parametrize(
    "source,expected",
    [
        # Iron, folic acid, vitamins C and B12 and albendazole are all named as treatments in this guideline.
        (
            "tj-moh-anaemia-pregnancy-2020.md",
            {"iron", "folic acid", "ascorbic acid", "cyanocobalamin", "albendazole"},
        ),
        # Tajik text: oxygen ("оксиген") is given for hypoxaemia, Hib is the vaccine in the prevention advice.
        (
            "tj-moh-imci-pneumonia-2021-tg.md",
            {
                "amoxicillin",
                "ampicillin",
                "benzylpenicillin",
                "codeine",
                "gentamicin",
                "hib vaccine",
                "oxygen",
                "salbutamol",
            },
        ),
    ],
)
def test_demo_guidelines_name_only_their_medicines(terms, source, expected):
    text = (CORPUS / source).read_text(encoding="utf-8")
    assert set(terms.names(terms.drugs(text))) == expected


def test_a_real_cataract_guideline_names_only_its_medicines(terms):
    text = "\n".join(_pages(KR284))
    # Acetazolamide, aspirin and the vitamin drops are treatments the guideline discusses. Calcium and zinc are
    # ions of the lens in its pathogenesis paragraph ("...натрия, кальция, цинка..."): the list's older
    # one-word spellings of those two read them as medicines, a known limit the new entries do not widen.
    assert set(terms.names(terms.drugs(text))) == {
        "acetazolamide",
        "acetylsalicylic acid",
        "ascorbic acid",
        "riboflavin",
        "calcium",
        "zinc",
    }
