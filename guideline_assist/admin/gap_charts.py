"""The ministry's three pictures, as matplotlib figures: the admin page shows them (gr.Plot) and the printable
report embeds the same figures as SVG, so the meeting sees what the page showed.

    weekly_chart(weekly(outcomes), "ru")   # share not found per week, a line per language
    groups_chart(groups, "tg")             # the largest gap groups, bars split by language
    citations_chart(usage, "ru")           # answers citing each document
"""

from __future__ import annotations

import io
from collections.abc import Sequence

# Figures are built without pyplot: its global state is not thread-safe, and Gradio serves several admins.
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from guideline_assist.admin.gaps import GapGroup, WeekCount
from guideline_assist.admin.usage import DocumentUsage
from guideline_assist.core.i18n import text as t

LANGUAGES = ("ru", "tg", "en")
COLOURS = {"ru": "#1d4ed8", "tg": "#b45309", "en": "#6b7280", "all": "#111827"}
BARS = 8  # groups / documents per bar chart: more would not be read at a meeting
LABEL_CHARS = 48


def _figure(height: float = 2.8) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(7.2, height), dpi=100)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _empty(ax: Axes, ui: str) -> None:
    ax.text(0.5, 0.5, t("chart_empty", ui), ha="center", va="center", transform=ax.transAxes, color="#6b7280")
    ax.set_xticks([])
    ax.set_yticks([])


def weekly_chart(weeks: Sequence[WeekCount], ui: str) -> Figure:
    fig, ax = _figure()
    ax.set_title(t("chart_not_found", ui), fontsize=10, loc="left")
    if not weeks:
        _empty(ax, ui)
        return fig
    x = list(range(len(weeks)))  # weeks as categories: one week alone would get a five-year date axis
    ax.plot(x, [w.rate() for w in weeks], color=COLOURS["all"], linewidth=2, marker="o", label=t("lang_all", ui))
    for lang in LANGUAGES:
        if any(w.asked.get(lang) for w in weeks):
            ax.plot(x, [w.rate(lang) for w in weeks], color=COLOURS[lang], linestyle="--", marker=".",
                    label=t(f"lang_{lang}", ui))  # fmt: skip
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel(t("chart_share", ui), fontsize=9)
    ax.set_xlabel(t("chart_week", ui), fontsize=9)
    step = max(1, len(weeks) // 8)
    ax.set_xticks(x[::step], [w.week.isoformat() for w in weeks][::step], fontsize=8, rotation=30, ha="right")
    ax.set_xlim(-0.5, len(weeks) - 0.5)
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def groups_chart(groups: Sequence[GapGroup], ui: str) -> Figure:
    shown = list(groups[:BARS])
    fig, ax = _figure(1.0 + 0.38 * max(len(shown), 2))
    ax.set_title(t("chart_top_groups", ui), fontsize=10, loc="left")
    if not shown:
        _empty(ax, ui)
        return fig
    labels = [f"{g.key}: {_short(g.typical[0])}" for g in shown][::-1]
    left = [0] * len(shown)
    for lang in LANGUAGES:
        counts = [g.by_language.get(lang, 0) for g in shown][::-1]
        if any(counts):
            ax.barh(labels, counts, left=left, color=COLOURS[lang], label=t(f"lang_{lang}", ui))
            left = [a + b for a, b in zip(left, counts)]
    ax.set_xlabel(t("chart_questions", ui), fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    fig.tight_layout()
    return fig


def citations_chart(usage: Sequence[DocumentUsage], ui: str) -> Figure:
    shown = [u for u in usage if u.cited][:BARS]
    fig, ax = _figure(1.0 + 0.38 * max(len(shown), 2))
    ax.set_title(t("chart_citations", ui), fontsize=10, loc="left")
    if not shown:
        _empty(ax, ui)
        return fig
    ax.barh([u.doc_id for u in shown][::-1], [u.cited for u in shown][::-1], color=COLOURS["ru"])
    ax.set_xlabel(t("chart_cited", ui), fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    return fig


def svg(fig: Figure) -> str:
    """The figure as inline SVG (text kept as paths: the report prints the same without the page's fonts)."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # inlined in HTML: no XML declaration, no DOCTYPE
