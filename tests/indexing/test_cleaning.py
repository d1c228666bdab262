from __future__ import annotations

from indexing.cleaning import clean_pages, find_boilerplate, normalise_chars
from indexing.pdf import RawPage, read_pages
from tests.conftest import fixture_text, render_pdf


def raw(*texts: str) -> list[RawPage]:
    return [RawPage(n + 1, t, False, False) for n, t in enumerate(texts)]


def test_running_headers_footers_and_page_numbers_are_removed(tmp_path):
    path = render_pdf(tmp_path / "ht.pdf", fixture_text("hypertension_ru.md"), title="Тестовый протокол АГ")
    pages = clean_pages(read_pages(path), title="Тестовый протокол АГ")
    for page in pages:
        assert "Демонстрационный фрагмент" not in page.text
        assert "Страница" not in page.text
    assert "Тестовый протокол АГ" in pages[0].text  # the title block on page 1 is content
    for page in pages[1:]:
        assert not page.text.startswith("Тестовый протокол")  # the running header
    assert pages[1].text.startswith("1. Общие положения") and pages[2].text.startswith("3. Наблюдение")


def test_boilerplate_needs_repetition():
    pages = [
        ["Протокол АГ · 2022", "текст раз", "Страница 1 из 3"],
        ["Протокол АГ · 2022", "другой текст", "Страница 2 из 3"],
        ["Протокол АГ · 2022", "третий", "Страница 3 из 3"],
    ]
    assert find_boilerplate(pages) == {"протокол аг · #", "страница # из #"}
    assert find_boilerplate([["Единственная страница", "текст"]]) == set()


def test_hyphenation_at_line_end_is_joined_but_real_hyphens_stay():
    page = clean_pages(raw("Лечение артериаль-\nной гипертензии\nанти-\nВИЧ терапия"))[0]
    assert "артериальной гипертензии" in page.text
    assert "анти-\nВИЧ" in page.text


def test_ligatures_and_invisible_characters():
    assert normalise_chars("ﬁnal ﬂow\u00adsheet\u00a0100\u200bмг") == "final flowsheet 100мг"
    assert normalise_chars("№ 5 ½") == "№ 5 ½"  # no NFKC: clinical symbols keep their meaning


def test_table_rows_keep_their_separators():
    page = clean_pages(raw("Шаг | Препарат | Доза\n1 | Амлодипин | 5 мг"))[0]
    assert page.text.splitlines() == ["Шаг | Препарат | Доза", "1 | Амлодипин | 5 мг"]
