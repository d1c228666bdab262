"""Index the corpus, then retire each old edition whose replacement is now served: the one way the CLI's
`index` and the web admin's re-index (after an upload, a retirement, or by the button) apply the corpus.

An upload that supersedes an edition leaves that edition in force (CorpusEditor.add). Only here, once the
new edition has passages in the index, is the old one marked superseded; a replacement that could not be
indexed (a scanned PDF, a damaged file) is reported and the old edition keeps answering.

    run = index_corpus(guideline_index, CorpusEditor(settings.manifest_path), progress=...)
    run.report        # the indexing report, over both passes
    run.completed     # [Replacement(new="tj-ht-2024", old="tj-ht-2022")]: the old editions retired now
    run.unfinished    # [Unfinished(...)]: old editions still in force, with the reason
    for line in run.messages("ru"): print(line)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from guideline_assist.admin.corpus_editor import CorpusEditor
from guideline_assist.admin.corpus_rules import Replacement
from guideline_assist.core.errors import GuidelineAssistError
from guideline_assist.core.i18n import text
from indexing.pipeline import IndexReport

if TYPE_CHECKING:
    from guideline_assist.service import GuidelineIndex
    from indexing.pipeline import Progress


@dataclass(frozen=True)
class Unfinished:
    """A replacement whose new edition is not served after indexing, and why (its error or its problems)."""

    new: str
    old: str
    error: GuidelineAssistError | None = None
    problems: tuple[str, ...] = ()

    def reason(self, language: str) -> str:
        if self.error is not None:
            return self.error.message(language)
        return "; ".join(self.problems) or text("not_indexed", language)

    def message(self, language: str) -> str:
        return text("replacement_unfinished", language, new=self.new, old=self.old, reason=self.reason(language))


@dataclass(frozen=True)
class IndexRun:
    report: IndexReport
    served: frozenset[str]
    completed: list[Replacement] = field(default_factory=list)
    unfinished: list[Unfinished] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report.ok and not self.unfinished

    def messages(self, language: str) -> list[str]:
        """One line per replacement completed or left unfinished, in `language`."""
        done = [text("replacement_done", language, new=r.new, old=r.old) for r in self.completed]
        return done + [u.message(language) for u in self.unfinished]


def served_ids(index: GuidelineIndex) -> frozenset[str]:
    """Documents with passages in the index: what questions can be answered from."""
    return frozenset(doc_id for doc_id, record in index.store.records().items() if record.chunks > 0)


def index_corpus(
    index: GuidelineIndex, editor: CorpusEditor, rebuild: bool = False, progress: Progress | None = None
) -> IndexRun:
    """Index editor's corpus; complete the replacements whose new edition is served; apply that at once."""
    report = index.index(editor.root, rebuild=rebuild, progress=progress)
    served = served_ids(index)
    completed = editor.complete_replacements(served)
    if completed:
        # The old editions' status changed in the manifest: a metadata-only pass (no embedding) applies it now,
        # so they are not served as current a moment longer than their replacement.
        report = _merged(report, index.index(editor.root))
    outcomes = {o.doc_id: o for o in report.outcomes}
    unfinished = []
    for pending in editor.pending():
        outcome = outcomes.get(pending.new)
        error = outcome.error if outcome else None
        unfinished.append(Unfinished(pending.new, pending.old, error, outcome.problems if outcome else ()))
    return IndexRun(report, served, completed, unfinished)


def _merged(first: IndexReport, second: IndexReport) -> IndexReport:
    """One outcome per document: what the second pass did to it, unless it left it unchanged."""
    later = {o.doc_id: o for o in second.outcomes if o.action != "unchanged"}
    seen = {o.doc_id for o in first.outcomes}
    merged = [later.get(o.doc_id, o) for o in first.outcomes]
    return IndexReport(merged + [o for o in later.values() if o.doc_id not in seen])
