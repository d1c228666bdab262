"""The top of the clinicians' page: title with the admin link, the interface-language switch, and the
disclaimer that the answers support, not replace, clinical judgement."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from guideline_assist.core.i18n import text as t
from ui.widgets import Updates, language_switch


@dataclass(frozen=True)
class Header:
    title: gr.Markdown
    language: gr.Radio
    disclaimer: gr.HTML

    def texts(self, ui: str) -> Updates:
        return {self.title: gr.update(value=title_markdown(ui)), self.disclaimer: gr.update(value=disclaimer_html(ui))}


def build_header(ui: str) -> Header:
    """The title row (title, language switch) and the disclaimer under it."""
    with gr.Row():
        title = gr.Markdown(title_markdown(ui), elem_id="title")
        language = language_switch("ui-language")
    disclaimer = gr.HTML(disclaimer_html(ui), elem_id="disclaimer")
    return Header(title, language, disclaimer)


def title_markdown(ui: str) -> str:
    return f"## {t('app_title', ui)}\n{t('tagline', ui)} · [{t('admin_link', ui)}](/admin/?lang={ui})"


def disclaimer_html(ui: str) -> str:
    return f'<p class="ga-disclaimer">⚠ {t("disclaimer", ui)} {t("demo_notice", ui)}</p>'
