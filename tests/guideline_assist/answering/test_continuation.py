"""A passage cut inside a sentence is read on into the next chunk as far as that sentence goes."""

from __future__ import annotations

import pytest

from evals.real_corpus import DEFAULT_PDFS, assemble
from guideline_assist.answering.assistant import Assistant
from guideline_assist.answering.continuation import continued, unfinished
from guideline_assist.core.settings import Settings
from guideline_assist.service import GuidelineIndex
from tests.guideline_assist.answering.test_verify import source

SECTION = "13.1 Первый этап"
CUT = (
    f"{SECTION}\n"
    "Второй этап включает в себя: 1) дуплексное сканирование сонных артерий (при подозрении на перенесённый "
    "инсульт, а также"
)
REST = (
    "для мужчин от 45 лет и женщин старше 55 лет при двух факторах риска); 2) осмотр неврологом "
    "(при жалобах на головокружение)."
)


def passage(text: str = CUT, section: str = SECTION):
    return source(1, text, section=section).passage


def after(text: str = REST, section: str = SECTION, page: int = 9) -> dict:
    return {"text": f"{section}\n{text}", "section": section, "section_path": [section], "page_start": page}


def test_a_list_item_cut_in_two_is_read_on_to_the_end_of_its_sentence():
    whole = continued(passage(), after())
    assert whole.text == f"{CUT} для мужчин от 45 лет и женщин старше 55 лет при двух факторах риска);"
    assert whole.pages == (3, 9)  # the next chunk's page is cited too


def test_a_passage_that_ends_whole_is_left_as_it_is():
    done = passage(f"{SECTION}\nОсмотр проводят ежегодно.")
    assert not unfinished(done) and continued(done, after()) == done


def test_only_prose_of_the_same_section_continues_a_passage():
    cut = passage()
    assert unfinished(cut)
    assert continued(cut, after(section="13.2 Второй этап")) == cut
    assert continued(cut, after("Новый абзац о наблюдении.")) == cut  # a new sentence, not the rest of one
    assert continued(cut, after("амлодипин | 5 мг | 1 раз в сутки")) == cut  # a table row opening in lower case
    assert continued(cut, None) == cut


def test_a_table_row_is_whole_though_it_ends_in_a_word():
    assert not unfinished(passage(f"{SECTION}\nПрепарат | Доза\nАмлодипин | пять миллиграммов"))


@pytest.mark.slow
@pytest.mark.real_corpus
def test_a_real_examination_is_answered_with_whom_it_is_for(tmp_path):
    # Order 36ан's page 8 is read as one long line; the chunk with the duplex scan ends at "... а также", and the
    # ages and risk factors stand in the next chunk (measured: the answer lacked them before this change).
    if not DEFAULT_PDFS.is_dir():
        pytest.skip(f"real guideline PDFs not found in {DEFAULT_PDFS} (shared/ not laid out)")
    corpus = assemble(tmp_path / "corpus", only=("ru-order36an-checkups-2015",))
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    with GuidelineIndex(settings) as index:
        assert not index.index().failed
        answer = Assistant(index, settings).ask(
            "Кого на втором этапе диспансеризации направляют на дуплексное сканирование брахицефальных артерий?"
        )
    assert not answer.abstained
    assert "старше 55 лет" in answer.text and "факторов риска" in answer.text, answer.text
    cited = {page for s in answer.cited_sources for page in s.passage.pages}
    assert 8 in cited
