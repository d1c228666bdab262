"""`guideline-assist serve` (registered through an entry point: guideline_assist never imports ui)."""

from __future__ import annotations

import shutil
import sys

import click

from guideline_assist.core.errors import GuidelineAssistError
from guideline_assist.core.settings import DEFAULT_CORPUS_DIR, Settings


def working_corpus(settings: Settings) -> Settings:
    """Editors change the corpus from the admin page; the bundled demonstration corpus is part of the
    installed package and must not change under it. So the app serves a copy in <data_dir>/corpus, made
    once; a GA_CORPUS_DIR set by the operator is used as it is."""
    if settings.corpus_dir.resolve() != DEFAULT_CORPUS_DIR:
        return settings
    target = settings.data_dir / "corpus"
    if not (target / "manifest.yaml").is_file():
        (target / "pdf").mkdir(parents=True, exist_ok=True)
        for pdf in (DEFAULT_CORPUS_DIR / "pdf").glob("*.pdf"):
            shutil.copy2(pdf, target / "pdf" / pdf.name)
        shutil.copy2(DEFAULT_CORPUS_DIR / "manifest.yaml", target / "manifest.yaml")
    return settings.model_copy(update={"corpus_dir": target})


def start(settings: Settings):
    """The index (brought up to date with the corpus) and the app serving it; a broken index is reported on
    stderr and by every question, never a reason not to start (the admin page is how it gets repaired)."""
    from guideline_assist.admin.replacement import index_corpus
    from guideline_assist.service import GuidelineIndex
    from indexing.progress import TerminalProgress
    from indexing.summary import render_summary
    from ui.server import build_server
    from ui.state import AppState

    index = GuidelineIndex(settings)
    try:
        state = AppState.build(index, settings)
        try:
            # As `index` and the admin's re-index do: an edition added with --supersedes while the app was
            # stopped retires the old one now that it is served, not at the next re-index.
            run = index_corpus(index, state.editor, progress=TerminalProgress())
            print("\n".join([render_summary(run.report, settings.language), *run.messages(settings.language)]))
        except GuidelineAssistError as exc:
            print(exc.message(settings.language), file=sys.stderr)
        if index.problem is not None:
            print(index.problem.message(settings.language), file=sys.stderr)
        return index, build_server(state)
    except BaseException:
        index.close()
        raise


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    import uvicorn

    settings = working_corpus(settings)
    index, app = start(settings)
    try:
        print(f"clinicians: http://{host}:{port}/   admin: http://{host}:{port}/admin/   corpus: {settings.corpus_dir}")
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        index.close()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="0.0.0.0 to serve the clinic's network.")
@click.option("--port", default=7860, show_default=True)
@click.pass_obj
def serve(ctx, host: str, port: int) -> None:
    """Start the web app: clinicians' page at /, ministry admin at /admin (it holds the embedded index).

    \b
    Admin accounts live in <data dir>/users.yaml:
      guideline-assist users add editor1 --role editor
    The bundled demonstration corpus is copied to <data dir>/corpus on first start, and editors'
    changes go there (set GA_CORPUS_DIR to serve another corpus folder).
    """
    try:
        launch(ctx.settings, host=host, port=port)
    except GuidelineAssistError as exc:
        click.echo(exc.message(ctx.lang), err=True)
        sys.exit(2)
