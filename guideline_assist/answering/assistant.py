"""The answering pipeline, in one visible place:

question (readable, bounded, has a word to search for) -> language -> (Tajik: glossary terms) -> query
embedded once (and, for English documents, the question in English words) -> hybrid retrieval (+ a pool of
the issuer it names: "по ВОЗ") -> re-rank -> passages without embedded instructions -> evidence check
(abstain if weak) -> extractive statements | model answer -> sentence-by-sentence verification -> conflicts,
currency and language notices -> Answer

Only the store (index.lock, inside search and the vocabulary read) and the model (model_lock, while it
writes) are held; two doctors' questions embed, rank and verify side by side.

with GuidelineIndex(settings) as index:
    assistant = Assistant(index, settings)
    answer = assistant.ask("Доза цинка ребёнку 4 месяцев с диареей?")
    for event in assistant.stream("..."):   # ("sources", ...), ("delta"/"checked", ...), then ("answer", Answer)
        ...
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from guideline_assist.answering import extractive
from guideline_assist.answering.answer import Answer, CheckedSentence, Source, Timings
from guideline_assist.answering.backends import build_llm, stream_answer
from guideline_assist.answering.conflicts import find_conflicts
from guideline_assist.answering.continuation import continued, unfinished
from guideline_assist.answering.english_query import NO_RENDERING, english_rendering
from guideline_assist.answering.evidence import CorpusVocabulary, Evidence, cross_lingual_coverage, evidence
from guideline_assist.answering.grounds import (
    medicines_named_by,
    other_condition_sentences,
    other_medicine_doses,
    unknown_dose_object,
    unmet_grounds,
)
from guideline_assist.answering.guard import guard_passage
from guideline_assist.answering.medicine_pool import medicine_pool
from guideline_assist.answering.population import Unmet
from guideline_assist.answering.prompts import NO_ANSWER, build_messages
from guideline_assist.answering.question import checked_question, content_words
from guideline_assist.answering.rerank import other_language_filters, rerank, unseen
from guideline_assist.answering.retrieve import Passage, QueryVectors, Renderings, SearchFilters
from guideline_assist.answering.similarity import statement_similarities
from guideline_assist.answering.verify import check_sentence, split_sentences, verify, without_citations
from guideline_assist.core import i18n
from guideline_assist.core.settings import Settings
from guideline_assist.text.abbreviations import Abbreviations
from guideline_assist.text.glossary import Glossary
from guideline_assist.text.issuers import named_issuer_names, named_issuers
from guideline_assist.text.language import detect_language
from guideline_assist.text.terms import ClinicalTerms

CANDIDATES = 20  # retrieved, then re-ranked down to settings.answer.top_k
OTHER_LANGUAGE_CANDIDATES = 5  # and these from the languages the question's words cannot reach (and in English words)
RENDERING_RANKS = frozenset({"ru"})  # question languages whose English rendering also counts in ranking
# ("sources", list[Source]) once retrieved; ("delta", str) as a model writes; ("checked", CheckedSentence) for
# each finished sentence that passed the check (what a UI may show while the answer streams: never the
# unchecked draft); finally ("answer", Answer), which is authoritative (attribution and fallback happen there).
Event = tuple[str, object]


class Assistant:
    def __init__(self, index, settings: Settings, llm=None) -> None:
        self.index = index
        self.settings = settings
        self.backend = settings.answer.backend
        self._llm = llm
        self.glossary = Glossary.load()
        self._served: tuple[str, CorpusVocabulary, frozenset[str]] | None = None
        self.model_lock = threading.Lock()  # one llama.cpp context: one answer is written at a time

    @property
    def llm(self):
        if self._llm is None and self.backend != "extractive":
            self._llm = build_llm(self.settings)
        return self._llm

    def ask(self, question: str, filters: SearchFilters | None = None) -> Answer:
        answer = None
        for kind, value in self.stream(question, filters):
            if kind == "answer":
                answer = value
        assert isinstance(answer, Answer)
        return answer

    def stream(self, question: str, filters: SearchFilters | None = None) -> Iterator[Event]:
        started = time.perf_counter()
        timings = Timings()
        question = checked_question(question, self.settings.answer.max_question_chars)
        language = detect_language(question).language
        gloss = self.glossary.russian_terms(question) if language == "tg" else []
        answer = Answer(
            question=question, language=language, answer_language=language, backend=self.backend, timings=timings
        )
        if not content_words(question):
            yield "answer", self._abstain(answer, "no_question", started)
            return

        gathered = self.gather(question, filters, language, gloss)
        timings.retrieval_s = gathered.retrieval_s
        if not gathered.sources:
            yield "answer", self._abstain(answer, "empty_index", started)
            return
        answer.sources, ranked, similarities = gathered.sources, gathered.ranked, gathered.similarities
        answer.evidence = gathered.evidence.score
        yield "sources", answer.sources
        if answer.evidence < self.settings.answer.min_evidence:
            yield "answer", self._abstain(answer, "weak_evidence", started)
            return
        terms = ClinicalTerms.load()
        unknown = unknown_dose_object(question, self.vocabulary().names, terms, self.glossary)
        if unknown:
            yield "answer", self._abstain_unmet(answer, unknown, started)
            return

        question_drugs = terms.drugs(" ".join([question, *gloss]))
        # Medicines each passage names (title and section included), read once: an answer may only stand on
        # passages that name every medicine the question names.
        named_by = medicines_named_by(answer.sources, terms)
        conflicts, conflict_statements = find_conflicts(ranked, answer.sources, question_drugs, similarities)
        answer.conflicts = conflicts

        generation_started = time.perf_counter()
        if self.backend == "extractive":
            text, answer.answer_language = self._extractive_text(ranked, conflict_statements, answer, language)
        else:
            answer.answer_language = self._model_language(language)
            given = answer.sources[: self.settings.answer.model_passages]
            messages = build_messages(question, given, answer.answer_language, gloss=", ".join(gloss) if gloss else "")
            pieces: list[str] = []
            shown = 0
            by_number = {s.number: s for s in answer.sources}
            # Checked sentences wait until the sources they cite name every medicine the question names (the
            # final answer abstains otherwise, and the screen must not have shown another medicine's dose).
            held: list[CheckedSentence] = []
            named: set[str] = set()
            for delta in self._generate(messages):
                if timings.first_token_s is None:
                    timings.first_token_s = time.perf_counter() - started
                pieces.append(delta)
                yield "delta", delta
                finished = split_sentences("".join(pieces))[:-1]  # the last one may still grow
                for sentence, cites in finished[shown:]:
                    checked = check_sentence(sentence, cites, by_number, answer.answer_language)
                    if not checked.verified:
                        continue
                    held.append(checked)
                    named |= set().union(*(named_by.get(n, set()) for n in checked.citations))
                    if question_drugs <= named:
                        yield from (("checked", c) for c in held)
                        held.clear()
                shown = len(finished)
            text = "".join(pieces).strip()
            if NO_ANSWER in text.replace(" ", "_").upper() and len(text) < 3 * len(NO_ANSWER):
                timings.generation_s = time.perf_counter() - generation_started
                yield "answer", self._abstain(answer, "weak_evidence", started)
                return
        timings.generation_s = time.perf_counter() - generation_started

        checked_at = time.perf_counter()
        checks = verify(text, answer.sources, answer.answer_language)
        timings.verification_s = time.perf_counter() - checked_at
        answer.sentences = [c for c in checks if c.verified]
        answer.rejected = [c for c in checks if not c.verified]
        if not answer.sentences and self.backend != "extractive":
            # The model's text failed the check: quote the passages instead (always verifiable).
            quoted, language_of_quotes = self._extractive_text(ranked, conflict_statements, answer, language)
            fallback = [c for c in verify(quoted, answer.sources, language_of_quotes) if c.verified]
            if fallback:
                answer.sentences, answer.answer_language = fallback, language_of_quotes
                answer.quoted_fallback = True
                answer.notices.append(i18n.text("model_fallback", language))
        if not answer.sentences:
            yield "answer", self._abstain(answer, "nothing_verified", started)
            return
        kept, dropped = other_medicine_doses(question, gloss, answer.sentences, named_by, terms)
        kept, off_topic = other_condition_sentences(question, gloss, kept, answer.sources, self.glossary)
        answer.sentences, answer.rejected = kept, [*answer.rejected, *dropped, *off_topic]
        unmet = unmet_grounds(question, gloss, answer.sentences, answer.sources, named_by, terms, self.glossary)
        if unmet:
            yield "answer", self._abstain_unmet(answer, unmet, started)
            return
        self._notices(answer)
        timings.total_s = time.perf_counter() - started
        yield "answer", answer

    def gather(
        self,
        question: str,
        filters: SearchFilters | None = None,
        language: str | None = None,
        gloss: list[str] | None = None,
    ) -> Gathered:
        """Everything before the answer is written: passages (re-ranked, instructions removed), their
        statements scored against the question, and the evidence (what bench/abstention.py calibrates)."""
        started = time.perf_counter()
        language = language or detect_language(question).language
        if gloss is None:
            gloss = self.glossary.russian_terms(question) if language == "tg" else []
        # What the question's Tajik words and Russian abbreviations stand for helps the embedder and the
        # sparse head find passages that write them out ("ВГД": "внутриглазное давление", "intraocular").
        spelled = [*gloss, *Abbreviations.load().spelled_out(question, language)]
        query = f"{question} ({' '.join(spelled)})" if spelled else question
        top_k = self.settings.answer.top_k
        vectors = self.index.retriever.encode(query)  # once: the search and the similarities share it
        # "По ВОЗ": the named issuer's documents get a pool of their own and the first places.
        named = () if filters is not None and filters.issuers else named_issuer_names(question, self.served_issuers())
        # The question in English words searches the English documents its own words cannot reach and weighs in
        # ranking them (similarity, word scores): for Russian questions, and for Tajik ones only when they name
        # WHO. A Tajik question reaches English through two lossy word maps (glossary, lexicon); on the demo and
        # real gold sets its English passages then displaced the Russian and Tajik ones that answered, and brought
        # WHO list rows for questions on the Russian list (README).
        renders = language in RENDERING_RANKS or (bool(named) and "who" in named_issuers(question))
        rendering = english_rendering(question, language, gloss) if renders else NO_RENDERING
        in_english = self.index.retriever.encode(rendering.text) if rendering.text else None
        also: Renderings = {"en": (in_english.dense, rendering.share)} if in_english is not None else {}
        candidates = self._candidates(vectors, in_english, also, named, language, filters)
        found_by_name = medicine_pool(self.index.search, question, gloss, vectors, in_english, also, filters)
        candidates += unseen(found_by_name, candidates)
        preferred = frozenset(named)
        equivalents = self.glossary.russian_equivalents(question) if gloss else {}
        passages = rerank(
            question,
            language,
            candidates,
            gloss,
            top_k,
            preferred=preferred,
            english=rendering.text,
            equivalents=equivalents,
        )
        # A passage cut inside a sentence is read on into the next chunk, so the sentence is shown whole.
        passages = [continued(p, self.index.chunk_after(p)) if unfinished(p) else p for p in passages]
        retrieval_s = time.perf_counter() - started
        if not passages:
            return Gathered([], [], {}, Evidence(0.0, 0.0, 0.0), retrieval_s)
        sources = [_guarded_source(n, p) for n, p in enumerate(passages, 1)]
        similarities = statement_similarities(self.index.embedder, vectors.dense, also, sources)
        ranked = extractive.rank(
            question, language, sources, gloss, similarities, english=rendering.text, equivalents=equivalents
        )
        coverage = max(
            self.vocabulary().coverage(question, language, passages, self.glossary),
            cross_lingual_coverage(language, sources, similarities),
        )
        return Gathered(sources, ranked, similarities, evidence(passages, ranked, coverage), retrieval_s)

    def _candidates(
        self,
        vectors: QueryVectors,
        in_english: QueryVectors | None,
        also: Renderings,
        named: tuple[str, ...],
        language: str,
        filters: SearchFilters | None,
    ) -> list[Passage]:
        """What the re-ranker chooses from: the question's own search, a small pool from the languages its words
        cannot reach (found by meaning, and by its English words), and the named issuers' documents."""
        search = self.index.search
        candidates = search(vectors, k=max(CANDIDATES, self.settings.answer.top_k), filters=filters, also=also)
        wider = other_language_filters(language, filters)
        if wider is not None:
            candidates += unseen(search(vectors, k=OTHER_LANGUAGE_CANDIDATES, filters=wider, also=also), candidates)
            if in_english is not None and "en" in wider.languages:
                english = replace(wider, languages=("en",))
                pool = search(in_english, OTHER_LANGUAGE_CANDIDATES, filters=english, also=also, measure=vectors.dense)
                candidates += unseen(pool, candidates)
        if named:
            scoped = replace(filters or SearchFilters(), issuers=named)
            candidates += unseen(search(vectors, k=CANDIDATES, filters=scoped, also=also), candidates)
        return candidates

    @staticmethod
    def _extractive_text(ranked, conflict_statements, answer: Answer, language: str) -> tuple[str, str]:
        chosen = extractive.select(ranked)
        chosen += [s for s in conflict_statements if s not in chosen]
        # The guideline's own bibliography markers ("... катаракты [3, 6].") would read as citations of our
        # sources 3 and 6: a quote is given without them.
        text = "\n".join(f"{without_citations(s.text)} [{s.source}]" for s in chosen)
        languages = {answer.sources[s.source - 1].passage.language for s in chosen}
        return text, languages.pop() if len(languages) == 1 else language

    def vocabulary(self) -> CorpusVocabulary:
        return self._served_corpus()[1]

    def served_issuers(self) -> frozenset[str]:
        """The issuers of the served documents, as their manifests write them (a question naming one: rerank)."""
        return self._served_corpus()[2]

    def _served_corpus(self) -> tuple[str, CorpusVocabulary, frozenset[str]]:
        """The served corpus's vocabulary and issuers, rebuilt only when the catalog changes (its change token:
        one read of the catalog, not of every chunk). The store is read under its lock; stemming runs outside it."""
        with self.index.lock:
            token = self.index.store.change_token()
            cached = self._served
            stale = cached is None or cached[0] != token
            texts = list(self.index.store.served_texts()) if stale else []
            issuers = frozenset(self.index.store.served_issuers()) if stale else frozenset()
        if cached is None or stale:
            cached = self._served = (token, CorpusVocabulary(texts), issuers)
        return cached

    def _generate(self, messages) -> Iterator[str]:
        """The model's deltas, holding the model (not the store) while it writes."""
        with self.model_lock:
            yield from stream_answer(self.llm, messages)

    def _model_language(self, language: str) -> str:
        if language != "tg":
            return language
        writes_tajik = self.backend == "openai" and self.settings.answer.writes_tajik
        return "tg" if writes_tajik else "ru"

    def _notices(self, answer: Answer) -> None:
        lang = answer.language
        quoted = self.backend == "extractive" or answer.quoted_fallback
        if quoted:
            languages = {s.passage.language for s in answer.cited_sources}
            if languages - {answer.language}:
                answer.notices.append(i18n.text("quoted_original", lang))
        elif answer.language == "tg" and answer.answer_language != "tg":
            answer.notices.append(i18n.text("russian_answer", lang))
        if answer.rejected:
            answer.notices.append(i18n.text("removed", lang, count=len(answer.rejected)))
        for conflict in answer.conflicts:
            sides = "; ".join(f"[{n}] {doses}" for n, doses in conflict.statements)
            kind = "conflict_same_document" if conflict.same_document else "conflict"
            answer.notices.append(i18n.text(kind, lang, sides=sides))
        for source in answer.cited_sources:
            if not source.current:
                answer.notices.append(
                    i18n.text("superseded", lang, number=source.number, by=source.passage.superseded_by or "?")
                )
        for source in answer.sources:
            if source.guarded:
                answer.notices.append(i18n.text("guarded", lang, number=source.number))

    def _abstain_unmet(self, answer: Answer, unmet: Unmet, started: float) -> Answer:
        abstained = self._abstain(answer, unmet.reason, started)
        abstained.notices.insert(1, i18n.text(unmet.reason, answer.language, **unmet.fields))
        return abstained

    def _abstain(self, answer: Answer, reason: str, started: float) -> Answer:
        lang = answer.language
        answer.abstained = True
        answer.abstain_reason = reason
        answer.sentences = []
        if reason in ("empty_index", "no_question"):
            answer.notices = [i18n.text(reason, lang)]
        else:
            first = i18n.text("unverified" if reason == "nothing_verified" else "not_found", lang)
            answer.notices = [first]
            titles = list(dict.fromkeys(s.passage.title for s in answer.sources))[:3]
            if titles:
                answer.notices.append(i18n.text("closest", lang, documents="; ".join(titles)))
        answer.timings.total_s = time.perf_counter() - started
        return answer


@dataclass
class Gathered:
    sources: list[Source]
    ranked: list[extractive.Statement]
    similarities: dict[str, float]
    evidence: Evidence
    retrieval_s: float


def _guarded_source(number: int, passage) -> Source:
    clean, removed = guard_passage(passage.text)
    return Source(number, replace(passage, text=clean) if removed else passage, removed)


__all__ = ["Assistant", "Answer", "CheckedSentence"]
