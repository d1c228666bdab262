"""`guideline-assist`: the one command-line entry point.

guideline-assist index                 # index corpus/manifest.yaml incrementally
guideline-assist corpus list           # what the manifest says and what the index holds
guideline-assist search "доза окситоцина"
guideline-assist ask "Какая доза окситоцина для профилактики кровотечения?"
guideline-assist serve                 # the web app on http://127.0.0.1:7860 (from ui/)
guideline-assist eval --subset 30      # the faithfulness benchmark (from evals/)
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from guideline_assist.core.errors import GuidelineAssistError
from guideline_assist.core.i18n import LANGUAGES
from guideline_assist.core.settings import Settings


class Context:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def lang(self) -> str:
        return self.settings.language


def configure_logging(verbose: bool) -> None:
    """WARNING from everything by default; -v adds INFO from our own packages only (not httpx, gradio)."""
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S"
    )
    if verbose:  # levels are left alone otherwise, so tests' caplog still sees INFO
        for name in ("guideline_assist", "indexing", "ui", "evals"):
            logging.getLogger(name).setLevel(logging.INFO)


def _fail(ctx: Context, exc: GuidelineAssistError, code: int = 2) -> None:
    click.echo(exc.message(ctx.lang), err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default=None, help="Language of messages (default: GA_LANGUAGE or en)."
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the embedded index lives (default: GA_DATA_DIR or ./data).",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Log what indexing, snapshots and admin actions do (INFO) on stderr."
)
@click.pass_context
def main(click_ctx: click.Context, lang: str | None, data_dir: Path | None, verbose: bool = False) -> None:
    """Clinical guideline assistant: index official guideline PDFs, search them, answer with citations.

    \b
    Typical first run:
      guideline-assist index            # reads corpus/manifest.yaml, indexes every PDF
      guideline-assist ask "доза окситоцина при кровотечении"   # cited, checked answer
      guideline-assist search "доза окситоцина при кровотечении"  # the raw passages
      guideline-assist serve            # web app on http://127.0.0.1:7860

    Settings come from GA_* environment variables (see README), e.g. GA_QDRANT_URL to use a
    Qdrant server instead of the embedded store.
    """
    configure_logging(verbose)
    overrides = {k: v for k, v in {"language": lang, "data_dir": data_dir}.items() if v is not None}
    try:
        settings = Settings(**overrides)
    except GuidelineAssistError as exc:
        click.echo(exc.message(lang or "en"), err=True)
        sys.exit(2)
    click_ctx.obj = Context(settings)


@main.command()
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Corpus folder with manifest.yaml (default: the bundled demonstration corpus).",
)
@click.option("--rebuild", is_flag=True, help="Re-embed every document, even unchanged ones.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.pass_obj
def index(ctx: Context, corpus_dir: Path | None, rebuild: bool, quiet: bool) -> None:
    """Index the corpus: only new or changed documents are embedded.

    A changed PDF replaces its old version atomically; a document that fails (missing, encrypted,
    corrupt, scanned) is reported and the previous version keeps serving. A new edition added with
    `corpus add --supersedes OLD` retires OLD only once it is served itself; if it cannot be indexed,
    OLD stays in force and the run says so. Exit code 1 if any document failed or any replacement is
    left unfinished.
    """
    from guideline_assist.admin.corpus_editor import CorpusEditor
    from guideline_assist.admin.replacement import index_corpus
    from guideline_assist.service import GuidelineIndex
    from indexing.progress import TerminalProgress
    from indexing.summary import render_summary

    settings = ctx.settings
    if corpus_dir is not None:
        settings = settings.model_copy(update={"corpus_dir": corpus_dir})
    try:
        with GuidelineIndex(settings) as gi:
            progress = TerminalProgress(enabled=not quiet)
            run = index_corpus(gi, CorpusEditor(settings.manifest_path), rebuild=rebuild, progress=progress)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    click.echo(render_summary(run.report, ctx.lang))
    for line in run.messages(ctx.lang):
        click.echo(line)
    sys.exit(0 if run.ok else 1)


@main.command()
@click.argument("query")
@click.option("-k", default=5, show_default=True, help="How many passages.")
@click.option("--include-superseded", is_flag=True, help="Also search superseded editions.")
@click.pass_obj
def search(ctx: Context, query: str, k: int, include_superseded: bool) -> None:
    """Show the passages the index returns for QUERY (hybrid search, documents in force)."""
    from guideline_assist.answering.question import checked_question
    from guideline_assist.service import GuidelineIndex

    try:
        # A broken terminal encoding gives lone surrogates: refused here, not a traceback from the embedder.
        query = checked_question(query, ctx.settings.answer.max_question_chars)
        with GuidelineIndex(ctx.settings) as gi:
            hits = gi.search(query, k=k, include_superseded=include_superseded)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    for n, hit in enumerate(hits, 1):
        pages = ", ".join(map(str, hit.pages))
        click.echo(f"[{n}] {hit.title} ({hit.edition}, {hit.status}) p. {pages} · {hit.section}  score={hit.score:.3f}")
        click.echo("    " + hit.text.replace("\n", "\n    ")[:600])


from guideline_assist.cli.ask import ask  # noqa: E402  (subcommands with their own modules)
from guideline_assist.cli.corpus import corpus  # noqa: E402
from guideline_assist.cli.snapshot import snapshot  # noqa: E402
from guideline_assist.cli.users import users  # noqa: E402

main.add_command(corpus)
main.add_command(ask)
main.add_command(snapshot)
main.add_command(users)


def _plugin_commands() -> None:
    """Commands of the callers (`serve` from ui, `eval` from evals) register through entry points, so this
    package never imports them (data flows one way: guideline_assist <- ui, evals)."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="guideline_assist.commands"):
        if entry.name not in main.commands:
            main.add_command(entry.load(), entry.name)


_plugin_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
