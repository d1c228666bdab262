"""The indexing run: manifest -> (changed documents only) PDF -> chunks -> embeddings -> Qdrant.

    pipeline = IndexingPipeline(settings, store, embedder)
    report = pipeline.run(load_manifest(settings.manifest_path))
    report.failed   # documents that could not be indexed; everything else is served

Safe to re-run: a document whose file and metadata are unchanged is skipped; a changed one is replaced
atomically (see GuidelineStore); one bad document never stops the run and never removes the version
already served.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import Protocol

from llama_index.core.base.embeddings.base import BaseEmbedding

from guideline_assist.core.errors import ConfigurationError, GuidelineAssistError, IndexingError, PdfMissing
from guideline_assist.core.manifest import DocumentEntry, Manifest
from guideline_assist.core.settings import Settings
from guideline_assist.store.embedders import embedder_signature, embedding_dimension
from guideline_assist.store.qdrant import DocumentRecord, GuidelineStore
from indexing.document import document_version, file_sha256, metadata_hash, prepare_document
from indexing.embedding import embed_nodes
from indexing.pdf import open_pdf

logger = logging.getLogger(__name__)

# Bump when chunk text or payload changes: forces a re-index (3: one splitter; 4: headings checked against
# their numbering, grade lines kept with their recommendation, methodology and author annexes left out; 5: the
# medicines each chunk names, for the question's medicine pool; 6: a publication's imprint left out, and the
# medicines added with medicine_classes.tsv named in the payload; 7: a long line with a stray column, read as a
# table without rows, is chunked as prose instead of being lost).
EXTRACTION_VERSION = "extract-7"


@dataclass(frozen=True)
class DocOutcome:
    doc_id: str
    file: str
    action: str  # added | replaced | updated | unchanged | removed | failed
    pages: int = 0
    chunks: int = 0
    seconds: float = 0.0
    error: GuidelineAssistError | None = None
    problems: tuple[str, ...] = ()


@dataclass
class IndexReport:
    outcomes: list[DocOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[DocOutcome]:
        return [o for o in self.outcomes if o.action == "failed"]

    @property
    def changed(self) -> list[DocOutcome]:
        return [o for o in self.outcomes if o.action in ("added", "replaced", "updated", "removed")]

    @property
    def ok(self) -> bool:
        return not self.failed


class Progress(Protocol):
    def start(self, documents: int, pages: int) -> None: ...
    def pages_done(self, pages: int) -> None: ...
    def document_done(self, outcome: DocOutcome) -> None: ...
    def close(self) -> None: ...


class NoProgress:
    def start(self, documents: int, pages: int) -> None: ...
    def pages_done(self, pages: int) -> None: ...
    def document_done(self, outcome: DocOutcome) -> None: ...
    def close(self) -> None: ...


@dataclass
class _Plan:
    entry: DocumentEntry
    action: str  # index | update | unchanged | failed
    sha256: str = ""
    pages: int = 0
    error: GuidelineAssistError | None = None


class IndexingPipeline:
    def __init__(
        self, settings: Settings, store: GuidelineStore, embedder: BaseEmbedding, progress: Progress | None = None
    ) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.progress = progress or NoProgress()
        chunking = settings.chunking
        self.signature = (
            f"{embedder_signature(embedder)}|sparse={settings.sparse}|"
            f"chunk={chunking.max_chars},{chunking.table_max_rows}|{EXTRACTION_VERSION}"
        )

    # ------------------------------------------------------------------ planning
    def _plan(self, manifest: Manifest, records: dict[str, DocumentRecord], rebuild: bool) -> list[_Plan]:
        plans = []
        for entry in manifest.documents:
            path = manifest.pdf_path(entry)
            try:
                if not path.is_file():
                    raise PdfMissing(file=str(path))
                sha = file_sha256(path)
                record = records.get(entry.id)
                if not rebuild and record and (record.file_sha256, record.signature) == (sha, self.signature):
                    changed_meta = record.metadata_hash != metadata_hash(entry)
                    plans.append(_Plan(entry, "update" if changed_meta else "unchanged", sha))
                    continue
                plans.append(_Plan(entry, "index", sha, pages=len(open_pdf(path).pages)))
            except GuidelineAssistError as exc:
                plans.append(_Plan(entry, "failed", error=exc))
        return plans

    def _check_dimension(self, rebuild: bool) -> None:
        existing = self.store.dense_size()
        if existing is None:
            return
        wanted = embedding_dimension(self.embedder)
        if existing != wanted:
            if not rebuild:
                raise ConfigurationError(
                    f"the index holds {existing}-d vectors but the embedder makes {wanted}-d ones; "
                    "run `guideline-assist index --rebuild` to rebuild it with the new embedder"
                )
            self.store.drop_all()

    # ------------------------------------------------------------------ run
    def run(self, manifest: Manifest, rebuild: bool = False) -> IndexReport:
        started = time.perf_counter()
        self._check_dimension(rebuild)
        for doc_id in self.store.recover():
            logger.warning("%s: finished a version switch an earlier run left incomplete", doc_id)
        records = self.store.records()
        plans = self._plan(manifest, records, rebuild)
        report = IndexReport()
        logger.info(
            "indexing %s: %d documents, %d to (re)index%s",
            manifest.path,
            len(plans),
            sum(p.action == "index" for p in plans),
            " (rebuild)" if rebuild else "",
        )
        self.progress.start(len(plans), sum(p.pages for p in plans))
        for problem in manifest.problems:
            outcome = DocOutcome(
                problem.params.get("doc_id", "?"), problem.params.get("file", ""), "failed", error=problem
            )
            _log_outcome(outcome)
            report.outcomes.append(outcome)
        for plan in plans:
            outcome = self._apply(plan, manifest, records.get(plan.entry.id))
            _log_outcome(outcome)
            report.outcomes.append(outcome)
            self.progress.document_done(outcome)
        for outcome in self._remove_missing(manifest, records):
            _log_outcome(outcome)
            report.outcomes.append(outcome)
        self.progress.close()
        logger.info(
            "indexing done in %.1f s: %d changed, %d unchanged, %d failed",
            time.perf_counter() - started,
            len(report.changed),
            sum(o.action == "unchanged" for o in report.outcomes),
            len(report.failed),
        )
        return report

    def _remove_missing(self, manifest: Manifest, records: dict[str, DocumentRecord]) -> list[DocOutcome]:
        """Documents gone from the manifest are deleted; an entry that is merely invalid keeps its index."""
        keep = {d.id for d in manifest.documents} | {p.params.get("doc_id") for p in manifest.problems}
        removed = []
        for doc_id, record in records.items():
            if doc_id not in keep:
                self.store.delete_document(doc_id)
                removed.append(DocOutcome(doc_id, record.file, "removed"))
        return removed

    def _apply(self, plan: _Plan, manifest: Manifest, record: DocumentRecord | None) -> DocOutcome:
        entry = plan.entry
        if plan.action == "failed":
            return DocOutcome(entry.id, entry.file, "failed", error=plan.error)
        if plan.action in ("unchanged", "update"):
            assert record is not None  # _plan only chooses these for a document in the catalog
            if plan.action == "unchanged":
                return DocOutcome(entry.id, entry.file, "unchanged", record.pages, record.chunks)
            self.store.update_document_fields(entry.id, entry.payload())
            record.metadata_hash, record.status = metadata_hash(entry), entry.status
            record.title, record.edition = entry.title_in(entry.language), entry.edition
            self.store.save_record(record)
            return DocOutcome(entry.id, entry.file, "updated", record.pages, record.chunks)
        started = time.perf_counter()
        try:
            return self._index(plan, manifest, record, started)
        except GuidelineAssistError as exc:
            self._clean_up(entry.id)
            self.progress.pages_done(plan.pages)
            return DocOutcome(entry.id, entry.file, "failed", seconds=time.perf_counter() - started, error=exc)
        except Exception as exc:  # noqa: BLE001 - one document never stops the run
            logger.exception("%s: unexpected error while indexing %s", entry.id, entry.file)
            self._clean_up(entry.id)
            self.progress.pages_done(plan.pages)
            error = IndexingError(f"{exc.__class__.__name__}: {exc}", file=entry.file)
            return DocOutcome(entry.id, entry.file, "failed", seconds=time.perf_counter() - started, error=error)

    def _clean_up(self, doc_id: str) -> None:
        """Drop the inactive points of a failed attempt, unless its switch had begun: recover() finishes that
        one, and deleting its points now could leave half a version serving."""
        try:
            pending = self.store.records().get(doc_id)
            if not (pending and pending.switching):
                self.store.discard_inactive(doc_id)
        except Exception:  # noqa: BLE001 - the store failing again is the next run's to clean up
            logger.exception("%s: could not clean up after the failure", doc_id)

    def _index(self, plan: _Plan, manifest: Manifest, record: DocumentRecord | None, started: float) -> DocOutcome:
        entry = plan.entry
        version = document_version(plan.sha256, self.signature)
        if (record and record.version == version) or self.store.count(entry.id, version=version):
            # Identical content already has points (a rebuild, or a catalog a crash left behind): new point
            # ids, so the served points are never overwritten by inactive ones.
            version = document_version(plan.sha256, f"{self.signature}|after:{record.version if record else version}")
        prepared = prepare_document(entry, manifest.pdf_path(entry), self.settings.chunking, version, plan.sha256)
        self.store.discard_inactive(entry.id)  # leftovers of an earlier interrupted run
        reported: list[int] = []

        def pages_done(pages: int) -> None:
            reported.append(pages)
            self.progress.pages_done(pages)

        points = embed_nodes(
            prepared.nodes, self.embedder, self.store.sparse, self.settings.embed_batch_size, pages_done
        )
        self.progress.pages_done(max(0, plan.pages - sum(reported)))
        if points:
            self.store.write_inactive(points)
        self.store.switch_version(
            previous=record,
            record=DocumentRecord(
                doc_id=entry.id,
                version=prepared.version,
                signature=self.signature,
                file=entry.file,
                file_sha256=prepared.sha256,
                metadata_hash=metadata_hash(entry),
                status=entry.status,
                title=entry.title_in(entry.language),
                edition=entry.edition,
                kind=entry.kind,
                language=entry.language,
                pages=prepared.page_count,
                pages_indexed=prepared.pages_indexed,
                chunks=len(points),
                indexed_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                problems=prepared.problems,
            ),
        )
        action = "replaced" if record else "added"
        return DocOutcome(
            entry.id,
            entry.file,
            action,
            prepared.page_count,
            len(points),
            time.perf_counter() - started,
            problems=tuple(prepared.problems),
        )


def _log_outcome(outcome: DocOutcome) -> None:
    """One INFO line per document that changed or failed (unchanged ones at DEBUG): an operator's record."""
    if outcome.action == "unchanged":
        logger.debug("%s unchanged (%s)", outcome.doc_id, outcome.file)
    elif outcome.action == "failed":
        error = outcome.error
        logger.info(
            "%s failed after %.1f s (%s): %s",
            outcome.doc_id,
            outcome.seconds,
            error.code if error else "?",
            error or outcome.file,
        )
    else:
        problems = f"; problems: {', '.join(outcome.problems)}" if outcome.problems else ""
        logger.info(
            "%s %s (%s): %d pages, %d chunks in %.1f s%s",
            outcome.doc_id,
            outcome.action,
            outcome.file,
            outcome.pages,
            outcome.chunks,
            outcome.seconds,
            problems,
        )
