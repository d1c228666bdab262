"""Russian and international medical words as Tajik writes them, mapped back to Russian by rules.

Most Tajik medical vocabulary is borrowed from Russian and only respelled: ц is written тс or с
(операсия, эрадикатсия, ситология), the soft sign is dropped (инсулт, офталмология), adjectives take
-ӣ (гипертрофӣ, клиникӣ) and nouns carry Tajik endings (эхокардиографияро, пиелонефрити, таблеткаҳо).
No glossary can list them all, so a word the glossary does not know is undone here:

    russian_form("эхокардиографияро")   # -> "эхокардиография"
    russian_form("гипертрофӣ")          # -> "гипертрофический"
    russian_form("тавсия")              # -> None: a Tajik word ("recommendation"), not a loan

The result is a Russian word whose Snowball stem is the one the guidelines' own word forms make
(units.content_stems, store/sparse.py), not necessarily a correct dictionary form. A word is taken for
a loan only if, with its Tajik endings removed, it has no Tajik-only letter and shows a Russian letter
(ц щ ы ь) or an international morpheme (-логия, кардио-, -ит ...): a native word stays untouched, which
NATIVE backs up for the Tajik words that happen to end like a loan.
"""

from __future__ import annotations

import re

TAJIK_ONLY = frozenset("ғӣқӯҳҷ")
RUSSIAN_ONLY = frozenset("цщыь")
VOWELS = frozenset("аеёиоуэюя")
LOOKALIKE = str.maketrans({"ғ": "г", "ӣ": "и", "қ": "к", "ӯ": "у", "ҳ": "х", "ҷ": "дж"})
MIN_STEM = 5

# Longest first; "х" forms are the same endings typed on a Russian keyboard.
_PLURAL = ("ҳоямон", "ҳояшон", "ҳоятон", "ҳояш", "ҳоям", "ҳоят", "ҳоро", "ҳоӣ", "ҳои", "ҳо")
PLURAL: tuple[str, ...] = _PLURAL + tuple(s.replace("ҳ", "х").replace("ӣ", "и") for s in _PLURAL)
POSSESSIVE = ("ам", "ат", "аш", "амон", "атон", "ашон")  # only after a vowel: катарактаам, not сулфат
ADJECTIVE = ("вии", "вӣ", "ии", "ӣ", "ви")  # -ии is the adjective with its izafet: клиникии

# Native words that end like a loan (-сия, -оз, -ит, -ома ...) or are short enough to be misread.
NATIVE = frozenset(
    """зуд дар тавсия шароит дароз намоз овоз парвоз пардоз андоз ниёз пиёз сарфароз мумтоз эъзоз барнома
    нома дастурнома пурсишнома маълумотнома шаҳодатнома варақанома аввалин охирин бештарин камтарин
    беҳтарин бадтарин нахустин поин замин чунин ҳамин тарбия ҳадя мусоидат миқдор маротиба дафъа саволнома
    ризоият кифоят шикоят ҳимоят ниҳоят риоят сироят ҳидоят тамос ҳолат натиҷа дастур дору русия""".split()
)
NATIVE_LOOSE = frozenset(w.translate(LOOKALIKE) for w in NATIVE)

# Spelling rules in order, as (pattern, replacement) over the respelled word.
SPELLING: tuple[tuple[str, str], ...] = (
    (r"^зидди", "анти"),  # зиддибактериявӣ: "anti-" is a Tajik prefix with a Russian equivalent
    (r"тс(?=[аеиоуюя])", "ц"),  # эрадикатсия, консентратсия, тситология
    (r"(?<=[аеиоуюя])сия$", "ция"),  # операсия, вентилясия
    (r"(?<=[аеиоуюя])сион", "цион"),  # операсионӣ
    (r"(?<=н)сия$", "ция"),  # функсия, дистансия
    (r"(?<=н)сион", "цион"),
    (r"(?<=[еаун]к)сия$", "ция"),  # инфексия, реаксия, пунксия (гипоксия is in KEEP_KSIA)
    (r"(?<=[еаун]к)сион", "цион"),  # инфексионӣ
    (r"^ваксин", "вакцин"),
    (r"^с(?=ито|итр|икло|иано|ирроз|истит|иркул|исплат|еф[аоуте]|еребр|ервик|ентр|ипрофл)", "ц"),  # ситология
    (r"(?<=о)сит", "цит"),  # лейкосит, эритросит, тромбосит, лимфосит
    (r"сиклин", "циклин"),  # доксисиклин, тетрасиклин
    (r"силлин", "циллин"),  # амоксисиллин, пенисиллин
    (r"(?<=[ио])мисин", "мицин"),  # азитромисин, гентамисин
    (r"писин", "пицин"),  # рифамписин
    (r"ксасин", "ксацин"),  # сипрофлоксасин
    (r"ресеп", "рецеп"),
    (r"пласент", "плацент"),
    (r"шприс$", "шприц"),
    # The soft sign Tajik drops, where the Russian word has it.
    (r"(пул|инсул|консул|резул|^ул)(?=[стм])", "\\1ь"),  # пулс, инсулт, ултрасадо, пулмонология
    (r"офталм", "офтальм"),
    (r"алфа", "альфа"),
    (r"сулф", "сульф"),
    (r"калси", "кальци"),
    (r"филтр", "фильтр"),
    (r"алвеол", "альвеол"),
    (r"палпа", "пальпа"),
    (r"мулти", "мульти"),
    (r"салмонел", "сальмонел"),
    (r"(алкогол|контрол|профил|панел|модел|скалпел|гел|стерил)$", "\\1ь"),
    (r"ё", "е"),
)
SPELLING_RE = tuple((re.compile(p), r) for p, r in SPELLING)
KEEP_KSIA = ("гипоксия", "асфиксия", "анорексия", "анафилаксия", "атаксия", "кахексия", "дислексия", "апраксия")

LOAN_ENDINGS = (
    "ция", "логия", "лог", "графия", "грамма", "граф", "скопия", "скоп", "метрия", "метр", "терапия",
    "патия", "эктомия", "томия", "стомия", "пластика", "емия", "урия", "алгия", "изм", "изация", "инома",
    "енома", "анома", "лома", "тома", "рома", "мома", "фома", "ксия", "ллин", "мицин", "циклин", "статин",
    "прил", "сартан", "олол", "празол", "дипин", "тиазид", "амид", "оксацин", "флоксацин", "азол", "мазь",
    "ика", "тест", "инг", "зив", "сив", "тив", "лез",
    # Russian words typed into a Tajik question ("листок нетрудоспособности", "перечень").
    "ность", "ност", "ение", "ения", "ание", "ания", "ческий", "ческая", "ческ", "чень", "ьный", "ьная",
)  # fmt: skip
LOAN_PARTS = (
    "кардио", "гастро", "гепат", "нефр", "невр", "нейро", "пневмо", "бронх", "эндо", "гипер", "гипо",
    "микро", "макро", "рентген", "ультра", "электро", "инфек", "вирус", "бактер", "витамин", "хирург",
    "диагно", "прогно", "синдром", "скрин", "монитор", "протокол", "пациент", "вакцин", "таблет", "капсул",
    "ампул", "сироп", "инсулин", "клини", "аналит", "анализ", "холестер", "глюкоз", "гемо", "гемат",
    "лейко", "эритро", "тромб", "лимфо", "онко", "остео", "артр", "дерма", "офтальм", "ретин", "мукопол",
    "фермент", "энзим", "генет", "хромосом", "мутац", "диспанс", "цито", "цикло", "гинек", "акушер",
    "педиатр", "терап", "уролог", "колоноск", "эндоскоп", "маммо", "флюоро", "флюро", "флуоро", "ангио",
    "атеро", "склер", "фибр", "аритм", "тахик", "брадик", "систол", "диастол", "инфаркт", "инсульт",
    "миокард", "перикард", "эпилеп", "аллерг", "астм", "анестез", "анестет", "наркоз", "катаракт",
    "глауком", "хрустал", "линз", "факоэмульс", "витре", "керат", "тонометр", "рефракц", "кортико",
    "стероид", "гормон", "тирео", "тирокс", "лаборатор", "ферритин", "креатин", "билируб", "трансамин",
    "фосфат", "липид", "триглицер", "метабол", "индекс", "процедур", "протез", "имплант", "операц",
    "спирометр", "пульс", "сульф", "кальци", "натри", "калий", "магни", "физио", "психи", "психо",
    "невроз", "депресс", "стресс", "мигрен", "диабет", "гипертон", "гипотон", "гипертенз", "ишеми",
    "сердечн", "вентрикул", "атри", "артери", "вено", "клапан", "аорт", "митрал", "стенок", "стеноз", "шунт", "стент",
    "дефибрил", "кардиостим", "эхо", "допплер", "холтер", "ангина", "пиело", "цист", "уретр", "простат",
    "гинеколог", "маммограф", "папиллом", "онколог", "цервик", "вагин", "колит", "рект", "гастр",
    "дуоден", "панкреат", "холецист", "эзофаг", "пепт", "геликобакт", "хеликобакт", "эрадик", "антиб",
    "антиген", "антител", "иммун", "серолог", "биопс", "гистолог", "морфолог", "патолог", "обструк",
    "дилатац", "рестрикт", "максим", "миним", "оптим", "стандарт", "индивид", "нормал", "фракц", "градиент",
    "дефект", "регургит", "дисфункц", "функц", "септ", "миоэкт", "абляц", "аблац", "имплант", "трансплант",
    "реабилит", "консульт", "госпитал", "амбулатор", "стационар", "эффект", "контрол", "интервал", "период",
)  # fmt: skip
LOAN_END_MIN = {"ит": 6, "оз": 7}
NATIVE_OZ = ("соз", "боз", "воз")  # -соз (maker), -боз, -навоз are Tajik: муайянсоз
# Tajik words written onto a loan (Russian keyboard forms too); what precedes them is the loan.
COMPOUND_TAILS = tuple(
    dict.fromkeys(
        t
        for tail in ("гузор", "гузорӣ", "гузории", "гузаронӣ", "кунӣ", "кунии", "шуда", "шаванда", "пасткунанда")
        for t in (tail, tail.translate(str.maketrans("ӣ", "и")))
    )
)
ABBREVIATION = re.compile(r"[А-ЯЁ]{2,6}")  # Russian capitals only: ҲИВ, ТУТ are Tajik and have their entries


def _strip(word: str) -> tuple[str, bool]:
    """The word without its Tajik endings, and whether it ended as an adjective (-ӣ, -ии, -вӣ)."""
    for _ in range(3):
        cut = next((s for s in PLURAL if word.endswith(s) and len(word) - len(s) >= 4), None)
        if cut is None and word.endswith("ро") and len(word) > 6:
            cut = "ро"
        if cut is None:
            cut = next((s for s in POSSESSIVE if word.endswith(s) and word[-len(s) - 1 : -len(s)] in ("а", "я")), None)
        if cut is None:
            break
        word = word[: -len(cut)]
    for suffix in ADJECTIVE:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            if suffix.startswith("в") and word[-len(suffix) - 1] not in "аоуя":
                continue  # -вӣ follows а, о, у, я (артериявӣ); обструктивӣ is обструктив + ӣ
            return word[: -len(suffix)], True
    if word.endswith("и") and len(word) > MIN_STEM:
        # Izafet (катарактаи, пиелонефрити). Typed without ӣ, the adjective looks the same; read as the
        # noun, whose Snowball stem (гипертроф) the guideline's noun forms share.
        return word[:-1], False
    return word, False


def _respell(stem: str) -> str:
    word = stem.translate(LOOKALIKE)
    if word.endswith(KEEP_KSIA):
        return word
    for pattern, replacement in SPELLING_RE:
        word = pattern.sub(replacement, word)
    return word


def _adjective(stem: str) -> str:
    """The Russian adjective of a borrowed stem: клиник -> клинический, артериал -> артериальный."""
    if stem.endswith("ия"):  # артерияв(ӣ), бактерияв(ӣ)
        return stem[:-1] + "альный"
    if stem.endswith("а"):  # хромосомав(ӣ)
        return stem[:-1] + "ный"
    if stem.endswith("ик"):
        return stem[:-2] + "ический"
    if stem.endswith(("ал", "ял")):
        return stem + "ьный"
    if stem.endswith(("ар", "яр", "ор", "ур", "ив", "ус", "он", "ин", "ен", "ан", "оз", "ез", "из", "ид")):
        return stem + "ный"
    return stem + "ический"


def looks_borrowed(stem: str, typed: str = "") -> bool:
    """A respelled, ending-less word that reads as Russian or international. A Russian-only letter counts
    only as typed: the ц respelled from тс is no evidence (атса, a sneeze, is not "аца")."""
    if len(stem) < MIN_STEM or set(stem) & TAJIK_ONLY or not stem.isalpha():
        return False
    if set(typed or stem) & RUSSIAN_ONLY:
        return True
    if stem.endswith(LOAN_ENDINGS) or any(part in stem for part in LOAN_PARTS):
        return True
    return any(
        stem.endswith(end) and len(stem) >= size and stem[-3] not in VOWELS and not stem.endswith(NATIVE_OZ)
        for end, size in LOAN_END_MIN.items()
    )


def _compound(stem: str) -> str:
    """A loan with a Tajik verb or noun of action after it: стентгузорӣ -> стент, гликатсияшуда -> гликатсия."""
    for tail in COMPOUND_TAILS:
        if stem.endswith(tail) and len(stem) - len(tail) >= MIN_STEM:
            return stem[: -len(tail)]
    return stem


def russian_form(word: str) -> str | None:
    """The Russian word a Tajik-spelled loan stands for, or None for a word that is not a loan. A word in
    capitals (ГКМП, ОНМК, ЖНВЛП) is a Russian abbreviation and stays as it is."""
    if ABBREVIATION.fullmatch(word):
        return word.lower()
    word = word.lower()
    if word in NATIVE or word.translate(LOOKALIKE) in NATIVE_LOOSE:
        return None
    stem, adjective = _strip(word)
    if stem != _compound(stem):
        stem, adjective = _compound(stem), False
    if stem in NATIVE or set(stem) & TAJIK_ONLY:
        return None
    respelled = _respell(stem)
    if respelled.translate(LOOKALIKE) in NATIVE_LOOSE or not looks_borrowed(respelled, stem):
        return None
    if adjective:
        return _adjective(respelled)
    return respelled
