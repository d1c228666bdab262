"""What both pages share: the interface-language switch, the language a link asks for (`/?lang=tg`), the
localized document kinds, and the type of a handler's named outputs.

    language = language_switch("ui-language")          # inside a gr.Blocks
    page.load(language_of, None, language)             # /?lang=tg opens the page in Tajik

Handlers return `Updates`, a dict of component -> new value or gr.update(...): Gradio matches the keys to
the event's outputs, so no handler depends on the order of an output list, and a component left out of the
dict keeps what it shows.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from guideline_assist.core.i18n import LANGUAGE_NAMES, LANGUAGES
from guideline_assist.core.i18n import text as t
from guideline_assist.core.manifest import Kind

DEFAULT_UI = "ru"  # the language a page opens in when the link names none (most clinicians read Russian)

Updates = dict[gr.blocks.Block, Any]


def language_switch(elem_id: str) -> gr.Radio:
    """The interface-language radio at a page's top right, labelled in all three languages, since whoever
    needs it may not read the current one."""
    return gr.Radio(
        [(LANGUAGE_NAMES[lang], lang) for lang in LANGUAGES],
        value=DEFAULT_UI,
        label=" · ".join(t("language_label", lang) for lang in LANGUAGES),
        scale=0,
        min_width=260,
        elem_id=elem_id,
    )


def language_of(request: gr.Request) -> str:
    """The interface language the page's link asks for (`?lang=tg`); Russian when it names none we have."""
    wanted = request.query_params.get("lang", DEFAULT_UI) if request else DEFAULT_UI
    return wanted if wanted in LANGUAGES else DEFAULT_UI


def kind_choices(ui: str) -> list[tuple[str, str]]:
    """(label, value) of every document kind the manifest knows, labelled in the interface language."""
    return [(t(f"kind_{kind.value}", ui), kind.value) for kind in Kind]
