"""`guideline-assist snapshot export|import`: carry an index to a clinic with no connectivity."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from guideline_assist.core.errors import GuidelineAssistError


@click.group()
def snapshot() -> None:
    """Index snapshots on a USB stick: export where the corpus is indexed, import at the clinic.

    \b
      guideline-assist snapshot export /media/usb/guidelines-2026-11.tar
      guideline-assist snapshot import /media/usb/guidelines-2026-11.tar
      GA_CORPUS_DIR=data/corpus guideline-assist serve

    The archive holds the index (vectors and payloads), the manifest and the PDFs, and the sha256 of
    each; import refuses a tampered or partial archive and then leaves the current index as it was.
    """


@snapshot.command("export")
@click.argument("archive", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
def export_command(ctx, archive: Path) -> None:
    """Write the served index and its corpus to ARCHIVE (a .tar file)."""
    from guideline_assist.service import GuidelineIndex
    from guideline_assist.store.snapshot import export_snapshot

    try:
        with GuidelineIndex(ctx.settings) as index:
            manifest = export_snapshot(index, ctx.settings.corpus_dir, archive)
    except GuidelineAssistError as exc:
        click.echo(exc.message(ctx.lang), err=True)
        sys.exit(2)
    click.echo(
        f"{archive}: {manifest['documents']} documents, {manifest['chunks']} chunks, "
        f"{len(manifest['files'])} files with sha256"
    )


@snapshot.command("import")
@click.argument("archive", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--corpus-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to put the manifest and PDFs (default: <data dir>/corpus).",
)
@click.pass_obj
def import_command(ctx, archive: Path, corpus_dir: Path | None) -> None:
    """Verify ARCHIVE and replace this machine's index with it."""
    from guideline_assist.service import GuidelineIndex
    from guideline_assist.store.snapshot import import_snapshot

    target = corpus_dir or ctx.settings.data_dir / "corpus"
    try:
        with GuidelineIndex(ctx.settings) as index:
            manifest = import_snapshot(index, archive, target)
    except GuidelineAssistError as exc:
        click.echo(exc.message(ctx.lang), err=True)
        sys.exit(2)
    click.echo(
        f"imported {manifest['documents']} documents, {manifest['chunks']} chunks "
        f"(snapshot of {manifest['created']}); corpus in {target}: serve with GA_CORPUS_DIR={target}"
    )
