"""The medicine pool: the chunks naming a medicine the question names, found by that name among many rows of
other medicines; a real index of our own small documents (a list of 60 medicines rendered to PDF)."""

from __future__ import annotations

from pathlib import Path

from guideline_assist.answering.medicine_pool import medicine_pool
from guideline_assist.answering.retrieve import SearchFilters
from guideline_assist.service import GuidelineIndex

TERMS = Path(__file__).resolve().parents[3] / "guideline_assist" / "text" / "data" / "clinical_terms.tsv"


def _russian_medicine_names(count: int) -> list[str]:
    names = []
    for line in TERMS.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) == 3 and fields[0] == "drug":
            first = fields[2].split("|")[0]
            if first.isalpha() and not first.isascii() and first != "тропикамид":
                names.append(first.capitalize())
    return names[:count]


def _medicine_list() -> str:
    rows = [f"| {name} | таблетки {10 * (n % 9 + 1)} мг |" for n, name in enumerate(_russian_medicine_names(60))]
    rows.insert(31, "| Тропикамид | капли глазные |")
    return "## 1. Перечень лекарственных препаратов\n| Препарат | Лекарственная форма |\n" + "\n".join(rows) + "\n"


def test_the_row_of_the_medicine_asked_about_is_found_by_its_name_and_never_in_a_superseded_edition(
    corpus_builder, settings
):
    corpus_builder.add("ru-list-2015", _medicine_list(), "ru", title="Перечень препаратов", edition="2015")
    # The earlier edition is another document, superseded by the list (demonstration text, not for clinical use).
    corpus_builder.add(
        "ru-list-2010",
        "## 1. Осмотр глазного дна\nДля расширения зрачка перед осмотром глазного дна закапывают тропикамид, капли"
        " глазные 0,5 %, по одной капле в каждый глаз за 20 минут до осмотра.\n",
        "ru",
        title="Перечень препаратов",
        edition="2010",
        status="superseded",
        superseded_by="ru-list-2015",
    )
    question = "Тропикамид есть в перечне? В какой форме?"
    with GuidelineIndex(settings) as index:
        index.index()
        # Indexing writes the medicines each chunk names, by their canonical names.
        points = index.store.served_points(vectors=False)
        naming = [p.payload for p in points if "tropicamide" in p.payload["medicines"]]
        assert {p["doc_id"] for p in naming} == {"ru-list-2015", "ru-list-2010"}
        assert all("ропикамид" in p["text"] for p in naming)
        vectors = index.retriever.encode(question)
        pool = medicine_pool(index.search, question, [], vectors, None, {}, None)
        assert pool and all("Тропикамид | капли глазные" in p.text for p in pool)
        assert {p.doc_id for p in pool} == {"ru-list-2015"}  # the superseded edition stays out
        # English words search the English documents only (there are none here), under the same filters.
        english = index.retriever.encode("tropicamide eye drops")
        assert medicine_pool(index.search, question, [], vectors, english, {}, None) == pool
        opened = medicine_pool(index.search, question, [], vectors, None, {}, SearchFilters(include_superseded=True))
        assert {p.doc_id for p in opened} == {"ru-list-2015", "ru-list-2010"}
        assert medicine_pool(index.search, "Какие таблетки есть в перечне?", [], vectors, None, {}, None) == []
        # A question by class searches the rows of its medicines (the list has atorvastatin, and no other statin).
        statins = medicine_pool(index.search, "Какой статин есть в перечне?", [], vectors, None, {}, None)
        assert statins and all("Аторвастатин" in p.text for p in statins)
        # A Tajik question names the medicine through its Russian gloss as well.
        assert medicine_pool(index.search, "Дар рӯйхат ҳаст?", ["тропикамид"], vectors, None, {}, None) == pool
