"""Plots of a faithfulness benchmark run (results.json of evals.runner), written as PNG files for evals.report.

Figures are built with matplotlib's object API on the Agg canvas, never through pyplot: no global backend
switch and no figure registry, so a report can be written from a server process or a thread.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# Blue for our pipeline, grey for the baseline: the eye should land on ours first.
COLOURS = {"ours": "#1f5fa8", "baseline": "#9a9a9a"}
EXTRA_COLOURS = ("#d9822b", "#3a9a5b", "#a83a6b", "#6b4fa8")
BAR_METRICS = (
    "correct",
    "key_fact_recall",
    "citation_precision",
    "citation_recall",
    "number_grounding",
    "recall@5",
    "faithfulness",
)
HISTOGRAM_METRICS = ("key_fact_recall", "citation_precision", "faithfulness")
LANGUAGE_ORDER = ("ru", "tg", "en")
KIND_ORDER = ("threshold", "dose", "procedure", "fact", "cross-lingual", "superseded", "conflict", "unanswerable")
LOWER_IS_BETTER = {"cites_superseded", "quotes_reference"}
# DejaVu Sans ships with matplotlib and has Cyrillic and the Tajik letters (ғ ӣ қ ӯ ҳ ҷ); named explicitly so
# a machine-wide matplotlibrc cannot swap in a font without them.
FONT = {"family": "DejaVu Sans", "size": 9}
DPI = 110


def number(value) -> float | None:
    """A metric value as a float, or None for missing/NaN (JSON from Python may carry NaN)."""
    if isinstance(value, dict):
        value = value.get("mean")
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)) and not math.isnan(value):
        return float(value)
    return None


def ordered(keys, preferred) -> list[str]:
    keys = list(dict.fromkeys(keys))
    return [k for k in preferred if k in keys] + sorted(k for k in keys if k not in preferred)


def pipeline_colour(name: str, index: int) -> str:
    return COLOURS.get(name) or EXTRA_COLOURS[index % len(EXTRA_COLOURS)]


def record_value(record: dict, metric: str) -> float | None:
    """A per-item metric: the runner's metrics first, then the judge's (ragas) scores."""
    for source in (record.get("metrics") or {}, record.get("ragas") or {}):
        if metric in source:
            return number(source[metric])
    return None


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # No Software/date metadata: the same results give byte-identical PNGs, so reports diff cleanly.
    fig.savefig(path, format="png", metadata={"Software": None})
    return path


def _grid(count: int, columns: int) -> tuple[int, int]:
    columns = min(columns, count)
    return math.ceil(count / columns), columns


def group_bars(results: dict, dimension: str, title: str, path: Path) -> Path | None:
    """One panel per key metric; x = the groups of `dimension` (by_language / by_kind), bars = pipelines."""
    pipelines = results.get("pipelines") or {}
    preferred = LANGUAGE_ORDER if dimension == "by_language" else KIND_ORDER
    groups = ordered(
        (g for p in pipelines.values() for g in ((p.get("summary") or {}).get(dimension) or {})), preferred
    )
    present = {
        m
        for p in pipelines.values()
        for g in ((p.get("summary") or {}).get(dimension) or {}).values()
        for m, v in g.items()
        if number(v) is not None
    }
    metrics = [m for m in BAR_METRICS if m in present]
    if not groups or not metrics:
        return None
    rows, cols = _grid(len(metrics), 3 if len(groups) <= 4 else 2)
    fig = _figure(4.0 * cols if len(groups) <= 4 else 6.0 * cols, 2.9 * rows)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    width = 0.8 / max(len(pipelines), 1)
    for ax, metric in zip(axes, metrics):
        for i, (name, pipeline) in enumerate(pipelines.items()):
            summary = (pipeline.get("summary") or {}).get(dimension) or {}
            xs = [g + (i - (len(pipelines) - 1) / 2) * width for g in range(len(groups))]
            values = [number((summary.get(group) or {}).get(metric)) for group in groups]
            bars = ax.bar(
                xs,
                [0.0 if v is None else v for v in values],
                width * 0.95,
                color=pipeline_colour(name, i),
                label=pipeline.get("label") or name,
            )
            for bar, value in zip(bars, values):
                # A missing value must not look like a score of zero.
                label = "n/a" if value is None else (f"{value:.2f}" if len(groups) <= 4 else "")
                if label:
                    ax.annotate(
                        label,
                        (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center",
                        va="bottom",
                        fontsize=7,
                        xytext=(0, 1),
                        textcoords="offset points",
                    )
        ax.set_title(metric + (" (lower is better)" if metric in LOWER_IS_BETTER else ""), fontsize=10)
        ax.set_xticks(
            range(len(groups)),
            groups,
            rotation=0 if len(groups) <= 4 else 35,
            ha="center" if len(groups) <= 4 else "right",
        )
        ax.set_ylim(0, 1.12)
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    for ax in axes[len(metrics) :]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), frameon=False)
    fig.suptitle(title, fontsize=12)
    return _save(fig, path)


def distributions(results: dict, path: Path) -> Path | None:
    """Histograms of per-item scores; each panel says how many items had no score at all."""
    pipelines = results.get("pipelines") or {}
    metrics = [
        m
        for m in HISTOGRAM_METRICS
        if any(record_value(r, m) is not None for p in pipelines.values() for r in p.get("items") or [])
    ]
    if not metrics:
        return None
    fig = _figure(4.2 * len(metrics), 3.2)
    axes = fig.subplots(1, len(metrics), squeeze=False).ravel()
    bins = [i / 10 for i in range(11)]
    for ax, metric in zip(axes, metrics):
        notes, series, colours, labels = [], [], [], []
        for i, (name, pipeline) in enumerate(pipelines.items()):
            items = pipeline.get("items") or []
            values = [v for v in (record_value(r, metric) for r in items) if v is not None]
            notes.append(f"{name}: n={len(values)}, n/a={len(items) - len(values)}")
            if values:
                series.append([min(max(v, 0.0), 1.0) for v in values])
                colours.append(pipeline_colour(name, i))
                labels.append(pipeline.get("label") or name)
        # Side by side rather than overlaid: blended translucent bars cannot be read as counts.
        ax.hist(series, bins=bins, color=colours, label=labels, edgecolor="white")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(metric, fontsize=10)
        ax.set_xlabel("score")
        ax.set_ylabel("items")
        ax.set_xlim(0, 1)
        ax.text(0.02, 0.97, "\n".join(notes), transform=ax.transAxes, va="top", fontsize=7, alpha=0.8)
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), frameon=False)
    fig.suptitle("Per-item score distributions", fontsize=12)
    return _save(fig, path)


def recall_curve(results: dict, path: Path) -> Path | None:
    """Overall recall@k against k for each pipeline; k comes from whichever recall@k metrics the run has."""
    pipelines = results.get("pipelines") or {}
    fig = _figure(5.5, 3.6)
    ax = fig.subplots()
    all_ks: set[int] = set()
    for i, (name, pipeline) in enumerate(pipelines.items()):
        overall = (pipeline.get("summary") or {}).get("overall") or {}
        points = sorted(
            (int(m.group(1)), number(v))
            for key, v in overall.items()
            if (m := re.fullmatch(r"recall@(\d+)", key)) and number(v) is not None
        )
        if not points:
            continue
        ks, values = zip(*points)
        all_ks.update(ks)
        ax.plot(ks, values, marker="o", color=pipeline_colour(name, i), label=pipeline.get("label") or name)
        for k, value in points:
            ax.annotate(f"{value:.2f}", (k, value), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=7)
    if not all_ks:
        return None
    ax.set_xticks(sorted(all_ks))
    ax.set_xlabel("k (passages retrieved)")
    ax.set_ylabel("recall@k (mean)")
    ax.set_ylim(0, 1.08)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", frameon=False, fontsize=8)
    ax.set_title("Retrieval recall@k", fontsize=12)
    return _save(fig, path)


def write_plots(results: dict, plots_dir: Path) -> dict[str, Path]:
    """Every plot the data allows, keyed by name; a plot without data (no ragas, no recall@k) is skipped."""
    from matplotlib import rc_context

    written: dict[str, Path] = {}
    with rc_context({"font.family": FONT["family"], "font.size": FONT["size"]}):
        for key, make in (
            ("by_language", lambda p: group_bars(results, "by_language", "Key metrics by language", p)),
            ("by_kind", lambda p: group_bars(results, "by_kind", "Key metrics by question kind", p)),
            ("distributions", lambda p: distributions(results, p)),
            ("recall_at_k", lambda p: recall_curve(results, p)),
        ):
            path = make(plots_dir / f"{key}.png")
            if path is not None:
                written[key] = path
    return written
