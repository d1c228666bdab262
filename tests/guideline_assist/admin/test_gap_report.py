"""What the ministry reads: use per document, the CSV and the one-page report, built from a real store, the
bundled manifest, the real embedder and matplotlib."""

from __future__ import annotations

import csv
import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from guideline_assist.admin.feedback import FeedbackStore
from guideline_assist.admin.gap_picture import gaps_picture
from guideline_assist.admin.gap_report import report_html, write_gaps_csv
from guideline_assist.admin.outcomes import OutcomeStore
from guideline_assist.core.i18n import text as t
from guideline_assist.core.manifest import Manifest, load_manifest
from guideline_assist.core.settings import Settings
from guideline_assist.text.glossary import Glossary
from tests.guideline_assist.admin.conftest import GAP_TOPICS, answered, not_found

HT = "tj-moh-hypertension-2022"
BRUCELLOSIS = "tj-moh-brucellosis-2018"
START = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def embed():
    from guideline_assist.store.embedders import build_embedder

    return build_embedder(Settings()).get_query_embedding


@pytest.fixture
def manifest() -> Manifest:
    """The bundled manifest, the brucellosis protocol given a review date that has passed."""
    loaded = load_manifest(Settings().manifest_path)
    documents = [
        d.model_copy(update={"review_by": dt.date(2023, 12, 31)}) if d.id == BRUCELLOSIS else d
        for d in loaded.documents
    ]
    return Manifest(loaded.path, documents)


@pytest.fixture
def stores(tmp_path):
    db = tmp_path / "feedback.sqlite3"
    outcomes, feedback = OutcomeStore(db), FeedbackStore(db)
    for n in range(3):
        question = f"С какой дозы амлодипина начинают, вариант {n}?"
        outcomes.record(answered(question, HT), at=START + dt.timedelta(days=n))
    for day, question in enumerate([*GAP_TOPICS["rabies"], *GAP_TOPICS["scabies"][:2]]):
        language = "tg" if any(c in question for c in "ғӣқӯҳҷ") else "ru"
        outcomes.record(not_found(question, language, closest=BRUCELLOSIS), at=START + dt.timedelta(days=7 + day))
    outcomes.record(not_found('=HYPERLINK("http://x") <script>alert(1)</script> чесотка?', "ru"), at=START)
    cites = [{"number": 1, "doc_id": HT, "edition": "2022", "pages": [4]}]
    feedback.add("С какой дозы амлодипина начинают?", "ru", "5 мг [1]", cites, helpful=True)
    feedback.add("Амлодипин пожилым?", "ru", "5 мг [1]", cites, helpful=False, comment="нет про пожилых")
    return outcomes, feedback


def picture(stores, manifest, embed, language="ru"):
    outcomes, feedback = stores
    similarity = Settings().outcomes.group_similarity
    return gaps_picture(outcomes, feedback, manifest, embed, Glossary.load(), similarity, language)


def test_each_document_shows_its_citations_ratings_review_date_and_unhelpful_questions(stores, manifest, embed):
    usage = {u.doc_id: u for u in picture(stores, manifest, embed).usage}
    assert set(usage) == {d.id for d in manifest.documents}
    ht = usage[HT]
    assert (ht.cited, ht.helpful, ht.not_helpful) == (3, 1, 1) and not ht.never_cited
    assert [(u.question, u.comment) for u in ht.unhelpful] == [("Амлодипин пожилым?", "нет про пожилых")]
    assert usage[BRUCELLOSIS].review_overdue and usage[BRUCELLOSIS].never_cited  # closest to gaps is no citation
    assert not usage[HT].review_overdue
    assert list(usage)[0] == HT  # most cited first


def test_the_csv_lists_every_unanswered_question_with_its_group_for_excel(stores, manifest, embed, tmp_path):
    shown = picture(stores, manifest, embed, "tg")
    path = write_gaps_csv(shown, tmp_path / "gaps.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Cyrillic right
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0][:2] == [t("col_group", "tg"), t("col_gap_status", "tg")]
    assert len(rows) - 1 == 9 == sum(g.size for g in shown.groups)
    assert {r[2] for r in rows[1:]} == {"ru", "tg"} and all(r[1] == t("gap_open", "tg") for r in rows[1:])
    formula = next(r for r in rows[1:] if "HYPERLINK" in r[4])
    assert formula[4].startswith("'=")  # a question is never run as a formula
    rabies = next(r for r in rows[1:] if r[4] == GAP_TOPICS["rabies"][0])
    assert manifest.get(BRUCELLOSIS).title_in("tg") in rabies[5]  # the closest document, by its Tajik title


def test_the_report_is_one_self_contained_page_in_the_readers_language(stores, manifest, embed):
    html = report_html(picture(stores, manifest, embed, "tg"))
    parser = HTMLParser()
    parser.feed(html)
    assert html.count("<svg") == 2 and "<img" not in html and not re.search(r"(src|href)=\"http", html)
    assert t("report_title", "tg") in html and t("chart_top_groups", "tg") in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert GAP_TOPICS["rabies"][0] in html or GAP_TOPICS["rabies"][3] in html
    assert t("review_overdue", "tg", date="2023-12-31") in html
    assert "10" in html and "2026-10-05" in html  # the period covered


def test_an_empty_store_still_makes_a_report_saying_so(tmp_path, manifest, embed):
    db = tmp_path / "f.sqlite3"
    html = report_html(picture((OutcomeStore(db), FeedbackStore(db)), manifest, embed, "ru"))
    assert t("gaps_none", "ru") in html and t("chart_empty", "ru") in html
