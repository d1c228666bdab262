"""The Gaps tab of the admin page: clinicians' questions the guidelines could not answer, grouped by topic,
with the share not found per week and the largest groups as pictures, Russian and Tajik counted side by side.
Anyone logged in sees it and exports it (CSV, one-page report); an editor also marks a group "guideline
requested" or "answered by document X" (checked on the server and written to the audit log).

APIs: /gaps (refresh), /gap_mark (group, mark, document), /export_gaps_csv, /export_gaps_report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import gradio as gr

from guideline_assist.admin.gap_charts import groups_chart, weekly_chart
from guideline_assist.admin.gap_picture import GapsPicture
from guideline_assist.admin.gap_report import closest, decision, write_gaps_csv, write_report
from guideline_assist.admin.outcomes import MARKS
from guideline_assist.core.i18n import text as t
from ui.admin.access import editor_of, viewer_of
from ui.admin.audit import audit_rows
from ui.admin.export import export_path
from ui.state import AppState
from ui.widgets import Updates

if TYPE_CHECKING:
    from ui.admin.page import AdminPage

COLUMNS = ("col_group", "col_typical", "lang_ru", "lang_tg", "lang_en", "col_first_seen", "col_last_seen",
           "col_closest", "col_gap_status")  # fmt: skip
CHOICE_CHARS = 70
TITLE_CHARS = 40  # a closest document's title in the table (the CSV and the report have it whole)


@dataclass(frozen=True)
class GapsPanel:
    tab: gr.Tab
    intro: gr.Markdown
    summary: gr.Markdown
    weekly: gr.Plot
    top: gr.Plot
    table: gr.Dataframe
    editor: gr.Group  # the marking controls, shown to editors only
    group: gr.Dropdown
    mark: gr.Radio
    doc: gr.Dropdown
    save: gr.Button
    refresh: gr.Button
    csv: gr.Button
    report: gr.Button
    file: gr.File

    def view(self, ui: str, picture: GapsPicture | None, can_edit: bool) -> Updates:
        """Texts in the interface language and, for a logged-in user, the picture (None: nothing to show)."""
        return {
            self.tab: gr.update(label=t("gaps_heading", ui)),
            self.intro: t("gaps_intro", ui),
            self.summary: summary(picture, ui) if picture else "",
            self.weekly: weekly_chart(picture.weeks, ui) if picture else None,
            self.top: groups_chart(picture.groups, ui) if picture else None,
            self.table: gr.update(value=rows(picture) if picture else [], headers=[t(c, ui) for c in COLUMNS]),
            self.editor: gr.update(visible=can_edit),
            self.group: gr.update(label=t("gap_mark_group", ui), choices=group_choices(picture), value=None),
            self.mark: gr.update(label=t("gap_mark_as", ui), choices=mark_choices(ui)),
            self.doc: gr.update(label=t("gap_mark_doc", ui), choices=doc_choices(picture), value=None),
            self.save: gr.update(value=t("gap_mark_button", ui)),
            self.refresh: gr.update(value=t("refresh", ui)),
            self.csv: gr.update(value=t("export_gaps_csv", ui)),
            self.report: gr.update(value=t("export_report", ui)),
        }

    def wire(self, state: AppState, page: AdminPage) -> None:
        def refreshed(ui: str, request: gr.Request) -> Updates:
            user = viewer_of(state, request, ui)
            return page.insight(state, ui, user)

        def marked(key: int | str | None, mark: str, doc_id: str | None, ui: str, request: gr.Request) -> Updates:
            user = editor_of(state, request, ui)
            group = state.gaps(ui).group(int(key)) if str(key).isdigit() else None
            if group is None:  # chosen before new questions regrouped the topic, or never a group
                raise gr.Error(t("gap_group_gone", ui))
            if mark not in (*MARKS, "open"):
                raise gr.Error(t("gap_mark_as", ui))
            if mark == "answered_by" and not (doc_id and state.manifest().get(doc_id)):
                raise gr.Error(t("gap_needs_doc", ui))
            stored = "" if mark == "open" else mark
            count = state.outcomes.mark(group.outcome_ids, stored, doc_id or "")
            state.audit.record(
                user.name, f"gap_{mark}", doc_id if mark == "answered_by" else None, None,
                f"group={group.key} questions={count} first={group.typical[0][:200]}",
            )  # fmt: skip
            label = t("gap_answered_by", ui, doc=doc_id) if mark == "answered_by" else t(f"gap_{mark}", ui)
            return {
                page.status: t("gap_marked", ui, group=group.key, count=count, mark=label),
                **page.insight(state, ui, user),
                page.audit.table: audit_rows(state),
            }

        # Plain paths (not updates): gradio_client then downloads the file for an API caller, as for feedback.
        def export_csv(ui: str, request: gr.Request) -> str:
            viewer_of(state, request, ui)
            return str(write_gaps_csv(state.gaps(ui), export_path(state.settings.exports_dir, "csv", "gaps")))

        def export_report(ui: str, request: gr.Request) -> str:
            viewer_of(state, request, ui)
            return str(write_report(state.gaps(ui), export_path(state.settings.exports_dir, "html", "gaps-report")))

        language = page.header.language
        insight = page.insight_outputs
        self.refresh.click(refreshed, language, insight, api_name="gaps")
        self.save.click(
            marked,
            [self.group, self.mark, self.doc, language],
            [page.status, *insight, page.audit.table],
            api_name="gap_mark",
        )
        self.csv.click(export_csv, language, self.file, api_name="export_gaps_csv")
        self.report.click(export_report, language, self.file, api_name="export_gaps_report")


def build_gaps(ui: str) -> GapsPanel:
    """Filled on page load, for a logged-in user only."""
    with gr.Tab(t("gaps_heading", ui), elem_id="tab-gaps") as tab:
        intro = gr.Markdown(t("gaps_intro", ui))
        summary_box = gr.Markdown("", elem_id="gaps-summary")
        with gr.Row():
            weekly = gr.Plot(show_label=False, elem_id="gaps-weekly")
            top = gr.Plot(show_label=False, elem_id="gaps-top")
        table = gr.Dataframe(
            headers=[t(c, ui) for c in COLUMNS],
            value=[],
            interactive=False,
            wrap=True,
            column_widths=["5%", "36%", "6%", "6%", "6%", "8%", "8%", "16%", "9%"],
            elem_id="gaps-table",
        )
        # Shown to editors on load. The lists accept any value (filled per session; an API caller's session may
        # predate a group): the handler checks the group and the document on the server.
        with gr.Group(visible=False, elem_id="gap-editor") as editor:
            with gr.Row():
                group = gr.Dropdown(
                    [], label=t("gap_mark_group", ui), elem_id="gap-group", scale=3, allow_custom_value=True
                )
                mark = gr.Radio(mark_choices(ui), value=MARKS[0], label=t("gap_mark_as", ui), elem_id="gap-mark")
                doc = gr.Dropdown([], label=t("gap_mark_doc", ui), elem_id="gap-doc", scale=2, allow_custom_value=True)
            save = gr.Button(t("gap_mark_button", ui), variant="primary", elem_id="gap-save")
        with gr.Row():
            refresh = gr.Button(t("refresh", ui), size="sm", elem_id="gaps-refresh")
            csv = gr.Button(t("export_gaps_csv", ui), size="sm", elem_id="gaps-csv")
            report = gr.Button(t("export_report", ui), size="sm", elem_id="gaps-report")
        file = gr.File(label="", interactive=False, height=80, elem_id="gaps-file")
    return GapsPanel(tab, intro, summary_box, weekly, top, table, editor, group, mark, doc, save, refresh, csv,
                     report, file)  # fmt: skip


def summary(picture: GapsPicture, ui: str) -> str:
    start, end, asked, missed = picture.summary()
    if not missed:
        return t("gaps_none", ui)
    rate = f"{missed / asked:.0%}"
    return t("gaps_summary", ui, start=start, end=end, asked=asked, missed=missed, rate=rate,
             groups=len(picture.groups))  # fmt: skip


def rows(picture: GapsPicture) -> list[list[object]]:
    """One row per group, largest first; its typical questions numbered in one cell (plain text: a question is
    the clinician's words, never rendered as markdown or HTML on the admin page)."""
    table: list[list[object]] = []
    for g in picture.groups:
        typical = " ".join(f"{n}) {q}" for n, q in enumerate(g.typical, 1))
        counts = [g.by_language.get(lang, 0) for lang in ("ru", "tg", "en")]
        table.append(
            [g.key, typical, *counts, g.first_seen, g.last_seen, closest(g, picture, TITLE_CHARS), decision(g, picture)]
        )
    return table


def group_choices(picture: GapsPicture | None) -> list[tuple[str, int]]:
    if picture is None:
        return []
    return [(f"{g.key}: {g.typical[0][:CHOICE_CHARS]} ({g.size})", g.key) for g in picture.groups]


def doc_choices(picture: GapsPicture | None) -> list[tuple[str, str]]:
    if picture is None:
        return []
    return [(f"{doc_id} · {title[:CHOICE_CHARS]}", doc_id) for doc_id, title in picture.titles.items()]


def mark_choices(ui: str) -> list[tuple[str, str]]:
    return [
        (t("gap_guideline_requested", ui), "guideline_requested"),
        (t("gap_answered_by", ui, doc="…"), "answered_by"),
        (t("gap_open", ui), "open"),
    ]
