"""The faithfulness gold set: every evidence quote and key fact stands in the indexed text of its pages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

GOLD = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "gold.yaml"
KINDS = {"dose", "threshold", "procedure", "fact", "cross-lingual", "unanswerable", "superseded", "conflict"}


def normalise(text: str) -> str:
    # Indexed tables read "a | b | c" where the PDF text reads "a b c"; words split at a line end are joined.
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text.replace("|", " ").replace("\u00ad", ""))
    return " ".join(text.lower().split())


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


def test_gold_set_has_the_size_and_mix_evaluators_need(gold):
    languages = Counter(item["language"] for item in gold)
    kinds = Counter(item["kind"] for item in gold)
    assert len(gold) >= 120 and languages["ru"] >= 60 and languages["tg"] >= 40 and languages["en"] >= 10
    assert set(kinds) <= KINDS and kinds["unanswerable"] >= 20 and kinds["superseded"] + kinds["conflict"] >= 5
    assert len({item["id"] for item in gold}) == len(gold)
    assert all("tj-moh-tb-2008" not in item["documents"] for item in gold)


@pytest.mark.slow
def test_every_evidence_quote_is_in_the_indexed_text_of_its_pages(gold, demo_index):
    pages_text: dict[tuple[str, int], str] = {}
    for p in demo_index.store.served_points(vectors=False, payload=["doc_id", "pages", "text"]):
        for page in p.payload["pages"]:
            key = (p.payload["doc_id"], page)
            pages_text[key] = pages_text.get(key, "") + " " + normalise(p.payload["text"])
    problems = []
    for item in gold:
        if item["kind"] == "unanswerable":
            continue
        text = " ".join(pages_text.get((doc, page), "") for doc in item["documents"] for page in item["pages"])
        if normalise(item["evidence"]) not in text:
            problems.append(f"{item['id']}: evidence not in the indexed text of {item['documents']} p. {item['pages']}")
        problems += [
            f"{item['id']}: key fact {fact!r} missing" for fact in item["key_facts"] if normalise(fact) not in text
        ]
    assert not problems, "\n".join(problems)
