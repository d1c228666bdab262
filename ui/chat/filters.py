"""The filters of the clinicians' page (closed by default): document kind, issuer, document language, and
superseded editions, which stay out of answers unless asked for (for comparing editions)."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from guideline_assist.answering.retrieve import SearchFilters
from guideline_assist.core.i18n import LANGUAGES
from guideline_assist.core.i18n import text as t
from guideline_assist.core.manifest import MOH_TJ, WHO
from ui.state import AppState
from ui.widgets import Updates, kind_choices


@dataclass(frozen=True)
class FiltersPanel:
    box: gr.Accordion
    kinds: gr.CheckboxGroup
    issuers: gr.CheckboxGroup
    languages: gr.CheckboxGroup
    superseded: gr.Checkbox

    @property
    def inputs(self) -> list[gr.components.Component]:
        """In the order search_filters() takes them (and the /ask API lists them)."""
        return [self.kinds, self.issuers, self.languages, self.superseded]

    def texts(self, ui: str, issuers: list[str]) -> Updates:
        return {
            self.box: gr.update(label=t("filters_heading", ui)),
            self.kinds: gr.update(label=t("filter_kind", ui), choices=kind_choices(ui)),
            self.issuers: gr.update(label=t("filter_issuer", ui), choices=issuer_choices(issuers, ui)),
            self.languages: gr.update(label=t("filter_language", ui), choices=language_choices(ui)),
            self.superseded: gr.update(label=t("filter_superseded", ui)),
        }


def build_filters(state: AppState, ui: str) -> FiltersPanel:
    """The accordion of filters; the issuers offered are those of the manifest when the app started."""
    with gr.Accordion(t("filters_heading", ui), open=False, elem_id="filters") as box:
        kinds = gr.CheckboxGroup(kind_choices(ui), label=t("filter_kind", ui), elem_id="filter-kind")
        issuers = gr.CheckboxGroup(
            issuer_choices(state.issuers(), ui), label=t("filter_issuer", ui), elem_id="filter-issuer"
        )
        languages = gr.CheckboxGroup(language_choices(ui), label=t("filter_language", ui), elem_id="filter-language")
        superseded = gr.Checkbox(False, label=t("filter_superseded", ui), elem_id="filter-superseded")
    return FiltersPanel(box, kinds, issuers, languages, superseded)


def search_filters(kinds, issuers, languages, include_superseded) -> SearchFilters:
    """The filter values as the page sends them (None when nothing was touched) -> SearchFilters."""
    return SearchFilters(
        kinds=tuple(kinds or ()),
        issuers=tuple(issuers or ()),
        languages=tuple(languages or ()),
        include_superseded=bool(include_superseded),
    )


def issuer_choices(issuers: list[str], ui: str) -> list[tuple[str, str]]:
    """The two issuers the corpus is built around get a localized name; any other is shown as written."""
    names = {WHO: t("issuer_who", ui), MOH_TJ: t("issuer_moh", ui)}
    return [(names.get(issuer, issuer), issuer) for issuer in issuers]


def language_choices(ui: str) -> list[tuple[str, str]]:
    return [(t(f"lang_{lang}", ui), lang) for lang in LANGUAGES]
