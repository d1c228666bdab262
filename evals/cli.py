"""`guideline-assist eval`: the faithfulness benchmark in one command (registered through an entry point)."""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path

import click

from guideline_assist.core.errors import GuidelineAssistError, MissingExtra

# What `pip install 'guideline-assist[eval]'` brings and the benchmark imports (ragas pulls langchain).
EVAL_MODULES = ("ragas", "langchain_core", "sacrebleu", "matplotlib")


def require_eval_extra() -> None:
    """MissingExtra(extra="eval") before any work, instead of an ImportError after indexing."""
    for name in EVAL_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise MissingExtra(exc.name or name, extra="eval") from exc


class _Bars:
    """One tqdm bar per stage (ours, baseline, ragas), on stderr so --json output stays clean."""

    def __init__(self) -> None:
        self.bars: dict = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(
                total=total, desc=f"{stage:<18}", unit="q", file=sys.stderr, dynamic_ncols=True
            )
        bar.update(done - bar.n)
        if done >= total:
            bar.close()


@click.command("eval")
@click.option(
    "--backend",
    type=click.Choice(["extractive", "local", "openai"]),
    default="extractive",
    show_default=True,
    help="How answers are written (local: Qwen GGUF; openai: GA_ANSWER__OPENAI_*).",
)
@click.option(
    "--judge",
    type=click.Choice(["none", "local", "openai"]),
    default="none",
    show_default=True,
    help="LLM judge for ragas faithfulness, relevancy and context precision (slow on CPU: use "
    "--subset). chrF and BLEU are always computed.",
)
@click.option("--subset", type=int, default=None, help="Only N items, stratified by language and kind.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("eval-results"),
    show_default=True,
    help="Folder for results.json, report.md, report.html and plots/.",
)
@click.option(
    "--compare",
    "previous_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Earlier results.json to compare with (default: the one already in --out).",
)
@click.option("--no-baseline", is_flag=True, help="Skip the plain llama-index baseline.")
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Gold set YAML (default: evals/datasets/gold.yaml over the bundled corpus).",
)
@click.option(
    "--real",
    is_flag=True,
    help="The real-guidelines gold set (evals/datasets/real) over 8 published ministry and WHO PDFs, "
    "read from --pdfs; the first run indexes them (~15 min on 2 cores).",
)
@click.option(
    "--pdfs",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of the real PDFs for --real (default: ../shared/real-guidelines/pdf beside the repository).",
)
@click.pass_obj
def eval_command(
    ctx,
    backend: str,
    judge: str,
    subset: int | None,
    out_dir: Path,
    previous_path: Path | None,
    no_baseline: bool,
    gold: Path | None,
    real: bool,
    pdfs: Path | None,
) -> None:
    """Measure how faithful and useful the answers are, per language and kind of question.

    \b
    Runs the gold questions through guideline-assist and through a plain llama-index pipeline,
    then writes OUT/results.json and a report (Markdown + HTML with plots) that compares both and,
    if OUT already held results, shows what got better or worse since that run.
    \b
      guideline-assist eval --subset 40                  # 2-3 min, deterministic metrics
      guideline-assist eval --judge local --subset 10    # + ragas with the local Qwen judge (~15 min on 2 cores)
      guideline-assist eval --real                       # 130+ questions over 8 real ministry and WHO PDFs
    The gold set is written over the bundled demonstration corpus; the benchmark indexes it into
    <data dir>/eval-index (incremental), so a running web app is not disturbed.
    """
    try:
        require_eval_extra()
    except MissingExtra as exc:
        click.echo(exc.message(ctx.lang), err=True)
        sys.exit(2)
    from evals.gold import GOLD
    from evals.real_corpus import DEFAULT_PDFS, REAL_GOLD, assemble
    from evals.report import write_report
    from evals.runner import EvalOptions, run_benchmark
    from guideline_assist.core.settings import DEFAULT_CORPUS_DIR

    corpus_dir, store = DEFAULT_CORPUS_DIR, ctx.settings.data_dir / "eval-index"
    if real:
        try:
            corpus_dir = assemble(ctx.settings.data_dir / "eval-real" / "corpus", pdfs or DEFAULT_PDFS)
        except GuidelineAssistError as exc:
            click.echo(exc.message(ctx.lang), err=True)
            sys.exit(2)
        store, gold = ctx.settings.data_dir / "eval-real" / "index", gold or REAL_GOLD
    settings = ctx.settings.model_copy(update={"corpus_dir": corpus_dir, "qdrant_url": None, "qdrant_path": store})
    options = EvalOptions(
        backend=backend,
        judge=None if judge == "none" else judge,
        subset=subset,
        baseline=not no_baseline,
        gold=gold or GOLD,
    )
    previous_file = previous_path or (out_dir / "results.json")
    previous = json.loads(previous_file.read_text(encoding="utf-8")) if previous_file.is_file() else None
    try:
        results = run_benchmark(settings, options, progress=_Bars())
    except GuidelineAssistError as exc:
        click.echo(exc.message(ctx.lang), err=True)
        sys.exit(2)
    out_dir.mkdir(parents=True, exist_ok=True)
    if previous is not None and previous_path is None:
        shutil.copyfile(previous_file, out_dir / "previous-results.json")
    (out_dir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    paths = write_report(results, out_dir, previous=previous)
    click.echo(headline(results))
    for name, path in paths.items():
        click.echo(f"{name}: {path}")


def headline(results: dict) -> str:
    """A few figures for the terminal; the report has the rest."""
    lines = []
    for key, pipeline in results["pipelines"].items():
        overall = pipeline["summary"]["overall"]
        figures = "  ".join(
            f"{m}={_fmt(overall.get(m))}"
            for m in (
                "correct",
                "key_fact_recall",
                "citation_precision",
                "number_grounding",
                "abstention_recall",
                "recall@5",
                "faithfulness",
            )
        )
        lines.append(f"{key:<9} {figures}")
    return "\n".join(lines)


def _fmt(cell) -> str:
    if not cell or cell.get("mean") is None:
        return "n/a"
    return f"{cell['mean']:.2f}"
