"""The corpus tab of the admin page: every document of the manifest with what the index holds for it
(passages, when indexed, problems such as "needs OCR"), and Refresh (also the /corpus API)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import gradio as gr

from guideline_assist.core.i18n import text as t
from guideline_assist.core.manifest import DocumentEntry
from ui.admin.access import viewer_of
from ui.state import AppState
from ui.widgets import Updates

if TYPE_CHECKING:
    from ui.admin.page import AdminPage

COLUMNS = (
    "col_id",
    "col_title",
    "col_kind",
    "col_language",
    "col_edition",
    "col_published",
    "col_effective",
    "col_review_by",
    "col_status",
    "col_chunks",
    "col_indexed_at",
    "col_problems",
)


@dataclass(frozen=True)
class CorpusPanel:
    tab: gr.Tab
    table: gr.Dataframe
    refresh: gr.Button

    def view(self, ui: str, rows: list[list[str]]) -> Updates:
        return {
            self.tab: gr.update(label=t("corpus_heading", ui)),
            self.table: gr.update(value=rows, headers=[t(c, ui) for c in COLUMNS]),
            self.refresh: gr.update(value=t("refresh", ui)),
        }

    def wire(self, state: AppState, page: AdminPage) -> None:
        """Refresh: the corpus table, the audit log and what may be superseded, retired or removed, re-read
        (another editor or the CLI may have changed them)."""

        def refreshed(ui: str, request: gr.Request) -> Updates:
            viewer_of(state, request, ui)
            return {**page.tables(state, ui), **page.choices(state)}

        outputs = [self.table, page.audit.table, *page.choice_outputs]
        self.refresh.click(refreshed, page.header.language, outputs, api_name="corpus")


def build_corpus(ui: str) -> CorpusPanel:
    """Filled on page load, for a logged-in user only."""
    with gr.Tab(t("corpus_heading", ui), elem_id="tab-corpus") as tab:
        table = gr.Dataframe(
            headers=[t(c, ui) for c in COLUMNS], value=[], interactive=False, elem_id="corpus-table", wrap=True
        )
        refresh = gr.Button(t("refresh", ui), size="sm")
    return CorpusPanel(tab, table, refresh)


def corpus_rows(state: AppState, ui: str) -> list[list[str]]:
    """One row per manifest document, in the order of COLUMNS."""
    records = state.index.store.records()
    rows = []
    for d in state.manifest().documents:
        r = records.get(d.id)
        problems = "; ".join(t("needs_ocr", ui) if "ocr" in p.lower() else p for p in (r.problems if r else []))
        rows.append(
            [
                d.id,
                d.title_in(ui),
                t(f"kind_{d.kind}", ui),
                d.language,
                d.edition,
                str(d.published),
                str(d.effective),
                review_label(d, ui),
                t(f"status_{d.status}", ui),
                str(r.chunks) if r else t("not_indexed", ui),
                r.indexed_at if r else "",
                problems,
            ]
        )
    return rows


def review_label(entry: DocumentEntry, ui: str) -> str:
    """The review date, and that it has passed (the document still serves; the ministry should look at it)."""
    if entry.review_by is None:
        return ""
    return t("review_overdue", ui, date=entry.review_by) if entry.review_overdue() else str(entry.review_by)
