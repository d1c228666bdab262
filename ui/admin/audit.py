"""The audit-log tab of the admin page: uploads, retirements, re-indexing and logins, newest first, with the
user, the time and the file's sha256 (shortened here; the log keeps it whole).

It shows changes by default, a page at a time, filtered by kind (changes, logins, all), user and document:
failed logins are recorded too, and 200 of them must not push an editor's change out of sight. The refresh
is also the /audit API (kind, user, document, page, interface language).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import gradio as gr

from guideline_assist.admin.audit import KINDS, AuditFilter, AuditPage
from guideline_assist.core.i18n import text as t
from ui.admin.access import viewer_of
from ui.state import AppState
from ui.widgets import Updates

if TYPE_CHECKING:
    from ui.admin.page import AdminPage

AUDIT_COLUMNS = ("col_time", "col_user", "col_action", "col_document", "col_sha256", "col_detail")
PAGE_SIZE = 50
DEFAULT_KIND = "changes"


def kind_choices(ui: str) -> list[tuple[str, str]]:
    return [(t(f"audit_{kind}", ui), kind) for kind in KINDS]


@dataclass(frozen=True)
class AuditPanel:
    tab: gr.Tab
    kind: gr.Radio
    user: gr.Textbox
    document: gr.Textbox
    number: gr.Number
    newer: gr.Button
    older: gr.Button
    info: gr.Markdown
    table: gr.Dataframe

    def view(self, ui: str, rows: list[list[str]]) -> Updates:
        """Texts in this language, the filters back to their defaults and `rows` (the first page of changes)."""
        return {
            self.tab: gr.update(label=t("audit_heading", ui)),
            self.kind: gr.update(choices=kind_choices(ui), value=DEFAULT_KIND, label=t("audit_show", ui)),
            self.user: gr.update(value="", label=t("col_user", ui)),
            self.document: gr.update(value="", label=t("col_document", ui)),
            self.number: gr.update(value=1, label=t("audit_page", ui)),
            self.newer: gr.update(value=t("audit_newer", ui)),
            self.older: gr.update(value=t("audit_older", ui)),
            self.info: "",
            self.table: gr.update(value=rows, headers=[t(c, ui) for c in AUDIT_COLUMNS]),
        }

    def wire(self, state: AppState, page: AdminPage) -> None:
        """Any filter, the page number, the two page buttons and opening the tab show the matching page."""
        filters = [self.kind, self.user, self.document, self.number, page.header.language]
        outputs = [self.table, self.number, self.info]

        def show(kind: str, user: str, document: str, number: Any, ui: str, request: gr.Request) -> Updates:
            viewer_of(state, request, ui)
            where = AuditFilter(kind if kind in KINDS else DEFAULT_KIND, user or "", document or "")
            return self.shown(state.audit.page(where, _page_number(number), PAGE_SIZE), ui)

        def step(by: int) -> Callable[..., Updates]:
            def stepped(kind: str, user: str, document: str, number: Any, ui: str, request: gr.Request) -> Updates:
                return show(kind, user, document, _page_number(number) + by, ui, request)

            return stepped

        self.tab.select(show, filters, outputs, api_name="audit", show_progress="hidden")
        self.kind.input(_first_page, None, self.number, api_name=False).then(show, filters, outputs, api_name=False)
        for box in (self.user, self.document):
            box.submit(_first_page, None, self.number, api_name=False).then(show, filters, outputs, api_name=False)
        self.number.submit(show, filters, outputs, api_name=False)
        self.newer.click(step(-1), filters, outputs, api_name=False)
        self.older.click(step(+1), filters, outputs, api_name=False)

    def shown(self, found: AuditPage, ui: str) -> Updates:
        return {
            self.table: entry_rows(found.entries),
            self.number: found.number,
            self.info: t("audit_page_info", ui, number=found.number, pages=found.pages, total=found.total),
        }


def _first_page() -> int:
    return 1


def _page_number(value: Any) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError, OverflowError):
        return 1


def build_audit(ui: str) -> AuditPanel:
    with gr.Tab(t("audit_heading", ui), elem_id="tab-audit") as tab:
        with gr.Row():
            kind = gr.Radio(kind_choices(ui), value=DEFAULT_KIND, label=t("audit_show", ui), elem_id="audit-kind")
            user = gr.Textbox(label=t("col_user", ui), max_length=100, elem_id="audit-user")
            document = gr.Textbox(label=t("col_document", ui), max_length=200, elem_id="audit-document")
        with gr.Row(equal_height=True):
            newer = gr.Button(t("audit_newer", ui), size="sm", scale=0, min_width=110, elem_id="audit-newer")
            number = gr.Number(
                1, label=t("audit_page", ui), precision=0, minimum=1, scale=0, min_width=110, elem_id="audit-page"
            )
            older = gr.Button(t("audit_older", ui), size="sm", scale=0, min_width=110, elem_id="audit-older")
            info = gr.Markdown("", elem_id="audit-info")
        table = gr.Dataframe(
            headers=[t(c, ui) for c in AUDIT_COLUMNS], value=[], interactive=False, elem_id="audit-table", wrap=True
        )
    return AuditPanel(tab, kind, user, document, number, newer, older, info, table)


def audit_rows(state: AppState) -> list[list[str]]:
    """The first page of changes (what the tab shows when it is filled or after a change)."""
    return entry_rows(state.audit.entries(PAGE_SIZE, AuditFilter(kind=DEFAULT_KIND)))


def entry_rows(entries: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            e.get("time") or "",
            e.get("user") or "",
            e.get("action") or "",
            e.get("doc_id") or "",
            (e.get("sha256") or "")[:16],
            e.get("detail") or "",
        ]
        for e in entries
    ]
