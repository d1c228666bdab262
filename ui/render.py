"""An Answer as HTML for the clinicians' page: the answer block and the sources panel.

Everything that comes from documents or questions is escaped: a passage may contain "<" or "&", and a
PDF could carry text meant to look like markup. The page shows only verified sentences as the answer;
rejected ones appear in a separate, clearly marked block, never as fact.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from urllib.parse import quote

from guideline_assist.answering.answer import Answer, CheckedSentence, Source
from guideline_assist.core.i18n import text as t
from guideline_assist.text.units import content_stems

SEGMENT = re.compile(r"(\n+|(?<=[.!?…;])\s+)")
HIGHLIGHT_OVERLAP = 0.6  # share of a passage segment's content words that a cited sentence repeats

CSS = """
#answer .ga-answer p{margin:.35em 0} .ga-badge{display:inline-block;padding:.1em .55em;border-radius:.8em;
font-size:.85em;font-weight:600;margin:.1em .3em .1em 0} .ga-ok{background:#e3f4e6;color:#185c26}
.ga-no{background:#fde8e8;color:#8a1c1c} .ga-warn{background:#fff3d6;color:#7a4b00}
.ga-old{background:#ececec;color:#555} .ga-cite{font-weight:700;color:#1d4ed8}
.ga-notice{border-left:3px solid #d97706;padding:.2em .6em;margin:.4em 0;background:#fffbeb}
.ga-rejected{border:1px dashed #b91c1c;padding:.4em .6em;margin-top:.6em;color:#6b7280}
.ga-rejected s{color:#9ca3af} .ga-source{border:1px solid #e5e7eb;border-radius:.5em;padding:.6em;margin:.5em 0}
.ga-source mark{background:#fde68a;padding:0 .1em} .ga-meta{color:#4b5563;font-size:.9em}
.ga-passage{white-space:pre-wrap;font-size:.92em;margin:.4em 0;max-height:18em;overflow:auto}
.ga-disclaimer{color:#7c2d12;font-size:.92em}
"""


def _cite_marks(numbers: tuple[int, ...]) -> str:
    return "".join(f'<a class="ga-cite" href="#source-{n}">[{n}]</a>' for n in numbers)


def sentence_html(sentence: CheckedSentence) -> str:
    text = escape(sentence.text)
    marks = _cite_marks(sentence.citations)
    if text[-1:] in ".!?…" and len(text) > 1:
        return f"{text[:-1]} {marks}{text[-1]}"
    return f"{text} {marks}"


def answer_html(answer: Answer, ui: str) -> str:
    """The answer block: status badge, checked sentences with [n] links, notices, rejected sentences."""
    parts = ['<div class="ga-answer">']
    if answer.abstained:
        parts.append(f'<span class="ga-badge ga-no">{escape(t("abstained_badge", ui))}</span>')
    elif answer.quoted_fallback:
        parts.append(f'<span class="ga-badge ga-warn">{escape(t("fallback_badge", ui))}</span>')
    else:
        parts.append(f'<span class="ga-badge ga-ok">{escape(t("verified_badge", ui))}</span>')
    parts += [f"<p>{sentence_html(s)}</p>" for s in answer.sentences]
    parts += [f'<div class="ga-notice">{escape(n)}</div>' for n in answer.notices]
    if answer.rejected:
        items = "".join(f"<li><s>{escape(s.text)}</s></li>" for s in answer.rejected)
        parts.append(f'<div class="ga-rejected"><b>{escape(t("unverified_heading", ui))}</b><ul>{items}</ul></div>')
    parts.append("</div>")
    return "".join(parts)


def progress_html(sentences: list[CheckedSentence], ui: str, stage: str = "searching") -> str:
    """While the answer streams: only sentences that already passed the check, then a status line."""
    lines = "".join(f"<p>{sentence_html(s)}</p>" for s in sentences)
    return f'<div class="ga-answer">{lines}<p class="ga-meta">⏳ {escape(t(stage, ui))}</p></div>'


def highlight(passage_text: str, sentences: list[str], language: str) -> str:
    """The passage, escaped, with the segments the cited sentences rely on wrapped in <mark>."""
    wanted = [content_stems(s, language) for s in sentences]
    out = []
    for piece in SEGMENT.split(passage_text):
        if not piece or SEGMENT.fullmatch(piece):
            out.append(escape(piece))
            continue
        stems = content_stems(piece, language)
        hit = stems and any(len(stems & w) / max(1, min(len(stems), len(w))) >= HIGHLIGHT_OVERLAP for w in wanted if w)
        out.append(f"<mark>{escape(piece)}</mark>" if hit else escape(piece))
    return "".join(out)


def pdf_link(source: Source) -> str:
    return f"/pdf/{quote(source.passage.doc_id)}#page={source.passage.pages[0]}"


def source_html(source: Source, cited_by: list[str], ui: str) -> str:
    p = source.passage
    status_class = "ga-ok" if p.status == "in_force" else "ga-old"
    status = escape(t(f"status_{p.status}", ui))
    if p.status == "superseded" and p.superseded_by:
        status += " · " + escape(t("superseded_by", ui, doc=p.superseded_by))
    badges = f'<span class="ga-badge {status_class}">{status}</span>'
    if p.review_by and p.review_by < dt.date.today().isoformat():  # the text still serves; the reader is told
        badges += f' <span class="ga-badge ga-warn">{escape(t("review_overdue", ui, date=p.review_by))}</span>'
    meta = " · ".join(
        [
            escape(p.issuer),
            escape(t("edition", ui, edition=p.edition)),
            escape(t("published", ui, date=p.published)),
            escape(t("pages", ui, pages=source.pages_label)),
            f"{escape(t('section', ui))}: {escape(p.section)}",
        ]
    )
    link = (
        f'<a href="{pdf_link(source)}" target="_blank" rel="noopener" class="ga-pdf">'
        f"{escape(t('open_pdf', ui, page=p.pages[0]))}</a>"
    )
    return (
        f'<div class="ga-source" id="source-{source.number}"><b>[{source.number}] {escape(p.title)}</b> '
        f'{badges}<div class="ga-meta">{meta}</div>'
        f'<div class="ga-passage">{highlight(p.text, cited_by, p.language)}</div>{link}</div>'
    )


def sources_html(answer: Answer | None, ui: str, sources: list[Source] | None = None) -> str:
    """The cited sources of an answer (or, while it streams / when it abstained, the passages found)."""
    if answer is not None and not answer.abstained:
        shown = answer.cited_sources
    else:
        shown = sources if sources is not None else (answer.sources if answer else [])
    if not shown:
        return f'<p class="ga-meta">{escape(t("no_sources", ui))}</p>'
    cited_by: dict[int, list[str]] = {}
    for sentence in answer.sentences if answer else []:
        for n in sentence.citations:
            cited_by.setdefault(n, []).append(sentence.text)
    hint = f'<p class="ga-meta"><mark>{escape(t("highlighted_hint", ui))}</mark></p>' if cited_by else ""
    return hint + "".join(source_html(s, cited_by.get(s.number, []), ui) for s in shown)
