"""A passage that stops inside a sentence, read on into the next chunk as far as that sentence goes.

A chunk can end inside a list item, where a long unit was split or a page's columns were read apart: order
36ан's "1) дуплексное сканирование брахицефальных артерий (в случае ... а также" goes on, with the ages and risk
factors a doctor asks for, in the next chunk. Shown alone, the item names the examination and not whom it is
for; quoted, it would be a sentence cut in two. The passage gets the rest of that sentence (and the next chunk's
page), so what is quoted and checked stands whole in what is shown.

    passages = [continued(p, index.chunk_after(p)) for p in passages]
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from guideline_assist.answering.retrieve import Passage
from guideline_assist.text.segment import sentences

# A last line ending in a word, a comma, an open bracket or a dash has more to say; a table row ends in a word
# too and is whole, so a line with cells is never continued.
UNFINISHED = re.compile(r"[^\W\d_][\)\]]?\s*$|[,(–-]\s*$")


def unfinished(passage: Passage) -> bool:
    last = passage.text.rstrip().rsplit("\n", 1)[-1]
    return " | " not in last and bool(UNFINISHED.search(last))


def continued(passage: Passage, after: dict[str, Any] | None) -> Passage:
    """The passage with the rest of its last sentence from `after` (the payload of the chunk that follows it),
    or the passage itself when it ends whole, or `after` is another section or does not go on with prose."""
    if after is None or not unfinished(passage) or after.get("section") != passage.section:
        return passage
    lines = str(after.get("text", "")).split("\n")
    heading = (after.get("section_path") or [""])[-1]
    if lines and heading and lines[0].strip() == heading.strip():
        lines = lines[1:]  # every chunk opens with its section heading (indexing/chunking.py)
    rest = sentences(" ".join(line.strip() for line in lines), semicolons=True)
    # The rest of a sentence starts in lower case and is prose: a table row (the WHO list's rows open with a
    # medicine's name in lower case) or a new item is something else.
    if not rest or not rest[0][:1].islower() or " | " in rest[0]:
        return passage
    pages = tuple(sorted({*passage.pages, int(after.get("page_start", passage.pages[-1]))}))
    return replace(passage, text=f"{passage.text} {rest[0]}", pages=pages)
