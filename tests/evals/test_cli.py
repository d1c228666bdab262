"""`guideline-assist eval` refuses a gold set it cannot run before indexing or answering anything."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from guideline_assist.cli.main import main

GOOD_ITEM = """- id: ru-dose-001
  language: ru
  kind: dose
  question: "Доза?"
  documents: [tj-moh-hypertension-2022]
  pages: [2]
  answer: "5 мг"
  key_facts: ["5 мг"]
  evidence: "5 мг"
"""


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("items: [{id: x}]\n", "en", "expected a non-empty list of items"),
        (
            GOOD_ITEM.replace("  kind: dose\n", ""),
            "ru",
            "эталонный набор нельзя использовать (ru-dose-001: kind: Field required)",
        ),
        (
            GOOD_ITEM.replace("pages: [2]", "pages: [два]"),
            "tg",
            "маҷмӯи намунавӣ истифода намешавад (ru-dose-001: pages.0:",
        ),
        (
            GOOD_ITEM.replace("language: ru", "language: de"),
            "en",
            "ru-dose-001: language: Input should be 'ru', 'tg' or 'en'",
        ),
        (GOOD_ITEM + GOOD_ITEM, "en", "repeated ids: ['ru-dose-001']"),
        ("- id: [unclosed\n", "en", "not valid YAML"),
    ],
)
def test_a_gold_set_that_cannot_run_is_refused_with_the_item_and_field_named(tmp_path, text, lang, expected):
    gold = tmp_path / "gold.yaml"
    gold.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "--lang",
            lang,
            "--data-dir",
            str(tmp_path / "data"),
            "eval",
            "--gold",
            str(gold),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 2, result.output
    assert expected in result.output and str(gold) in result.output
    assert not (tmp_path / "data" / "eval-index").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "lang,expected", [("ru", "файл не найден"), ("tg", "файл ёфт нашуд"), ("en", "file not found")]
)
def test_the_real_set_without_its_pdfs_says_which_file_is_missing_and_indexes_nothing(tmp_path, lang, expected):
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()  # the folder exists, the published PDFs are not in it
    args = ["--lang", lang, "--data-dir", str(tmp_path / "data"), "eval", "--real", "--pdfs", str(pdfs)]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert expected in result.output and str(pdfs) in result.output
    assert not (tmp_path / "data" / "eval-real" / "index").exists() and not (tmp_path / "out").exists()
