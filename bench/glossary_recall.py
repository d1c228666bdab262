"""Recall of Tajik questions with and without the Tajik -> Russian glossary (guideline_assist/text/glossary.py).

    python bench/glossary_recall.py [--data-dir DIR]    # indexes the demo corpus there if needed

For the Tajik probe questions of bench/retrieval_probe.yaml (the answering document is known), prints
hit@1, hit@5 and MRR of the right document for: the question as typed; the question plus its Russian
glossary terms (what the assistant searches with); and the assistant's full retrieval (20 candidates
re-ranked to 5, with the glossary). The same questions typed without Tajik letters (Russian keyboard)
are measured too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guideline_assist.answering.assistant import CANDIDATES  # noqa: E402
from guideline_assist.answering.rerank import rerank  # noqa: E402
from guideline_assist.core.settings import Settings  # noqa: E402
from guideline_assist.service import GuidelineIndex  # noqa: E402
from guideline_assist.text.glossary import Glossary, loose  # noqa: E402


def rank_of(doc: str, docs: list[str]) -> int | None:
    return docs.index(doc) + 1 if doc in docs else None


def summary(ranks: list[int | None]) -> str:
    n = len(ranks)
    hit1 = sum(r == 1 for r in ranks) / n
    hit5 = sum(r is not None and r <= 5 for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r) / n
    return f"hit@1 {hit1:.2f}   hit@5 {hit5:.2f}   MRR {mrr:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    args = parser.parse_args()
    probe = [
        q for q in yaml.safe_load((ROOT / "bench" / "retrieval_probe.yaml").read_text("utf-8")) if q["language"] == "tg"
    ]
    glossary = Glossary.load()
    settings = Settings(data_dir=args.data_dir)
    with GuidelineIndex(settings) as index:
        if index.store.count() == 0:
            index.index()

        def docs(query: str, k: int = 10) -> list[str]:
            return list(dict.fromkeys(p.doc_id for p in index.search(query, k=k)))

        for label, typed in (("Tajik letters", lambda q: q), ("Russian keyboard", loose)):
            plain, expanded, full = [], [], []
            for item in probe:
                question = typed(item["question"])
                terms = glossary.russian_terms(question)
                plain.append(rank_of(item["doc"], docs(question)))
                query = f"{question} ({' '.join(terms)})"
                expanded.append(rank_of(item["doc"], docs(query)))
                kept = rerank(question, "tg", index.search(query, k=CANDIDATES), terms, 5)
                full.append(rank_of(item["doc"], list(dict.fromkeys(p.doc_id for p in kept))))
            print(f"\n{len(probe)} Tajik questions, {label}:")
            print(f"  without glossary            {summary(plain)}")
            print(f"  with glossary terms         {summary(expanded)}")
            print(f"  with glossary + re-ranking  {summary(full)}")


if __name__ == "__main__":
    main()
