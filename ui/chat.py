"""The clinicians' page: ask in Russian, Tajik or English; a checked, cited answer streams in; sources
with the relied-on sentences highlighted and a link to the PDF page; filters; feedback.

Nothing on this page changes the corpus (that is ui/admin.py, behind a login). API endpoints:
/ask (streams HTML), /answer_json (the whole Answer as a dict, for scripts and tests), /feedback.
"""

from __future__ import annotations

import gradio as gr

from guideline_assist.errors import GuidelineAssistError
from guideline_assist.manifest import MOH_TJ, WHO
from guideline_assist.retrieve import SearchFilters
from ui.render import answer_html, progress_html, sources_html
from ui.state import AppState
from ui.texts import LANGUAGE_NAMES, LANGUAGES, t

EXAMPLES = {
    "ru": ["Какая доза окситоцина для профилактики послеродового кровотечения?",
           "С какой дозы амлодипина начинают лечение гипертензии?",
           "Какой режим лечения назначают новому пациенту с туберкулёзом лёгких?"],
    "tg": ["Миқдори руҳ барои кӯдаки 4-моҳа ҳангоми дарунравӣ чанд аст?",
           "Аломатҳои хатарноки пневмония дар кӯдакон кадомҳоянд?",
           "Фишори хун аз чанд боло бошад, гипертензия ташхис мешавад?"],
    "en": ["How much iron and folic acid should pregnant women take daily?",
           "What is the amoxicillin dose for a child with pneumonia?"],
}
KINDS = ("guideline", "protocol", "formulary")


def _issuer_label(issuer: str, ui: str) -> str:
    return {WHO: t("issuer_who", ui), MOH_TJ: t("issuer_moh", ui)}.get(issuer, issuer)


def _choices(state: AppState, ui: str):
    return ([(t(f"kind_{k}", ui), k) for k in KINDS], [(_issuer_label(i, ui), i) for i in state.issuers()],
            [(t(f"lang_{lang}", ui), lang) for lang in LANGUAGES])


def filters_from(kinds, issuers, languages, include_superseded) -> SearchFilters:
    return SearchFilters(kinds=tuple(kinds or ()), issuers=tuple(issuers or ()),
                         languages=tuple(languages or ()), include_superseded=bool(include_superseded))


def build_chat(state: AppState) -> gr.Blocks:
    def ask(question, ui, kinds, issuers, languages, include_superseded):
        question = (question or "").strip()
        if not question:
            yield f'<p class="ga-meta">{t("empty_question", ui)}</p>', sources_html(None, ui), None
            return
        filters = filters_from(kinds, issuers, languages, include_superseded)
        shown: list = []
        yield progress_html(shown, ui), sources_html(None, ui), None
        try:
            with state.lock:
                for kind, value in state.assistant.stream(question, filters):
                    if kind == "sources":
                        yield progress_html(shown, ui, "writing"), sources_html(None, ui, value), None
                    elif kind == "checked":
                        shown.append(value)
                        yield progress_html(shown, ui, "writing"), gr.skip(), None
                    elif kind == "answer":
                        yield answer_html(value, ui), sources_html(value, ui), value
        except GuidelineAssistError as exc:
            raise gr.Error(exc.message(ui)) from exc

    def answer_json(question, ui="ru"):
        """The whole checked Answer as JSON (scripts, evaluators, tests)."""
        if not (question or "").strip():
            raise gr.Error(t("empty_question", ui))
        with state.lock:
            return state.assistant.ask(question.strip()).to_dict()

    def feedback(helpful: bool, comment, answer, ui):
        if answer is None:
            return t("feedback_nothing", ui)
        citations = [{"number": s.number, "doc_id": s.passage.doc_id, "edition": s.passage.edition,
                      "pages": list(s.passage.pages)} for s in answer.cited_sources]
        state.feedback.add(answer.question, answer.language, answer.text, citations, helpful,
                           comment=comment or "", backend=answer.backend, abstained=answer.abstained)
        return t("feedback_thanks", ui)

    def relabel(ui, answer):
        kinds, issuers, languages = _choices(state, ui)
        return (
            gr.update(value=header(ui)), gr.update(value=disclaimer(ui)),
            gr.update(label=t("question_label", ui), placeholder=t("question_placeholder", ui)),
            gr.update(value=t("ask", ui)), gr.update(value=t("clear", ui)),
            gr.update(label=t("examples_label", ui), choices=EXAMPLES[ui], value=None),
            gr.update(label=t("filters_heading", ui)),
            gr.update(label=t("filter_kind", ui), choices=kinds), gr.update(label=t("filter_issuer", ui), choices=issuers),
            gr.update(label=t("filter_language", ui), choices=languages),
            gr.update(label=t("filter_superseded", ui)),
            gr.update(value=f"### {t('answer_heading', ui)}"), gr.update(value=f"### {t('sources_heading', ui)}"),
            answer_html(answer, ui) if answer is not None else "", sources_html(answer, ui),
            gr.update(value=f"**{t('feedback_heading', ui)}**"), gr.update(value=t("helpful", ui)),
            gr.update(value=t("not_helpful", ui)),
            gr.update(label=t("comment_label", ui), placeholder=t("comment_placeholder", ui)),
        )

    def header(ui):
        return (f"## {t('app_title', ui)}\n{t('tagline', ui)} · "
                f"[{t('admin_link', ui)}](/admin/?lang={ui})")

    def disclaimer(ui):
        return f'<p class="ga-disclaimer">⚠ {t("disclaimer", ui)} {t("demo_notice", ui)}</p>'

    ui0 = "ru"
    kinds0, issuers0, languages0 = _choices(state, ui0)
    with gr.Blocks(title="guideline-assist") as page:
        answer_state = gr.State(None)
        with gr.Row():
            title = gr.Markdown(header(ui0), elem_id="title")
            ui_lang = gr.Radio([(LANGUAGE_NAMES[lang], lang) for lang in LANGUAGES], value=ui0, label=" · ".join(t("language_label", lang) for lang in LANGUAGES),
                               elem_id="ui-language", scale=0, min_width=260)
        warning = gr.HTML(disclaimer(ui0), elem_id="disclaimer")
        with gr.Row():
            with gr.Column(scale=3):
                question = gr.Textbox(label=t("question_label", ui0), placeholder=t("question_placeholder", ui0),
                                      lines=2, elem_id="question")
                with gr.Row():
                    ask_button = gr.Button(t("ask", ui0), variant="primary", elem_id="ask")
                    clear_button = gr.Button(t("clear", ui0), elem_id="clear")
                examples = gr.Dropdown(EXAMPLES[ui0], value=None, label=t("examples_label", ui0), elem_id="examples")
                with gr.Accordion(t("filters_heading", ui0), open=False, elem_id="filters") as filters_box:
                    kinds = gr.CheckboxGroup(kinds0, label=t("filter_kind", ui0), elem_id="filter-kind")
                    issuers = gr.CheckboxGroup(issuers0, label=t("filter_issuer", ui0), elem_id="filter-issuer")
                    languages = gr.CheckboxGroup(languages0, label=t("filter_language", ui0), elem_id="filter-language")
                    superseded = gr.Checkbox(False, label=t("filter_superseded", ui0), elem_id="filter-superseded")
                answer_title = gr.Markdown(f"### {t('answer_heading', ui0)}")
                answer_box = gr.HTML("", elem_id="answer")
                feedback_title = gr.Markdown(f"**{t('feedback_heading', ui0)}**")
                with gr.Row():
                    good = gr.Button(t("helpful", ui0), size="sm", elem_id="helpful")
                    bad = gr.Button(t("not_helpful", ui0), size="sm", elem_id="not-helpful")
                comment = gr.Textbox(label=t("comment_label", ui0), placeholder=t("comment_placeholder", ui0),
                                     max_length=2000, elem_id="comment")
                feedback_status = gr.Markdown("", elem_id="feedback-status")
            with gr.Column(scale=2):
                sources_title = gr.Markdown(f"### {t('sources_heading', ui0)}")
                sources_box = gr.HTML(sources_html(None, ui0), elem_id="sources")

        inputs = [question, ui_lang, kinds, issuers, languages, superseded]
        outputs = [answer_box, sources_box, answer_state]
        ask_button.click(ask, inputs, outputs, api_name="ask")
        question.submit(ask, inputs, outputs, api_name=False)
        examples.select(lambda choice: choice, examples, question, api_name=False)
        clear_button.click(lambda ui: ("", "", sources_html(None, ui), None, ""), ui_lang,
                           [question, answer_box, sources_box, answer_state, feedback_status], api_name=False)
        good.click(lambda c, a, ui: feedback(True, c, a, ui), [comment, answer_state, ui_lang], feedback_status,
                   api_name="feedback_helpful")
        bad.click(lambda c, a, ui: feedback(False, c, a, ui), [comment, answer_state, ui_lang], feedback_status,
                  api_name="feedback_not_helpful")
        ui_lang.change(relabel, [ui_lang, answer_state], [
            title, warning, question, ask_button, clear_button, examples, filters_box, kinds, issuers, languages,
            superseded, answer_title, sources_title, answer_box, sources_box, feedback_title, good, bad, comment],
            api_name=False)
        hidden_q, hidden_lang = gr.Textbox(visible=False), gr.Textbox("ru", visible=False)
        gr.Button(visible=False).click(answer_json, [hidden_q, hidden_lang], gr.JSON(visible=False),
                                       api_name="answer_json")

        def from_query(request: gr.Request):
            wanted = request.query_params.get("lang", "ru") if request else "ru"
            return wanted if wanted in LANGUAGES else "ru"

        page.load(from_query, None, ui_lang, api_name=False)
    return page
