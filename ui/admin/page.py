"""The ministry admin page (/admin, behind a login), composed of its panels: corpus table, add a guideline
(upload + metadata), retire one (superseded / withdrawn), re-index with a progress bar, audit log, feedback
export, and what the clinicians' questions show: the gaps (questions not found, grouped by topic) and the use
of each document.

Gradio's login guards every request to this page; each change also checks the user's role on the server
(an editor changes the corpus, a viewer only looks), so an API call cannot skip what the page hides.
Every change is written to the audit log with the user, the time and the file's sha256.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from guideline_assist.admin.accounts import User
from ui.admin.access import user_of
from ui.admin.audit import AuditPanel, audit_rows, build_audit
from ui.admin.corpus import CorpusPanel, build_corpus, corpus_rows
from ui.admin.documents import DocumentsPanel, build_documents
from ui.admin.export import ExportPanel, build_export
from ui.admin.gaps import GapsPanel, build_gaps
from ui.admin.header import AdminHeader, build_header
from ui.admin.reindex import ReindexPanel, build_reindex
from ui.admin.retire import RetirePanel, build_retire
from ui.admin.upload import UploadPanel, build_upload
from ui.state import AppState
from ui.widgets import DEFAULT_UI, Updates, language_of


@dataclass(frozen=True)
class AdminPage:
    header: AdminHeader
    corpus: CorpusPanel
    upload: UploadPanel
    retire: RetirePanel
    reindex: ReindexPanel
    audit: AuditPanel
    export: ExportPanel
    gaps: GapsPanel
    documents: DocumentsPanel
    status: gr.Markdown  # what the last change did, under the tabs

    def tables(self, state: AppState, ui: str) -> Updates:
        """The corpus table and the audit log as they are now (after a change)."""
        return {self.corpus.table: corpus_rows(state, ui), self.audit.table: audit_rows(state)}

    def insight(self, state: AppState, ui: str, user: User | None) -> Updates:
        """The Gaps and Documents tabs from one reading of the stores (nothing for a user not logged in)."""
        picture = state.gaps(ui) if user else None
        return {
            **self.gaps.view(ui, picture, bool(user and user.can_edit)),
            **self.documents.view(ui, picture),
        }

    @property
    def insight_outputs(self) -> list[gr.blocks.Block]:
        """The components insight() updates (the same for every user and language)."""
        return [*self.gaps.view(DEFAULT_UI, None, False), *self.documents.view(DEFAULT_UI, None)]

    def choices(self, state: AppState, **retire_update: Any) -> Updates:
        """What may be superseded, retired or removed, read from the manifest now: another editor or the CLI
        may have changed it since the page was built (the components of choice_outputs)."""
        return {**self.upload.choices(state), **self.retire.choices(state, **retire_update)}

    @property
    def choice_outputs(self) -> list[gr.components.Component]:
        return [self.upload.supersedes, self.retire.doc, self.retire.remove_doc]

    def view(self, state: AppState, ui: str, user: User | None) -> Updates:
        """The whole page for this user in this language: texts, the tables (for a logged-in user) and the
        change tabs (shown to editors only)."""
        can_edit = bool(user and user.can_edit)
        return {
            **self.header.view(ui, user),
            **self.corpus.view(ui, corpus_rows(state, ui) if user else []),
            **self.audit.view(ui, audit_rows(state) if user else []),
            **self.upload.texts(ui, can_edit),
            **self.upload.choices(state),
            **self.retire.texts(state, ui, can_edit),
            **self.reindex.texts(ui, can_edit),
            **self.export.view(ui, state.feedback.count()),
            **self.insight(state, ui, user),
        }


def build_admin(state: AppState) -> gr.Blocks:
    """The page at /admin/: a tab per task, the change tabs hidden until the user is known to be an editor."""
    with gr.Blocks(title="guideline-assist · admin") as blocks:
        header = build_header(DEFAULT_UI)
        # The change tabs start hidden and are shown to editors on load (Gradio 6 can show a tab by an update
        # but not hide it again). Hidden or not, every change handler checks the role on the server.
        corpus = build_corpus(DEFAULT_UI)
        upload = build_upload(state, DEFAULT_UI)
        retire = build_retire(state, DEFAULT_UI)
        reindex = build_reindex(DEFAULT_UI)
        audit = build_audit(DEFAULT_UI)
        export = build_export(DEFAULT_UI)
        gaps = build_gaps(DEFAULT_UI)
        documents = build_documents(DEFAULT_UI)
        status = gr.Markdown("", elem_id="admin-status")
        page = AdminPage(header, corpus, upload, retire, reindex, audit, export, gaps, documents, status)
        wire_admin(state, page, blocks)
    # Gradio refuses an input file that was not uploaded to it (a FileData naming any path on the server) only
    # once it believes it was launched; an app mounted with gr.mount_gradio_app never is, so without this an
    # editor's API call could publish any server file as an upload (ui/admin/upload.py checks again).
    blocks.has_launched = True
    return blocks


def wire_admin(state: AppState, page: AdminPage, blocks: gr.Blocks) -> None:
    """Each panel's buttons, then the page itself: filled on load in the link's language, and again when
    the user switches language."""
    for panel in (page.corpus, page.upload, page.retire, page.reindex, page.audit, page.export, page.gaps):
        panel.wire(state, page)
    language = page.header.language

    def loaded(request: gr.Request) -> Updates:
        ui = language_of(request)
        return {language: ui, **page.view(state, ui, user_of(state, request))}

    def switched(ui: str, request: gr.Request) -> Updates:
        return page.view(state, ui, user_of(state, request))

    # The outputs are exactly the components view() updates (the same for every user and language).
    outputs = list(page.view(state, DEFAULT_UI, None))
    blocks.load(loaded, None, [language, *outputs], api_name=False)
    language.input(switched, language, outputs, api_name=False)
