"""Chunks that no answer ever cites: reference lists, tables of contents, author lists, conflict-of-interest
declarations, a publication's imprint (copyright, licence, ISBN, suggested citation). Embedding them costs most of
the indexing time of a real Russian clinical recommendation (a third to a half of its chunks are the bibliography)
and they crowd real passages out of search results.

    reason = unserved_reason(chunk.text, chunk.section_path)   # "references" | "contents" | "imprint" | ... | None
    kept = served(chunks, doc_id)                               # the others, and one INFO line on what left

Conservative on purpose: a chunk is left out only when it is mostly made of such lines, and never when it
carries a recommendation marker (рекомендуется, УУР/УДД, "is recommended") or doses. The chunker takes a
numbered line ("12. Maron B.J. et al. ...") for a heading, so section paths inside a bibliography are the
references themselves: the shape of the lines decides, headings only lower the bar.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol, TypeVar

logger = logging.getLogger(__name__)

# Headings, whole line, optionally numbered or "Annex 2:" / "Приложение А1." in front (ru, tg, en).
_ANNEX = r"(?:(?:annex|appendix|приложение|замима)\s*[\wА-Яа-яЁё\d.-]{0,6}\s*[:.\-–—]?\s*)?"
_PREFIX = r"^\s*" + _ANNEX + r"(?:\d+(?:\.\d+)*\.?\s+)?"
_HEADINGS = {
    "references": r"(?:список\s+(?:использованной\s+)?литературы|литература|библиография|references|bibliography"
    r"|рӯйхати\s+адабиёт(?:ҳо)?|адабиёт(?:ҳо)?|сарчашмаҳо)",
    "contents": r"(?:содержание|оглавление|contents|table\s+of\s+contents|мундариҷа)",
    "authors": r"(?:авторы|список\s+авторов|состав\s+рабочей\s+группы|рабочая\s+группа|authors|list\s+of\s+contributors"
    r"|contributors|муаллифон|гурӯҳи\s+корӣ)",
    "conflicts": r"(?:конфликт(?:ы)?\s+интересов|декларация\s+о\s+конфликте\s+интересов|declarations?\s+of\s+interests?"
    r"|conflicts?\s+of\s+interests?|managing\s+declarations(?:\s+of(?:\s+interests?)?)?|ихтилофи\s+манфиатҳо)",
    # How the guideline was made (evidence scales, target users, update procedure): never a clinical answer.
    "methodology": r"(?:методология\s*разработки.*|methods?\s+(?:for|of)\s+(?:developing|development).*)",
}
_HEADING_RE = {k: re.compile(_PREFIX + v + r"\s*[:.]?\s*(?:\(.*\))?\s*\|?\s*$", re.I) for k, v in _HEADINGS.items()}

# Never leave out a chunk that recommends or doses: a misread heading must not cost a recommendation.
_GUARD = re.compile(
    r"рекомендуется|рекомендовано|не\s+рекомендуется|УУР|УДД|уровень\s+убедительности|тавсия\s+дода"
    r"|\bwe\s+recommend|\bis\s+recommended|\bare\s+recommended|strong\s+recommendation|conditional\s+recommendation",
    re.I,
)
_DOSE = re.compile(r"\d\s*(?:мг|мкг|mg|mcg|µg|ЕД|IU|мл|ml)(?:/(?:кг|kg|сут|day))?\b", re.I)

_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")
_AUTHOR = re.compile(
    r"\b[A-ZА-ЯЁ][a-zа-яё'’\-]+,?\s+(?:[A-ZА-ЯЁ]\.\s?-?){1,3}(?=[\s,;.]|$)"  # Maron B.J.  Иванов И.И.
    r"|\b[A-Z][a-z'’\-]+\s+[A-Z]{1,3}(?=[,.;])"  # Owen CG,  (Vancouver)
    r"|\bet\s+al\b|\bи\s+др\.",
)
_LOCATOR = re.compile(
    r"//|\b\d+\s*\(\d+\)\s*:|;\s*\d+\s*[(:]|:\s*\d+\s*[-–]\s*\d+|\b(?:Vol|Т|С|P|pp?|N|№)\.\s*\d|№\s*\d"
    r"|\bdoi\b|\bPMID\b|https?://|\bJ\.|Journal|журнал",
    re.I,
)
_STRONG = re.compile(r"\bdoi\b|\bPMID\b|\bdoi\.org/", re.I)
_ENTRY = re.compile(r"(?m)^\s*(?:\[\d{1,3}\]|\(\d{1,3}\)\s*\|?|\d{1,3}\.)\s+")
_TOC_LINE = re.compile(r"(?:\.{3,}|…{2,}|\s)\s*\d{1,3}\s*\|?\s*$")
_DEGREE = re.compile(r"д\.\s?м\.\s?н|к\.\s?м\.\s?н|профессор|академик|член-корр|\bMD\b|\bPhD\b|\bMPH\b|\bProf\b", re.I)


# A publication's imprint: the WHO copyright page ("© World Health Organization 2023. Some rights reserved ... Under
# the terms of this licence ... Suggested citation ... Cataloguing-in-Publication (CIP) data ...") and its Russian
# counterparts. On the real set its chunks stood among the five passages of an English question on the WHO list,
# as near to "the WHO EML core list" as the list itself. Spacing is loose: pypdf writes "cc by - nc - sa".
_IMPRINT = [
    re.compile(pattern, re.I)
    for pattern in (
        r"some\s+rights\s+reserved|all\s+rights\s+reserved|все\s+права\s+защищены",
        r"creative\s*commons|\bcc\s*by\b|by\s*-\s*nc\s*-\s*sa",
        r"under\s+the\s+terms\s+of\s+this\s+licen[cs]e",
        r"suggested\s+citation",
        r"cataloguing\s*-\s*in\s*-\s*publication|\bcip\s+data",
        r"rights\s+and\s+licensing",
        r"third\s*-\s*party\s*(?:materials|-\s*owned)",
        r"general\s+d\s?isclaimers|designations\s+employed",
        # The disclaimers, which may stand in a chunk of their own.
        r"dotted\s+and\s+dashed\s+lines",
        r"errors\s+and\s+omissions\s+excepted|proprietary\s+products",
        r"without\s+warranty\s+of\s+any\s+kind|liable\s+for\s+damages",
        r"\bisbn\b",
        r"©",
        r"intellectual\s+property\s+organization",
        r"\bУДК\b|\bББК\b",
    )
]
IMPRINT_MARKS = 3  # a reference list names an ISBN, a recommendation may cite a licence: three kinds together


def _units(text: str) -> list[str]:
    """Numbered entries when the text is a numbered list (a reference spans lines), else its lines."""
    starts = [m.start() for m in _ENTRY.finditer(text)]
    if len(starts) >= 3:
        bounds = [0, *starts, len(text)] if starts[0] > 0 else [*starts, len(text)]
        units = [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    else:
        units = text.splitlines()
    return [u.strip() for u in units if len(u.strip()) >= 3]


_RECOMMENDS = re.compile(
    r"\bрекомендуется\b|\bне\s+рекомендуется\b|\bwe\s+recommend|\bWHO\s+(?:recommends|suggests)", re.I
)


def _citation_part(unit: str) -> bool:
    return bool(_YEAR.search(unit) or _AUTHOR.search(unit) or _LOCATOR.search(unit))


def is_citation(unit: str) -> bool:
    if len(unit) > 800:  # a reference is a few lines; a long paragraph that names a year and an author is prose
        return False
    year, author, locator = bool(_YEAR.search(unit)), bool(_AUTHOR.search(unit)), bool(_LOCATOR.search(unit))
    return bool(_STRONG.search(unit)) or (year and (author or locator)) or (author and locator)


def is_bibliography_entry(unit: str) -> bool:
    """A citation that names its authors (or a doi): "Maron B.J. et al. ... 2014; 64: 83-99", not the dated
    number of a decree ("от 30 декабря 2014 г. № 2782-р"), which an answer may rightly quote."""
    return is_citation(unit) and bool(_AUTHOR.search(unit) or _STRONG.search(unit))


def _single_reference(text: str) -> bool:
    """One numbered reference on its own: the chunker opens a section at each numbered line, so a
    bibliography arrives one entry per chunk. Needs a year, an author and a journal locator together."""
    flat = " ".join(text.split())
    if len(flat) > 700 or not _ENTRY.match(text):
        return False
    return bool(_STRONG.search(flat)) or bool(_YEAR.search(flat) and _AUTHOR.search(flat) and _LOCATOR.search(flat))


def _share(units: list[str], test) -> float:
    total = sum(len(u) for u in units)
    return sum(len(u) for u in units if test(u)) / total if total else 0.0


def _heading_kinds(text: str, section_path: Sequence[str]) -> set[str]:
    first = text.lstrip().split("\n", 1)[0] if text.strip() else ""
    lines = [*section_path, first]
    return {kind for kind, rx in _HEADING_RE.items() if any(rx.match(line) for line in lines)}


def unserved_reason(text: str, section_path: Sequence[str] = ()) -> str | None:
    """Why this chunk is never served ("references", "contents", "authors", "conflicts", "methodology",
    "imprint"), or None."""
    headed = _heading_kinds(text, section_path)
    doses = len(_DOSE.findall(text))
    # Its evidence scales name УУР/УДД in every line, so the recommendation guard cannot apply here.
    if "methodology" in headed and doses < 2 and not _RECOMMENDS.search(text):
        return "methodology"
    if _GUARD.search(text) or doses >= 2:
        return None
    flat = text.replace("|", " ")  # a copyright page read as columns: "(CC | BY-NC-SA"
    if sum(1 for mark in _IMPRINT if mark.search(flat)) >= IMPRINT_MARKS:
        return "imprint"
    units = _units(text)
    body = units[1:] if headed and len(units) > 1 else units
    if not body:
        return None
    if _single_reference(text):
        return "references"
    cited = _share(body, is_citation)
    many = sum(1 for u in body if is_citation(u)) >= (1 if "references" in headed else 3)
    if many and cited >= (0.5 if "references" in headed else 0.8):
        return "references"
    # Under a references heading a wrapped entry's lines carry only part of it: its authors, or its journal.
    if "references" in headed and _share(body, _citation_part) >= 0.5:
        return "references"
    toc = sum(1 for u in body if _TOC_LINE.search(u)) / len(body)
    # Dot leaders alone are not enough: questionnaires ("never ........ 1") have them too.
    if "contents" in headed and toc >= 0.6:
        return "contents"
    if "authors" in headed:  # an author list is a table of names and posts; the guard above kept any advice
        return "authors"
    if _share(body, lambda u: bool(_DEGREE.search(u))) >= 0.8 and len(body) >= 3:
        return "authors"
    if "conflicts" in headed:
        return "conflicts"
    return None


class _ChunkLike(Protocol):
    text: str
    section_path: tuple[str, ...]


T = TypeVar("T", bound=_ChunkLike)


def served(chunks: list[T], doc_id: str = "") -> list[T]:
    """The chunks worth embedding; logs (INFO) how many were left out and why."""
    reasons = [unserved_reason(c.text, c.section_path) for c in chunks]
    left = Counter(r for r in reasons if r)
    if left:
        detail = ", ".join(f"{n} {why}" for why, n in sorted(left.items()))
        logger.info("%s: %d of %d chunks not embedded (never served: %s)", doc_id, left.total(), len(chunks), detail)
    return [c for c, r in zip(chunks, reasons, strict=True) if r is None]
