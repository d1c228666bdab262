"""Remove personal data from free text before it is stored for the ministry (unanswered questions, feedback).

Names of people, phone numbers, ID/document numbers, e-mail addresses and full dates are replaced by REMOVED;
clinical content (doses with units, ages, blood pressure, years, ICD codes, eponyms) is left as typed:

    cleaned = scrub("Пациент Рахимов Алишер, 45 лет, тел. +992 93 123 45 67, доза амлодипина?")
    cleaned.text     # 'Пациент […], 45 лет, тел. […], доза амлодипина?'
    cleaned.kinds    # ('name', 'phone')
    cleaned.changed  # True

Regular expressions only, so a miss is possible (a name with no introducer, patronymic, initials or -зода
shape stays); the rules lean towards keeping clinical text intact. Every pattern is linear: each repetition
is bounded or unambiguous, so hostile input cannot make it backtrack catastrophically.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

REMOVED = "[…]"


@dataclass(frozen=True)
class Scrubbed:
    text: str
    kinds: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


_UP = "A-ZА-ЯЁҒӢҚӮҲҶ"
_LO = "a-zа-яёғӣқӯҳҷ"
# Capitalized-lowercase shape only: all-capital abbreviations (АД, ВИЧ, ХОБЛ, HIV) and mixed ones (HbA1c) are
# never a name, and the closing (?!\w) stops "Hb" of "HbA1c" from passing as a word.
_CAP = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?(?!\w)"
_SP = r"[ \t]+"  # a name never spans a line break: the next line is another sentence
# Words after which capitalized words are a person. Tajik "бемор/беморе" but not "беморӣ/бемории" (disease);
# "номи" but not "ба номи" (named after: hospitals); "по имени" but not bare "имени" (институт имени Павлова).
_INTRO = (
    r"(?:(?i:пациент(?:ка|ки|ке|ку|кой|а|у|ом|е|ы)?|больн(?:ой|ая|ого|ому|ую|ым)|реб[её]н(?:ок|ка|ку|ком)"
    r"|мальчик\w{0,2}|девочк\w{1,2}|ф\.?[ \t]?и\.?[ \t]?о\.?|по имени|зовут|фамили[яиюе]|имя"
    r"|бемор(?:е|ро)?|кӯдак(?:е|ро)?|номаш|(?<!ба )номи|насаб(?:аш)?|patient|named|name is)|Mrs?\.?|Ms\.?|Dr\.?)"
)
_NOT_INTRO = rf"(?!{_INTRO}(?!\w))"
# Surname shapes that make a single initial enough ("Rahimov A."); without them "Гепатит В." is a disease.
# Витамин and Протеин have the -ин shape, and "Витамин D." looks like "Иванов И.": they are never a person.
_SURNAME = (
    rf"(?!(?:Витамин|Vitamin|Протеин|Protein)(?!\w))[{_UP}][{_LO}]*(?:(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|ом|е|ых)?"
    rf"|(?:ск|цк)(?:ий|ая|ого|ой|ому|ую)|зода|заде|ян|енко|ov|ev|ova|eva|in|ina|zoda|zade|sky|ski|skaya)(?!\w)"
)
_INITIAL = rf"[{_UP}]\."
# -ич, -ович, -овна, -ична in any case; "Первичной" is left out (ичн + ой), a title-case adjective, not a name.
_PATRONYMIC = (
    rf"[{_UP}][{_LO}]*(?:ич(?:а|у|ем|е)?|(?:овн|евн)(?:а|ы|е|у|ой|ою)|ичн(?:а|ы|е|у)|ovich|evich|ovna|evna)(?!\w)"
)

# Every look-behind counts "]" (the end of REMOVED) as part of a word: what was glued to a removed item in
# the input stays glued to REMOVED, so a second scrub sees the same boundaries as the first.
# "Иван Иванович Иванов": a surname may also follow the patronymic.
_NAME_PATRONYMIC = re.compile(rf"(?<![\w\]])(?:{_NOT_INTRO}{_CAP}{_SP}){{1,2}}{_PATRONYMIC}(?:{_SP}{_SURNAME})?")
# Initials before a name win over a word before them: "Консультация И.И. Иванова" keeps "Консультация";
# "И.О." of "Ф.И.О." (after a dot) is no pair of initials.
_NAME_INITIALS = re.compile(
    rf"(?<![\w.\]])(?:{_CAP}{_SP}{_INITIAL}[ \t]?{_INITIAL}(?![ \t]?{_CAP})|{_SURNAME}{_SP}{_INITIAL}"
    rf"|{_INITIAL}[ \t]?{_INITIAL}[ \t]?{_CAP})"
)
_NAME_INTRODUCED = re.compile(
    rf"(?P<keep>(?<![\w\]]){_INTRO}(?!\w)[ \t]*(?:[:,–—-][ \t]*)?){_CAP}(?:{_SP}{_CAP}){{0,2}}"
)
_NAME_ZODA = re.compile(
    rf"(?<![\w\]])(?:{_NOT_INTRO}{_CAP}{_SP})?[{_UP}][{_LO}]*(?:зода|зод|заде|zoda|zade)(?:ро)?(?!\w)"
    rf"(?:{_SP}{_NOT_INTRO}{_CAP})?"
)

# Bounded local part and labels: a 20,000-character word without "@" is given up after 64 characters.
_EMAIL = re.compile(r"(?<![\w.+\]-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
_DATE = re.compile(r"(?<![\d.\]])(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1\d{4}(?!\d)")
# "N" is case-sensitive and "No" needs its dot, so English "no 2024 update" is not a document number.
_ID_NUMBER = re.compile(
    r"(?P<keep>(?:№|(?<![\w\]])N(?:o\.|º|°)?|(?<![\w\]])(?i:номер\w{0,2}|рақам\w{0,3}|паспорт\w{0,2}|шиноснома\w{0,2}"
    r"|полис\w{0,2}|passport|policy|number|id))[ \t]*:?[ \t]*(?:№[ \t]*)?)\d+(?:[/-]\d+)*"
)
_PASSPORT = re.compile(rf"(?<![\w\]])[{_UP}]{{1,2}}[ \t]?\d{{6,9}}(?!\w)")
_SEP = r"[ \u00a0\u202f.\-]"
# A digit group is followed by a separator or "(", never by a digit, so the repetition cannot split a run
# two ways. The look-behinds keep the tail of 160/100, 1:1000000, 0.5 or COVID-19 from starting a phone.
_PHONE = re.compile(
    rf"(?<![\w/+,\]\-])(?<!\d[.:])\+?(?:\(\d{{1,5}}\){_SEP}?)?\d+(?:{_SEP}?\(\d{{1,5}}\){_SEP}?\d+|{_SEP}\d+)*"
)
# Only units that follow a 7+ digit number in medicine (benzathine penicillin 2 400 000 ЕД, viral load copies,
# platelets /мкл, populations). Time units are left out on purpose: "93 123 45 67 5 лет" is still a phone.
# "г." before a capital is a city (г. Душанбе), not grams.
_UNIT = re.compile(
    r"[ \u00a0\u202f]?(?:[%/×$]|(?i:(?:коп|клет|доз|насел|жител|человек|нафар|аҳолӣ|тыс|млн|млрд)\w*"
    rf"|(?:мк?г|нг|кг|мл|л|ед|ме|iu|u|units?|mc?g|ng|[µμ]g|kg|ml|l|m?mol|мк?моль|моль|copies|cells|doses?"
    rf"|million|billion|thousand|сомони|руб|долл|usd|г(?!\.[ \t]*[{_UP}]))(?![^\W\d_])))"
)
_YEARS = re.compile(r"(?:19|20)\d\d-(?:19|20)\d\d")  # 2020-2024: guideline editions
_ROUND = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})*[ \u00a0\u202f.]000")  # 10 000 000: a count, not a phone
# A number or date right after an order, decree or law is its reference (приказ МЗ РТ № 1058 от 12.03.2019).
_OFFICIAL = ("приказ", "постановлен", "фармон", "қарор", "закон", "order", "decree")
_PASSES = 4
_ADJACENT = re.compile(rf"{re.escape(REMOVED)}(?:[ \t]*{re.escape(REMOVED)})+")


def _official(m: re.Match[str]) -> bool:
    before = m.string[max(0, m.start() - 60) : m.start()].split()[-6:]
    return any(word.lower().startswith(_OFFICIAL) for word in before)


def _date(m: re.Match[str]) -> str | None:
    return None if _official(m) else "birth_date"


def _id_number(m: re.Match[str]) -> str | None:
    digits = sum(ch.isdigit() for ch in m[0])
    return None if digits < 4 or _official(m) else "id_number"


def _passport(m: re.Match[str]) -> str | None:
    return None if _UNIT.match(m.string, m.end()) else "id_number"


def _phone(m: re.Match[str]) -> str | None:
    run = m[0]
    digits = sum(ch.isdigit() for ch in run)
    if digits < 7 or _UNIT.match(m.string, m.end()) or any(p.fullmatch(run) for p in (_YEARS, _ROUND, _DATE)):
        return None  # a date here was kept on purpose by the date rule (an order's date)
    # A bare run of 10+ digits is a record or document number, unless it is a Tajik number with its 992 prefix.
    if run.isdigit() and digits >= 10 and not (digits == 12 and run.startswith("992")):
        return "id_number"
    return "phone"


def _name(m: re.Match[str]) -> str | None:
    return "name"


# Order matters: each rule runs on the previous one's output, so a date or an e-mail is gone before the phone
# rule could read its digits, and names run last, when no digit run can be taken for part of a name.
_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]], ...] = (
    (_EMAIL, lambda m: "email"),
    (_DATE, _date),
    (_ID_NUMBER, _id_number),
    (_PASSPORT, _passport),
    (_PHONE, _phone),
    (_NAME_PATRONYMIC, _name),
    (_NAME_INITIALS, _name),
    (_NAME_INTRODUCED, _name),
    (_NAME_ZODA, _name),
)


def scrub(text: str) -> Scrubbed:
    """The text with each personal item replaced by REMOVED, and the sorted kinds that were removed."""
    kinds: set[str] = set()

    def replace(m: re.Match[str], decide: Callable[[re.Match[str]], str | None]) -> str:
        kind = decide(m)
        if kind is None:
            return m[0]
        kinds.add(kind)
        # The introducer ("пациент", "№") stays: the reader still sees what kind of thing was removed.
        return (m.groupdict().get("keep") or "") + REMOVED

    # A removal can expose a neighbour that was glued to it (918123456N12345: "N12345" now follows "]"), so
    # the rules run again until nothing changes: real text settles in one or two passes; the cap keeps hostile
    # input (thousands of glued items) linear.
    for _ in range(_PASSES):
        before = text
        for pattern, decide in _RULES:
            text = pattern.sub(partial(replace, decide=decide), text)
        if text == before:
            break
    if kinds:
        # "Саидзода Зарина 918123456" is one removal, not three markers in a row.
        text = _ADJACENT.sub(REMOVED, text)
    return Scrubbed(text, tuple(sorted(kinds)))
