"""The audit-log tab of the admin page: every login, upload, retirement and re-index, newest first, with
the user, the time and the file's sha256 (shortened here; the log keeps it whole)."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from guideline_assist.core.i18n import text as t
from ui.state import AppState
from ui.widgets import Updates

AUDIT_COLUMNS = ("col_time", "col_user", "col_action", "col_document", "col_sha256", "col_detail")


@dataclass(frozen=True)
class AuditPanel:
    tab: gr.Tab
    table: gr.Dataframe

    def view(self, ui: str, rows: list[list[str]]) -> Updates:
        return {
            self.tab: gr.update(label=t("audit_heading", ui)),
            self.table: gr.update(value=rows, headers=[t(c, ui) for c in AUDIT_COLUMNS]),
        }


def build_audit(ui: str) -> AuditPanel:
    with gr.Tab(t("audit_heading", ui), elem_id="tab-audit") as tab:
        table = gr.Dataframe(
            headers=[t(c, ui) for c in AUDIT_COLUMNS], value=[], interactive=False, elem_id="audit-table", wrap=True
        )
    return AuditPanel(tab, table)


def audit_rows(state: AppState) -> list[list[str]]:
    return [
        [
            e.get("time", ""),
            e.get("user", ""),
            e.get("action", ""),
            e.get("doc_id") or "",
            (e.get("sha256") or "")[:16],
            e.get("detail", ""),
        ]
        for e in state.audit.entries()
    ]
