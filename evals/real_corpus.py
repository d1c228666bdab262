"""The real-guidelines evaluation corpus: evals/datasets/real/manifest.yaml (metadata only) joined with the
published PDFs in ../shared/real-guidelines/pdf, into a corpus folder the indexer reads.

    corpus_dir = assemble(Path("data/eval-real/corpus"))    # manifest copied, PDFs linked, sha256 checked

The PDFs are real ministry and WHO documents: they are never copied into this repository, only linked
(or copied when linking is impossible) into a folder under the data directory.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from guideline_assist.core.errors import ManifestError, PdfMissing
from guideline_assist.core.manifest import load_manifest
from indexing.document import file_sha256

HERE = Path(__file__).resolve().parent / "datasets" / "real"
REAL_MANIFEST = HERE / "manifest.yaml"
REAL_GOLD = HERE / "gold.yaml"
# The CI gate indexes only the three small documents (133 pages): the whole set needs ~15 min of indexing.
GATE_DOCUMENTS = ("ru-kr284-cataract-2020", "ru-order36an-checkups-2015", "who-hypertension-2021")
DEFAULT_PDFS = Path(__file__).resolve().parents[2] / "shared" / "real-guidelines" / "pdf"


def assemble(
    dest: Path, pdfs: Path = DEFAULT_PDFS, manifest: Path = REAL_MANIFEST, only: tuple[str, ...] | None = None
) -> Path:
    """A corpus folder at `dest` (manifest.yaml + pdf/), every PDF checked against its recorded sha256;
    `only`: just these documents. Re-running keeps files that already match, so the index built from them
    stays incremental."""
    entries = load_manifest(manifest)
    if entries.problems:
        raise entries.problems[0]
    chosen = [e for e in entries.documents if only is None or e.id in only]
    (dest / "pdf").mkdir(parents=True, exist_ok=True)
    for entry in chosen:
        source = pdfs / Path(entry.file).name
        if not source.is_file():
            raise PdfMissing(file=str(source))
        if entry.sha256 and file_sha256(source) != entry.sha256:
            raise ManifestError(
                f"{source.name} is not the edition {entry.id} describes (sha256 differs)",
                file=str(manifest),
                doc_id=entry.id,
            )
        target = dest / entry.file
        if target.exists() and (not entry.sha256 or file_sha256(target) == entry.sha256):
            continue
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    if only is None:
        shutil.copyfile(manifest, dest / "manifest.yaml")
    else:
        raw = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        raw["documents"] = [d for d in raw["documents"] if d["id"] in only]
        for d in raw["documents"]:
            # An edition outside the subset is not in this corpus: no link to it, and nothing it replaced.
            if d.get("supersedes") not in only:
                d.pop("supersedes", None)
        (dest / "manifest.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def gate_items(items: list[dict]) -> list[dict]:
    """The gold items the three gate documents answer, and every unanswerable one (still unanswerable with
    fewer documents)."""
    return [i for i in items if i["kind"] == "unanswerable" or set(i["documents"]) <= set(GATE_DOCUMENTS)]
