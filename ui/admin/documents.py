"""The Documents tab of the admin page: per document of the manifest, how often answers cited it, what
clinicians said of those answers, its review date (and that it has passed), and the documents never cited;
below, the questions rated "not helpful" whose answer cited a document. Read-only, for anyone logged in."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from guideline_assist.admin.gap_charts import citations_chart
from guideline_assist.admin.gap_picture import GapsPicture
from guideline_assist.admin.gap_report import attention
from guideline_assist.admin.usage import DocumentUsage
from guideline_assist.core.i18n import text as t
from ui.widgets import Updates

COLUMNS = ("col_id", "col_title", "col_edition", "col_status", "col_review_by", "col_attention", "col_cited",
           "col_helpful", "col_not_helpful")  # fmt: skip
UNHELPFUL_COLUMNS = ("col_document", "col_date", "col_question", "col_comment")


@dataclass(frozen=True)
class DocumentsPanel:
    tab: gr.Tab
    table: gr.Dataframe
    chart: gr.Plot
    heading: gr.Markdown
    unhelpful: gr.Dataframe

    def view(self, ui: str, picture: GapsPicture | None) -> Updates:
        usage = picture.usage if picture else []
        return {
            self.tab: gr.update(label=t("documents_heading", ui)),
            self.table: gr.update(value=[row(u, ui) for u in usage], headers=[t(c, ui) for c in COLUMNS]),
            self.chart: citations_chart(usage, ui) if picture else None,
            self.heading: f"**{t('unhelpful_heading', ui)}**",
            self.unhelpful: gr.update(
                value=[[u.doc_id, x.created[:10], x.question, x.comment] for u in usage for x in u.unhelpful],
                headers=[t(c, ui) for c in UNHELPFUL_COLUMNS],
            ),
        }


def build_documents(ui: str) -> DocumentsPanel:
    """Filled on page load and by the Gaps tab's Refresh, for a logged-in user only."""
    with gr.Tab(t("documents_heading", ui), elem_id="tab-documents") as tab:
        table = gr.Dataframe(
            headers=[t(c, ui) for c in COLUMNS], value=[], interactive=False, wrap=True, elem_id="documents-table"
        )
        chart = gr.Plot(show_label=False, elem_id="documents-chart")
        heading = gr.Markdown(f"**{t('unhelpful_heading', ui)}**")
        unhelpful = gr.Dataframe(
            headers=[t(c, ui) for c in UNHELPFUL_COLUMNS], value=[], interactive=False, wrap=True,
            elem_id="unhelpful-table",
        )  # fmt: skip
    return DocumentsPanel(tab, table, chart, heading, unhelpful)


def row(u: DocumentUsage, ui: str) -> list[object]:
    review = u.review_by.isoformat() if u.review_by else ""
    status = t(f"status_{u.status}", ui)
    return [u.doc_id, u.title, u.edition, status, review, attention(u, ui), u.cited, u.helpful, u.not_helpful]
