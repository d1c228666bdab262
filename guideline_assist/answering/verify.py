"""Check every sentence of an answer against the passages it cites.

A sentence passes only if it cites at least one existing passage and, within the passages it cites:
- every number is there with the same unit (0,4 мг = 0.4 mg; 10–14 = 10-14; 2 400 000 = 2400000);
- a dose stands, in the passage, in a statement about one of the sentence's medicines ("окситоцин 1 г"
  fails even when the passage names oxytocin and, a line further, tranexamic acid 1 г);
- every medicine and every route it names is named there (any language or case ending);
- a negation ("не", "not", "contraindicated") is not added where the source has none;
- a recommendation's grade is one the passage prints ("УДД 5 УУР С", "Conditional recommendation, ...");
- and, when sentence and passage share a language, most of its content words are there.
A sentence the model left without a citation, or cited to a passage that does not support it, is
attributed to the passage (in its own language) that passes all of this, if there is one (marked
`attributed`); otherwise it is rejected. Without an NLI model this
cannot prove meaning; it catches what small models actually get wrong (a changed dose, a swapped drug
or route, an invented sentence) and errs towards rejecting.
"""

from __future__ import annotations

import re

from guideline_assist.answering.answer import CheckedSentence, Source
from guideline_assist.answering.prompts import EXAMPLE_MEDICINE
from guideline_assist.text.quantities import CITATION, quantities, unsupported
from guideline_assist.text.segment import WORD, sentences
from guideline_assist.text.terms import ClinicalTerms
from guideline_assist.text.units import content_stems, grades, is_grade, statements

LEADING_CITATIONS = re.compile(r"^\s*((?:\[\d+(?:\s*[,;-]\s*\d+)*\]\s*)+)[.,;:]?\s*")
BULLET = re.compile(r"^\s*(?:[-•*]|\d{1,2}[.)])\s+")
NEGATIONS = {
    "не",
    "нет",
    "нельзя",
    "запрещено",
    "not",
    "no",
    "never",
    "avoid",
    "contraindicated",
    "do not",
    "манъ",
    "мумкин нест",
    "набояд",
}
MIN_OVERLAP = 0.5
EXAMPLE = re.compile(EXAMPLE_MEDICINE, re.IGNORECASE)


def citation_numbers(marker_text: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for marker in CITATION.findall(marker_text):
        for part in re.split(r"\s*[,;]\s*", marker.strip("[]")):
            if "-" in part:
                lo, hi = (int(x) for x in part.split("-", 1))
                numbers.extend(range(lo, hi + 1) if 0 < hi - lo < 10 else (lo, hi))
            elif part.strip():
                numbers.append(int(part))
    return tuple(dict.fromkeys(numbers))


def without_citations(text: str) -> str:
    """The text with its citation markers ("[1]", "[3, 6]") taken out and the space they leave before
    punctuation closed."""
    return re.sub(r"\s+([.,;:!?])", r"\1", CITATION.sub("", text)).strip()


def split_sentences(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """(sentence without markers, cited numbers) for each sentence; markers after a full stop count for
    the sentence before them ("... 10 МЕ. [1] Затем ..."), and so does a recommendation's grade."""
    pieces: list[str] = []
    for line in text.splitlines():
        line = BULLET.sub("", line).strip()
        if line:
            # A numbered list on one line: "2." starts its sentence and is not a quantity of it.
            pieces.extend(BULLET.sub("", p) for p in sentences(line))
    out: list[tuple[str, tuple[int, ...]]] = []
    for piece in pieces:
        lead = LEADING_CITATIONS.match(piece)
        if lead and out:
            prev_text, prev_cites = out[-1]
            out[-1] = (prev_text, tuple(dict.fromkeys(prev_cites + citation_numbers(lead.group(1)))))
            piece = piece[lead.end() :]
        piece = piece.strip()
        if piece.endswith(":") and len(piece.split()) <= 3:  # "Ответ:", "Источники:"
            continue
        cites = citation_numbers(piece)
        bare = without_citations(piece)
        if not any(ch.isalpha() for ch in bare):  # a stray "[1]." or "2." between sentences
            if cites and out:
                out[-1] = (out[-1][0], tuple(dict.fromkeys(out[-1][1] + cites)))
            continue
        if is_grade(bare) and out:
            # A grade is checked, shown and judged with the recommendation before it: alone it names no
            # condition or medicine, and was dropped as being about something else.
            prev_text, prev_cites = out[-1]
            out[-1] = (f"{prev_text} {bare}", tuple(dict.fromkeys(prev_cites + cites)))
            continue
        out.append((bare, cites))
    return out


def _negated(text: str) -> bool:
    low = " " + " ".join(WORD.findall(text.lower())) + " "
    return any(f" {n} " in low for n in NEGATIONS) or bool(re.search(r"противопоказ", low))


def problems_against(text: str, language: str, cited: list[Source], terms: ClinicalTerms) -> list[str]:
    """What in the sentence the cited sources do not support (empty: supported)."""
    problems: list[str] = []
    if EXAMPLE.search(text):
        return ["copied the prompt's example"]
    passages = [s.passage.text for s in cited]
    named = terms.find(text)
    missing = unsupported(text, passages)
    problems += [f"quantity {q}" for q in missing]
    drugs = {k for k in named if k.startswith("drug:")}  # named is reused below for routes too
    if drugs:
        units = [
            (f"{s.passage.section}\n{st}", st)
            for s in cited
            for st in statements(s.passage.text, s.passage.section) or [s.passage.text]
        ]
        for q in {q for q in quantities(text) if q.unit} - set(missing):
            if not any(not unsupported(str(q), [st]) and drugs & terms.find(ctx) for ctx, st in units):
                problems.append(f"quantity {q} (not stated for {', '.join(terms.names(drugs))})")
    written = grades(text)
    if written:
        # A grade is a letter and a level: words and numbers alike pass the other checks ("A ... – 1" where the
        # passage prints "C ... – 5" beside other grades with a 1), so it must stand in a cited passage as written.
        printed = {g for p in passages for g in grades(p)}
        if any(g not in printed for g in written):
            problems.append("grade not in the passage")
    available = set().union(*(terms.find(p) for p in passages))
    problems += [key.replace(":", " ", 1) for key in sorted(named - available)]
    if _negated(text) and not any(_negated(p) for p in passages):
        problems.append("negation")
    same_language = [s.passage.text for s in cited if s.passage.language == language]
    stems = content_stems(text, language)
    if same_language and stems:
        source = set().union(*(content_stems(p, language) for p in same_language))
        overlap = len(stems & source) / len(stems)
        if overlap < MIN_OVERLAP:
            problems.append(f"low_overlap {overlap:.2f}")
    return problems


def check_sentence(
    text: str, citations: tuple[int, ...], sources: dict[int, Source], language: str, terms: ClinicalTerms | None = None
) -> CheckedSentence:
    terms = terms or ClinicalTerms.load()
    if not citations:
        return _attribute(text, sources, language, terms)
    unknown = [f"unknown_source {n}" for n in citations if n not in sources]
    known = [sources[n] for n in citations if n in sources]
    problems = unknown + (problems_against(text, language, known, terms) if known else [])
    if problems:
        # A small model often cites the neighbouring passage: if exactly what it wrote stands in another
        # passage, cite that one instead (marked attributed); otherwise the sentence is rejected.
        repaired = _attribute(text, sources, language, terms)
        if repaired.verified:
            return repaired
    return CheckedSentence(text, citations, tuple(problems))


def _attribute(text: str, sources: dict[int, Source], language: str, terms: ClinicalTerms) -> CheckedSentence:
    """An uncited sentence gets the best passage that fully supports it, or stays rejected as uncited."""
    best: tuple[float, int] | None = None
    stems = content_stems(text, language)
    for number, source in sources.items():
        # Only a passage in the sentence's own language: there the word-overlap check has teeth.
        if source.passage.language != language or problems_against(text, language, [source], terms):
            continue
        overlap = len(stems & content_stems(source.passage.text, language)) / max(len(stems), 1)
        if best is None or overlap > best[0]:
            best = (overlap, number)
    if best is None:
        return CheckedSentence(text, (), ("uncited",))
    return CheckedSentence(text, (best[1],), (), attributed=True)


def verify(answer_text: str, sources: list[Source], language: str) -> list[CheckedSentence]:
    """Every sentence of the answer, checked against the sources it cites (numbered as in the prompt)."""
    terms = ClinicalTerms.load()
    by_number = {s.number: s for s in sources}
    return [check_sentence(text, cites, by_number, language, terms) for text, cites in split_sentences(answer_text)]
