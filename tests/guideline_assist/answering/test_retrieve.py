"""Hybrid retrieval through Qdrant's query API (prefetch + RRF) with the filters the UI offers."""

from __future__ import annotations

import threading

import pytest

from guideline_assist.answering.retrieve import HybridRetriever, SearchFilters
from guideline_assist.service import GuidelineIndex


@pytest.fixture
def index(small_corpus, settings):
    small_corpus.update("tj-diarrhoea-2021-tg", status="superseded", superseded_by="tj-ht-2022")
    with GuidelineIndex(settings) as gi:
        gi.index()
        yield gi


def docs(passages) -> set[str]:
    return {p.doc_id for p in passages}


def test_only_documents_in_force_by_default(index):
    assert docs(index.search("рӯҳ дарунравӣ кӯдакон", k=10)) == {"tj-ht-2022", "who-anc-2016"}


def test_superseded_editions_on_request_but_never_withdrawn(index, small_corpus):
    assert "tj-diarrhoea-2021-tg" in docs(index.search("рӯҳ дарунравӣ", k=10, include_superseded=True))
    small_corpus.update("who-anc-2016", status="withdrawn")
    index.index()
    assert "who-anc-2016" not in docs(index.search("iron folic acid", k=10, include_superseded=True))


@pytest.mark.parametrize(
    "filters,expected",
    [
        (SearchFilters(kinds=("guideline",)), {"who-anc-2016"}),
        (SearchFilters(languages=("ru",)), {"tj-ht-2022"}),
        (SearchFilters(documents=("who-anc-2016",)), {"who-anc-2016"}),
        (SearchFilters(issuers=("World Health Organization",)), {"who-anc-2016"}),
        (SearchFilters(languages=("tg",), include_superseded=True), {"tj-diarrhoea-2021-tg"}),
    ],
)
def test_filters(index, filters, expected):
    assert docs(index.search("доза", k=10, filters=filters)) == expected


def test_passages_carry_what_a_citation_needs(index):
    passage = index.search("амлодипин 10 мг лизиноприл 20 мг", k=1)[0]
    assert passage.doc_id == "tj-ht-2022" and passage.edition == "2022" and passage.status == "in_force"
    assert passage.issuer.startswith("Ministry of Health") and passage.published == "2022-01-10"
    assert passage.pages == (2,) and passage.section.startswith("2. Лечение")
    assert "Амлодипин и лизиноприл | 10 мг и 20 мг" in passage.text


def test_dense_only_retriever_and_bad_arguments(index):
    dense_only = HybridRetriever(index.store, index.embedder, sparse=None)
    assert dense_only.retrieve("calcium pre-eclampsia", k=1)[0].doc_id == "who-anc-2016"
    with pytest.raises(ValueError):
        HybridRetriever(index.store, index.embedder, candidates=0)


def test_an_embedded_query_is_searched_without_embedding_it_again(index, monkeypatch):
    query = "амлодипин 10 мг лизиноприл 20 мг"
    vectors = index.retriever.encode(query)
    assert vectors.text == query and len(vectors.dense) == 384 and vectors.sparse and vectors.sparse[0]
    model = index.embedder.model
    embedded: list[str] = []
    for name in ("query", "sparse"):
        real = getattr(model, name)
        monkeypatch.setattr(
            model, name, lambda texts, *a, _real=real, **kw: embedded.append(texts) or _real(texts, *a, **kw)
        )
    assert [p.text for p in index.search(vectors, k=3)] == [p.text for p in index.search(query, k=3)]
    assert len(embedded) == 2  # the query given as text only: one dense, one sparse


def test_a_query_is_embedded_while_the_store_is_busy_and_searched_once_it_is_free(index, monkeypatch):
    """The store lock (a re-index holds it) covers Qdrant only: the query's embedding, the slow part of
    a search, does not wait for it, and Qdrant is never queried while another holds it."""
    embedded = threading.Event()
    model = index.embedder.model
    real = model.query
    monkeypatch.setattr(model, "query", lambda texts: embedded.set() or real(texts))
    found: list = []
    searcher = threading.Thread(target=lambda: found.append(index.search("амлодипин 10 мг лизиноприл 20 мг", k=1)))
    with index.lock:
        searcher.start()
        assert embedded.wait(120), "the query was not embedded while the store was held"
        searcher.join(timeout=1)
        assert searcher.is_alive() and not found  # waiting for the store, not past it
    searcher.join(timeout=120)
    assert found and found[0][0].doc_id == "tj-ht-2022"


def test_an_english_rendering_counts_for_english_passages_as_far_as_it_is_trusted(index):
    question = index.retriever.encode("Сколько кальция принимать беременной при низком потреблении?")
    rendered = index.retriever.encode("calcium supplementation pregnant women low dietary calcium intake").dense
    filters = SearchFilters(include_superseded=True)

    def similarities(also) -> dict[tuple[str, str], float]:
        return {(p.doc_id, p.text): p.similarity for p in index.search(question, k=10, filters=filters, also=also)}

    plain, trusted = similarities(None), similarities({"en": (rendered, 1.0)})
    half, untrusted = similarities({"en": (rendered, 0.5)}), similarities({"en": (rendered, 0.0)})
    english = [key for key in plain if key[0] == "who-anc-2016"]
    assert english and all(trusted[k] > plain[k] for k in english)  # the rendering is closer than the question
    assert all(plain[k] < half[k] < trusted[k] for k in english) and untrusted == plain
    assert all(trusted[k] == plain[k] for k in plain if k[0] != "who-anc-2016")  # other languages: the question


def test_the_chunk_after_a_passage_is_the_next_served_chunk_of_its_version(index):
    passages = index.search("амлодипин лизиноприл", k=20, filters=SearchFilters(documents=("tj-ht-2022",)))
    served = index.store.count("tj-ht-2022")
    assert sorted(p.ordinal for p in passages) == list(range(served)) and len({p.version for p in passages}) == 1
    by_place = {p.ordinal: p for p in passages}
    first, last = by_place[0], by_place[served - 1]
    after = index.chunk_after(first)
    assert after is not None and (after["doc_id"], after["version"]) == ("tj-ht-2022", first.version)
    assert after["chunk_ordinal"] == 1 and after["text"] == by_place[1].text
    assert index.chunk_after(last) is None
