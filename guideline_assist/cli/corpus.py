"""`guideline-assist corpus list|add|retire|remove`: keep corpus/manifest.yaml current without editing YAML."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from guideline_assist.admin.corpus_editor import CorpusEditor
from guideline_assist.admin.upload_check import check_upload
from guideline_assist.core.errors import GuidelineAssistError, StoreLocked
from guideline_assist.core.i18n import text
from guideline_assist.core.manifest import KINDS, load_manifest


def _manifest_path(ctx, corpus_dir: Path | None) -> Path:
    return (corpus_dir or ctx.settings.corpus_dir) / "manifest.yaml"


def _fail(ctx, exc: GuidelineAssistError) -> None:
    click.echo(exc.message(ctx.lang), err=True)
    sys.exit(2)


corpus_dir_option = click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Corpus folder with manifest.yaml (default: the bundled demonstration corpus).",
)


@click.group()
def corpus() -> None:
    """List, add, retire and remove guideline documents in the manifest (then run `index`).

    \b
    A new edition that replaces an old one:
      guideline-assist corpus add new.pdf --id tj-ht-2024 ... --supersedes tj-ht-2022
      guideline-assist index     # tj-ht-2022 is marked superseded only once tj-ht-2024 is served
    A document that is no longer valid:    guideline-assist corpus retire ID [--status withdrawn]
    A document added by mistake, or a replacement that cannot be indexed:
      guideline-assist corpus remove ID  (then `index`)
    """


@corpus.command("list")
@corpus_dir_option
@click.pass_obj
def list_documents(ctx, corpus_dir: Path | None) -> None:
    """Every manifest entry with its status and what the index holds for it."""
    from guideline_assist.service import GuidelineIndex

    try:
        manifest = load_manifest(_manifest_path(ctx, corpus_dir))
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    records, note = {}, ""
    try:
        with GuidelineIndex(ctx.settings) as gi:
            records = gi.store.records()
    except StoreLocked as exc:
        note = exc.message(ctx.lang)
    for d in manifest.documents:
        rec = records.get(d.id)
        indexed = (
            f"{rec.chunks} chunks, {rec.pages_indexed}/{rec.pages} pages, {rec.indexed_at}" if rec else "not indexed"
        )
        problems = f"  [{'; '.join(rec.problems)}]" if rec and rec.problems else ""
        click.echo(f"{d.id:<40} {d.language}  {d.kind:<9} {d.edition:<6} {d.status:<10} {indexed}{problems}")
    for problem in manifest.problems:
        click.echo(problem.message(ctx.lang), err=True)
    if note:
        click.echo(note, err=True)


@corpus.command()
@click.argument("pdf", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--id", "doc_id", required=True, help="Lowercase id, e.g. tj-moh-asthma-2024.")
@click.option("--title-ru", default=None)
@click.option("--title-tg", default=None)
@click.option("--title-en", default=None)
@click.option("--kind", type=click.Choice(KINDS), required=True)
@click.option("--issuer", required=True)
@click.option("--country", default="TJ", show_default=True)
@click.option("--language", type=click.Choice(["ru", "tg", "en"]), required=True)
@click.option("--edition", required=True)
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--effective", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option(
    "--review-by",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="When the issuer plans to review it; past it, the admin page and source cards say 'review overdue'.",
)
@click.option(
    "--supersedes",
    default=None,
    help="Id of the edition in force this one replaces; `index` marks it superseded once this one is served.",
)
@click.option("--source-url", default=None)
@click.option("--licence", default=None)
@corpus_dir_option
@click.pass_obj
def add(ctx, pdf: Path, doc_id: str, corpus_dir: Path | None, **fields) -> None:
    """Copy PDF into the corpus and add its manifest entry (validated before anything is written).

    The file must be a readable, unencrypted PDF of at most GA_ADMIN__MAX_UPLOAD_MB; it is stored as
    pdf/<id>.pdf whatever its name.
    """
    editor = CorpusEditor(_manifest_path(ctx, corpus_dir))
    try:
        check_upload(pdf, pdf.name, max_bytes=int(ctx.settings.admin.max_upload_mb * 2**20))
        entry = editor.add({"id": doc_id, **fields}, pdf)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    target = editor.root / entry.file
    click.echo(f"added {doc_id} -> {target}; run `guideline-assist index` to make it searchable")
    if entry.supersedes:
        click.echo(text("corpus_add_supersedes", ctx.lang, old=entry.supersedes, new=entry.id))


@corpus.command()
@click.argument("doc_id")
@click.option("--status", type=click.Choice(["withdrawn", "superseded"]), default="withdrawn", show_default=True)
@click.option("--by", "superseded_by", default=None, help="Id of the replacing edition (with --status superseded).")
@corpus_dir_option
@click.pass_obj
def retire(ctx, doc_id: str, status: str, superseded_by: str | None, corpus_dir: Path | None) -> None:
    """Mark a document withdrawn or superseded: it stops being served as current after `index`.

    Only a document in force can be superseded, and only by a document in force; a withdrawn document
    stays withdrawn (it is never served again).
    """
    try:
        CorpusEditor(_manifest_path(ctx, corpus_dir)).retire(doc_id, status, superseded_by)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    click.echo(f"{doc_id}: {status} ({dt.date.today().isoformat()}); run `guideline-assist index` to apply")


@corpus.command()
@click.argument("doc_id")
@corpus_dir_option
@click.pass_obj
def remove(ctx, doc_id: str, corpus_dir: Path | None) -> None:
    """Delete DOC_ID's manifest entry and its PDF (a document added by mistake, or a replacement that cannot
    be indexed); the next `index` deletes its passages.

    To take a valid document out of force, use `retire` instead: it keeps the record. Refused while another
    entry refers to DOC_ID (a completed replacement); a replacement that never completed can be removed and
    the edition it was to replace stays in force.

    \b
    Example:
      guideline-assist corpus remove tj-moh-tb-2024 && guideline-assist index
    """
    try:
        removed = CorpusEditor(_manifest_path(ctx, corpus_dir)).remove(doc_id)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    click.echo(text("corpus_removed", ctx.lang, doc_id=removed.doc_id, file=removed.file or "-"))
