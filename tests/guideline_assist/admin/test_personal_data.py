"""Personal data is removed from questions and comments; clinical text comes back exactly as typed."""

from __future__ import annotations

import random
import time

import pytest

from guideline_assist.admin.personal_data import REMOVED, Scrubbed, scrub

R = REMOVED

# (text, expected text, expected kinds)
REMOVED_CASES = [
    # names, Russian
    (
        "Пациент Рахимов Алишер, 45 лет, АД 160/100 — какая доза амлодипина?",
        f"Пациент {R}, 45 лет, АД 160/100 — какая доза амлодипина?",
        ("name",),
    ),
    ("Пациентка Иванова Мария Петровна, 62 года, ХОБЛ", f"Пациентка {R}, 62 года, ХОБЛ", ("name",)),
    (
        "Больной Петров, 70 лет, креатинин 180 мкмоль/л — можно ли метформин?",
        f"Больной {R}, 70 лет, креатинин 180 мкмоль/л — можно ли метформин?",
        ("name",),
    ),
    ("Пациенту Рахимову назначен эналаприл 5 мг", f"Пациенту {R} назначен эналаприл 5 мг", ("name",)),
    ("у больного Каримова ХБП 3 стадии", f"у больного {R} ХБП 3 стадии", ("name",)),
    ("пациентка, Зарина, 30 лет", f"пациентка, {R}, 30 лет", ("name",)),
    ("ФИО: Каримова Зарина, беременность 32 недели", f"ФИО: {R}, беременность 32 недели", ("name",)),
    ("Ф.И.О. Саидов Фаррух", f"Ф.И.О. {R}", ("name",)),
    ("Фамилия: Ахмедов", f"Фамилия: {R}", ("name",)),
    (
        "Ребёнок Алишер, 3 года, 15 кг, доза парацетамола?",
        f"Ребёнок {R}, 3 года, 15 кг, доза парацетамола?",
        ("name",),
    ),
    ("Мальчика зовут Фарход, ему 4 месяца", f"Мальчика зовут {R}, ему 4 месяца", ("name",)),
    ("Девочка Мадина, 5 лет, температура 39", f"Девочка {R}, 5 лет, температура 39", ("name",)),
    ("Меня зовут Нигина Каримовна, акушер", f"Меня зовут {R}, акушер", ("name",)),
    ("Иванов Иван Иванович пришёл на приём", f"{R} пришёл на приём", ("name",)),
    ("Ивану Петровичу 70 лет, как снизить дозу?", f"{R} 70 лет, как снизить дозу?", ("name",)),
    ("Ивановой Марии Петровне назначен бисопролол", f"{R} назначен бисопролол", ("name",)),
    ("Иван Иванович Иванов спрашивает", f"{R} спрашивает", ("name",)),
    ("Врач Каримов Алишер Рахимович спрашивает о дозе", f"Врач {R} спрашивает о дозе", ("name",)),
    ("Назначил Иванов И.И. по протоколу", f"Назначил {R} по протоколу", ("name",)),
    ("Иванов И. И. просил уточнить дозу", f"{R} просил уточнить дозу", ("name",)),
    ("Консультация И.И. Иванова", f"Консультация {R}", ("name",)),
    ("Направлен к Ивановой А.", f"Направлен к {R}", ("name",)),
    # names, Tajik
    (
        "Бемор Саидзода Зарина, тел. +992 93 123 45 67, вояи амокситсиллин чанд аст?",
        f"Бемор {R}, тел. {R}, вояи амокситсиллин чанд аст?",
        ("name", "phone"),
    ),
    ("Беморе Раҳимзода 30 сола, фишори хун 150/90", f"Беморе {R} 30 сола, фишори хун 150/90", ("name",)),
    ("Номаш Шарифзода Нигина", f"Номаш {R}", ("name",)),
    ("Кӯдак Манучеҳр, 2 сола, вазн 12 кг", f"Кӯдак {R}, 2 сола, вазн 12 кг", ("name",)),
    ("Насаб: Давлатзода", f"Насаб: {R}", ("name",)),
    ("Зарина Саидзода пурсид, ки вояи метформин чанд аст", f"{R} пурсид, ки вояи метформин чанд аст", ("name",)),
    ("Ба Раҳимзода гӯед", f"{R} гӯед", ("name",)),  # the capitalized word before a -зода name goes too
    # names, English
    (
        "Patient Zarina Saidova, 34, HIV positive, which ART regimen?",
        f"Patient {R}, 34, HIV positive, which ART regimen?",
        ("name",),
    ),
    ("The patient named Ali has malaria", f"The patient named {R} has malaria", ("name",)),
    ("My name is John Smith", f"My name is {R}", ("name",)),
    ("Mr Rahimov asked about the dose", f"Mr {R} asked about the dose", ("name",)),
    ("Mrs. Karimova is 32 weeks pregnant", f"Mrs. {R} is 32 weeks pregnant", ("name",)),
    ("Rahimov A. asked about amlodipine", f"{R} asked about amlodipine", ("name",)),
    ("Seen by Smith J.A. yesterday", f"Seen by {R} yesterday", ("name",)),
    ("Dr Rahimzoda said so", f"Dr {R} said so", ("name",)),
    # phones
    ("Позвоните мне: 93-123-45-67", f"Позвоните мне: {R}", ("phone",)),
    ("тел. (37) 221-45-67, после 18:00", f"тел. {R}, после 18:00", ("phone",)),
    ("тел: 918123456", f"тел: {R}", ("phone",)),
    ("Горячая линия 8 800 555 35 35", f"Горячая линия {R}", ("phone",)),
    ("Call me at 918-123-456", f"Call me at {R}", ("phone",)),
    ("WhatsApp +992931234567", f"WhatsApp {R}", ("phone",)),
    ("Телефон 8 (918) 12-34-56 г. Душанбе", f"Телефон {R} г. Душанбе", ("phone",)),
    ("Рақами телефон 93.123.45.67", f"Рақами телефон {R}", ("phone",)),
    # e-mail
    ("Напишите на ali.rahimov@mail.tj, пожалуйста", f"Напишите на {R}, пожалуйста", ("email",)),
    ("email: z_saidova+work@gmail.com", f"email: {R}", ("email",)),
    ("Ба почтаи doctor.karimov@med.tj нависед", f"Ба почтаи {R} нависед", ("email",)),
    # ID / document / record numbers
    ("История болезни № 12345, диагноз J18.9", f"История болезни № {R}, диагноз J18.9", ("id_number",)),
    ("Карта №12345/24", f"Карта №{R}", ("id_number",)),
    ("номер полиса 1234567890123", f"номер полиса {R}", ("id_number",)),
    ("Паспорт АБ 1234567", f"Паспорт {R}", ("id_number",)),
    ("passport A1234567, seen today", f"passport {R}, seen today", ("id_number",)),
    ("Medical record N 45678", f"Medical record N {R}", ("id_number",)),
    ("Рақами шиноснома 12345678", f"Рақами шиноснома {R}", ("id_number",)),
    ("СНИЛС 12345678901", f"СНИЛС {R}", ("id_number",)),
    # full dates
    ("Дата рождения 12.05.1980", f"Дата рождения {R}", ("birth_date",)),
    ("родился 01/02/1975, диабет 2 типа", f"родился {R}, диабет 2 типа", ("birth_date",)),
    ("Санаи таваллуд 3-11-1990", f"Санаи таваллуд {R}", ("birth_date",)),
    ("Born 31.12.2001", f"Born {R}", ("birth_date",)),
    # several at once; adjacent removals become one marker
    (
        "пациент Иванов, ДР 12.05.1980, тел. +992 93 123 45 67, email ivanov@mail.ru",
        f"пациент {R}, ДР {R}, тел. {R}, email {R}",
        ("birth_date", "email", "name", "phone"),
    ),
    ("Саидзода Зарина 918123456", R, ("name", "phone")),
]

# Must come back exactly as typed.
CLINICAL = [
    "Бензатин бензилпенициллин 2 400 000 ЕД в/м однократно",
    "Бензатин бензилпенициллин 2400000 ЕД",
    "Бензилпенициллин 1 000 000 МЕ каждые 4 часа",
    "Benzathine penicillin 1 200 000 units IM for children",
    "Benzathine penicillin 2.4 million units IM",
    "Нистатин 500 000 ед 4 раза в день",
    "Вирусная нагрузка 1 500 000 копий/мл, CD4 < 200",
    "Вирусная нагрузка 1500000 копий",
    "HIV viral load 1,500,000 copies/mL",
    "Тромбоциты 150 000-450 000/мкл",
    "Население 10 000 000 человек",
    "У 1000000 человек",
    "Охват 9 500 000 аҳолӣ",
    "АД 160/100 мм рт. ст., ЧСС 96 в минуту",
    "Доза 10 мг/кг 2–3 раза в день",
    "Парацетамол 10-15 мг/кг каждые 6 ч",
    "Амоксициллин 500 мг 3 раза в сутки 7 дней",
    "Метформин 500 мг, затем 1000 мг",
    "Инсулин 0,5 ЕД/кг/сут",
    "Сульфат магния 25% 20 мл",
    "HbA1c 7%, глюкоза 12,5 ммоль/л",
    "Пациент HbA1c 7%",
    "Rh-отрицательная, анти-D иммуноглобулин 1500 МЕ",
    "Кислород 5 л/мин, сатурация 88%",
    "Лейкоциты 12×10⁹/л, СОЭ 40 мм/ч",
    "Оксигенотерапия при SpO2 < 92%",
    "Код по МКБ-10 E11.9, также I10 и J18.9",
    "ВИЧ-1 и ВИЧ-2, COVID-19",
    "Дефицит G6PD и витамина B12",
    "CD4 200 клеток/мкл",
    "Пациент HIV positive, CD4 350",
    "Пациент с АД 180/110, ХОБЛ, ВИЧ",
    "пациенту ВИЧ-инфекция, ТБ",
    "Протокол 2024 года заменил издание 2019 года",
    "Клинический протокол 2020-2024",
    "Приказ МЗ РТ № 1058 от 12.03.2019",
    "Согласно приказу №600 от 2019 г.",
    "история болезни №123",
    "12 мая начата терапия",
    "Приём с 8.00 до 16.00",
    "Ребёнку 2 года 6 месяцев, масса 12 кг",
    "Кӯдаки 4-моҳа, вазн 6 кг",
    "Ҳомиладор дар ҳафтаи 32, фишори хун 140/90",
    "Вояи парасетамол барои кӯдак 15 мг/кг",
    "Болезнь Боткина, синдром Иценко-Кушинга, болезнь Крона",
    "Оценка по Апгар 7/8 баллов, проба Манту отрицательная",
    "Болезнь Паркинсона у пациента 70 лет",
    "Бемори Паркинсон ва бемории Боткин",
    "Беморхонаи ба номи Сино",
    "Институт имени Павлова",
    "Паралич Белла: преднизолон 1 мг/кг",
    "Гепатит В. Какая схема?",
    "Витамин D. Нужна ли профилактика?",
    "Лечение Ивановой",  # a surname with no introducer, patronymic or initials: a known miss, but no eponym lost
    "Амлодипин или Эналаприл?",
    "Patients with HIV and TB",
    "The patient has type 2 diabetes",
    "Is there no 2024 update?",
    "Аа Бб Вв Гг Дд",
    "",
]


@pytest.mark.parametrize(("text", "expected", "kinds"), REMOVED_CASES)
def test_personal_data_is_removed(text, expected, kinds):
    result = scrub(text)
    assert result == Scrubbed(expected, kinds)
    assert result.changed


@pytest.mark.parametrize("text", CLINICAL)
def test_clinical_text_comes_back_unchanged(text):
    result = scrub(text)
    assert result.text == text
    assert result.kinds == () and not result.changed


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Пациент Рахимов Алишер, 45 лет, АД 160/100 — какая доза амлодипина?", ["45 лет", "160/100", "амлодипина"]),
        ("Бемор Саидзода Зарина, тел. +992 93 123 45 67, вояи амокситсиллин?", ["Бемор", "тел.", "амокситсиллин"]),
        ("Иванов И.И., 5 лет, 18 кг: бензатин 1 200 000 ЕД?", ["5 лет", "18 кг", "1 200 000 ЕД"]),
        ("Mr Rahimov, 60 years, BP 160/100, amlodipine 5 mg", ["60 years", "160/100", "5 mg"]),
    ],
)
def test_clinical_content_around_a_name_survives(text, kept):
    cleaned = scrub(text).text
    assert REMOVED in cleaned
    for part in kept:
        assert part in cleaned
    for gone in ("Рахимов", "Саидзода", "Зарина", "Иванов", "Rahimov", "45 67"):
        assert gone not in cleaned


@pytest.mark.parametrize("text", [case[0] for case in REMOVED_CASES] + CLINICAL)
def test_idempotent(text):
    once = scrub(text).text
    assert scrub(once).text == once


def test_a_removed_item_glued_to_another_is_stable():
    once = scrub("тел 918123456N12345 и 918123456N12345").text
    assert "918123456" not in once and scrub(once).text == once


def _hostile(seed: int, alphabet: str) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(20_000))


@pytest.mark.parametrize(
    "text",
    [
        _hostile(1, "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯҒӢҚӮҲҶ"),
        _hostile(2, "0123456789 Aa.-@№Nб(И)+:/Пациентзода"),
        "7" * 20_000 + "a",
        "1 " * 10_000,
        "1-" * 10_000,
        "А.А." * 5_000,
        "a." * 10_000 + "@",
        "Аа Бб " * 3_000 + "Иванович",
        "пациент Аа " * 2_000,
        "918123456N12345" * 1_300,
    ],
    ids=["digits-caps", "mixed", "digit-run", "spaced", "hyphens", "initials", "dots", "capwords", "intro", "glued"],
)
def test_hostile_input_is_scrubbed_in_bounded_time(text):
    start = time.perf_counter()
    result = scrub(text)
    assert time.perf_counter() - start < 2
    assert scrub(result.text).text == result.text
