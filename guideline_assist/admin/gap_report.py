"""The gaps for people who were not at the screen: a CSV with every unanswered question and its group (for
Excel), and a one-page HTML report for a ministry meeting (A4, prints from any browser, charts inline, no
file beside it).

    write_gaps_csv(picture, Path("gaps.csv"))
    write_report(picture, Path("gaps.html"))
"""

from __future__ import annotations

import csv
from html import escape
from pathlib import Path

from guideline_assist.admin.feedback import excel_safe
from guideline_assist.admin.gap_charts import groups_chart, svg, weekly_chart
from guideline_assist.admin.gap_picture import GapsPicture
from guideline_assist.admin.gaps import GapGroup
from guideline_assist.admin.usage import DocumentUsage
from guideline_assist.core.i18n import text as t

# What fits one A4 page with the two charts (checked by printing in chromium); the CSV has every group.
REPORT_GROUPS = 6
REPORT_DOCUMENTS = 5
REPORT_TYPICAL = 2  # questions per group, each cut to QUESTION_CHARS (the page and the CSV have them whole)
QUESTION_CHARS = 100
REPORT_CLOSEST = 2  # closest documents per group, titles cut to TITLE_CHARS
TITLE_CHARS = 50
CSV_COLUMNS = ("col_group", "col_gap_status", "col_language", "col_date", "col_question", "col_closest")


def decision(group: GapGroup, picture: GapsPicture) -> str:
    """The group's decision in the picture's language ("open", "guideline requested", "answered by ...")."""
    ui = picture.language
    if group.status == "answered_by":
        return t("gap_answered_by", ui, doc=", ".join(picture.title(d) for d in group.answered_by) or "?")
    return t(f"gap_{group.status}", ui)


def cut(text: str, chars: int) -> str:
    return text if not chars or len(text) <= chars else text[: chars - 1] + "…"


def closest(group: GapGroup, picture: GapsPicture, chars: int = 0, most: int = 0) -> str:
    """The documents the group's questions came closest to (the first `most`), by title (cut to `chars`), with
    how many of its questions."""
    shown = group.closest[:most] if most else group.closest
    return "; ".join(f"{cut(picture.title(doc), chars)} ({n})" for doc, n in shown)


def attention(usage: DocumentUsage, ui: str) -> str:
    """What a ministry editor should look at in a document: a passed review date, no citation at all."""
    notes = [t("review_overdue", ui, date=usage.review_by)] if usage.review_overdue else []
    return "; ".join(notes + ([t("never_cited", ui)] if usage.never_cited else []))


def write_gaps_csv(picture: GapsPicture, path: Path) -> Path:
    """One row per unanswered question, grouped; UTF-8 with a BOM so that Excel reads Cyrillic right."""
    ui = picture.language
    by_id = {o.id: o for o in picture.outcomes}
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([t(c, ui) for c in CSV_COLUMNS])
        for group in picture.groups:
            for outcome_id in group.outcome_ids:
                o = by_id[outcome_id]
                row = [group.key, decision(group, picture), o.language, o.created[:10], o.question]
                writer.writerow([excel_safe(str(v)) for v in [*row, closest(group, picture)]])
    return path


_STYLE = """
@page { size: A4; margin: 12mm }
body { font: 9.5px/1.3 "DejaVu Sans", Arial, sans-serif; color: #111827; margin: 0 auto; max-width: 190mm }
h1 { font-size: 16px; margin: 0 0 4px } h2 { font-size: 12.5px; margin: 10px 0 4px }
.meta { color: #4b5563; margin: 2px 0 } .charts { display: flex; gap: 6px } .charts > div { flex: 1 }
.charts svg { width: 100%; height: auto } table { border-collapse: collapse; width: 100% }
th, td { border: 1px solid #d1d5db; padding: 2px 4px; vertical-align: top; text-align: left }
th { background: #f3f4f6 } td.n { text-align: right; white-space: nowrap } ul { margin: 0; padding-left: 12px }
table { table-layout: fixed } th { overflow-wrap: anywhere }
"""


def report_html(picture: GapsPicture) -> str:
    ui = picture.language
    start, end, asked, missed = picture.summary()
    rate = f"{missed / asked:.0%}" if asked else "–"
    summary = (
        t("gaps_summary", ui, start=start, end=end, asked=asked, missed=missed, rate=rate, groups=len(picture.groups))
        if asked
        else t("gaps_none", ui)
    )
    heads = ["col_group", "col_typical", "ru", "tg", "en", "col_last_seen", "col_closest"]
    rows = []
    for g in picture.groups[:REPORT_GROUPS]:
        typical = "".join(f"<li>{escape(cut(q, QUESTION_CHARS))}</li>" for q in g.typical[:REPORT_TYPICAL])
        counts = "".join(f'<td class="n">{g.by_language.get(lang, 0)}</td>' for lang in ("ru", "tg", "en"))
        rows.append(
            f'<tr><td class="n">{g.key}<br>{escape(decision(g, picture))}</td><td><ul>{typical}</ul></td>{counts}'
            f"<td>{escape(g.last_seen)}</td><td>{escape(closest(g, picture, TITLE_CHARS, REPORT_CLOSEST))}</td></tr>"
        )
    more = len(picture.groups) - REPORT_GROUPS
    if more > 0:
        rows.append(f'<tr><td colspan="7">{escape(t("report_more_groups", ui, count=more))}</td></tr>')
    return (
        f'<!doctype html><html lang="{ui}"><head><meta charset="utf-8"><title>{escape(t("report_title", ui))}'
        f"</title><style>{_STYLE}</style></head><body><h1>{escape(t('report_title', ui))}</h1>"
        f'<p class="meta">{escape(t("report_generated", ui, date=picture.made.isoformat()))}</p>'
        f"<p><b>{escape(summary)}</b></p>"
        f'<div class="charts"><div>{svg(weekly_chart(picture.weeks, ui))}</div>'
        f"<div>{svg(groups_chart(picture.groups, ui))}</div></div>"
        f"<h2>{escape(t('chart_top_groups', ui))}</h2>{_table(heads, rows, ui, (8, 45, 5, 5, 5, 10, 22))}"
        f"<h2>{escape(t('report_documents', ui))}</h2>{_documents(picture)}</body></html>"
    )


def _table(heads: list[str], rows: list[str], ui: str, widths: tuple[int, ...]) -> str:
    """A table with fixed column widths (per cent): the browser's automatic layout gave the narrow number
    columns as much room as the questions, and the page ran onto a second sheet."""
    columns = "".join(f'<col style="width:{w}%">' for w in widths)
    head = "".join(f"<th>{escape(t(h, ui) if h.startswith('col_') else h)}</th>" for h in heads)
    return f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _documents(picture: GapsPicture) -> str:
    """Documents past their review date, never cited, or rated not helpful: the ones a meeting should discuss."""
    ui = picture.language
    wanted = [u for u in picture.usage if u.review_overdue or u.never_cited or u.not_helpful]
    wanted.sort(key=lambda u: (not u.review_overdue, -u.not_helpful, u.doc_id))
    rows = []
    for u in wanted[:REPORT_DOCUMENTS]:
        rows.append(
            f"<tr><td>{escape(cut(u.title, TITLE_CHARS))}, {escape(t('edition', ui, edition=u.edition))}</td>"
            f"<td>{escape(attention(u, ui))}</td><td class='n'>{u.cited}</td><td class='n'>{u.helpful}</td>"
            f"<td class='n'>{u.not_helpful}</td></tr>"
        )
    heads = ["col_document", "col_attention", "col_cited", "col_helpful", "col_not_helpful"]
    return _table(heads, rows, ui, (46, 30, 8, 8, 8))


def write_report(picture: GapsPicture, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_html(picture), encoding="utf-8")
    return path
