"""Questions the corpus could not answer, grouped by topic: each group is evidence of one missing or unclear
guideline, labelled with its most typical questions and the documents its questions came closest to.

    groups = find_gaps(store, index.embedder.get_query_embedding, Glossary.load(), similarity=0.87)
    groups[0].typical      # ("Какая схема вакцинации от бешенства?", "Вояи ваксинаи зидди ҳорӣ ...")
    groups[0].by_language  # {"ru": 4, "tg": 3}

Grouping is agglomerative clustering (scipy, average linkage, cosine) of each question's topic
embedded: its content words, and for a Tajik question the Russian terms its glossary gives. Measured on 30
questions, 5 topics, ru and tg (tests/guideline_assist/admin/test_gaps.py): the questions' own search vectors
grouped by language, not topic (every Tajik question in one group; adjusted Rand index 0.17 at best), the
topic texts by topic (1.00 at similarity 0.87, the two languages of a topic together; 0.76 at 0.86, 0.93 at
0.88), once the glossary knew the Tajik words for rabies, bite and scabies. Canonical condition and medicine
names as the topic (conditions.tsv, the medicine list) grouped worse alone (0.74 at best). The same 30
questions calibrated and measured it: there is no held-out set yet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from guideline_assist.admin.outcomes import Outcome, OutcomeStore
from guideline_assist.answering.question import content_words
from guideline_assist.text.glossary import Glossary
from guideline_assist.text.units import TAJIK_VERB

# Average linkage keeps a distance matrix: 3,000 questions take ~40 MB (condensed) and about a second. Older unanswered
# questions beyond these are left out of the groups (the weekly counts still include them).
MAX_GROUPED = 3000
TYPICAL = 3  # questions shown per group
CLOSEST = 3  # documents shown per group
Embed = Callable[[str], Sequence[float]]


@dataclass(frozen=True)
class GapGroup:
    key: int  # its oldest question's id: stable while that question is kept
    outcome_ids: tuple[int, ...]
    typical: tuple[str, ...]  # the questions closest to the group's centre, different texts
    by_language: dict[str, int]
    first_seen: str  # date, YYYY-MM-DD
    last_seen: str
    closest: tuple[tuple[str, int], ...]  # (doc_id, how many of its questions came closest to it)
    marks: dict[str, int]  # "guideline_requested" / "answered_by" / "" (open) -> questions
    answered_by: tuple[str, ...]  # documents the group was marked as answered by

    @property
    def size(self) -> int:
        return len(self.outcome_ids)

    @property
    def status(self) -> str:
        """ "open" while any of its questions is unmarked (a new question reopens a marked topic), else the
        mark most of its questions carry."""
        if self.marks.get("", 0):
            return "open"
        return max(self.marks, key=lambda m: self.marks[m])


def find_gaps(
    store: OutcomeStore,
    embed: Embed,
    glossary: Glossary,
    similarity: float,
    rows: Sequence[Outcome] | None = None,
) -> list[GapGroup]:
    """The stored unanswered questions grouped by topic; topics not embedded yet are embedded and cached.
    `rows`: the store's outcomes when the caller has read them already (not read again)."""
    unanswered = store.rows(not_found=True) if rows is None else [o for o in rows if o.not_found]
    outcomes = unanswered[-MAX_GROUPED:]
    vector_of = topic_vector(embed, glossary)
    new = {o.id: vector_of(o.question, o.language) for o in outcomes if o.vector is None}
    if new:
        store.save_vectors(new)
    return gap_groups([replace(o, vector=new[o.id]) if o.id in new else o for o in outcomes], similarity)


def topic_vector(embed: Embed, glossary: Glossary) -> Callable[[str, str], np.ndarray]:
    """(question, language) -> its topic's vector: what OutcomeStore.record stores for a question not found."""
    return lambda question, language: np.asarray(embed(topic_text(question, language, glossary)), dtype=np.float32)


def topic_text(question: str, language: str, glossary: Glossary) -> str:
    """What a question is about, in words the embedder compares across languages: for a Tajik question the
    Russian terms of its glossary entries (its own words where the glossary knows none), otherwise its content
    words. Question words and Tajik verb forms would otherwise group questions by language and phrasing."""
    if language == "tg" and (terms := glossary.russian_terms(question)):
        return " ".join(terms)
    words = [w for w in content_words(question) if language != "tg" or not TAJIK_VERB.fullmatch(w)]
    return " ".join(words) or question


def gap_groups(outcomes: Sequence[Outcome], similarity: float) -> list[GapGroup]:
    """Not-found outcomes with topic vectors grouped, largest group first, then the most recently seen."""
    members = [o for o in outcomes if o.not_found and o.vector is not None and len(o.vector)]
    if not members:
        return []
    matrix = np.vstack([o.vector for o in members if o.vector is not None]).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
    labels = _cluster(matrix, similarity)
    groups = []
    for label in sorted(set(labels)):
        idx = [i for i, lab in enumerate(labels) if lab == label]
        groups.append(_group([members[i] for i in idx], matrix[idx]))
    groups.sort(key=lambda g: (g.last_seen, g.key), reverse=True)
    return sorted(groups, key=lambda g: g.size, reverse=True)  # stable: recent first among equal sizes


def _cluster(matrix: np.ndarray, similarity: float) -> list[int]:
    """Average-linkage agglomerative clustering cut where the cosine distance exceeds 1 - similarity."""
    if len(matrix) == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage

    tree = linkage(matrix, method="average", metric="cosine")
    return [int(label) for label in fcluster(tree, t=1.0 - similarity, criterion="distance")]


def _group(members: list[Outcome], matrix: np.ndarray) -> GapGroup:
    centre = matrix.mean(axis=0)
    typical: list[str] = []
    for i in np.argsort(-(matrix @ centre)):
        text = members[int(i)].question
        if text.casefold() not in {t.casefold() for t in typical}:
            typical.append(text)
        if len(typical) == TYPICAL:
            break
    closest: Counter[str] = Counter()
    for o in members:
        closest.update({d.doc_id for d in o.documents})  # once per question, however many of its passages
    days = sorted(o.created[:10] for o in members)
    return GapGroup(
        key=min(o.id for o in members),
        outcome_ids=tuple(sorted(o.id for o in members)),
        typical=tuple(typical),
        by_language=dict(Counter(o.language for o in members)),
        first_seen=days[0],
        last_seen=days[-1],
        closest=tuple(closest.most_common(CLOSEST)),
        marks=dict(Counter(o.mark for o in members)),
        answered_by=tuple(sorted({o.mark_doc for o in members if o.mark == "answered_by" and o.mark_doc})),
    )


@dataclass(frozen=True)
class WeekCount:
    week: dt.date  # its Monday
    asked: dict[str, int]  # per language
    not_found: dict[str, int]

    def rate(self, language: str | None = None) -> float:
        asked = self.asked.get(language, 0) if language else sum(self.asked.values())
        missed = self.not_found.get(language, 0) if language else sum(self.not_found.values())
        return missed / asked if asked else 0.0


def weekly(outcomes: Sequence[Outcome]) -> list[WeekCount]:
    """Questions asked and not found per week (Monday to Sunday) and language, oldest week first, with no
    week left out between the first and the last (a quiet week shows as zero, not as a gap in the line)."""
    counted = [o for o in outcomes if o.counted]
    if not counted:
        return []
    asked: dict[dt.date, Counter[str]] = {}
    missed: dict[dt.date, Counter[str]] = {}
    for o in counted:
        week = o.day - dt.timedelta(days=o.day.weekday())
        asked.setdefault(week, Counter())[o.language] += 1
        missed.setdefault(week, Counter())[o.language] += int(o.not_found)
    first, last = min(asked), max(asked)
    weeks = [first + dt.timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
    return [WeekCount(w, dict(asked.get(w, {})), dict(missed.get(w, {}))) for w in weeks]
