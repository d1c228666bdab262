"""Raw page text -> clean page text: running headers/footers, page numbers, hyphenation, ligatures, spaces.

Headers and footers are recognised by repetition, not by position alone: a line near the top or bottom
of the page that recurs (digits ignored) on at least half of the pages is boilerplate.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from indexing.pdf import RawPage

EDGE_LINES = 3
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u00ad": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
}
LIGATURE_RE = re.compile("|".join(map(re.escape, LIGATURES)))
PAGE_NUMBER = re.compile(
    r"^(?:[-–—]?\s*\d{1,4}\s*[-–—]?|(?:стр\.?|страница|саҳифаи|page|p\.)\s*\d{1,4}(?:\s*(?:из|аз|of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
HYPHEN_END = re.compile(r"([^\W\d_])-$")
LOWER_START = re.compile(r"^[a-zа-яёӣӯқғҳҷ]")


@dataclass(frozen=True)
class CleanPage:
    number: int
    text: str
    two_column: bool
    has_images: bool


def _signature(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _edge_indexes(lines: list[str]) -> list[int]:
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def find_boilerplate(pages: list[list[str]]) -> set[str]:
    """Signatures of lines that repeat at page edges on at least half of the pages (and at least twice).

    A line repeated word for word is boilerplate. A line that repeats only once digits are ignored is
    boilerplate only if its numbers follow the page number ("Страница 3 из 12", "- 7 -"), so that the
    last rows of a dose table ("Препарат 26 | 26 мг") are never taken for a footer.
    """
    exact: Counter[str] = Counter()
    numbered: dict[str, list[set[int]]] = {}
    for page_index, lines in enumerate(pages, start=1):
        candidates = {lines[i] for i in _edge_indexes(lines) if " | " not in lines[i]}
        exact.update({" ".join(c.lower().split()) for c in candidates})
        for line in candidates:
            numbers = {int(n) for n in re.findall(r"\d{1,4}", line)}
            if numbers:
                numbered.setdefault(_signature(line), []).append({n - page_index for n in numbers})
    threshold = max(2, (len(pages) + 1) // 2)
    found = {re.sub(r"\d+", "#", sig) for sig, n in exact.items() if n >= threshold and sig}
    for sig, offsets in numbered.items():
        if len(offsets) >= threshold and set.intersection(*offsets):
            found.add(sig)
    return found


def normalise_chars(text: str) -> str:
    return LIGATURE_RE.sub(lambda m: LIGATURES[m.group()], text)


def _dehyphenate(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and HYPHEN_END.search(out[-1]) and LOWER_START.match(line):
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return out


def _is_title_header(line: str, title: str | None) -> bool:
    """A running header usually repeats the document title: recognisable even where it occurs once."""
    if not title:
        return False
    head = _signature(title)[:40]
    return len(head) >= 12 and _signature(line).startswith(head)


def clean_pages(raw_pages: list[RawPage], title: str | None = None) -> list[CleanPage]:
    split = [normalise_chars(p.text).splitlines() for p in raw_pages]
    boiler = find_boilerplate(split)
    cleaned = []
    for raw, lines in zip(raw_pages, split):
        edges = _edge_indexes(lines)
        kept = []
        for i, line in enumerate(lines):
            text = " ".join(line.split()) if " | " not in line else line.strip()
            header = i in edges[:EDGE_LINES] and _is_title_header(line, title) and raw.number > 1
            # Known boilerplate goes wherever it is: plain-mode pages may print the footer mid-text.
            boilerplate = " | " not in line and _signature(line) in boiler
            if boilerplate or header or (i in edges and PAGE_NUMBER.match(text)):
                continue
            kept.append(text)
        kept = _dehyphenate(kept)
        body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
        cleaned.append(CleanPage(raw.number, body, raw.two_column, raw.has_images))
    return cleaned
