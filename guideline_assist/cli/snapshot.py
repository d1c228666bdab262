"""`guideline-assist snapshot keygen|export|import`: carry a signed index to a clinic with no connectivity."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from guideline_assist.core.errors import GuidelineAssistError


@click.group()
def snapshot() -> None:
    """Signed index snapshots on a USB stick: export where the corpus is indexed, import at the clinic.

    \b
    At the publisher (once):
      guideline-assist snapshot keygen /secure/ga-publisher.key      # prints the public key last
    At the publisher (each release):
      guideline-assist snapshot export /media/usb/guidelines-2026-11.tar --key /secure/ga-publisher.key
    At the clinic (the public key comes by a separate, trusted channel, not on the stick):
      export GA_SNAPSHOT__TRUSTED_KEYS=ed25519:...
      guideline-assist snapshot import /media/usb/guidelines-2026-11.tar
      GA_CORPUS_DIR=data/corpus guideline-assist serve

    The archive holds the index (vectors and payloads), the manifest and the PDFs, the sha256 of each,
    and the publisher's Ed25519 signature over that list. Import refuses an unsigned, changed, partial or
    oversized archive, or one signed by a key not in GA_SNAPSHOT__TRUSTED_KEYS, and then leaves the
    current index serving as it was; the new index is switched on only once it is completely loaded.
    """


def _fail(ctx, exc: GuidelineAssistError) -> None:
    click.echo(exc.message(ctx.lang), err=True)
    sys.exit(2)


@snapshot.command("keygen")
@click.argument("keyfile", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
def keygen_command(ctx, keyfile: Path) -> None:
    """Write a new Ed25519 private key to KEYFILE (mode 0600, never over an existing file).

    Keep KEYFILE off the machines that serve clinicians. The last line printed is the public key:
    give it to every clinic for GA_SNAPSHOT__TRUSTED_KEYS.
    """
    from guideline_assist.store.signing import generate_key

    try:
        public = generate_key(keyfile)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    click.echo(f"private key written to {keyfile} (mode 0600); public key for GA_SNAPSHOT__TRUSTED_KEYS:")
    click.echo(public)


@snapshot.command("export")
@click.argument("archive", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--key",
    "key",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Private key from `snapshot keygen` that signs the archive.",
)
@click.pass_obj
def export_command(ctx, archive: Path, key: Path) -> None:
    """Write the served index and its corpus to ARCHIVE (a .tar file), signed with --key."""
    from guideline_assist.service import GuidelineIndex
    from guideline_assist.store.snapshot import export_snapshot

    try:
        with GuidelineIndex(ctx.settings) as index:
            manifest = export_snapshot(index, ctx.settings.corpus_dir, archive, key)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    click.echo(
        f"{archive}: {manifest['documents']} documents, {manifest['chunks']} chunks, "
        f"{len(manifest['files'])} files with sha256, signed by {manifest['signer']}"
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
    """Verify ARCHIVE (signature, sha256, every line) and replace this machine's index with it."""
    from guideline_assist.service import GuidelineIndex
    from guideline_assist.store.snapshot import import_snapshot

    target = corpus_dir or ctx.settings.data_dir / "corpus"
    try:
        with GuidelineIndex(ctx.settings) as index:
            manifest = import_snapshot(index, archive, target)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    click.echo(
        f"imported {manifest['documents']} documents, {manifest['chunks']} chunks "
        f"(snapshot of {manifest['created']}, signed by {manifest['signer']}); "
        f"corpus in {target}: serve with GA_CORPUS_DIR={target}"
    )
