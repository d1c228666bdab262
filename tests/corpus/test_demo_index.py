"""The whole demonstration corpus indexed for real (slow): what a newcomer sees after `make run`."""

from __future__ import annotations

import pytest

from guideline_assist.core.settings import Settings
from guideline_assist.service import GuidelineIndex
from tests.conftest import corrupt_pdf

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(demo_index):
    return demo_index, demo_index.first_report


def test_every_document_is_indexed_and_a_second_run_changes_nothing(demo):
    gi, report = demo
    assert report.ok and len(report.outcomes) == 14
    assert all(o.chunks >= 5 for o in report.outcomes)
    again = gi.index()
    assert again.changed == [] and {o.action for o in again.outcomes} == {"unchanged"}


def page_showing(doc_id: str, words: str) -> int:
    """The page of the PDF on which the words are printed (read with pypdf, not with our pipeline)."""
    import pypdf

    from guideline_assist.core.settings import DEFAULT_CORPUS_DIR

    reader = pypdf.PdfReader(str(DEFAULT_CORPUS_DIR / "pdf" / f"{doc_id}.pdf"))
    pages = [n for n, page in enumerate(reader.pages, 1) if words in " ".join(page.extract_text().split())]
    assert len(pages) == 1, (doc_id, words, pages)
    return pages[0]


@pytest.mark.parametrize(
    "question,doc,words",
    [
        (
            "Какую дозу транексамовой кислоты вводят при послеродовом кровотечении?",
            "tj-moh-pph-2020",
            "1 г внутривенно в течение 10 минут как можно раньше",
        ),
        ("Максимальная суточная доза парацетамола у детей", "tj-moh-formulary-phc-2022", "60 мг/кг в сутки для детей"),
        (
            "Нақшаи В барои кӯдаки то 12-моҳа чӣ қадар маҳлул?",
            "tj-moh-imci-diarrhoea-2021-tg",
            "аввал 30 мл/кг дар давоми 1 соат",
        ),
        ("Кӯдаки 3-сола чанд ҳаби амоксициллин мегирад?", "tj-moh-imci-pneumonia-2021-tg", "3 ҳаб (750 мг)"),
        ("How many antenatal care contacts does WHO recommend?", "who-antenatal-care-2016-en", "at least eight"),
    ],
)
def test_questions_find_the_right_document_and_page(demo, question, doc, words):
    gi, _ = demo
    hits = gi.search(question, k=5)
    match = next((h for h in hits if h.doc_id == doc and words in " ".join(h.text.split())), None)
    assert match is not None, [(h.doc_id, h.pages) for h in hits]
    assert page_showing(doc, words) in match.pages


def test_superseded_edition_is_not_served_as_current(demo):
    gi, _ = demo
    question = "Фаза продолжения лечения туберкулёза изониазид и этамбутол 6 месяцев"
    assert "tj-moh-tb-2008" not in {h.doc_id for h in gi.search(question, k=10)}
    assert "tj-moh-tb-2008" in {h.doc_id for h in gi.search(question, k=10, include_superseded=True)}
    current = [h for h in gi.search(question, k=10) if h.doc_id == "tj-moh-tb-2023"]
    assert current and current[0].status == "in_force"


def test_who_and_national_iron_doses_are_both_indexed(demo):
    gi, _ = demo
    texts: dict[str, str] = {}
    for question in ("iron and folic acid dose in pregnancy", "доза железа беременным для профилактики анемии"):
        for hit in gi.search(question, k=10):
            texts[hit.doc_id] = texts.get(hit.doc_id, "") + hit.text
    assert "30 mg to 60 mg of elemental iron" in texts["who-antenatal-care-2016-en"]
    assert "60 мг элементарного железа" in texts["tj-moh-anaemia-pregnancy-2020"]


def test_corrupt_pdf_in_the_manifest_fails_alone(tmp_path):
    """The issue's 'done when': a corrupt PDF gives a clear error, every other document stays searchable.
    Four of the demo documents (the whole corpus took 84 s to embed again for this)."""
    import shutil

    import yaml

    from guideline_assist.core.settings import DEFAULT_CORPUS_DIR

    corpus = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS_DIR, corpus, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    keep = {"tj-moh-brucellosis-2018", "tj-moh-pph-2020", "tj-moh-formulary-phc-2022", "who-antenatal-care-2016-en"}
    manifest = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["id"] in keep]
    assert {d["id"] for d in manifest["documents"]} == keep
    (corpus / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    corrupt_pdf(corpus / "pdf" / "tj-moh-brucellosis-2018.pdf", "## 1. x\nтекст")
    with GuidelineIndex(Settings(data_dir=tmp_path / "data", corpus_dir=corpus)) as gi:
        report = gi.index()
        failed = report.failed
        assert [o.doc_id for o in failed] == ["tj-moh-brucellosis-2018"]
        assert "tj-moh-brucellosis-2018.pdf: the file is damaged or is not a PDF" in failed[0].error.message("en")
        assert sum(o.action == "added" for o in report.outcomes) == 3
        assert gi.search("доза окситоцина", k=3)[0].doc_id in {"tj-moh-pph-2020", "tj-moh-formulary-phc-2022"}
