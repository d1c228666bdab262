"""Re-rank retrieved candidates by their best statement, since no reranker model ships.

Hybrid retrieval brings a wide net of candidates (Tajik questions especially: the embedder reads
Tajik only fairly, so the right chunk is often 5th-10th). Each candidate is scored by its best
statement (extractive.score without embedding each statement: question words and their Russian glossary
terms, the medicine asked about, the asked-for quantity), its cosine with the question, and a small
prior for its retrieval rank; the best
`k` are kept, at most `per_document` from one document so that a second document (e.g. WHO beside the
national protocol) can be heard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from guideline_assist.answering import extractive
from guideline_assist.answering.answer import Source
from guideline_assist.answering.condition import Conditions
from guideline_assist.answering.evidence import reachable_languages
from guideline_assist.answering.retrieve import Passage, SearchFilters

# How much the fused retrieval order counts beside the statement scores: more for Russian, which the embedder
# reads well (real gold set, Russian answerable questions: the right page was in the fused top 5 for 0.94 and
# among the 5 shown for 0.88 at 0.3, 0.92 at 0.5; Tajik and English are best at 0.3).
RANK_PRIOR = {"ru": 0.5}
DEFAULT_RANK_PRIOR = 0.3
# Of the 5 passages shown, at most 4 from one document (was 3): a real guideline has many chunks on one topic and
# the answering page was often the 4th (real gold set, answerable items, right page in the 5 shown: ru 0.86 ->
# 0.88, tg 0.72 -> 0.81, en 0.70 -> 0.80); the last place still goes to a second issuer when one is close.
PER_DOCUMENT = 4
# A candidate that names none of the conditions the question names (text, section or title), when others do: a
# Tajik cataract question's English words ("day", "start") matched the WHO hypertension algorithm.
OFF_TOPIC_PENALTY = 0.5
SECOND_ISSUER_MARGIN = 0.08  # cosine: how much less close the other issuer's passage may be
OTHER_LANGUAGE_MARGIN = 0.04  # the same for a passage in a language the question's words cannot reach


def rerank(
    question: str,
    language: str,
    passages: list[Passage],
    gloss: list[str],
    k: int,
    per_document: int = PER_DOCUMENT,
    preferred: frozenset[str] = frozenset(),
    english: str = "",
    equivalents: Mapping[str, str] | None = None,
) -> list[Passage]:
    """The best `k` passages for the question, at most `per_document` from one document; passages of a
    `preferred` issuer (one the question names: text/issuers.py) come before all others."""
    if len(passages) <= 1:
        return passages[:k]
    sources = [Source(n, p) for n, p in enumerate(passages, 1)]
    best: dict[int, float] = {}
    for statement in extractive.rank(
        question, language, sources, gloss, rank_discount=False, english=english, equivalents=equivalents
    ):
        best.setdefault(statement.source, statement.score)
    n = len(passages)
    prior = RANK_PRIOR.get(language, DEFAULT_RANK_PRIOR)
    off_topic = _off_topic(question, gloss, passages)

    def value(i: int) -> float:
        # The passage cosine carries meaning across languages, where the words of the question cannot
        # (a Russian question and the English WHO passage on the same dose).
        penalty = OFF_TOPIC_PENALTY if i in off_topic else 0.0
        return best.get(i + 1, 0.0) + extractive.closeness(passages[i].similarity) + prior * (1 - i / n) - penalty

    scored = sorted(range(n), key=lambda i: (passages[i].issuer not in preferred, -value(i)))
    kept: list[Passage] = []
    per_doc: dict[str, int] = {}
    for i in scored:
        doc = passages[i].doc_id
        if per_doc.get(doc, 0) >= per_document:
            continue
        per_doc[doc] = per_doc.get(doc, 0) + 1
        kept.append(passages[i])
        if len(kept) == k:
            break
    ordered = [passages[i] for i in scored]
    return _other_language(_second_issuer(kept, ordered), ordered, language)


def _off_topic(question: str, gloss: list[str], passages: list[Passage]) -> set[int]:
    """Indexes of the passages naming none of the question's conditions, if any passage names one."""
    conditions = Conditions.load()
    asked = conditions.find(" ".join([question, *gloss]))
    if not asked:
        return set()
    named = [bool(asked & conditions.find(f"{p.title} {p.section} {p.text}")) for p in passages]
    return {i for i, on in enumerate(named) if not on} if any(named) else set()


def _second_issuer(kept: list[Passage], ordered: list[Passage]) -> list[Passage]:
    """If every kept passage comes from one issuer, give the last place to the best passage of another
    issuer that is about as close to the question: WHO beside the Ministry, so a disagreement is seen."""
    issuer = kept[0].issuer if kept else ""
    return _last_place_for(kept, ordered, lambda p: p.issuer != issuer, SECOND_ISSUER_MARGIN)


def _other_language(kept: list[Passage], ordered: list[Passage], language: str) -> list[Passage]:
    """If no kept passage is in a language the question's words cannot reach, give the last place to the
    closest such passage when it is about as close to the question by meaning: a Russian question about what
    only the English WHO guideline says scores no words there, so word scores alone never let it in."""
    reachable = reachable_languages(language)
    return _last_place_for(kept, ordered, lambda p: p.language not in reachable, OTHER_LANGUAGE_MARGIN)


def _last_place_for(
    kept: list[Passage], ordered: list[Passage], wanted: Callable[[Passage], bool], margin: float
) -> list[Passage]:
    """`kept` with its last place given to the best `wanted` passage of `ordered` whose cosine is within
    `margin` of the closest kept one, unless a kept passage is already wanted (or fewer than two are kept)."""
    if len(kept) < 2 or any(wanted(p) for p in kept):
        return kept
    top = max(p.similarity for p in kept)
    for other in ordered:
        if wanted(other) and other.similarity >= top - margin:
            return kept[:-1] + [other]
    return kept


def other_language_filters(language: str, filters: SearchFilters | None) -> SearchFilters | None:
    """A search of the languages a question's words cannot reach (a Russian or Tajik question, the English WHO
    guideline): their sparse scores rank them below any same-language passage, so they get a small pool of
    their own, found by meaning. None when the asker already chose languages."""
    if filters is not None and filters.languages:
        return None
    others = tuple(lang for lang in ("ru", "tg", "en") if lang not in reachable_languages(language))
    return replace(filters or SearchFilters(), languages=others)


def unseen(pool: list[Passage], found: list[Passage]) -> list[Passage]:
    seen = {(p.doc_id, p.text) for p in found}
    return [p for p in pool if (p.doc_id, p.text) not in seen]
