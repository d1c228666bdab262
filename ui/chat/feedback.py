"""Helpful / not helpful with an optional comment, stored with the question, the answer and its citations
(no user, no address) in <data>/feedback.sqlite3, which the admin page exports.

One client address may leave GA_ADMIN__FEEDBACK_PER_10MIN ratings per 10 minutes (counted in memory, never
stored): a script cannot flood the store the ministry reads."""

from __future__ import annotations

import math
from dataclasses import dataclass

import gradio as gr

from guideline_assist.admin.throttle import Throttle
from guideline_assist.answering.answer import Answer
from guideline_assist.core.i18n import text as t
from ui.state import AppState
from ui.widgets import Updates

FEEDBACK_WINDOW_S = 600


@dataclass(frozen=True)
class FeedbackPanel:
    title: gr.Markdown
    helpful: gr.Button
    not_helpful: gr.Button
    comment: gr.Textbox
    status: gr.Markdown

    def texts(self, ui: str) -> Updates:
        return {
            self.title: gr.update(value=f"**{t('feedback_heading', ui)}**"),
            self.helpful: gr.update(value=t("helpful", ui)),
            self.not_helpful: gr.update(value=t("not_helpful", ui)),
            self.comment: gr.update(label=t("comment_label", ui), placeholder=t("comment_placeholder", ui)),
        }

    def wire(self, state: AppState, current: gr.State, language: gr.Radio) -> None:
        """The two buttons, as /feedback_helpful and /feedback_not_helpful (comment, interface language)."""

        limit = Throttle(state.settings.admin.feedback_per_10min, FEEDBACK_WINDOW_S)

        def helpful(comment: str, answer: Answer | None, ui: str, request: gr.Request) -> str:
            return refused(limit, request, answer, ui) or store_feedback(state, True, comment, answer, ui)

        def not_helpful(comment: str, answer: Answer | None, ui: str, request: gr.Request) -> str:
            return refused(limit, request, answer, ui) or store_feedback(state, False, comment, answer, ui)

        inputs = [self.comment, current, language]
        self.helpful.click(helpful, inputs, self.status, api_name="feedback_helpful")
        self.not_helpful.click(not_helpful, inputs, self.status, api_name="feedback_not_helpful")


def build_feedback(ui: str) -> FeedbackPanel:
    title = gr.Markdown(f"**{t('feedback_heading', ui)}**")
    with gr.Row():
        helpful = gr.Button(t("helpful", ui), size="sm", elem_id="helpful")
        not_helpful = gr.Button(t("not_helpful", ui), size="sm", elem_id="not-helpful")
    comment = gr.Textbox(
        label=t("comment_label", ui), placeholder=t("comment_placeholder", ui), max_length=2000, elem_id="comment"
    )
    status = gr.Markdown("", elem_id="feedback-status")
    return FeedbackPanel(title, helpful, not_helpful, comment, status)


def refused(limit: Throttle, request: gr.Request | None, answer: Answer | None, ui: str) -> str:
    """The localized refusal if this address rated too often lately; "" (and the rating counted) if not."""
    if answer is None:  # nothing will be stored
        return ""
    client = getattr(request, "client", None)
    wait = limit.attempt(f"address:{getattr(client, 'host', None) or '-'}")
    return t("feedback_rate_limited", ui, minutes=max(1, math.ceil(wait / 60))) if wait > 0 else ""


def store_feedback(state: AppState, helpful: bool, comment: str | None, answer: Answer | None, ui: str) -> str:
    """Store one rating of the answer on screen; the localized thanks (or "ask something first")."""
    if answer is None:
        return t("feedback_nothing", ui)
    citations = [
        {"number": s.number, "doc_id": s.passage.doc_id, "edition": s.passage.edition, "pages": list(s.passage.pages)}
        for s in answer.cited_sources
    ]
    state.feedback.add(
        answer.question,
        answer.language,
        answer.text,
        citations,
        helpful,
        comment=comment or "",
        backend=answer.backend,
        abstained=answer.abstained,
    )
    return t("feedback_thanks", ui)
