"""The clinicians' page, composed of its panels: ask in Russian, Tajik or English; a checked, cited answer
streams in; sources with the relied-on sentences highlighted and a link to the PDF page; filters; feedback.

Nothing on this page changes the corpus (that is the admin page, behind a login). Its Gradio API is the
page's own: /ask (streams the answer and sources as HTML), /feedback_helpful, /feedback_not_helpful.
Scripts ask through the JSON route POST /api/ask (ui/api.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from guideline_assist.answering.answer import Answer
from ui.chat.answer import AnswerPanel, SourcesPanel, build_answer, build_sources, clear_handler, question_handler
from ui.chat.feedback import FeedbackPanel, build_feedback
from ui.chat.filters import FiltersPanel, build_filters
from ui.chat.header import Header, build_header
from ui.chat.question import QuestionPanel, build_question
from ui.state import AppState
from ui.widgets import DEFAULT_UI, Updates, language_of


@dataclass(frozen=True)
class ChatPage:
    header: Header
    question: QuestionPanel
    filters: FiltersPanel
    answer: AnswerPanel
    feedback: FeedbackPanel
    sources: SourcesPanel

    def texts(self, state: AppState, ui: str, answer: Answer | None) -> Updates:
        """Everything the interface language changes, the answer on screen re-rendered included."""
        return {
            **self.header.texts(ui),
            **self.question.texts(ui),
            **self.filters.texts(ui, state.issuers()),
            **self.answer.texts(ui, answer),
            **self.sources.texts(ui, answer),
            **self.feedback.texts(ui),
        }


def build_chat(state: AppState) -> gr.Blocks:
    """The page at /: question and answer on the left, sources on the right."""
    with gr.Blocks(title="guideline-assist") as blocks:
        header = build_header(DEFAULT_UI)
        with gr.Row():
            with gr.Column(scale=3):
                question = build_question(DEFAULT_UI)
                filters = build_filters(state, DEFAULT_UI)
                answer = build_answer(DEFAULT_UI)
                feedback = build_feedback(DEFAULT_UI)
            with gr.Column(scale=2):
                sources = build_sources(DEFAULT_UI)
        page = ChatPage(header, question, filters, answer, feedback, sources)
        wire_chat(state, page, blocks)
    return blocks


def wire_chat(state: AppState, page: ChatPage, blocks: gr.Blocks) -> None:
    """The page's events: ask (button or Enter), clear, examples, feedback, and the interface language."""
    language = page.header.language
    ask = question_handler(state, page.answer, page.sources, page.question.privacy)
    inputs = [page.question.question, language, *page.filters.inputs]
    outputs = [page.answer.box, page.sources.box, page.answer.current, page.question.privacy]
    page.question.ask.click(ask, inputs, outputs, api_name="ask")
    page.question.question.submit(ask, inputs, outputs, api_name=False)
    page.question.clear.click(
        clear_handler(page.question.question, page.answer, page.sources, page.feedback.status),
        language,
        [page.question.question, page.answer.box, page.sources.box, page.answer.current, page.feedback.status],
        api_name=False,
    )
    page.question.wire()
    page.feedback.wire(state, page.answer.current, language)

    def relabel(ui: str, answer: Answer | None) -> Updates:
        return page.texts(state, ui, answer)

    # The outputs are exactly the components texts() updates (the same for any language and answer).
    language.change(relabel, [language, page.answer.current], list(page.texts(state, DEFAULT_UI, None)), api_name=False)
    blocks.load(language_of, None, language, api_name=False)
