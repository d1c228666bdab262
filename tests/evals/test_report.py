"""The benchmark report: real Markdown, HTML and PNG files from a small synthetic results dict."""

from __future__ import annotations

import copy
import json
import re

import pytest

from evals.metrics import aggregate
from evals.report import load_results, write_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LONG_TAIL = "ХВОСТ-КОТОРЫЙ-НЕ-ДОЛЖЕН-ПОПАСТЬ"


def record(
    item_id,
    language,
    kind,
    question,
    text,
    *,
    kfr,
    cr,
    correct,
    answerable=True,
    abstained=False,
    faithfulness=0.8,
    recall=(0.5, 1.0, 1.0),
):
    metrics = {
        "recall@1": recall[0],
        "recall@3": recall[1],
        "recall@5": recall[2],
        "mrr": recall[0],
        "ndcg@5": recall[1],
        "doc_hit@5": 1.0,
        "key_fact_recall": kfr,
        "citation_precision": cr,
        "citation_recall": cr,
        "number_grounding": 1.0,
        "cites_superseded": 0.0,
        "abstained": float(abstained),
        "correct": correct,
    }
    if not answerable:
        metrics.update(
            {
                k: None
                for k in (
                    "key_fact_recall",
                    "citation_precision",
                    "citation_recall",
                    "recall@1",
                    "recall@3",
                    "recall@5",
                    "mrr",
                    "ndcg@5",
                    "doc_hit@5",
                )
            }
        )
    return {
        "id": item_id,
        "language": language,
        "kind": kind,
        "question": question,
        "gold_answer": f"Эталон для {item_id} & <i>курсив</i>",
        "key_facts": ["140 мм рт. ст."],
        "answerable": answerable,
        "answer": {
            "text": "" if abstained else text,
            "abstained": abstained,
            "sentences": []
            if abstained
            else [{"text": text, "citations": [int(n) for n in re.findall(r"\[(\d)\]", text)]}],
            "sources": [
                {"number": 1, "doc_id": "tj-moh-other-2020", "pages": [7], "text": "x", "status": "in_force"},
                {"number": 2, "doc_id": "tj-moh-hypertension-2022", "pages": [2, 3], "text": "y", "status": "in_force"},
            ],
        },
        "retrieved": [],
        "seconds": 0.4,
        "metrics": metrics,
        "ragas": {
            "faithfulness": faithfulness,
            "answer_relevancy": None,
            "context_precision": 0.7,
            "chrf": 40.0,
            "bleu": 12.0,
        },
    }


def summarise(records: list[dict]) -> dict:
    """The runner's summary: ragas scores merged into each record's metrics, then the real aggregate()."""
    for r in records:
        r["metrics"].update(r.get("ragas") or {})
    return aggregate(records)


def ours_records():
    return [
        record(
            "ru-dose-001",
            "ru",
            "dose",
            "Доза <b>амлодипина</b> & эналаприла?",
            "Амлодипин 5 мг <b>[2]</b>.",
            kfr=0.0,
            cr=0.0,
            correct=0.0,
            faithfulness=None,
        ),
        record(
            "ru-threshold-001",
            "ru",
            "threshold",
            "При каком давлении ставят диагноз?",
            "Диагноз ставят при 140/90 мм рт. ст. [2]. " + "Подробно " * 80 + LONG_TAIL,
            kfr=1.0,
            cr=1.0,
            correct=1.0,
        ),
        record(
            "tg-dose-001",
            "tg",
            "dose",
            "Вояи ҳомиладорӣ чӣ қадар оҳан лозим аст? ғ ӯ ҷ",
            "Оҳан 60 мг дар як рӯз [2].",
            kfr=0.5,
            cr=1.0,
            correct=1.0,
            faithfulness=0.4,
        ),
        record(
            "en-fact-001",
            "en",
            "fact",
            "Who issued the guideline?",
            "The Ministry of Health [2].",
            kfr=1.0,
            cr=0.5,
            correct=1.0,
            faithfulness=1.0,
        ),
        record(
            "ru-unanswerable-001",
            "ru",
            "unanswerable",
            "Сколько стоит МРТ в Душанбе?",
            "МРТ стоит 500 сомони [1].",
            kfr=None,
            cr=None,
            correct=0.0,
            answerable=False,
        ),
        record(
            "tg-unanswerable-001",
            "tg",
            "unanswerable",
            "Нархи дору дар дорухона чанд аст?",
            "",
            kfr=None,
            cr=None,
            correct=1.0,
            answerable=False,
            abstained=True,
        ),
    ]


@pytest.fixture()
def results() -> dict:
    ours = ours_records()
    baseline = copy.deepcopy(ours)
    for r in baseline:
        for metric in r.pop("ragas"):
            r["metrics"].pop(metric, None)
        for metric in ("key_fact_recall", "citation_recall", "recall@1", "recall@3", "recall@5"):
            if r["metrics"][metric] is not None:
                r["metrics"][metric] = r["metrics"][metric] * 0.5
    baseline_summary = summarise(baseline)
    # A NaN mean (json.dump writes NaN) must read "n/a", never "nan".
    baseline_summary["overall"]["number_grounding"] = {"mean": float("nan"), "n": 0}
    return {
        "meta": {
            "created": "2026-11-23T14:00:00+00:00",
            "backend": "extractive",
            "judge": "local",
            "subset": None,
            "gold_sha256": "ab" * 32,
            "git_commit": "0123456789abcdef0123",
            "seconds": 81.5,
            "items": 6,
        },
        "pipelines": {
            "ours": {
                "label": "guideline-assist",
                "items": ours,
                "summary": summarise(ours),
                "ragas": {
                    "judge": "local",
                    "items": 6,
                    "calls": 30,
                    "parse_failures": {"faithfulness": 2, "answer_relevancy": 7},
                    "failed_items": {"faithfulness": 1, "answer_relevancy": 6},
                    "seconds": 12.0,
                },
            },
            "baseline": {
                "label": "plain llama-index (VectorStoreIndex, default chunking)",
                "items": baseline,
                "summary": baseline_summary,
                "ragas": None,
            },
        },
    }


@pytest.fixture()
def previous(results) -> dict:
    """An earlier run: key_fact_recall higher, citation_precision lower, ru-dose-001 right, tg-unanswerable-001 not."""
    before = copy.deepcopy(results)
    before["meta"].update(created="2026-11-20T10:00:00+00:00", git_commit="fedcba9876543210")
    ours = before["pipelines"]["ours"]
    ours["summary"]["overall"]["key_fact_recall"]["mean"] += 0.2
    ours["summary"]["overall"]["citation_precision"]["mean"] -= 0.1
    ours["summary"]["overall"]["answer_relevancy"] = {"mean": 0.7, "n": 6}  # every judge call fails now
    items = {r["id"]: r for r in ours["items"]}
    items["ru-dose-001"]["metrics"]["correct"] = 1.0
    items["tg-unanswerable-001"]["metrics"]["correct"] = 0.0
    return before


@pytest.fixture()
def report(results, previous, tmp_path) -> dict:
    paths = write_report(results, tmp_path / "out", previous=previous)
    return {
        "paths": paths,
        "md": paths["markdown"].read_text(encoding="utf-8"),
        "html": paths["html"].read_text(encoding="utf-8"),
    }


def section(markdown: str, title: str) -> str:
    """The Markdown from a '## title' heading to the next '## ' heading."""
    start = markdown.index("## " + title)
    end = markdown.find("\n## ", start + 3)
    return markdown[start:] if end < 0 else markdown[start:end]


def test_report_writes_markdown_html_and_real_pngs(report, tmp_path):
    from matplotlib import image

    paths = report["paths"]
    plots = {k: p for k, p in paths.items() if k.startswith("plot_")}
    assert set(plots) == {"plot_by_language", "plot_by_kind", "plot_distributions", "plot_recall_at_k"}
    for path in plots.values():
        data = path.read_bytes()
        assert data[:8] == PNG_MAGIC and len(data) > 10_000, path
        height, width = image.imread(path).shape[:2]
        assert width >= 500 and height >= 300, (path, width, height)
        # The Markdown points at each plot relative to itself, so the report directory can be moved.
        assert f"](plots/{path.name})" in report["md"]
        assert path.parent == tmp_path / "out" / "plots"
    assert report["html"].count('src="data:image/png;base64,') == len(plots)
    assert not re.search(r'src="(?!data:)', report["html"])  # self-contained: nothing loaded from elsewhere
    assert "backend: extractive" in report["md"] and "commit: 0123456789ab" in report["md"]


def test_record_text_is_escaped_in_html_and_markdown(report):
    html_text, md_text = report["html"], report["md"]
    assert "Доза &lt;b&gt;амлодипина&lt;/b&gt; &amp; эналаприла?" in html_text
    assert "<b>" not in html_text and "<i>" not in html_text
    assert "Вояи ҳомиладорӣ чӣ қадар оҳан лозим аст? ғ ӯ ҷ" in html_text
    assert "Доза \\<b\\>амлодипина\\</b\\> & эналаприла?" in md_text
    assert "<b>" not in md_text
    assert not re.search(r"\bnan\b", md_text, re.IGNORECASE)
    without_images = re.sub(r'src="data:[^"]*"', "", html_text)
    assert not re.search(r"\bnan\b", without_images, re.IGNORECASE)


def test_headline_compares_ours_with_baseline(report):
    headline = section(report["md"], "Headline: ours vs baseline")
    row = next(line for line in headline.splitlines() if line.startswith("| key_fact_recall |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    # ours 0.625 over 4 answerable items, baseline half of it.
    assert cells[1:5] == ["0.625", "0.312", "+0.312", "▲"]
    grounding = next(line for line in headline.splitlines() if line.startswith("| number_grounding |"))
    assert "| n/a |" in grounding
    superseded = next(line for line in headline.splitlines() if line.startswith("| cites_superseded |"))
    assert "| = |" in superseded
    metrics = [line.split("|")[1].strip() for line in headline.splitlines()[4:] if line.startswith("|")]
    assert metrics.index("correct") < metrics.index("key_fact_recall") < metrics.index("recall@1")


def test_comparison_puts_regressions_first_and_lists_flipped_items(report):
    comparison = section(report["md"], "Change since the previous run")
    rows = [
        [c.strip() for c in line.strip("|").split("|")]
        for line in comparison.splitlines()
        if line.startswith("| ours |") or line.startswith("| baseline |")
    ]
    dropped = next(r for r in rows if r[1] == "overall" and r[2] == "key_fact_recall")
    assert dropped[3:] == ["0.825", "0.625", "-0.200", "▼ worse"]
    improved = next(r for r in rows if r[1] == "overall" and r[2] == "citation_precision")
    assert improved[-1] == "▲ better"
    verdicts = [r[-1] for r in rows]
    assert verdicts[0] == "▼ worse"
    assert max(i for i, v in enumerate(verdicts) if v.startswith("▼")) < verdicts.index("▲ better")
    gone = next(r for r in rows if r[1] == "overall" and r[2] == "answer_relevancy")
    assert gone[3:] == ["0.700", "n/a", "n/a", "now n/a"]  # listed, not judged: nothing left to measure
    assert "correct → incorrect (1): ru-dose-001" in comparison
    assert "incorrect → correct (1): tg-unanswerable-001" in comparison
    assert '<td class="worse">▼ worse</td>' in report["html"]


def test_ragas_section_shows_judge_failures(report):
    ragas = section(report["md"], "RAGAS (LLM judge)")
    assert "judge calls: 30" in ragas
    faithfulness = next(line for line in ragas.splitlines() if line.startswith("| faithfulness |"))
    assert [c.strip() for c in faithfulness.strip("|").split("|")][1:] == ["0.760 (1 of 6 failed)", "2", "1"]
    relevancy = next(line for line in ragas.splitlines() if line.startswith("| answer_relevancy |"))
    assert "n/a (6 of 6 failed)" in relevancy and "| 7 |" in relevancy


def test_worst_items_and_answered_unanswerable_questions(report):
    worst = section(report["md"], "Worst items (ours)")
    ids = re.findall(r"^### \d+\. (\S+)", worst, re.MULTILINE)
    assert ids == ["ru-dose-001", "tg-dose-001", "en-fact-001", "ru-threshold-001"]
    assert "tj-moh-hypertension-2022 pp. 2–3" in worst and "tj-moh-other-2020" not in worst
    assert LONG_TAIL not in report["md"] and LONG_TAIL not in report["html"]
    answered = section(report["md"], "Unanswerable questions that were answered (1)")
    assert "ru-unanswerable-001" in answered and "МРТ стоит 500 сомони" in answered
    assert "\\[1\\] tj-moh-other-2020 p. 7" in answered  # brackets escaped: record text never forms a link
    assert "tg-unanswerable-001" not in answered


def test_report_without_baseline_previous_or_ragas_still_renders(results, tmp_path):
    del results["pipelines"]["baseline"]
    results["pipelines"]["ours"]["ragas"] = None
    for r in results["pipelines"]["ours"]["items"]:
        for metric in r.pop("ragas"):
            r["metrics"].pop(metric, None)
    for group in [
        results["pipelines"]["ours"]["summary"]["overall"],
        *results["pipelines"]["ours"]["summary"]["by_language"].values(),
        *results["pipelines"]["ours"]["summary"]["by_kind"].values(),
    ]:
        for metric in ("faithfulness", "answer_relevancy", "context_precision", "chrf", "bleu"):
            group.pop(metric, None)
    paths = write_report(results, tmp_path / "plain")
    md_text = paths["markdown"].read_text(encoding="utf-8")
    assert "## Headline\n" in md_text and "ours − baseline" not in md_text
    assert "Change since the previous run" not in md_text
    assert "Not computed in this run (no judge)." in section(md_text, "RAGAS (LLM judge)")
    assert "faithfulness" not in md_text
    assert paths["html"].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    for key in ("plot_by_language", "plot_by_kind", "plot_distributions", "plot_recall_at_k"):
        assert paths[key].read_bytes()[:8] == PNG_MAGIC


def test_load_results_reads_a_file_or_its_directory(results, previous, tmp_path):
    (tmp_path / "results.json").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    assert load_results(tmp_path / "results.json")["meta"]["git_commit"] == "0123456789abcdef0123"
    assert load_results(tmp_path)["pipelines"]["ours"]["label"] == "guideline-assist"
    (tmp_path / "previous.json").write_text(json.dumps(previous), encoding="utf-8")
    paths = write_report(load_results(tmp_path), tmp_path / "out", previous=tmp_path / "previous.json")
    assert "correct → incorrect (1): ru-dose-001" in paths["markdown"].read_text(encoding="utf-8")
    (tmp_path / "other.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="not a benchmark results file"):
        load_results(tmp_path / "other.json")
