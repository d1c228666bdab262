"""What the assistant returns: an answer made of checked sentences, and the sources they cite.

The UI, the CLI and the evals read these; nothing here computes anything beyond formatting.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from guideline_assist.answering.retrieve import Passage


@dataclass(frozen=True)
class Source:
    """A numbered passage the answer may cite as [number], with everything a citation shows."""

    number: int
    passage: Passage
    guarded: tuple[str, ...] = ()  # instruction-like sentences removed from the passage (treated as data)

    @property
    def pages_label(self) -> str:
        pages = self.passage.pages
        return str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"

    @property
    def current(self) -> bool:
        return self.passage.status == "in_force"

    def to_dict(self) -> dict:
        p = self.passage
        return {
            "number": self.number,
            "doc_id": p.doc_id,
            "title": p.title,
            "issuer": p.issuer,
            "kind": p.kind,
            "language": p.language,
            "edition": p.edition,
            "published": p.published,
            "status": p.status,
            "superseded_by": p.superseded_by,
            "pages": list(p.pages),
            "section": p.section,
            "text": p.text,
            "file": p.file,
            "score": p.score,
            "similarity": p.similarity,
            "guarded": list(self.guarded),
        }


@dataclass(frozen=True)
class CheckedSentence:
    """One sentence of a generated answer and what the verifier found."""

    text: str  # the sentence without its [n] markers
    citations: tuple[int, ...]
    problems: tuple[str, ...] = ()  # "uncited", "unknown_source 7", "quantity 15 mg", "drug ceftriaxone", ...
    attributed: bool = False  # the model gave no citation; the verifier found the one passage supporting it

    @property
    def verified(self) -> bool:
        return not self.problems

    def render(self) -> str:
        marks = "".join(f"[{n}]" for n in self.citations)
        if self.text[-1:] in ".!?…" and len(self.text) > 1:
            return f"{self.text[:-1]} {marks}{self.text[-1]}"
        return f"{self.text} {marks}".strip()


@dataclass(frozen=True)
class Conflict:
    """Documents that state different quantities for the same medicine or topic."""

    subject: str  # canonical drug name, e.g. "iron"
    statements: tuple[tuple[int, str], ...]  # (source number, the quantities it gives, e.g. "30-60 mg")
    same_document: bool = False  # two statements of one document contradict each other (not two issuers)


@dataclass
class Timings:
    retrieval_s: float = 0.0
    first_token_s: float | None = None
    generation_s: float = 0.0
    verification_s: float = 0.0
    total_s: float = 0.0


@dataclass
class Answer:
    question: str
    language: str  # language of the question: "ru" | "tg" | "en"
    answer_language: str  # language the sentences are written in
    backend: str
    sentences: list[CheckedSentence] = field(default_factory=list)  # verified ones: shown as the answer
    rejected: list[CheckedSentence] = field(default_factory=list)  # failed the check: never shown as fact
    sources: list[Source] = field(default_factory=list)
    abstained: bool = False
    # "weak_evidence" | "nothing_verified" | "empty_index" | "no_question" | grounds.py: "medicine_not_found",
    # "dose_not_found", "population_not_found", "condition_not_found"
    abstain_reason: str | None = None
    notices: list[str] = field(default_factory=list)  # localized, e.g. "answered in Russian", "sources differ"
    conflicts: list[Conflict] = field(default_factory=list)
    evidence: float = 0.0
    quoted_fallback: bool = False  # the model's text failed the check and quotations are shown instead
    timings: Timings = field(default_factory=Timings)

    @property
    def text(self) -> str:
        return " ".join(s.render() for s in self.sentences)

    @property
    def cited_sources(self) -> list[Source]:
        cited = {n for s in self.sentences for n in s.citations}
        cited |= {n for c in self.conflicts for n, _ in c.statements}
        return [s for s in self.sources if s.number in cited]

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "language": self.language,
            "answer_language": self.answer_language,
            "backend": self.backend,
            "text": self.text,
            "abstained": self.abstained,
            "abstain_reason": self.abstain_reason,
            "quoted_fallback": self.quoted_fallback,
            "notices": self.notices,
            "evidence": round(self.evidence, 4),
            "sentences": [
                {"text": s.text, "citations": list(s.citations), "verified": True, "attributed": s.attributed}
                for s in self.sentences
            ],
            "rejected": [
                {"text": s.text, "citations": list(s.citations), "problems": list(s.problems)} for s in self.rejected
            ],
            "sources": [s.to_dict() for s in self.sources],
            "conflicts": [asdict(c) for c in self.conflicts],
            "timings": asdict(self.timings),
        }
