"""The re-index tab of the admin page (editors), and the re-index that follows every upload, retirement and
removal.

Indexing runs inside the app process, which holds the embedded store; questions wait while it writes (one
lock for the index and the model, ui/state.py). Progress is pages embedded out of pages to embed. It is the
CLI's `index` (guideline_assist.admin.replacement): an edition that an upload supersedes is retired only once
the new one is served.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import gradio as gr

from guideline_assist.admin.accounts import User
from guideline_assist.admin.replacement import IndexRun, index_corpus
from guideline_assist.core.i18n import text as t
from ui.admin.access import editor_of, shown_on_page
from ui.state import AppState
from ui.widgets import Updates

if TYPE_CHECKING:
    from ui.admin.page import AdminPage


@dataclass(frozen=True)
class ReindexPanel:
    tab: gr.Tab
    button: gr.Button

    def texts(self, ui: str, can_edit: bool) -> Updates:
        return {
            self.tab: gr.update(label=t("reindex_heading", ui), visible=can_edit),
            self.button: gr.update(value=t("reindex_button", ui)),
        }

    def wire(self, state: AppState, page: AdminPage) -> None:
        """The button, as /reindex (interface language) -> status, corpus table, audit log."""

        def reindex(ui: str, request: gr.Request, progress=gr.Progress()) -> Updates:
            user = editor_of(state, request, ui)
            with shown_on_page(ui):
                run = run_reindex(state, user, ui, progress)
            return {page.status: reindex_message(run, ui), **page.tables(state, ui), **page.choices(state)}

        outputs = [page.status, page.corpus.table, page.audit.table, *page.choice_outputs]
        self.button.click(reindex, page.header.language, outputs, api_name="reindex")


def build_reindex(ui: str) -> ReindexPanel:
    """Hidden until the page knows the user is an editor (see AdminPage.view)."""
    with gr.Tab(t("reindex_heading", ui), elem_id="tab-reindex", visible=False) as tab:
        button = gr.Button(t("reindex_button", ui), elem_id="reindex")
    return ReindexPanel(tab, button)


def run_reindex(state: AppState, user: User, ui: str, progress: gr.Progress, action: str = "reindex") -> IndexRun:
    """Index what changed and complete the replacements now served; audit it under `action`, and each old
    edition retired by it as "superseded"."""
    with state.lock:
        run = index_corpus(state.index, state.editor, progress=GradioProgress(progress, ui))
    report = run.report
    changed = ",".join(o.doc_id for o in report.changed) or "-"
    failed = ",".join(o.doc_id for o in report.failed) or "-"
    unfinished = ",".join(f"{u.new}>{u.old}" for u in run.unfinished) or "-"
    state.audit.record(user.name, action, detail=f"changed={changed} failed={failed} unfinished={unfinished}")
    for replacement in run.completed:
        state.audit.record(user.name, "superseded", replacement.old, None, f"superseded_by={replacement.new}")
    return run


def reindex_message(run: IndexRun, ui: str) -> str:
    """What the run did, then each replacement completed or left unfinished, in the interface language."""
    report = run.report
    done = t(
        "reindex_done",
        ui,
        changed=len(report.changed),
        failed=len(report.failed),
        unchanged=sum(o.action == "unchanged" for o in report.outcomes),
    )
    return "\n\n".join([done, *run.messages(ui)])


class GradioProgress:
    """indexing.pipeline's Progress protocol shown as Gradio's progress bar (pages embedded / pages)."""

    def __init__(self, progress: gr.Progress, ui: str) -> None:
        self.progress, self.ui = progress, ui
        self.total = self.done = 0

    def start(self, documents: int, pages: int) -> None:
        self.total = max(pages, 1)
        self.progress((0, self.total), desc=t("reindex_heading", self.ui), unit="pages")

    def pages_done(self, pages: int) -> None:
        self.done = min(self.total, self.done + pages)
        self.progress((self.done, self.total), desc=t("reindex_heading", self.ui), unit="pages")

    def document_done(self, outcome) -> None:
        self.progress((self.done, self.total), desc=t("indexing_progress", self.ui, doc=outcome.doc_id), unit="pages")

    def close(self) -> None: ...
