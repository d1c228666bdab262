"""The feedback tab of the admin page: how many ratings clinicians left, and the whole feedback store as CSV
or JSONL (for anyone logged in; the store holds no user and no address).

Exports are written to <data_dir>/exports (one private folder each, deleted after EXPORT_KEEP_S) and
downloaded through the admin page only: Gradio's cached copy is deleted on the admin page's cache schedule,
and the clinicians' page serves neither folder (ui/security.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import gradio as gr

from guideline_assist.core.i18n import text as t
from ui.admin.access import viewer_of
from ui.state import AppState
from ui.widgets import Updates

if TYPE_CHECKING:
    from ui.admin.page import AdminPage

EXPORT_KEEP_S = 3600  # long enough to download, short enough that copies of the store do not pile up


@dataclass(frozen=True)
class ExportPanel:
    tab: gr.Tab
    count: gr.Markdown
    csv: gr.Button
    jsonl: gr.Button
    file: gr.File

    def view(self, ui: str, count: int) -> Updates:
        return {
            self.tab: gr.update(label=t("feedback_export_heading", ui)),
            self.count: t("feedback_count", ui, count=count),
            self.csv: gr.update(value=t("export_csv", ui)),
            self.jsonl: gr.update(value=t("export_jsonl", ui)),
        }

    def wire(self, state: AppState, page: AdminPage) -> None:
        """The two buttons, as /export_csv and /export_jsonl (interface language) -> the file to download."""

        def export_csv(ui: str, request: gr.Request) -> str:
            viewer_of(state, request, ui)
            return str(state.feedback.export_csv(export_path(state.settings.exports_dir, "csv")))

        def export_jsonl(ui: str, request: gr.Request) -> str:
            viewer_of(state, request, ui)
            return str(state.feedback.export_jsonl(export_path(state.settings.exports_dir, "jsonl")))

        self.csv.click(export_csv, page.header.language, self.file, api_name="export_csv")
        self.jsonl.click(export_jsonl, page.header.language, self.file, api_name="export_jsonl")


def build_export(ui: str) -> ExportPanel:
    with gr.Tab(t("feedback_export_heading", ui), elem_id="tab-feedback") as tab:
        count = gr.Markdown("")
        with gr.Row():
            csv = gr.Button(t("export_csv", ui), elem_id="export-csv")
            jsonl = gr.Button(t("export_jsonl", ui), elem_id="export-jsonl")
        file = gr.File(label="", interactive=False)
    return ExportPanel(tab, count, csv, jsonl, file)


def export_path(exports: Path, extension: str, name: str = "feedback") -> Path:
    """A fresh private folder per export, so two downloads never share a file; the name carries the time.
    Exports older than EXPORT_KEEP_S are deleted first: every export holds a whole store."""
    exports.mkdir(mode=0o700, parents=True, exist_ok=True)
    cutoff = time.time() - EXPORT_KEEP_S
    for old in exports.iterdir():
        if old.is_dir() and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=exports))  # mode 0o700
    return folder / f"{name}-{dt.datetime.now():%Y%m%d-%H%M}.{extension}"
