"""Recall of Tajik questions with and without the Tajik -> Russian glossary (guideline_assist/text/glossary.py)
and its loanword rules (guideline_assist/text/loanwords.py).

    python bench/glossary_recall.py [--data-dir DIR]          # demo probe; indexes the demo corpus if needed
    python bench/glossary_recall.py --gold evals/datasets/real/gold.yaml --words-only \\
        [--glossary OLD.tsv] [--pages-dir /work/real/pages]  # word mapping only, no index
    python bench/glossary_recall.py --gold evals/datasets/real/gold.yaml \\
        --data-dir /work/real/data --corpus-dir /work/real/corpus   # plus hit@k over a built index

Words: the share of the Tajik questions' content words (as the evidence score stems them) that the glossary
file alone, or the file and the loanword rules, give a Russian equivalent for; with --pages-dir (page text
dumps named <doc_id>.txt) also the share whose Russian equivalent stands in the gold document.
Retrieval: hit@1, hit@5 and MRR of the gold document for the question as typed, plus the glossary terms
(what the assistant searches with), and the assistant's re-ranked five; the same typed on a Russian keyboard.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guideline_assist.text.glossary import DATA, Glossary, loose  # noqa: E402
from guideline_assist.text.units import content_stems  # noqa: E402


def questions(gold: Path | None) -> list[dict]:
    """Tajik items as {question, docs}: the demo probe, or a gold set's items (documents: [...])."""
    if gold is None:
        items = yaml.safe_load((ROOT / "bench" / "retrieval_probe.yaml").read_text("utf-8"))
        return [{"question": q["question"], "docs": [q["doc"]], "pages": []} for q in items if q["language"] == "tg"]
    items = yaml.safe_load(gold.read_text("utf-8"))
    items = items.get("items", items) if isinstance(items, dict) else items
    return [
        {"question": q["question"], "docs": list(q["documents"]), "pages": list(q.get("pages") or [])}
        for q in items
        if q.get("language") == "tg"
    ]


def mapped(glossary: Glossary, question: str) -> tuple[set[str], set[str], set[str]]:
    """Content stems of the question, those an entry covers (as evidence.coverage pairs them), and the
    Russian stems of those entries."""
    stems = content_stems(question, "tg")
    covered: set[str] = set()
    russian: set[str] = set()
    for entry in glossary.translate(question):
        hit = {s for v in entry.tajik for s in content_stems(v, "tg")} & stems
        covered |= hit
        if hit:
            russian |= {r for ru in entry.russian for r in content_stems(ru, "ru")}
    return stems, covered, russian


def words_report(label: str, glossary: Glossary, items: list[dict], pages: Path | None) -> None:
    total = covered = in_doc = 0
    per_question = []
    for item in items:
        stems, hit, russian = mapped(glossary, item["question"])
        total += len(stems)
        covered += len(hit)
        per_question.append(len(hit) / len(stems) if stems else 0.0)
        if pages is not None:
            vocabulary = set().union(*(_doc_stems(pages / f"{d}.txt") for d in item["docs"]))
            in_doc += len(russian & vocabulary)
    mean = sum(per_question) / len(items)
    line = f"  {label:<34} words mapped {covered / total:.2f} ({covered}/{total}), per question {mean:.2f}"
    if pages is not None:
        line += f"; Russian stems found in the gold document: {in_doc}"
    print(line)


_DOC_CACHE: dict[Path, set[str]] = {}


def page_texts(pages: Path) -> dict[tuple[str, int], str]:
    """(doc_id, page) -> text of the dumps, split at their "======== PAGE n ========" lines."""
    out: dict[tuple[str, int], str] = {}
    for path in sorted(pages.glob("*.txt")):
        for part in re.split(r"^======== PAGE (\d+) ========$", path.read_text("utf-8"), flags=re.M)[1:]:
            if part.isdigit():
                number = int(part)
            else:
                out[(path.stem, number)] = part
    return out


def coverage_report(glossaries: dict[str, Glossary], items: list[dict], pages: Path) -> None:
    """The evidence score's coverage (answering/evidence.py) of each question by its gold page, every page
    of the dumps standing for a chunk: how much of the question the score would see answered there."""
    from guideline_assist.answering.evidence import CorpusVocabulary
    from guideline_assist.answering.retrieve import Passage

    texts = page_texts(pages)
    language = {doc: "en" if doc.startswith("who-") else "ru" for doc, _ in texts}
    vocabulary = CorpusVocabulary((language[doc], text) for (doc, _), text in texts.items())
    print(f"  evidence coverage of the gold page ({len(texts)} pages as the corpus):")
    for label, glossary in glossaries.items():
        values = []
        for item in items:
            passages = [
                Passage(doc, "", "", "", language[doc], "", "", "", None, (n,), "", texts[(doc, n)], 0.0)
                for doc in item["docs"]
                for n in item["pages"]
                if (doc, n) in texts
            ]
            if passages:
                values.append(vocabulary.coverage(item["question"], "tg", passages, glossary))
        print(
            f"  {label:<34} mean {sum(values) / len(values):.2f}, >= 0.5: {sum(v >= 0.5 for v in values)}/{len(values)}"
        )


def _doc_stems(path: Path) -> set[str]:
    if path not in _DOC_CACHE:
        _DOC_CACHE[path] = content_stems(path.read_text("utf-8"), "ru") if path.exists() else set()
    return _DOC_CACHE[path]


def ranks(item: dict, passages: list) -> tuple[int | None, int | None]:
    """Rank of the first gold document among the distinct documents, and of the first passage on a
    gold page (None when the gold set gives no pages)."""
    found = list(dict.fromkeys(p.doc_id for p in passages))
    doc = min((found.index(d) + 1 for d in item["docs"] if d in found), default=None)
    on_page = (n for n, p in enumerate(passages, 1) if p.doc_id in item["docs"] and set(p.pages) & set(item["pages"]))
    return doc, next(on_page, None) if item["pages"] else None


def summary(pairs: list[tuple[int | None, int | None]]) -> str:
    n = len(pairs)
    docs = [d for d, _ in pairs]
    hit1 = sum(r == 1 for r in docs) / n
    hit5 = sum(r is not None and r <= 5 for r in docs) / n
    mrr = sum(1 / r for r in docs if r) / n
    line = f"doc hit@1 {hit1:.2f}  hit@5 {hit5:.2f}  MRR {mrr:.2f}"
    pages = [p for _, p in pairs]
    if any(p is not None for p in pages):
        line += f"   page hit@5 {sum(p is not None and p <= 5 for p in pages) / n:.2f}"
    return line


def retrieval_report(settings, glossaries: dict[str, Glossary], items: list[dict]) -> None:
    from guideline_assist.answering.assistant import CANDIDATES
    from guideline_assist.answering.rerank import rerank
    from guideline_assist.service import GuidelineIndex

    with GuidelineIndex(settings) as index:
        if index.store.count() == 0:
            index.index()
        for label, typed in (("Tajik letters", lambda q: q), ("Russian keyboard", loose)):
            print(f"\n{len(items)} Tajik questions, {label}:")
            plain = [ranks(item, index.search(typed(item["question"]), k=10)) for item in items]
            print(f"  {'without glossary':<34} {summary(plain)}")
            for name, glossary in glossaries.items():
                expanded, full = [], []
                for item in items:
                    question = typed(item["question"])
                    terms = glossary.russian_terms(question)
                    query = f"{question} ({' '.join(terms)})" if terms else question
                    expanded.append(ranks(item, index.search(query, k=10)))
                    full.append(ranks(item, rerank(question, "tg", index.search(query, k=CANDIDATES), terms, 5)))
                print(f"  {name + ' terms':<34} {summary(expanded)}")
                print(f"  {name + ' + re-ranking':<34} {summary(full)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, help="gold set YAML (its Tajik items); default: the demo probe")
    parser.add_argument("--glossary", type=Path, default=DATA, help="glossary TSV to measure (default: shipped)")
    parser.add_argument("--baseline", type=Path, help="an older glossary TSV to compare with")
    parser.add_argument("--pages-dir", type=Path, help="page text dumps <doc_id>.txt of the gold documents")
    parser.add_argument("--words-only", action="store_true", help="word mapping only, no index")
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--corpus-dir", type=Path)
    args = parser.parse_args()
    items = questions(args.gold)
    current = Glossary.load(args.glossary)
    glossaries = {"glossary file": Glossary(current.entries, loanwords=False), "glossary + loanwords": current}
    if args.baseline is not None:
        glossaries = {"baseline file": Glossary(Glossary.load(args.baseline).entries, loanwords=False), **glossaries}
    print(f"{len(items)} Tajik questions ({args.gold or 'demo probe'}), content words:")
    for label, glossary in glossaries.items():
        words_report(label, glossary, items, args.pages_dir)
    if args.pages_dir is not None and any(item["pages"] for item in items):
        coverage_report(glossaries, items, args.pages_dir)
    if not args.words_only:
        from guideline_assist.core.settings import Settings

        extra = {"corpus_dir": args.corpus_dir} if args.corpus_dir else {}
        retrieval_report(Settings(data_dir=args.data_dir, **extra), glossaries, items)


if __name__ == "__main__":
    main()
