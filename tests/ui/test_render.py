"""The answer and sources HTML: escaped, highlighted where the answer relies on the passage, clear about
abstentions and rejected sentences, linking the PDF at the cited page."""

from __future__ import annotations

from guideline_assist.answering.answer import Answer, CheckedSentence, Source
from guideline_assist.answering.retrieve import Passage
from guideline_assist.core.i18n import text as t
from ui.render import answer_html, highlight, sources_html

TEXT = (
    "Рекомендация 1. Окситоцин 10 МЕ внутримышечно вводят всем женщинам сразу после рождения ребёнка.\n"
    "Рекомендация 2. Массаж матки проводят каждые 15 минут в течение 2 часов."
)


def source(
    number: int = 1,
    text: str = TEXT,
    status: str = "in_force",
    superseded_by: str | None = None,
    review_by: str | None = None,
) -> Source:
    return Source(
        number,
        Passage(
            doc_id="tj-moh-pph-2020",
            title="Послеродовое кровотечение",
            issuer="MoH",
            kind="protocol",
            language="ru",
            edition="2020",
            published="2020-05-01",
            status=status,
            superseded_by=superseded_by,
            pages=(4, 5),
            section="3. Профилактика",
            text=text,
            score=1.0,
            review_by=review_by,
        ),
    )


def answer(**fields) -> Answer:
    base = dict(
        question="Доза окситоцина?", language="ru", answer_language="ru", backend="extractive", sources=[source()]
    )
    return Answer(**{**base, **fields})


def test_only_the_segment_the_answer_relies_on_is_highlighted():
    html = highlight(TEXT, ["Окситоцин 10 МЕ внутримышечно вводят всем женщинам сразу после рождения ребёнка."], "ru")
    assert "<mark>Окситоцин 10 МЕ внутримышечно" in html
    assert "<mark>Массаж" not in html and "Массаж матки" in html


def test_document_text_is_escaped_everywhere():
    hostile = source(text="Доза <script>alert(1)</script> & 5 мг <b>жирно</b>.")
    html = sources_html(answer(sources=[hostile], sentences=[CheckedSentence("Доза 5 мг.", (1,))]), "ru")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html and "<b>жирно" not in html
    rendered = answer_html(answer(sentences=[CheckedSentence("Доза <img src=x> 5 мг.", (1,))]), "ru")
    assert "<img" not in rendered and "&lt;img" in rendered


def test_a_verified_answer_shows_its_badge_markers_and_the_pdf_link_at_the_first_cited_page():
    checked = answer(sentences=[CheckedSentence("Окситоцин 10 МЕ внутримышечно.", (1,))])
    html = answer_html(checked, "tg")
    assert t("verified_badge", "tg") in html and 'href="#source-1"' in html and "[1]" in html
    panel = sources_html(checked, "tg")
    assert 'href="/pdf/tj-moh-pph-2020#page=4"' in panel and t("open_pdf", "tg", page=4) in panel
    assert "саҳ. 4–5" in panel and t("status_in_force", "tg") in panel and "2020-05-01" in panel


def test_an_abstention_and_rejected_sentences_are_shown_as_such_never_as_fact():
    refused = answer(abstained=True, notices=["В руководствах ответ на этот вопрос не найден."])
    html = answer_html(refused, "ru")
    assert t("abstained_badge", "ru") in html and t("verified_badge", "ru") not in html and "не найден" in html
    partly = answer(
        sentences=[CheckedSentence("Окситоцин 10 МЕ.", (1,))],
        rejected=[CheckedSentence("Окситоцин 50 МЕ.", (1,), ("quantity 50 МЕ",))],
    )
    html = answer_html(partly, "ru")
    assert "<s>Окситоцин 50 МЕ.</s>" in html and t("unverified_heading", "ru") in html
    assert html.index("Окситоцин 10 МЕ") < html.index(t("unverified_heading", "ru"))


def test_a_superseded_source_is_badged_with_its_replacement():
    old = source(status="superseded", superseded_by="tj-moh-pph-2024")
    panel = sources_html(answer(sources=[old], sentences=[CheckedSentence("Окситоцин 10 МЕ.", (1,))]), "ru")
    assert t("status_superseded", "ru") in panel and "tj-moh-pph-2024" in panel and "ga-old" in panel


def test_no_answer_yet_shows_the_localized_empty_state():
    assert t("no_sources", "tg") in sources_html(None, "tg")


def test_a_source_past_its_review_date_says_so_and_one_before_it_does_not():
    overdue = sources_html(answer(sources=[source(review_by="2024-05-01")], abstained=True), "tg")
    assert t("review_overdue", "tg", date="2024-05-01") in overdue and "ga-warn" in overdue
    assert t("status_in_force", "tg") in overdue  # the text still serves: overdue is a prompt, not a status
    current = sources_html(answer(sources=[source(review_by="2099-01-01")], abstained=True), "ru")
    assert "2099-01-01" not in current and "ga-warn" not in current
