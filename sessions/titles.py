"""Official-style titles of intergovernmental sessions in the six UN languages, built from data.

A session title is never typed by hand: it is made from the session's ``number``, its ``part``
(one of :data:`PARTS`, the codes of ``Session.Part``) and, for the full title, the body's name in
the target language::

    >>> session_title(2, "continued_resumed", "en")
    'Continued resumed second session'
    >>> session_of_body(2, "continued_resumed", "en", "Implementation Review Group")
    'Continued resumed second session of the Implementation Review Group'
    >>> session_of_body(2, "resumed", "zh-hans", "实施情况审议组")
    '实施情况审议组第二届会议续会'

Ordinals are written in words:

* English, French, Russian, Arabic: words for 1–99; from 100 on, figures with the language's
  ordinal mark ("100th", "100e", "100-я"; plain figures in Arabic).
* Chinese: Chinese numerals (第十一届, 第一百零一届) up to 9999, then figures.
* Spanish: words up to :data:`ES_WORD_ORDINAL_LIMIT` (décimo), then figures with "º" ("11º período
  de sesiones"), the practice of UN Spanish documents for the sessions of functional and
  treaty bodies (the General Assembly writes its own session numbers in words).

Every form lives in the tables at the top of this module so that a translator can correct it in
one place; forms not checked against an official UN document are marked ``# unverified:``.
The module is pure: no Django, no database, no translation catalogue.
"""

PARTS = ("regular", "resumed", "continued_resumed", "first_resumed", "second_resumed", "third_resumed")
LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")

# ---------------------------------------------------------------------------------------------
# The session phrase, by language and part. Placeholders: ``{ord}`` is the ordinal agreeing with
# the word for "session" in the nominative (Chinese: the numeral of 第N届), ``{ord_gen}`` the same
# ordinal in the genitive (Russian "второй", Arabic "العشرين"; identical to ``{ord}`` elsewhere).
# The first letter of the result is upper-cased.
# ---------------------------------------------------------------------------------------------
SESSION_TEMPLATES = {
    "en": {
        "regular": "{ord} session",
        "resumed": "resumed {ord} session",
        "continued_resumed": "continued resumed {ord} session",
        "first_resumed": "first resumed {ord} session",
        "second_resumed": "second resumed {ord} session",
        "third_resumed": "third resumed {ord} session",
    },
    "fr": {
        "regular": "{ord} session",
        "resumed": "reprise de la {ord} session",
        "continued_resumed": "suite de la reprise de la {ord} session",  # unverified: "Suite de la reprise"
        "first_resumed": "première reprise de la {ord} session",  # unverified: numbered resumptions
        "second_resumed": "deuxième reprise de la {ord} session",  # unverified: numbered resumptions
        "third_resumed": "troisième reprise de la {ord} session",  # unverified: numbered resumptions
    },
    "es": {
        "regular": "{ord} período de sesiones",
        "resumed": "continuación del {ord} período de sesiones",
        # unverified: the UN Spanish rendering of "continued resumed"
        "continued_resumed": "continuación de la continuación del {ord} período de sesiones",
        "first_resumed": "primera continuación del {ord} período de sesiones",  # unverified: numbered resumptions
        "second_resumed": "segunda continuación del {ord} período de sesiones",  # unverified: numbered resumptions
        "third_resumed": "tercera continuación del {ord} período de sesiones",  # unverified: numbered resumptions
    },
    "ru": {
        "regular": "{ord} сессия",
        "resumed": "возобновленная {ord} сессия",
        # unverified: "Продолжение возобновленной ... сессии" (genitive after "Продолжение")
        "continued_resumed": "продолжение возобновленной {ord_gen} сессии",
        "first_resumed": "первая возобновленная {ord} сессия",  # unverified: numbered resumptions
        "second_resumed": "вторая возобновленная {ord} сессия",  # unverified: numbered resumptions
        "third_resumed": "третья возобновленная {ord} сессия",  # unverified: numbered resumptions
    },
    "ar": {
        "regular": "الدورة {ord}",
        "resumed": "الدورة {ord} المستأنفة",
        # unverified: "استئناف الدورة ... المستأنفة"; الدورة is then genitive (العشرين, not العشرون)
        "continued_resumed": "استئناف الدورة {ord_gen} المستأنفة",
        "first_resumed": "الدورة {ord} المستأنفة الأولى",  # unverified: numbered resumptions
        "second_resumed": "الدورة {ord} المستأنفة الثانية",  # unverified: numbered resumptions
        "third_resumed": "الدورة {ord} المستأنفة الثالثة",  # unverified: numbered resumptions
    },
    "zh-hans": {
        "regular": "第{ord}届会议",
        "resumed": "第{ord}届会议续会",
        "continued_resumed": "第{ord}届会议续会的继续会议",  # unverified: "续会的继续会议"
        "first_resumed": "第{ord}届会议第一次续会",  # unverified: numbered resumptions
        "second_resumed": "第{ord}届会议第二次续会",  # unverified: numbered resumptions
        "third_resumed": "第{ord}届会议第三次续会",  # unverified: numbered resumptions
    },
}

# ---------------------------------------------------------------------------------------------
# The session joined with its body. ``{session}`` is the session phrase, ``{body}`` the body's
# name as the language needs it there: French and Spanish with their "of" + article (``{of}``),
# Russian in the genitive, Arabic with the preposition لـ, Chinese and English as given.
# ---------------------------------------------------------------------------------------------
BODY_TEMPLATES = {
    "en": "{session} of the {body}",
    "fr": "{session} {of}{body}",
    "es": "{session} {of}{body}",
    "ru": "{session} {body}",
    "ar": "{session} {body}",
    "zh-hans": "{body}{session}",
}
#: Russian without the genitive of the body's name: the nominative after a dash.
RU_BODY_FALLBACK = "{session} — {body}"

#: French "of the" by the grammatical gender of the body's name; names opening with a vowel elide.
FR_OF = {"m": "du ", "f": "de la ", "elided": "de l'"}
#: Letters after which French elides "de la"/"du" to "de l'". An initial h is taken as aspirated
#: ("du Haut-Commissariat"), an initial y as a consonant ("du Yémen").
FR_ELIDING_INITIALS = "aeiouàâäéèêëîïôöùûüœæ"
#: The gender of a French body's name, from its first word (lower-cased).
FR_GENDER_BY_FIRST_WORD = {
    "groupe": "m",
    "comité": "m",
    "sous-comité": "m",
    "conseil": "m",
    "bureau": "m",
    "mécanisme": "m",
    "forum": "m",
    "conférence": "f",
    "commission": "f",
    "sous-commission": "f",
    "réunion": "f",
    "session": "f",
    "cour": "f",
}
#: Endings of a French first word read as feminine when the word is not in the table above;
#: anything else is taken as masculine.
FR_FEMININE_ENDINGS = ("tion", "sion", "ence", "ance", "ée", "té", "ure")

#: Spanish "of the" by gender: "del Grupo", "de la Conferencia".
ES_OF = {"m": "del ", "f": "de la "}
ES_GENDER_BY_FIRST_WORD = {
    "grupo": "m",
    "comité": "m",
    "subcomité": "m",
    "consejo": "m",
    "mecanismo": "m",
    "órgano": "m",
    "foro": "m",
    "conferencia": "f",
    "comisión": "f",
    "subcomisión": "f",
    "reunión": "f",
    "asamblea": "f",
    "junta": "f",
    "oficina": "f",
    "corte": "f",
}
ES_FEMININE_ENDINGS = ("ción", "sión", "dad", "tad", "tud", "a")

# ---------------------------------------------------------------------------------------------
# Ordinals.
# ---------------------------------------------------------------------------------------------
EN_ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
    10: "tenth",
    11: "eleventh",
    12: "twelfth",
    13: "thirteenth",
    14: "fourteenth",
    15: "fifteenth",
    16: "sixteenth",
    17: "seventeenth",
    18: "eighteenth",
    19: "nineteenth",
}
EN_TENS_CARDINAL = {
    2: "twenty",
    3: "thirty",
    4: "forty",
    5: "fifty",
    6: "sixty",
    7: "seventy",
    8: "eighty",
    9: "ninety",
}
EN_TENS_ORDINAL = {
    2: "twentieth",
    3: "thirtieth",
    4: "fortieth",
    5: "fiftieth",
    6: "sixtieth",
    7: "seventieth",
    8: "eightieth",
    9: "ninetieth",
}

# French, feminine (la session): "première" alone, "unième" in compounds (vingt et unième).
FR_FIRST = "première"
FR_ORDINALS = {
    1: "unième",
    2: "deuxième",
    3: "troisième",
    4: "quatrième",
    5: "cinquième",
    6: "sixième",
    7: "septième",
    8: "huitième",
    9: "neuvième",
    10: "dixième",
    11: "onzième",
    12: "douzième",
    13: "treizième",
    14: "quatorzième",
    15: "quinzième",
    16: "seizième",
    17: "dix-septième",
    18: "dix-huitième",
    19: "dix-neuvième",
}
FR_TENS_CARDINAL = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante", 8: "quatre-vingt"}
FR_TENS_ORDINAL = {
    2: "vingtième",
    3: "trentième",
    4: "quarantième",
    5: "cinquantième",
    6: "soixantième",
    8: "quatre-vingtième",
}
FR_FALLBACK = "{n}e"

# Spanish, masculine (el período de sesiones), with the apocope of primero/tercero before the noun.
ES_ORDINALS = {
    1: "primer",
    2: "segundo",
    3: "tercer",
    4: "cuarto",
    5: "quinto",
    6: "sexto",
    7: "séptimo",
    8: "octavo",
    9: "noveno",
    10: "décimo",
}
ES_WORD_ORDINAL_LIMIT = 10  # unverified: UN Spanish words up to décimo, then "11º" (brief's example)
ES_FALLBACK = "{n}º"

# Russian, feminine (сессия): (nominative, genitive). In compounds only the last word declines.
RU_ORDINALS = {
    1: ("первая", "первой"),
    2: ("вторая", "второй"),
    3: ("третья", "третьей"),
    4: ("четвертая", "четвертой"),
    5: ("пятая", "пятой"),
    6: ("шестая", "шестой"),
    7: ("седьмая", "седьмой"),
    8: ("восьмая", "восьмой"),
    9: ("девятая", "девятой"),
    10: ("десятая", "десятой"),
    11: ("одиннадцатая", "одиннадцатой"),
    12: ("двенадцатая", "двенадцатой"),
    13: ("тринадцатая", "тринадцатой"),
    14: ("четырнадцатая", "четырнадцатой"),
    15: ("пятнадцатая", "пятнадцатой"),
    16: ("шестнадцатая", "шестнадцатой"),
    17: ("семнадцатая", "семнадцатой"),
    18: ("восемнадцатая", "восемнадцатой"),
    19: ("девятнадцатая", "девятнадцатой"),
}
RU_TENS_CARDINAL = {
    2: "двадцать",
    3: "тридцать",
    4: "сорок",
    5: "пятьдесят",
    6: "шестьдесят",
    7: "семьдесят",
    8: "восемьдесят",
    9: "девяносто",
}
RU_TENS_ORDINAL = {
    2: ("двадцатая", "двадцатой"),
    3: ("тридцатая", "тридцатой"),
    4: ("сороковая", "сороковой"),
    5: ("пятидесятая", "пятидесятой"),
    6: ("шестидесятая", "шестидесятой"),
    7: ("семидесятая", "семидесятой"),
    8: ("восьмидесятая", "восьмидесятой"),
    9: ("девяностая", "девяностой"),
}
RU_FALLBACK = ("{n}-я", "{n}-й")

# Arabic, feminine and definite (الدورة ...). Units 11–19 and in compounds use الحادية for 1.
AR_ORDINALS = {
    1: "الأولى",
    2: "الثانية",
    3: "الثالثة",
    4: "الرابعة",
    5: "الخامسة",
    6: "السادسة",
    7: "السابعة",
    8: "الثامنة",
    9: "التاسعة",
    10: "العاشرة",
}
AR_COMPOUND_ONE = "الحادية"
AR_TEEN = "{unit} عشرة"  # الحادية عشرة, الثانية عشرة ... التاسعة عشرة
AR_COMPOUND = "{unit} و{tens}"  # الحادية والعشرون
AR_TENS = {  # (nominative, genitive)
    2: ("العشرون", "العشرين"),
    3: ("الثلاثون", "الثلاثين"),
    4: ("الأربعون", "الأربعين"),
    5: ("الخمسون", "الخمسين"),
    6: ("الستون", "الستين"),
    7: ("السبعون", "السبعين"),
    8: ("الثمانون", "الثمانين"),
    9: ("التسعون", "التسعين"),
}
AR_FALLBACK = "{n}"  # unverified: figures from 100 on (UN Arabic would write المائة ... in words)

ZH_DIGITS = "零一二三四五六七八九"
ZH_POWERS = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
ZH_ZERO = "零"


# ---------------------------------------------------------------------------------------------
# Code.
# ---------------------------------------------------------------------------------------------
def _english(number):
    if number < 20:
        return EN_ORDINALS[number]
    if number < 100:
        tens, unit = divmod(number, 10)
        return EN_TENS_ORDINAL[tens] if unit == 0 else f"{EN_TENS_CARDINAL[tens]}-{EN_ORDINALS[unit]}"
    suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _french(number):
    if number == 1:
        return FR_FIRST
    if number < 20:
        return FR_ORDINALS[number]
    if number >= 100:
        return FR_FALLBACK.format(n=number)
    tens, unit = divmod(number, 10)
    if tens in (7, 9):  # soixante-dix..., quatre-vingt-dix...: the tens below plus 10–19
        tens, unit = tens - 1, unit + 10
    if unit == 0:
        return FR_TENS_ORDINAL[tens]
    if unit in (1, 11) and tens != 8:  # vingt et unième, soixante et onzième; quatre-vingt-unième
        return f"{FR_TENS_CARDINAL[tens]} et {FR_ORDINALS[unit]}"
    return f"{FR_TENS_CARDINAL[tens]}-{FR_ORDINALS[unit]}"


def _spanish(number):
    if number <= ES_WORD_ORDINAL_LIMIT:
        return ES_ORDINALS[number]
    return ES_FALLBACK.format(n=number)


def _russian(number, case):
    if number < 20:
        return RU_ORDINALS[number][case]
    if number >= 100:
        return RU_FALLBACK[case].format(n=number)
    tens, unit = divmod(number, 10)
    if unit == 0:
        return RU_TENS_ORDINAL[tens][case]
    return f"{RU_TENS_CARDINAL[tens]} {RU_ORDINALS[unit][case]}"


def _arabic(number, case):
    if number <= 10:
        return AR_ORDINALS[number]
    if number >= 100:
        return AR_FALLBACK.format(n=number)
    tens, unit = divmod(number, 10)
    unit_word = AR_COMPOUND_ONE if unit == 1 else AR_ORDINALS.get(unit)
    if tens == 1:
        return AR_TEEN.format(unit=unit_word)
    if unit == 0:
        return AR_TENS[tens][case]
    return AR_COMPOUND.format(unit=unit_word, tens=AR_TENS[tens][case])


def _chinese(number):
    if number >= 10000:
        return str(number)
    parts, zero_pending = [], False
    for value, name in ZH_POWERS:
        digit = number // value % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append(ZH_ZERO)
            zero_pending = False
        parts.append(ZH_DIGITS[digit] + name)
    text = "".join(parts)
    return text[1:] if 10 <= number < 20 else text  # 十一, not 一十一 (but 一百一十)


def _ordinals(number, language):
    """The ordinal in the nominative and the genitive (the same outside Russian and Arabic)."""
    if language == "ru":
        return _russian(number, 0), _russian(number, 1)
    if language == "ar":
        return _arabic(number, 0), _arabic(number, 1)
    word = {"en": _english, "fr": _french, "es": _spanish, "zh-hans": _chinese}[language](number)
    return word, word


def _check(number, part, language):
    """The normalised language code, after checking the three inputs."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValueError(f"Session number must be an integer, not {number!r}.")
    if number < 1:
        raise ValueError(f"Session number must be 1 or more, not {number}.")
    if part not in PARTS:
        raise ValueError(f"Unknown session part {part!r}; expected one of: {', '.join(PARTS)}.")
    code = language.lower().replace("_", "-") if isinstance(language, str) else language
    if code not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; expected one of: {', '.join(LANGUAGES)}.")
    return code


def _upper_first(text):
    return text[:1].upper() + text[1:]


def session_title(number: int, part: str, language: str) -> str:
    """The session phrase alone: "Resumed second session", "Reprise de la deuxième session"...

    ``language`` is one of :data:`LANGUAGES` (case and ``_``/``-`` are forgiven: ``zh_Hans``).
    Raises ``ValueError`` for a number below 1, an unknown part or an unknown language.
    """
    code = _check(number, part, language)
    nominative, genitive = _ordinals(number, code)
    return _upper_first(SESSION_TEMPLATES[code][part].format(ord=nominative, ord_gen=genitive))


def _gender(body_name, table, feminine_endings):
    first_word = body_name.split()[0].lower()
    if first_word in table:
        return table[first_word]
    return "f" if first_word.endswith(feminine_endings) else "m"


def _french_of(body_name, gender):
    if body_name[0].lower() in FR_ELIDING_INITIALS:
        elided = FR_OF["elided"]
        return elided.replace("'", "’") if "’" in body_name else elided
    return FR_OF[gender or _gender(body_name, FR_GENDER_BY_FIRST_WORD, FR_FEMININE_ENDINGS)]


def _arabic_li(body_name):
    """لـ before the name: لفريق، للمؤتمر (ل + ال), للجنة (ل + ال + ل...)."""
    if body_name.startswith("ال"):
        rest = body_name[2:]
        return "ل" + rest if rest.startswith("ل") else "لل" + rest
    return "ل" + body_name


def session_of_body(
    number: int,
    part: str,
    language: str,
    body_name: str,
    *,
    body_name_genitive: str | None = None,
    gender: str | None = None,
) -> str:
    """The full title: the session phrase joined with the body's name as the language joins them.

    ``body_name`` is the body's name in ``language``, without a leading article ("Implementation
    Review Group", "Conférence des États parties", "实施情况审议组"). How it is joined:

    * en: "... session of the <body>".
    * fr: "du" / "de la" / "de l'" before the name. Names opening with a vowel elide ("de
      l'Assemblée"); otherwise the gender comes from ``gender`` ("m" or "f") when given, else
      from the name's first word (:data:`FR_GENDER_BY_FIRST_WORD`: "Groupe" → du, "Conférence" →
      de la), else from its ending (:data:`FR_FEMININE_ENDINGS`), else masculine.
    * es: "del" / "de la", the gender found the same way (:data:`ES_GENDER_BY_FIRST_WORD`).
    * ru: the name must be in the genitive: pass it as ``body_name_genitive`` ("Группы по обзору
      хода осуществления"); without it the title falls back to "<session> — <body_name>".
    * ar: the preposition لـ ("لفريق استعراض التنفيذ", "للمؤتمر").
    * zh-hans: the body first, then the session ("实施情况审议组第二届会议续会").

    ``body_name_genitive`` is used for Russian only and ``gender`` for French and Spanish only.
    """
    code = _check(number, part, language)
    if not isinstance(body_name, str) or not body_name.strip():
        raise ValueError("The body's name must be a non-empty string.")
    if gender not in (None, "m", "f"):
        raise ValueError(f"Unknown gender {gender!r}; expected 'm', 'f' or None.")
    body = body_name.strip()
    session = session_title(number, part, code)
    if code == "fr":
        return BODY_TEMPLATES[code].format(session=session, of=_french_of(body, gender), body=body)
    if code == "es":
        of = ES_OF[gender or _gender(body, ES_GENDER_BY_FIRST_WORD, ES_FEMININE_ENDINGS)]
        return BODY_TEMPLATES[code].format(session=session, of=of, body=body)
    if code == "ru":
        if body_name_genitive and body_name_genitive.strip():
            return BODY_TEMPLATES[code].format(session=session, body=body_name_genitive.strip())
        return RU_BODY_FALLBACK.format(session=session, body=body)
    if code == "ar":
        return BODY_TEMPLATES[code].format(session=session, body=_arabic_li(body))
    return BODY_TEMPLATES[code].format(session=session, body=body)
