"""`guideline-assist ask`: a cited, checked answer in the terminal (or as JSON for scripts)."""

from __future__ import annotations

import json
import sys

import click

from guideline_assist.core.errors import GuidelineAssistError
from guideline_assist.core.i18n import text
from guideline_assist.core.manifest import KINDS


@click.command()
@click.argument("question")
@click.option(
    "--backend",
    type=click.Choice(["extractive", "local", "openai"]),
    default=None,
    help="How the answer is written (default: GA_ANSWER__BACKEND or extractive).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole Answer as JSON (sources, checks, timings).")
@click.option("-k", "top_k", type=int, default=None, help="How many passages to answer from (default 5).")
@click.option("--kind", multiple=True, help=f"Only these document kinds ({', '.join(KINDS)}).")
@click.option("--issuer", multiple=True, help="Only documents of this issuer (exact name).")
@click.option("--document", multiple=True, help="Only this document id (repeatable).")
@click.option("--include-superseded", is_flag=True, help="Also use superseded editions (marked as such).")
@click.option("--show-passages", is_flag=True, help="Print each cited passage in full.")
@click.pass_obj
def ask(
    ctx,
    question: str,
    backend: str | None,
    as_json: bool,
    top_k: int | None,
    kind: tuple[str, ...],
    issuer: tuple[str, ...],
    document: tuple[str, ...],
    include_superseded: bool,
    show_passages: bool,
) -> None:
    """Answer QUESTION (Russian, Tajik or English) from the indexed guidelines.

    \b
    Every sentence cites its passage as [n], and every number, medicine and route in it has been
    found in that passage; sentences that fail the check are not shown as fact. When the guidelines
    do not answer the question, it says so and lists the closest documents.

    \b
    Examples:
      guideline-assist ask "Какая доза транексамовой кислоты при послеродовом кровотечении?"
      guideline-assist ask "Вояи рӯҳ барои кӯдаки 4-моҳа чанд аст?"
      guideline-assist ask --backend local --json "Доза цинка при диарее"
    """
    from guideline_assist.answering.assistant import Assistant
    from guideline_assist.answering.question import checked_question
    from guideline_assist.answering.retrieve import SearchFilters
    from guideline_assist.service import GuidelineIndex

    settings = ctx.settings
    answer_settings = settings.answer.model_copy(
        update={k: v for k, v in {"backend": backend, "top_k": top_k}.items() if v}
    )
    settings = settings.model_copy(update={"answer": answer_settings})
    filters = SearchFilters(kinds=kind, issuers=issuer, documents=document, include_superseded=include_superseded)
    try:
        # Before the index opens: a question with a broken encoding or of a document's length costs nothing.
        question = checked_question(question, settings.answer.max_question_chars)
        with GuidelineIndex(settings) as index:
            assistant = Assistant(index, settings)
            answer = None
            drafting = False
            for event, value in assistant.stream(question, filters):
                if event == "delta" and not as_json:
                    if not drafting:
                        click.echo(f"… {text('cli_draft', ctx.lang)}:", err=True)
                        drafting = True
                    click.echo(value, nl=False, err=True)
                elif event == "answer":
                    answer = value
    except GuidelineAssistError as exc:
        click.echo(exc.message(ctx.lang if not as_json else "en"), err=True)
        sys.exit(2)
    if drafting:
        click.echo("", err=True)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(render(answer, show_passages))


def render(answer, show_passages: bool = False) -> str:
    from guideline_assist.answering.source_line import source_label

    lang = answer.language
    lines = [f"{text('cli_answer', lang)}:"]
    for sentence in answer.sentences:
        lines.append(f"  {sentence.render()}")
    lines += [f"  ! {notice}" for notice in answer.notices]
    if answer.rejected and not answer.abstained:
        lines.append(f"{text('cli_removed', lang)}:")
        lines += [f"  ✗ {s.render()}  ({'; '.join(s.problems)})" for s in answer.rejected]
    shown = answer.cited_sources if not answer.abstained else []
    if shown:
        lines.append(f"{text('cli_sources', lang)}:")
        for source in shown:
            lines.append(f"  {source_label(source, lang)}")
            if show_passages:
                lines.append("      " + source.passage.text.replace("\n", "\n      "))
    t = answer.timings
    lines.append(
        f"{text('cli_time', lang)}: {t.total_s:.1f} s (retrieval {t.retrieval_s:.2f} s, "
        f"generation {t.generation_s:.1f} s) · {answer.backend} · evidence {answer.evidence:.2f}"
    )
    return "\n".join(lines)
