"""The answer and sources panels of the clinicians' page, and the question handler that streams into them.

While an answer streams, the answer panel shows only sentences that already passed the source check (never
the unchecked draft) and the sources panel the passages found; the final Answer replaces both and is kept
in `current` for feedback and for re-rendering when the interface language changes.
"""

from __future__ import annotations

import html
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import gradio as gr

from guideline_assist.answering.answer import Answer, CheckedSentence
from guideline_assist.answering.question import checked_question
from guideline_assist.core.errors import GuidelineAssistError, QuestionInvalid
from guideline_assist.core.i18n import text as t
from ui.chat.filters import search_filters
from ui.chat.question import privacy_note
from ui.render import answer_html, progress_html, sources_html
from ui.state import AppState
from ui.widgets import Updates

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerPanel:
    title: gr.Markdown
    box: gr.HTML
    current: gr.State  # the last complete Answer (None before the first, after Clear, while one streams)

    def texts(self, ui: str, answer: Answer | None) -> Updates:
        return {
            self.title: gr.update(value=f"### {t('answer_heading', ui)}"),
            self.box: answer_html(answer, ui) if answer is not None else "",
        }


@dataclass(frozen=True)
class SourcesPanel:
    title: gr.Markdown
    box: gr.HTML

    def texts(self, ui: str, answer: Answer | None) -> Updates:
        return {self.title: gr.update(value=f"### {t('sources_heading', ui)}"), self.box: sources_html(answer, ui)}


def build_answer(ui: str) -> AnswerPanel:
    title = gr.Markdown(f"### {t('answer_heading', ui)}")
    box = gr.HTML("", elem_id="answer")
    return AnswerPanel(title, box, gr.State(None))


def build_sources(ui: str) -> SourcesPanel:
    title = gr.Markdown(f"### {t('sources_heading', ui)}")
    box = gr.HTML(sources_html(None, ui), elem_id="sources")
    return SourcesPanel(title, box)


def question_handler(
    state: AppState, answer: AnswerPanel, sources: SourcesPanel, privacy: gr.Markdown
) -> Callable[..., Iterator[Updates]]:
    """The /ask handler: (question, interface language, the four filters) -> streamed updates of both panels;
    the final answer's outcome is recorded for the ministry (the privacy note says what was removed)."""

    def ask(question, ui, kinds, issuers, languages, include_superseded, request: gr.Request) -> Iterator[Updates]:
        try:
            question = checked_question(question or "", state.settings.answer.max_question_chars)
        except QuestionInvalid as exc:  # the asker's to fix: said in the answer box, like an empty question
            yield hint(exc.message(ui), ui)
            return
        if not question:
            yield hint(t("empty_question", ui), ui)
            return
        filters = search_filters(kinds, issuers, languages, include_superseded)
        shown: list[CheckedSentence] = []
        yield {answer.box: progress_html(shown, ui), sources.box: sources_html(None, ui), answer.current: None}
        try:
            # No lock here: the store and the model lock themselves only while used (see ui/state.py).
            client = getattr(getattr(request, "client", None), "host", None) or "-"
            for kind, value in state.assistant.stream(question, filters):
                if (update := streamed(kind, value, shown, ui, client)) is not None:
                    yield update
        except GuidelineAssistError as exc:
            raise gr.Error(exc.message(ui)) from exc

    def hint(message: str, ui: str) -> Updates:
        return {
            answer.box: f'<p class="ga-meta">{html.escape(message)}</p>',
            sources.box: sources_html(None, ui),
            answer.current: None,
        }

    def streamed(kind: str, value, shown: list[CheckedSentence], ui: str, client: str) -> Updates | None:
        """What one event of Assistant.stream changes on the page."""
        if kind == "sources":
            return {
                answer.box: progress_html(shown, ui, "writing"),
                sources.box: sources_html(None, ui, value),
                answer.current: None,
            }
        if kind == "checked":
            shown.append(value)
            return {answer.box: progress_html(shown, ui, "writing"), answer.current: None}
        if kind == "answer":
            return {
                answer.box: answer_html(value, ui),
                sources.box: sources_html(value, ui),
                answer.current: value,
                privacy: privacy_note(ui, record_outcome(state, value, client)),
            }
        return None  # "delta": a model's unchecked draft is never shown

    return ask


def record_outcome(state: AppState, answer: Answer, client: str) -> tuple[str, ...]:
    """Record what became of the question (GA_OUTCOMES__RECORD); the kinds of personal data removed from it.
    A full disk or a locked file costs the ministry one record, never the clinician the answer."""
    try:
        return state.record(answer, client)
    except (sqlite3.Error, OSError):
        logger.warning("outcome not recorded", exc_info=True)
        return ()


def clear_handler(
    question: gr.Textbox, answer: AnswerPanel, sources: SourcesPanel, status: gr.Markdown
) -> Callable[[str], Updates]:
    """Clear: empty question and answer, no sources, no feedback message, nothing to give feedback on."""

    def clear(ui: str) -> Updates:
        return {question: "", answer.box: "", sources.box: sources_html(None, ui), answer.current: None, status: ""}

    return clear
