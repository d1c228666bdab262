"""The question box of the clinicians' page: the question, Ask and Clear, and example questions per
interface language (choosing one puts it in the box)."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from guideline_assist.core.i18n import text as t
from ui.widgets import Updates

EXAMPLES = {
    "ru": [
        "Какая доза окситоцина для профилактики послеродового кровотечения?",
        "С какой дозы амлодипина начинают лечение гипертензии?",
        "Какой режим лечения назначают новому пациенту с туберкулёзом лёгких?",
    ],
    "tg": [
        "Миқдори руҳ барои кӯдаки 4-моҳа ҳангоми дарунравӣ чанд аст?",
        "Аломатҳои хатарноки пневмония дар кӯдакон кадомҳоянд?",
        "Фишори хун аз чанд боло бошад, гипертензия ташхис мешавад?",
    ],
    "en": [
        "How much iron and folic acid should pregnant women take daily?",
        "What is the amoxicillin dose for a child with pneumonia?",
    ],
}


@dataclass(frozen=True)
class QuestionPanel:
    question: gr.Textbox
    ask: gr.Button
    clear: gr.Button
    examples: gr.Dropdown
    privacy: gr.Markdown  # what is kept of a question (the outcome, never who asked), and what was removed

    def texts(self, ui: str) -> Updates:
        return {
            self.question: gr.update(label=t("question_label", ui), placeholder=t("question_placeholder", ui)),
            self.ask: gr.update(value=t("ask", ui)),
            self.clear: gr.update(value=t("clear", ui)),
            self.examples: gr.update(label=t("examples_label", ui), choices=EXAMPLES[ui], value=None),
            self.privacy: privacy_note(ui),
        }

    def wire(self) -> None:
        """Choosing an example puts it in the question box (the clinician still presses Ask)."""
        self.examples.select(lambda choice: choice, self.examples, self.question, api_name=False)


def build_question(ui: str) -> QuestionPanel:
    question = gr.Textbox(
        label=t("question_label", ui), placeholder=t("question_placeholder", ui), lines=2, elem_id="question"
    )
    with gr.Row():
        ask = gr.Button(t("ask", ui), variant="primary", elem_id="ask")
        clear = gr.Button(t("clear", ui), elem_id="clear")
    examples = gr.Dropdown(EXAMPLES[ui], value=None, label=t("examples_label", ui), elem_id="examples")
    privacy = gr.Markdown(privacy_note(ui), elem_id="privacy-note", elem_classes="ga-meta")
    return QuestionPanel(question, ask, clear, examples, privacy)


def privacy_note(ui: str, removed: tuple[str, ...] = ()) -> str:
    """The standing note on what is recorded, led by what was just removed from a question, if anything."""
    note = t("privacy_note", ui)
    if removed:
        kinds = ", ".join(t(f"pd_{kind}", ui) for kind in removed)
        note = f"**{t('privacy_removed', ui, kinds=kinds)}** {note}"
    return note
