"""The web app. For now a minimal page (ask, search the indexed guidelines, see the corpus); the clinicians'
chat with streaming, filters and language switch, and the ministry admin come with the UI issue.

The app indexes the bundled corpus at start-up (incremental: seconds when nothing changed) and then holds
the embedded index for as long as it runs.
"""

from __future__ import annotations

import gradio as gr

from guideline_assist.assistant import Assistant
from guideline_assist.service import GuidelineIndex
from guideline_assist.settings import Settings


def answer_markdown(answer) -> str:
    """An Answer as Markdown: checked sentences with [n], notices, then the cited sources."""
    from guideline_assist.phrases import source_label

    lines = [s.render() for s in answer.sentences]
    lines += [f"> {notice}" for notice in answer.notices]
    if not answer.abstained:
        lines.append("")
        lines += [f"- {source_label(s, answer.language)}" for s in answer.cited_sources]
    return "\n\n".join(lines)


def build_app(index: GuidelineIndex, settings: Settings | None = None) -> gr.Blocks:
    assistant = Assistant(index, settings or index.settings)

    def ask(question: str) -> str:
        if not question.strip():
            return "Введите вопрос · Саволро ворид кунед"
        return answer_markdown(assistant.ask(question))

    def run_search(query: str) -> str:
        if not query.strip():
            return "Введите вопрос · Саволро ворид кунед"
        hits = index.search(query, k=5)
        if not hits:
            return "Ничего не найдено · Чизе ёфт нашуд"
        parts = []
        for n, hit in enumerate(hits, 1):
            pages = ", ".join(map(str, hit.pages))
            parts.append(f"**[{n}] {hit.title}** — {hit.edition}, с. {pages} · {hit.section}\n\n{hit.text}")
        return "\n\n---\n\n".join(parts)

    def corpus_rows() -> list[list[str]]:
        return [[r.doc_id, r.language, r.edition, r.status, str(r.chunks), r.indexed_at, "; ".join(r.problems)]
                for r in sorted(index.store.records().values(), key=lambda r: r.doc_id)]

    with gr.Blocks(title="guideline-assist") as app:
        gr.Markdown("## guideline-assist\nПоиск по клиническим руководствам · Ҷустуҷӯ дар дастурҳои клиникӣ")
        query = gr.Textbox(label="Вопрос · Савол", elem_id="query")
        with gr.Row():
            ask_button = gr.Button("Ответить · Ҷавоб диҳед", elem_id="ask", variant="primary")
            button = gr.Button("Искать · Ҷустуҷӯ", elem_id="search")
        gr.Markdown("Поддержка решений, не замена клинического суждения · Дастгирии қарор, на ивази хулосаи клиникӣ")
        results = gr.Markdown(elem_id="results")
        ask_button.click(ask, query, results, api_name="ask")
        query.submit(ask, query, results)
        button.click(run_search, query, results, api_name="run_search")
        with gr.Accordion("Корпус · Маҷмӯа", open=False):
            gr.Dataframe(corpus_rows, headers=["id", "lang", "edition", "status", "chunks", "indexed", "problems"])
    return app


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    from indexing.progress import TerminalProgress
    from indexing.summary import render_summary

    index = GuidelineIndex(settings)
    report = index.index(progress=TerminalProgress())
    print(render_summary(report, settings.language))
    try:
        build_app(index).launch(server_name=host, server_port=port, show_error=True)
    finally:
        index.close()
