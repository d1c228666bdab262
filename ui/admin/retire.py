"""The retire tab of the admin page (editors): mark an in-force document withdrawn or superseded (by a
newer one), then re-index so that answers stop citing it; and remove a document added by mistake (its entry
and PDF; audited). Also the /retire and /remove APIs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import gradio as gr

from guideline_assist.core.i18n import text as t
from guideline_assist.core.manifest import Status
from ui.admin.access import editor_of, shown_on_page
from ui.admin.reindex import run_reindex
from ui.state import AppState
from ui.widgets import Updates

if TYPE_CHECKING:
    from ui.admin.page import AdminPage

RETIRED = (Status.withdrawn, Status.superseded)  # what a document can be retired as (withdrawn first: most common)


@dataclass(frozen=True)
class RetirePanel:
    tab: gr.Tab
    doc: gr.Dropdown
    status: gr.Radio
    by: gr.Textbox
    button: gr.Button
    remove_doc: gr.Dropdown
    remove_button: gr.Button

    def texts(self, state: AppState, ui: str, can_edit: bool) -> Updates:
        return {
            self.tab: gr.update(label=t("retire_heading", ui), visible=can_edit),
            self.doc: gr.update(choices=retirable(state), label=t("retire_doc", ui)),
            self.status: gr.update(label=t("retire_status", ui), choices=status_choices(ui)),
            self.by: gr.update(label=t("retire_by", ui)),
            self.button: gr.update(value=t("retire_button", ui)),
            self.remove_doc: gr.update(choices=removable(state), label=t("remove_doc", ui)),
            self.remove_button: gr.update(value=t("remove_button", ui)),
        }

    def choices(self, state: AppState, **update: Any) -> Updates:
        """The documents that may still be retired or removed, read now: another editor (or the CLI) may have
        changed the corpus since the page was built. `update` applies to both lists (e.g. value=None)."""
        return {
            self.doc: gr.update(choices=retirable(state), **update),
            self.remove_doc: gr.update(choices=removable(state), **update),
        }

    def wire(self, state: AppState, page: AdminPage) -> None:
        """The buttons, as /retire (document, status, superseded by, interface language) and /remove (document,
        interface language)."""

        def retire(doc_id: str, status: str, by: str, ui: str, request: gr.Request, progress=gr.Progress()) -> Updates:
            user = editor_of(state, request, ui)
            with shown_on_page(ui):
                with state.lock:
                    entry = state.editor.retire(doc_id, status, (by or "").strip() or None)
                state.audit.record(user.name, status, entry.id, None, f"superseded_by={entry.superseded_by or '-'}")
                run_reindex(state, user, ui, progress, action="reindex-after-retire")
            # The retired document leaves the list of what can still be retired, and the choice is cleared.
            return {
                page.status: t("retire_done", ui, doc_id=doc_id, status=t(f"status_{status}", ui)),
                **page.tables(state, ui),
                **page.choices(state, value=None),
            }

        def remove(doc_id: str, ui: str, request: gr.Request, progress=gr.Progress()) -> Updates:
            user = editor_of(state, request, ui)
            with shown_on_page(ui):
                with state.lock:  # removed and re-indexed under one lock: no question sees a PDF-less entry
                    removed = state.editor.remove((doc_id or "").strip())
                    state.audit.record(user.name, "remove", removed.doc_id, None, f"file={removed.file or '-'}")
                    run_reindex(state, user, ui, progress, action="reindex-after-remove")
            return {
                page.status: t("remove_done", ui, doc_id=removed.doc_id),
                **page.tables(state, ui),
                **page.choices(state, value=None),
            }

        outputs = [page.status, page.corpus.table, page.audit.table, *page.choice_outputs]
        self.button.click(retire, [self.doc, self.status, self.by, page.header.language], outputs, api_name="retire")
        self.remove_button.click(remove, [self.remove_doc, page.header.language], outputs, api_name="remove")


def build_retire(state: AppState, ui: str) -> RetirePanel:
    """Hidden until the page knows the user is an editor (see AdminPage.view). The lists accept any id: they
    are filled per session on load, and an API caller's session may predate a document added since; the
    editor checks the id on the server either way."""
    with gr.Tab(t("retire_heading", ui), elem_id="tab-retire", visible=False) as tab:
        doc = gr.Dropdown(retirable(state), label=t("retire_doc", ui), elem_id="retire-doc", allow_custom_value=True)
        status = gr.Radio(
            status_choices(ui), value=Status.withdrawn.value, label=t("retire_status", ui), elem_id="retire-status"
        )
        by = gr.Textbox(label=t("retire_by", ui), elem_id="retire-by")
        button = gr.Button(t("retire_button", ui), variant="stop", elem_id="retire")
        remove_doc = gr.Dropdown(
            removable(state),
            label=t("remove_doc", ui),
            elem_id="remove-doc",
            allow_custom_value=True,
        )
        remove_button = gr.Button(t("remove_button", ui), variant="stop", elem_id="remove")
    return RetirePanel(tab, doc, status, by, button, remove_doc, remove_button)


def retirable(state: AppState) -> list[str]:
    """Ids of the documents in force: those that can be retired, or superseded by an upload."""
    return [d.id for d in state.manifest().documents if d.status == Status.in_force.value]


def removable(state: AppState) -> list[str]:
    """Every document of the manifest: CorpusEditor.remove says why one that others refer to cannot go."""
    return [d.id for d in state.manifest().documents]


def status_choices(ui: str) -> list[tuple[str, str]]:
    return [(t(f"status_{s.value}", ui), s.value) for s in RETIRED]
