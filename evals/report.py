"""Markdown and HTML report of a faithfulness benchmark run (the results.json evals.runner writes).

Both files come from one list of blocks, so they cannot drift apart, and every text taken from the records
(questions, answers, ids) is escaped in one place per format. Missing scores are shown as "n/a", never
as 0 and never dropped, because a judge that failed on half the items must be visible in the report.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from evals.metrics import RAGAS_METRICS
from evals.plots import KIND_ORDER, LANGUAGE_ORDER, LOWER_IS_BETTER, number, ordered, record_value, write_plots

KNOWN_METRICS = (
    "correct",
    "key_fact_recall",
    "citation_precision",
    "citation_recall",
    "number_grounding",
    "cites_superseded",
    "quotes_reference",
    "abstention_precision",
    "abstention_recall",
    "answered_rate",
    "recall@1",
    "recall@3",
    "recall@5",
    "mrr",
    "ndcg@5",
    "doc_hit@5",
    "page_hit@5",
    "faithfulness",
    "answer_relevancy",
    "context_precision",
    "chrf",
    "bleu",
)
NEUTRAL = {"abstained"}  # abstaining is right for some questions and wrong for others: no direction
PIPELINE_ORDER = ("ours", "baseline")
WORST_ITEMS = 10
ANSWER_CHARS = 400


def direction(metric: str) -> int:
    """+1 when a higher value is better, -1 when lower is better, 0 when neither."""
    return 0 if metric in NEUTRAL else -1 if metric in LOWER_IS_BETTER else 1


def load_results(path: Path | str) -> dict:
    """A results.json written by the runner (or the directory holding it)."""
    path = Path(path)
    if path.is_dir():
        path = path / "results.json"
    results = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(results, dict) or not isinstance(results.get("pipelines"), dict):
        raise ValueError(f"{path} is not a benchmark results file (no 'pipelines')")
    return results


# ------------------------------------------------------------------ document blocks
@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    text: str
    note: bool = False


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    text_columns: int = 1  # the leading columns hold names (left-aligned); the rest hold numbers


@dataclass
class Image:
    path: Path
    alt: str


@dataclass
class Fields:
    pairs: list[tuple[str, str]] = field(default_factory=list)


# ------------------------------------------------------------------ formatting
def fmt(value, digits: int = 3) -> str:
    value = number(value)
    if value is None:
        return "n/a"
    # chrF and BLEU are on a 0-100 scale: three decimals there are noise.
    return f"{value:.{digits}f}" if abs(value) <= 1 else f"{value:.1f}"


def fmt_delta(delta: float) -> str:
    return f"{delta:+.3f}"


def verdict(metric: str, delta: float | None) -> str:
    if delta is None or abs(delta) < 1e-9:
        return "="
    if direction(metric) == 0:
        return "changed"
    return "▲ better" if delta * direction(metric) > 0 else "▼ worse"


def one_line(text, limit: int | None = None) -> str:
    text = " ".join(str(text or "").split())
    if limit and len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        text = cut + " …"
    return text


def pipelines_of(results: dict) -> dict[str, dict]:
    pipelines = results.get("pipelines") or {}
    return {name: pipelines[name] for name in ordered(pipelines, PIPELINE_ORDER) if pipelines[name]}


def groups_of(pipeline: dict, dimension: str) -> dict:
    return (pipeline.get("summary") or {}).get(dimension) or {}


def metrics_in(groups) -> list[str]:
    return ordered((m for g in groups for m in (g or {})), KNOWN_METRICS)


def failed_note(pipeline: dict, metric: str) -> str:
    """ " (k of n failed)" for a judge metric that could not be computed on some items."""
    ragas = pipeline.get("ragas") or {}
    failed = (ragas.get("failed_items") or {}).get(metric)
    if failed is None:
        return ""
    total = ragas.get("items") or len(pipeline.get("items") or [])
    return f" ({failed} of {total} failed)" if failed else ""


# ------------------------------------------------------------------ sections
def header(results: dict) -> list:
    meta = results.get("meta") or {}
    commit = str(meta.get("git_commit") or "unknown")[:12]
    facts = [
        f"backend: {meta.get('backend') or 'n/a'}",
        f"judge: {meta.get('judge') or 'none'}",
        f"items: {meta.get('items', 'n/a')}" + (f" (subset {meta['subset']})" if meta.get("subset") else ""),
        f"commit: {commit}",
        f"date: {meta.get('created') or 'n/a'}",
    ]
    if meta.get("seconds") is not None:
        facts.append(f"run time: {float(meta['seconds']):.0f} s")
    if meta.get("gold_sha256"):
        facts.append(f"gold set sha256: {str(meta['gold_sha256'])[:12]}")
    labels = [f"{name} = {p.get('label') or name}" for name, p in pipelines_of(results).items()]
    return [Heading(1, "Faithfulness benchmark"), Para(" · ".join(facts)), Para("Pipelines: " + "; ".join(labels))]


def headline(results: dict) -> list:
    pipelines = pipelines_of(results)
    names = list(pipelines)
    overall = {name: groups_of(p, "overall") for name, p in pipelines.items()}
    compare = "ours" in pipelines and "baseline" in pipelines
    headers = ["metric", *names] + (["ours − baseline", ""] if compare else []) + ["n"]
    rows = []
    for metric in metrics_in(overall.values()):
        row = [metric] + [fmt(overall[n].get(metric)) + failed_note(pipelines[n], metric) for n in names]
        if compare:
            ours, base = number(overall["ours"].get(metric)), number(overall["baseline"].get(metric))
            delta = None if ours is None or base is None else ours - base
            row += ["n/a", ""] if delta is None else [fmt_delta(delta), verdict(metric, delta).split()[0]]
        counts = [str(v["n"]) for n in names if isinstance(v := overall[n].get(metric), dict) and "n" in v]
        row.append(" / ".join(dict.fromkeys(counts)))
        rows.append(row)
    title = "Headline: ours vs baseline" if compare else "Headline"
    return [Heading(2, title), Table(headers, rows)] if rows else [Heading(2, title), Para("No metrics.")]


def group_table(results: dict, dimension: str, title: str, preferred, plot: Path | None) -> list:
    pipelines = pipelines_of(results)
    per = {name: groups_of(p, dimension) for name, p in pipelines.items()}
    groups = ordered((g for gs in per.values() for g in gs), preferred)
    if not groups:
        return []
    metrics = metrics_in(g for gs in per.values() for g in gs.values())
    # Two decimals: each cell holds every pipeline's value and the table has a column per metric.
    rows = [
        [group] + [" / ".join(fmt((per[n].get(group) or {}).get(m), 2) for n in pipelines) for m in metrics]
        for group in groups
    ]
    blocks = [Heading(2, title), Table([title.split()[-1], *metrics], rows)]
    if len(pipelines) > 1:
        blocks.append(Para("Each cell: " + " / ".join(pipelines) + ".", note=True))
    if plot:
        blocks.append(Image(plot, title))
    return blocks


def ragas_section(results: dict) -> list:
    blocks: list = [Heading(2, "RAGAS (LLM judge)")]
    ran = {name: p for name, p in pipelines_of(results).items() if p.get("ragas")}
    if not ran:
        return blocks + [Para("Not computed in this run (no judge).")]
    for name, pipeline in ran.items():
        ragas = pipeline["ragas"]
        overall = groups_of(pipeline, "overall")
        parse, failed = ragas.get("parse_failures") or {}, ragas.get("failed_items") or {}
        total = ragas.get("items") or len(pipeline.get("items") or [])
        blocks.append(Heading(3, f"{name}: judge {ragas.get('judge') or 'n/a'}"))
        blocks.append(
            Para(
                f"items: {total} · judge calls: {ragas.get('calls', 'n/a')} · "
                f"time: {float(ragas.get('seconds') or 0):.0f} s"
            )
        )
        metrics = ordered([*parse, *failed, *(m for m in RAGAS_METRICS if m in overall)], KNOWN_METRICS)
        rows = []
        for metric in metrics:
            # Count the records when the runner did not: an item without a score is a failure either way.
            k = failed.get(
                metric, sum(1 for r in pipeline.get("items") or [] if "ragas" in r and record_value(r, metric) is None)
            )
            mean = number(overall.get(metric))
            shown = (
                f"n/a ({k} of {total} failed)"
                if mean is None
                else fmt(mean) + (f" ({k} of {total} failed)" if k else "")
            )
            rows.append([metric, shown, str(parse.get(metric, 0)), str(k)])
        blocks.append(Table(["metric", "mean", "parse failures", "items not computed"], rows))
    return blocks


def comparison(results: dict, previous: dict | None) -> list:
    if not previous:
        return []
    blocks: list = [Heading(2, "Change since the previous run")]
    meta, before = results.get("meta") or {}, previous.get("meta") or {}
    blocks.append(
        Para(
            f"previous: commit {str(before.get('git_commit') or 'unknown')[:12]}, "
            f"{before.get('created') or 'n/a'}, {before.get('items', 'n/a')} items"
        )
    )
    if before.get("gold_sha256") and before.get("gold_sha256") != meta.get("gold_sha256"):
        blocks.append(Para("The gold set changed between the runs: differences may come from the items.", note=True))
    current, old = pipelines_of(results), pipelines_of(previous)
    rows, unchanged = [], 0
    for name in (n for n in current if n in old):
        for dimension, prefix in (("overall", ""), ("by_language", "language "), ("by_kind", "kind ")):
            now, then = groups_of(current[name], dimension), groups_of(old[name], dimension)
            pairs = (
                [("overall", now, then)]
                if dimension == "overall"
                else [(prefix + g, now.get(g) or {}, then.get(g) or {}) for g in ordered([*now, *then], ())]
            )
            for group, a, b in pairs:
                for metric in metrics_in([a, b]):
                    cur, prev = number(a.get(metric)), number(b.get(metric))
                    if cur is None and prev is None:
                        continue
                    if cur is not None and prev is not None:
                        delta = cur - prev
                        mark = verdict(metric, delta)
                        if mark == "=":
                            unchanged += 1
                            continue
                    else:
                        # n/a is "nothing to measure" (every unanswerable question refused leaves no number to
                        # ground), not a worse score: listed, not judged.
                        delta, mark = None, "new" if prev is None else "now n/a"
                    rows.append((name, group, metric, fmt(prev), fmt(cur), delta, mark))
    rank = {"▼": 0, "▲": 1}
    rows.sort(key=lambda r: (rank.get(r[6][0], 2), -abs(r[5] or 0), r[0], r[1], r[2]))
    if rows:
        blocks.append(
            Table(
                ["pipeline", "group", "metric", "previous", "current", "Δ", "verdict"],
                [[*r[:5], "n/a" if r[5] is None else fmt_delta(r[5]), r[6]] for r in rows],
                text_columns=3,
            )
        )
    blocks.append(Para(f"{unchanged} unchanged values not shown." if rows else "No metric changed.", note=True))
    for name in (n for n in current if n in old):
        blocks += flips(name, current[name], old[name])
    return blocks


def flips(name: str, now: dict, then: dict) -> list:
    def correct(pipeline):
        return {r.get("id"): number((r.get("metrics") or {}).get("correct")) for r in pipeline.get("items") or []}

    a, b = correct(now), correct(then)
    common = [i for i in a if i in b and a[i] is not None and b[i] is not None]
    lost = [i for i in common if b[i] >= 0.5 > a[i]]
    gained = [i for i in common if a[i] >= 0.5 > b[i]]
    blocks: list = [Heading(3, f"{name}: items that changed")]
    blocks.append(Para(f"correct → incorrect ({len(lost)}): " + (", ".join(map(str, lost)) or "none")))
    blocks.append(Para(f"incorrect → correct ({len(gained)}): " + (", ".join(map(str, gained)) or "none")))
    if len(a) != len(common) or len(b) != len(common):
        blocks.append(Para(f"Compared on {len(common)} items present and scored in both runs.", note=True))
    return blocks


def cited(answer: dict) -> str:
    numbers = {n for s in answer.get("sentences") or [] if isinstance(s, dict) for n in s.get("citations") or []}
    if not numbers:
        numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.get("text") or "")}
    places = []
    for source in answer.get("sources") or []:
        if source.get("number") in numbers:
            pages = source.get("pages") or []
            where = "" if not pages else f" p. {pages[0]}" if len(pages) == 1 else f" pp. {pages[0]}–{pages[-1]}"
            status = f" ({source['status']})" if source.get("status") not in (None, "in_force") else ""
            places.append(f"[{source.get('number')}] {source.get('doc_id')}{where}{status}")
    return "; ".join(places) or "nothing cited"


def item_blocks(index: int, record: dict) -> list:
    answer = record.get("answer") or {}
    scores = " · ".join(
        f"{m} {fmt(record_value(record, m))}"
        for m in ("key_fact_recall", "citation_recall", "citation_precision", "correct")
    )
    text = "(abstained) " if answer.get("abstained") else ""
    return [
        Heading(3, f"{index}. {record.get('id')} ({record.get('language')}, {record.get('kind')})"),
        Fields(
            [
                ("Scores", scores),
                ("Question", one_line(record.get("question"))),
                ("Gold answer", one_line(record.get("gold_answer"))),
                ("Key facts", "; ".join(map(str, record.get("key_facts") or [])) or "none"),
                ("Our answer", text + (one_line(answer.get("text"), ANSWER_CHARS) or "(empty)")),
                ("Cited", cited(answer)),
            ]
        ),
    ]


def worst_items(results: dict) -> list:
    pipelines = pipelines_of(results)
    if not pipelines:
        return []
    name = "ours" if "ours" in pipelines else next(iter(pipelines))
    records = pipelines[name].get("items") or []

    def badness(r):
        kfr, cr = (record_value(r, m) or 0.0 for m in ("key_fact_recall", "citation_recall"))
        return (kfr + cr) / 2, kfr, cr, str(r.get("id"))

    worst = sorted((r for r in records if r.get("answerable", True)), key=badness)[:WORST_ITEMS]
    answered = [r for r in records if r.get("answerable") is False and not (r.get("answer") or {}).get("abstained")]
    blocks: list = [
        Heading(2, f"Worst items ({name})"),
        Para(
            f"The {len(worst)} answerable items with the lowest mean of key_fact_recall and citation_recall.", note=True
        ),
    ]
    for i, record in enumerate(worst, 1):
        blocks += item_blocks(i, record)
    blocks.append(Heading(2, f"Unanswerable questions that were answered ({len(answered)})"))
    if not answered:
        blocks.append(Para("None: every unanswerable question was declined."))
    for i, record in enumerate(answered, 1):
        blocks += item_blocks(i, record)
    return blocks


def plot_section(plots: dict[str, Path]) -> list:
    blocks = []
    if "recall_at_k" in plots:
        blocks += [Heading(2, "Retrieval"), Image(plots["recall_at_k"], "Retrieval recall@k")]
    if "distributions" in plots:
        blocks += [Heading(2, "Score distributions"), Image(plots["distributions"], "Per-item score distributions")]
    return blocks


# ------------------------------------------------------------------ rendering
# "_" inside a word (key_fact_recall) cannot start emphasis in CommonMark, so only word-edge ones are escaped.
# "&" only where it would read as an entity ("&lt;"), so plain "A & B" stays as typed.
MD_SPECIAL = re.compile(r"([\\`*<>|\[\]]|(?<!\w)_|_(?!\w)|&(?=#?\w+;))")


def md(text: str) -> str:
    # Backslash escapes keep record text literal: "<b>" must not become bold, "|" must not split a cell.
    return MD_SPECIAL.sub(lambda m: "\\" + m.group(0), one_line(text))


def render_markdown(blocks: list, base: Path) -> str:
    out = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append("#" * b.level + " " + md(b.text))
        elif isinstance(b, Para):
            out.append(f"_{md(b.text)}_" if b.note else md(b.text))
        elif isinstance(b, Table):
            lines = [
                "| " + " | ".join(md(h) for h in b.headers) + " |",
                "|" + "|".join(":---" if i < b.text_columns else "---:" for i in range(len(b.headers))) + "|",
            ]
            lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in b.rows]
            out.append("\n".join(lines))
        elif isinstance(b, Image):
            out.append(f"![{md(b.alt)}]({b.path.relative_to(base).as_posix()})")
        elif isinstance(b, Fields):
            out.append("\n".join(f"- **{md(k)}:** {md(v)}" for k, v in b.pairs))
    return "\n\n".join(out) + "\n"


CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222;
line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}h3{font-size:1.05em}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
th,td{border:1px solid #ddd;padding:3px 7px;white-space:nowrap}th{background:#f3f5f8}
td.num{text-align:right;font-variant-numeric:tabular-nums}tr:nth-child(even) td{background:#fafafa}
td.better{color:#1a7f37}td.worse{color:#c62828;font-weight:bold}
.note{color:#666;font-style:italic}img{max-width:100%;border:1px solid #eee}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:.9em}dt{font-weight:bold}dd{margin:0}
"""


def render_html(blocks: list) -> str:
    e = html.escape
    out = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(f"<h{b.level}>{e(b.text)}</h{b.level}>")
        elif isinstance(b, Para):
            out.append(f'<p class="note">{e(b.text)}</p>' if b.note else f"<p>{e(b.text)}</p>")
        elif isinstance(b, Table):

            def cell(i, c, b=b):  # bound now: the closure is used within this iteration only
                cls = "" if i < b.text_columns else "num"
                cls = {"▲": "better", "▼": "worse"}.get(c[:1], cls)
                return f'<td class="{cls}">{e(c)}</td>' if cls else f"<td>{e(c)}</td>"

            head = "".join(f"<th>{e(h)}</th>" for h in b.headers)
            body = "".join("<tr>" + "".join(cell(i, c) for i, c in enumerate(row)) + "</tr>" for row in b.rows)
            out.append(f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')
        elif isinstance(b, Image):
            data = base64.b64encode(b.path.read_bytes()).decode("ascii")
            out.append(f'<p><img alt="{e(b.alt)}" src="data:image/png;base64,{data}"></p>')
        elif isinstance(b, Fields):
            out.append("<dl>" + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in b.pairs) + "</dl>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Faithfulness benchmark</title><style>{CSS}</style></head>\n<body>\n"
        + "\n".join(out)
        + "\n</body></html>\n"
    )


def write_report(results: dict, out_dir: Path, previous: dict | Path | None = None) -> dict[str, Path]:
    """Write report.md, report.html and plots/*.png into out_dir; returns every written path by name."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if previous is not None and not isinstance(previous, dict):
        previous = load_results(previous)
    plots = write_plots(results, out_dir / "plots")
    blocks = (
        header(results)
        + headline(results)
        + comparison(results, previous)
        + group_table(results, "by_language", "By language", LANGUAGE_ORDER, plots.get("by_language"))
        + group_table(results, "by_kind", "By kind", KIND_ORDER, plots.get("by_kind"))
        + plot_section(plots)
        + ragas_section(results)
        + worst_items(results)
    )
    written = {"markdown": out_dir / "report.md", "html": out_dir / "report.html"}
    written["markdown"].write_text(render_markdown(blocks, out_dir), encoding="utf-8")
    written["html"].write_text(render_html(blocks), encoding="utf-8")
    return written | {f"plot_{name}": path for name, path in plots.items()}
