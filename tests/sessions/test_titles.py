"""Session titles in the six UN languages, made from data (sessions/titles.py). No database."""

import re

import pytest

from sessions.titles import LANGUAGES, PARTS, session_of_body, session_title

IRG = {
    "en": "Implementation Review Group",
    "fr": "Groupe d'examen de l'application",
    "es": "Grupo de Examen de la Aplicación",
    "ru": "Группа по обзору хода осуществления",
    "ar": "فريق استعراض التنفيذ",
    "zh-hans": "实施情况审议组",
}
IRG_RU_GENITIVE = "Группы по обзору хода осуществления"


def test_parts_and_languages_are_exported():
    assert PARTS == ("regular", "resumed", "continued_resumed", "first_resumed", "second_resumed", "third_resumed")
    assert set(LANGUAGES) == {"ar", "zh-hans", "en", "fr", "ru", "es"}


def test_seed_case_continued_resumed_second_session_of_the_irg():
    assert session_title(2, "continued_resumed", "en") == "Continued resumed second session"
    assert (
        session_of_body(2, "continued_resumed", "en", "Implementation Review Group")
        == "Continued resumed second session of the Implementation Review Group"
    )


EXPECTED = {
    (2, "regular"): {
        "en": "Second session",
        "fr": "Deuxième session",
        "es": "Segundo período de sesiones",
        "ru": "Вторая сессия",
        "ar": "الدورة الثانية",
        "zh-hans": "第二届会议",
    },
    (2, "resumed"): {
        "en": "Resumed second session",
        "fr": "Reprise de la deuxième session",
        "es": "Continuación del segundo período de sesiones",
        "ru": "Возобновленная вторая сессия",
        "ar": "الدورة الثانية المستأنفة",
        "zh-hans": "第二届会议续会",
    },
    (2, "continued_resumed"): {
        "en": "Continued resumed second session",
        "fr": "Suite de la reprise de la deuxième session",
        "es": "Continuación de la continuación del segundo período de sesiones",
        "ru": "Продолжение возобновленной второй сессии",
        "ar": "استئناف الدورة الثانية المستأنفة",
        "zh-hans": "第二届会议续会的继续会议",
    },
    (11, "first_resumed"): {
        "en": "First resumed eleventh session",
        "fr": "Première reprise de la onzième session",
        "es": "Primera continuación del 11º período de sesiones",
        "ru": "Первая возобновленная одиннадцатая сессия",
        "ar": "الدورة الحادية عشرة المستأنفة الأولى",
        "zh-hans": "第十一届会议第一次续会",
    },
    (9, "regular"): {
        "en": "Ninth session",
        "fr": "Neuvième session",
        "es": "Noveno período de sesiones",
        "ru": "Девятая сессия",
        "ar": "الدورة التاسعة",
        "zh-hans": "第九届会议",
    },
    (21, "regular"): {
        "en": "Twenty-first session",
        "fr": "Vingt et unième session",
        "es": "21º período de sesiones",
        "ru": "Двадцать первая сессия",
        "ar": "الدورة الحادية والعشرون",
        "zh-hans": "第二十一届会议",
    },
}


@pytest.mark.parametrize(
    ("number", "part", "language", "expected"),
    [(number, part, language, text) for (number, part), row in EXPECTED.items() for language, text in row.items()],
)
def test_session_title_in_six_languages(number, part, language, expected):
    assert session_title(number, part, language) == expected


def test_expected_table_covers_every_language():
    assert all(set(row) == set(LANGUAGES) for row in EXPECTED.values())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Continued resumed second session of the Implementation Review Group"),
        ("fr", "Suite de la reprise de la deuxième session du Groupe d'examen de l'application"),
        ("es", "Continuación de la continuación del segundo período de sesiones del Grupo de Examen de la Aplicación"),
        ("ar", "استئناف الدورة الثانية المستأنفة لفريق استعراض التنفيذ"),
        ("zh-hans", "实施情况审议组第二届会议续会的继续会议"),
    ],
)
def test_session_of_the_irg(language, expected):
    assert session_of_body(2, "continued_resumed", language, IRG[language]) == expected


def test_russian_body_in_the_genitive_or_after_a_dash():
    assert (
        session_of_body(2, "continued_resumed", "ru", IRG["ru"], body_name_genitive=IRG_RU_GENITIVE)
        == "Продолжение возобновленной второй сессии Группы по обзору хода осуществления"
    )
    assert (
        session_of_body(2, "resumed", "ru", IRG["ru"], body_name_genitive=IRG_RU_GENITIVE)
        == "Возобновленная вторая сессия Группы по обзору хода осуществления"
    )
    assert session_of_body(2, "regular", "ru", IRG["ru"]) == "Вторая сессия — Группа по обзору хода осуществления"


@pytest.mark.parametrize(
    ("body", "gender", "expected"),
    [
        ("Groupe d'examen de l'application", None, "Deuxième session du Groupe d'examen de l'application"),
        (
            "Conférence des États parties à la Convention",
            None,
            "Deuxième session de la Conférence des États parties à la Convention",
        ),
        ("Assemblée générale", None, "Deuxième session de l'Assemblée générale"),
        ("Organe de contrôle", None, "Deuxième session de l'Organe de contrôle"),
        ("Organe d’examen", None, "Deuxième session de l’Organe d’examen"),
        ("Comité spécial", None, "Deuxième session du Comité spécial"),
        ("Haut-Commissariat", None, "Deuxième session du Haut-Commissariat"),
        ("Plateforme d'experts", "f", "Deuxième session de la Plateforme d'experts"),
        ("Conférence", "m", "Deuxième session du Conférence"),  # the hint wins over the table
    ],
)
def test_french_du_de_la_de_l(body, gender, expected):
    assert session_of_body(2, "regular", "fr", body, gender=gender) == expected


@pytest.mark.parametrize(
    ("body", "gender", "expected"),
    [
        ("Grupo de Examen de la Aplicación", None, "Segundo período de sesiones del Grupo de Examen de la Aplicación"),
        (
            "Conferencia de los Estados Partes",
            None,
            "Segundo período de sesiones de la Conferencia de los Estados Partes",
        ),
        ("Comisión de Estupefacientes", None, "Segundo período de sesiones de la Comisión de Estupefacientes"),
        ("Comité Especial", None, "Segundo período de sesiones del Comité Especial"),
        ("Grupo de trabajo", "f", "Segundo período de sesiones de la Grupo de trabajo"),
    ],
)
def test_spanish_del_de_la(body, gender, expected):
    assert session_of_body(2, "regular", "es", body, gender=gender) == expected


# --- Russian agreement: сессия is feminine; genitive after "Продолжение". ---------------------


@pytest.mark.parametrize(
    ("number", "nominative", "genitive"),
    [
        (1, "Первая сессия", "первой"),
        (2, "Вторая сессия", "второй"),
        (3, "Третья сессия", "третьей"),
        (4, "Четвертая сессия", "четвертой"),
        (7, "Седьмая сессия", "седьмой"),
        (8, "Восьмая сессия", "восьмой"),
        (11, "Одиннадцатая сессия", "одиннадцатой"),
        (20, "Двадцатая сессия", "двадцатой"),
        (23, "Двадцать третья сессия", "двадцать третьей"),
        (30, "Тридцатая сессия", "тридцатой"),
        (40, "Сороковая сессия", "сороковой"),
        (41, "Сорок первая сессия", "сорок первой"),
        (90, "Девяностая сессия", "девяностой"),
    ],
)
def test_russian_ordinals_agree_in_gender_and_case(number, nominative, genitive):
    assert session_title(number, "regular", "ru") == nominative
    assert session_title(number, "continued_resumed", "ru") == f"Продолжение возобновленной {genitive} сессии"


def test_russian_numbered_resumptions():
    assert session_title(3, "second_resumed", "ru") == "Вторая возобновленная третья сессия"
    assert session_title(3, "third_resumed", "ru") == "Третья возобновленная третья сессия"


# --- Arabic: feminine ordinals in words, nominative and genitive. -----------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "الدورة الأولى"),
        (10, "الدورة العاشرة"),
        (11, "الدورة الحادية عشرة"),
        (12, "الدورة الثانية عشرة"),
        (19, "الدورة التاسعة عشرة"),
        (20, "الدورة العشرون"),
        (21, "الدورة الحادية والعشرون"),
        (22, "الدورة الثانية والعشرون"),
        (30, "الدورة الثلاثون"),
        (40, "الدورة الأربعون"),
    ],
)
def test_arabic_feminine_ordinals(number, expected):
    assert session_title(number, "regular", "ar") == expected


def test_arabic_genitive_after_istinaf():
    assert session_title(20, "continued_resumed", "ar") == "استئناف الدورة العشرين المستأنفة"
    assert session_title(21, "continued_resumed", "ar") == "استئناف الدورة الحادية والعشرين المستأنفة"
    assert session_title(12, "continued_resumed", "ar") == "استئناف الدورة الثانية عشرة المستأنفة"
    assert session_title(21, "resumed", "ar") == "الدورة الحادية والعشرون المستأنفة"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("فريق استعراض التنفيذ", "الدورة الثانية لفريق استعراض التنفيذ"),
        ("مؤتمر الدول الأطراف", "الدورة الثانية لمؤتمر الدول الأطراف"),
        ("المؤتمر", "الدورة الثانية للمؤتمر"),
        ("اللجنة", "الدورة الثانية للجنة"),
    ],
)
def test_arabic_li_construction(body, expected):
    assert session_of_body(2, "regular", "ar", body) == expected


# --- Chinese: 第N届会议, the body first. --------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "第一届会议"),
        (10, "第十届会议"),
        (11, "第十一届会议"),
        (20, "第二十届会议"),
        (40, "第四十届会议"),
        (100, "第一百届会议"),
        (101, "第一百零一届会议"),
        (110, "第一百一十届会议"),
        (1010, "第一千零一十届会议"),
    ],
)
def test_chinese_numerals(number, expected):
    assert session_title(number, "regular", "zh-hans") == expected


def test_chinese_word_order_body_first_then_session_then_part():
    title = session_of_body(11, "first_resumed", "zh-hans", IRG["zh-hans"])
    assert title == "实施情况审议组第十一届会议第一次续会"
    assert title.index("实施情况审议组") < title.index("第十一届会议") < title.index("第一次续会")
    assert session_of_body(2, "resumed", "zh-hans", IRG["zh-hans"]) == "实施情况审议组第二届会议续会"


# --- English and French words. ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "en", "fr"),
    [
        (1, "First", "Première"),
        (12, "Twelfth", "Douzième"),
        (17, "Seventeenth", "Dix-septième"),
        (20, "Twentieth", "Vingtième"),
        (31, "Thirty-first", "Trente et unième"),
        (40, "Fortieth", "Quarantième"),
        (71, "Seventy-first", "Soixante et onzième"),
        (75, "Seventy-fifth", "Soixante-quinzième"),
        (80, "Eightieth", "Quatre-vingtième"),
        (81, "Eighty-first", "Quatre-vingt-unième"),
        (91, "Ninety-first", "Quatre-vingt-onzième"),
        (99, "Ninety-ninth", "Quatre-vingt-dix-neuvième"),
    ],
)
def test_english_and_french_ordinal_words(number, en, fr):
    assert session_title(number, "regular", "en") == f"{en} session"
    assert session_title(number, "regular", "fr") == f"{fr} session"


def test_numbered_resumptions_in_english_french_spanish():
    assert session_title(5, "second_resumed", "en") == "Second resumed fifth session"
    assert session_title(5, "third_resumed", "fr") == "Troisième reprise de la cinquième session"
    assert session_title(1, "regular", "es") == "Primer período de sesiones"
    assert session_title(3, "second_resumed", "es") == "Segunda continuación del tercer período de sesiones"
    assert session_title(10, "regular", "es") == "Décimo período de sesiones"


# --- Every combination; no figures for the words up to 40 (99). --------------------------------

WORD_LANGUAGES = ("ar", "ru", "fr", "en", "zh-hans")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("part", PARTS)
def test_every_number_part_and_language_gives_a_title(language, part):
    for number in range(1, 41):
        title = session_title(number, part, language)
        assert title.strip() == title and title
        assert "{" not in title and "None" not in title
        if language in WORD_LANGUAGES:
            assert not re.search(r"\d", title), (number, part, language, title)
        full = session_of_body(number, part, language, IRG[language], body_name_genitive=IRG_RU_GENITIVE)
        body = IRG_RU_GENITIVE if language == "ru" else IRG[language][1:]  # Arabic adds لـ before the name
        assert title in full and body in full and full != title


@pytest.mark.parametrize("language", ("ar", "ru", "fr", "en"))
def test_words_up_to_99(language):
    for number in range(1, 100):
        for part in PARTS:
            assert not re.search(r"\d", session_title(number, part, language)), (number, part, language)


def test_distinct_numbers_give_distinct_titles():
    for language in LANGUAGES:
        titles = {session_title(number, "regular", language) for number in range(1, 100)}
        assert len(titles) == 99, language


# --- Fallback beyond the words. -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "language", "expected"),
    [
        (100, "en", "100th session"),
        (101, "en", "101st session"),
        (102, "en", "102nd session"),
        (103, "en", "103rd session"),
        (111, "en", "111th session"),
        (112, "en", "112th session"),
        (122, "en", "122nd session"),
        (100, "fr", "100e session"),
        (100, "ru", "100-я сессия"),
        (41, "es", "41º período de sesiones"),
        (100, "ar", "الدورة 100"),
        (12345, "zh-hans", "第12345届会议"),
    ],
)
def test_fallback_to_figures(number, language, expected):
    assert session_title(number, "regular", language) == expected


def test_russian_fallback_genitive():
    assert session_title(100, "continued_resumed", "ru") == "Продолжение возобновленной 100-й сессии"


def test_language_code_spelling_is_forgiven():
    assert session_title(2, "regular", "zh_Hans") == "第二届会议"
    assert session_title(2, "regular", "EN") == "Second session"


# --- Errors. -------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [0, -1])
def test_number_below_one_is_refused(number):
    with pytest.raises(ValueError, match="1 or more"):
        session_title(number, "regular", "en")


@pytest.mark.parametrize("number", ["2", 2.0, True, None])
def test_non_integer_number_is_refused(number):
    with pytest.raises(ValueError, match="integer"):
        session_title(number, "regular", "en")


def test_unknown_part_is_refused():
    with pytest.raises(ValueError, match="Unknown session part 'reconvened'"):
        session_title(2, "reconvened", "en")


@pytest.mark.parametrize("language", ["de", "zh", "", None])
def test_unknown_language_is_refused(language):
    with pytest.raises(ValueError, match="Unknown language"):
        session_title(2, "regular", language)


def test_session_of_body_checks_its_inputs():
    with pytest.raises(ValueError, match="Unknown session part"):
        session_of_body(2, "fourth_resumed", "en", "Implementation Review Group")
    with pytest.raises(ValueError, match="Unknown language"):
        session_of_body(2, "regular", "pt", "Grupo")
    with pytest.raises(ValueError, match="1 or more"):
        session_of_body(0, "regular", "en", "Implementation Review Group")
    with pytest.raises(ValueError, match="body's name"):
        session_of_body(2, "regular", "en", "  ")
    with pytest.raises(ValueError, match="gender"):
        session_of_body(2, "regular", "fr", "Groupe", gender="n")
