"""Per-page quality checks: pages without a text layer ("needs OCR") and garbled text (mojibake).

A garbled page is worse than a missing one: its wrong letters would be embedded and could be shown to a
doctor. Such pages are left out of the index and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexing.cleaning import CleanPage

MIN_LETTERS = 12
# Typical signs of UTF-8 or CP1251 text decoded with the wrong table, of unmapped glyphs, of lost fonts.
MOJIBAKE = re.compile(r"[ÃÂÐÑÏÎ][\u0080-\u00ff]|â€|\ufffd|\(cid:\d+\)|[\ue000-\uf8ff]")


@dataclass(frozen=True)
class PageVerdict:
    number: int
    usable: bool
    problem: str | None = None  # "needs_ocr" | "garbled" | None


@dataclass(frozen=True)
class DocumentQuality:
    verdicts: list[PageVerdict] = field(default_factory=list)

    def pages_with(self, problem: str) -> list[int]:
        return [v.number for v in self.verdicts if v.problem == problem]

    @property
    def usable_pages(self) -> list[int]:
        return [v.number for v in self.verdicts if v.usable]


def garbled_score(text: str) -> float:
    """Share of suspicious characters among letters; 0.0 for clean text."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTERS:
        return 0.0
    bad = sum(len(m.group()) for m in MOJIBAKE.finditer(text))
    latin1 = sum("\u00c0" <= ch <= "\u00ff" for ch in text)
    non_space = sum(not ch.isspace() for ch in text)
    symbol_soup = 1.0 if non_space >= 200 and letters / non_space < 0.25 else 0.0
    return max((bad + latin1) / letters, symbol_soup)


def check_page(page: CleanPage) -> PageVerdict:
    letters = sum(ch.isalpha() for ch in page.text)
    if letters < MIN_LETTERS:
        # Blank pages exist in real guidelines; only a page with an image and no text needs OCR.
        if page.has_images:
            return PageVerdict(page.number, usable=False, problem="needs_ocr")
        return PageVerdict(page.number, usable=False)
    if garbled_score(page.text) > 0.15:
        return PageVerdict(page.number, usable=False, problem="garbled")
    return PageVerdict(page.number, usable=True)


def check_document(pages: list[CleanPage]) -> DocumentQuality:
    return DocumentQuality([check_page(p) for p in pages])
