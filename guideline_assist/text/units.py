"""Text cut into the units the answering layer reasons about: passage statements (sentences with the grade
printed after them, list items, table rows with their headers), recommendation grades and content-word stems.
Shared by the extractive selector, the verifier and the evidence score, so that all three see a passage the same
way; sentences and words come from segment.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from guideline_assist.text.quantities import WRITTEN_UNIT
from guideline_assist.text.segment import LIST_NUMBER, sentences, stopwords, words
from guideline_assist.text.terms import fold

TABLE_ROW = " | "
HEADER_CELL = 64  # characters: a column title is a label, not a sentence
# Where one item of a list run into a sentence ends and the next begins: "...; 17) измерение внутриглазного
# давления (для граждан в возрасте 39 лет и старше); 18) прием ...". Each item is a statement of its own: glued,
# the order's examinations read as one 500-character statement that matched every question about any of them,
# and one item's age or dose stood beside another item's name.
_ITEM_BOUNDARY = re.compile(r";\s+(?=(?:\d{1,3}|[а-яёa-z])\)\s+\S)")
SHORT_LIST_ITEMS, SHORT_LIST_ITEM_CHARS, SHORT_LIST_CHARS = 6, 200, 480
_DOSE = re.compile(r"\d\s*(?:мг|мкг|mg|mcg|µg|г|g|ЕД|МЕ|IU|мл|ml)\b", re.IGNORECASE)
_ITEM_MARKER = re.compile(r"^(?:\d{1,3}|[а-яёa-z])\)\s+")
# The grade printed after a recommendation, whole: "Уровень убедительности рекомендаций A (уровень достоверности
# доказательств – 1)", "ЕОК IIаС (УДД 5 УУР С)", "Strong recommendation, moderate-certainty evidence". It has no
# full stop, so the sentence splitter glued it to the next recommendation, which then showed another's grade.
# One pattern for a statement that starts with a grade (match), is one (fullmatch) or has some (finditer): the
# look-behind keeps a grade from starting inside a word, and is always true at the start of a text.
GRADE = re.compile(
    r"(?<!\w)(?:(?:ЕОК\s+[\w ]{1,12}?\s*)?\(\s*(?:УДД|УУР)\b[^()]{0,40}\)"
    r"|(?:УДД|УУР)\s*[–:-]?\s*\w\s*[,;]?\s*(?:УДД|УУР)\s*[–:-]?\s*\w\b"
    r"|Уровень\s+(?:убедительности|достоверности)\s+(?:рекомендаци\w*|доказательств)\s+[ABCАВС]\b[^()]{0,10}\([^()]{0,80}\)"
    r"|(?:Strong|Conditional|Weak)\s+recommendation,\s+[\w\s-]{0,40}?certainty\s+evidence)\.?",
    re.IGNORECASE,
)


@lru_cache(maxsize=4)
def _stemmer(language: str):
    import snowballstemmer

    return snowballstemmer.stemmer({"ru": "russian", "en": "english"}.get(language, "russian"))


# Auxiliaries and question words of Tajik questions that nltk's Tajik list lacks ("... чанд маротиба гузаронида
# мешавад?"): counted as content, they weighed as much as the medical words and no guideline "contains" them.
# Russian-keyboard spellings too ("хаст" for "ҳаст").
TAJIK_FUNCTION_WORDS = frozenset(
    "мешавад мешаванд мекунанд мекунад кунанд кунад бошад бошанд дорад доранд кай лозим мумкин ҳаст хаст нест "
    "шавад шаванд кардан кунем мекунем мешавем ҳастанд хастанд буд будааст гӯед гуед бигӯед бигуед метавонад "
    "мебошад мебошанд гардад мегардад чиро чӣ чи тавр баъди баъд пеш пас".split()
)
# Tajik verb forms, which no Russian or English guideline contains and a Tajik one words its own way: finite
# forms with ме-/наме- and a personal ending ("медиҳанд", "мегиранд"), infinitives ("гирифтан", "додан") and
# the perfect with "аст" ("гузаронидааст", "омадааст"). Counted as content, they held a Tajik question's word
# coverage down by their number, however well its nouns were found.
TAJIK_VERB = re.compile(
    r"(?:наме|ме)[^\W\d_]{2,}(?:ам|ӣ|и|ад|ем|ед|анд)|[^\W\d_]{2,}(?:идан|адан|удан|тан|дан)и?|[^\W\d_]{3,}[дт]аасти?"
)
NOT_TAJIK_VERBS = frozenset({"бадан", "ватан", "гардан", "гардани", "бадани"})  # body, homeland, neck


# The same for Russian questions as clinicians type them ("Сколько по времени капать ...", "кому делать?",
# "с какого возраста"): nltk's list has "как" but not "какого", and no "сколько", "когда", "нужно".
RUSSIAN_QUESTION_WORDS = frozenset(
    "сколько скольких какой какая какое какие какого каких каким какими какому какую каков какова каковы "
    "когда кому кого чего чему зачем почему где куда откуда нужно надо можно нельзя следует стоит делать "
    "сделать пора уже ещё еще вообще обычно положено назад время времени раз разве ли же".split()
)


def content_stems(text: str, language: str) -> set[str]:
    """Stems of the content words (stopwords and numbers left out). Russian and English use Snowball;
    no Tajik stemmer ships, so a Tajik word's first five letters stand in for its stem."""
    # English passages have always kept their stopwords here (only the Russian and Tajik lists were read);
    # dropping them would move every English evidence score, so that is a change of its own.
    stop = stopwords()[language] if language in ("ru", "tg") else frozenset()
    if language == "tg":
        stop = stop | TAJIK_FUNCTION_WORDS
    elif language == "ru":
        stop = stop | RUSSIAN_QUESTION_WORDS
    found = {w for w in words(text.lower()) if len(w) > 2 and not w.isdigit() and w not in stop}
    if language == "tg":
        found = {w for w in found if w in NOT_TAJIK_VERBS or not TAJIK_VERB.fullmatch(w)}
    return {_stem(w, language) for w in found}


def full_stem(word: str, language: str) -> str:
    """A Russian or English word's whole Snowball stem (content_stems keeps six letters of it, which is enough to
    compare texts but lets "внутриглазное" and "внутривенно" meet as "внутри")."""
    return fold(_stemmer(language).stemWord(word.lower()))


@lru_cache(maxsize=500_000)
def _stem(word: str, language: str) -> str:
    # Cached: a corpus repeats its words, and Snowball in pure Python is the cost of the vocabulary build.
    if language in ("ru", "en"):
        return fold(_stemmer(language).stemWord(word))[:6]
    return fold(word)[:5]


def statements(text: str, section: str = "") -> list[str]:
    """Sentences, list items and table rows (with headers) of one passage; its heading is left out.
    A row reads "Масса тела 55–70 кг; HRZE, интенсивная фаза: 4"."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    heading = section.split(" › ")[-1].strip() if section else ""
    out: list[str] = []
    header: list[str] | None = None
    width = 0  # cells per row of the table being read; 0 outside a table
    for line in lines:
        if heading and line == heading:
            continue
        if TABLE_ROW in line:
            cells = [c.strip() for c in line.split("|")]
            if len(cells) != width:  # a new table, or one of another shape
                width = len(cells)
                header = cells if is_header(cells) else None
                if header is not None:
                    continue
            elif cells == header:
                continue  # the header repeated where the table goes on over a page break
            row = _row(cells, header)
            if row:
                out.append(row)
            continue
        header, width = None, 0
        line = re.sub(r"^[•\-*]\s*", "", line)
        items = (LIST_NUMBER.sub("", s) for s in sentences(line))  # "2. Вводят ..." is the item "Вводят ..."
        out.extend(
            s for s in (_ITEM_MARKER.sub("", i) for s in items for i in _list_items(s)) if len(s) > 12 or is_grade(s)
        )
    return _with_short_lists(_with_grades(out))


_LOOKALIKES = str.maketrans("АВСЕКМНОРТХавсекмнорух–—−", "ABCEKMHOPTXabcekmhopyx---")


def grades(text: str) -> list[str]:
    """The recommendation grades written in the text, folded for comparison (case, spacing, dashes, and Latin
    and Cyrillic letters that look alike: a grade "C" is typed either way)."""
    return [" ".join(m.group(0).rstrip(".").translate(_LOOKALIKES).lower().split()) for m in GRADE.finditer(text)]


def is_grade(text: str) -> bool:
    """Whether the text is a recommendation's grade and nothing more."""
    return GRADE.fullmatch(text.strip()) is not None


def _with_grades(found: list[str]) -> list[str]:
    """The statements, each recommendation with the grade printed after it: quoted alone, a recommendation lost
    its strength ("какой уровень рекомендации?" got the recommendation, and the grade was a statement of its own
    that shared no word with the question). A grade glued to the next statement is cut from it."""
    out: list[str] = []
    for statement in found:
        grade = GRADE.match(statement)
        if grade is None:
            out.append(statement)
            continue
        if out:
            out[-1] = f"{out[-1]} {grade.group(0).strip()}"
        else:
            out.append(grade.group(0).strip())
        rest = statement[grade.end() :].strip()
        if len(rest) > 12:
            out.append(rest)
    return out


def _with_short_lists(found: list[str]) -> list[str]:
    """The statements, a lead-in ending in a colon that a short list without doses follows read with its items
    (which stay statements too): "WHO recommends ... from any of the following three classes ...:" says nothing
    alone, and its items ("thiazide and thiazide-like agents") do not say what they are. With a dose in an item
    the lead-in stays alone (a dose must stand beside its own medicine)."""
    out: list[str] = []
    for at, lead in enumerate(found):
        out.append(lead)
        if not lead.endswith(":"):
            continue
        items: list[str] = []
        for item in found[at + 1 : at + 1 + SHORT_LIST_ITEMS]:
            if item.endswith(":") or len(item) > SHORT_LIST_ITEM_CHARS or _DOSE.search(item):
                break
            items.append(item.rstrip(";,"))
            if item.endswith("."):
                break
        if len(items) >= 2 and sum(map(len, items)) <= SHORT_LIST_CHARS:
            out[-1] = f"{lead} {'; '.join(items)}"
    return out


def _list_items(sentence: str) -> list[str]:
    """A sentence cut at its "; 2) " list items, each without the semicolon that closed it."""
    cuts = [m.start() for m in _ITEM_BOUNDARY.finditer(sentence)]
    if not cuts:
        return [sentence]
    bounds = [0, *cuts, len(sentence)]
    return [sentence[a:b].lstrip("; ").strip() for a, b in zip(bounds, bounds[1:], strict=False)]


def is_header(cells: list[str]) -> bool:
    """The first row of a table is its header only if it reads like column titles: every column after the
    first titled, each title a short capitalised label without a number. A first row that is data (a
    medicine and its doses) must never be taken for titles: its doses would be written into every row.
    """
    titles = [c for c in cells if c]
    return (
        all(cells[1:])
        and not any(ch.isdigit() for cell in cells[1:] for ch in cell)
        and all(len(c) <= HEADER_CELL and sum(ch.isalpha() for ch in c) >= 2 and c[0].isupper() for c in titles)
    )


def _row(cells: list[str], header: list[str] | None) -> str:
    """One row as a statement: its first cell, then each filled cell under its column title, if any.
    Without titles, a number split from its unit ("≥ 90" | "mmHg on two occasions": justified prose read as
    columns) is joined again; other cells stay apart, since "аз 2 то 12 моҳа" | "аз 4 то 10 кг" are two."""
    if header is not None:
        parts = [cells[0]] if cells[0] else []
        parts += [f"{title}: {cell}" for title, cell in zip(header[1:], cells[1:]) if cell]
        return "; ".join(parts)
    out = ""
    for cell in (c for c in cells if c):
        runs_on = out[-1:].isdigit() and WRITTEN_UNIT.match(cell) is not None
        out = f"{out} {cell}" if runs_on else f"{out}; {cell}" if out else cell
    return out
