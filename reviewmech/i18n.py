"""Language helpers shared by templates, views, PDFs and the API."""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language


def field_suffix(language_code: str) -> str:
    """``zh-hans`` → ``zh_hans``: the suffix django-modeltranslation gives a field."""
    return language_code.replace("-", "_")


def is_rtl(language_code: str | None = None) -> bool:
    return (language_code or get_language() or settings.LANGUAGE_CODE) in settings.RTL_LANGUAGES


@dataclass(frozen=True)
class Translated:
    """A translated field's text in the active language, or the English fallback."""

    text: str
    language: str
    is_fallback: bool

    def __str__(self):
        return self.text


def translated(obj, field: str, language_code: str | None = None) -> Translated:
    """The text of ``obj.<field>`` in the active language; when it is missing there, in English,
    else in the first language that has it (a text typed on the French page exists only in
    French) — flagged, so that the page can say so instead of silently switching language."""
    language_code = language_code or get_language() or settings.LANGUAGE_CODE
    candidates = [language_code, settings.MODELTRANSLATION_DEFAULT_LANGUAGE]
    candidates += [code for code, _name in settings.LANGUAGES if code not in candidates]
    for code in candidates:
        text = getattr(obj, f"{field}_{field_suffix(code)}", None)
        if text:
            return Translated(text, code, code != language_code)
    return Translated("", language_code, False)


def texts_by_language(field: str, values: dict | str | None, *, limit: int, default_language: str = "en") -> dict:
    """A translatable field's texts as a service receives them — ``{"en": "Vienna", "fr":
    "Vienne"}``, or one string in ``default_language`` — as the model's columns
    (``{"city_en": "Vienna", "city_fr": "Vienne"}``), stripped. An unknown language or a text
    over ``limit`` characters is a ValidationError on ``field``. Whether a language is required
    is the caller's rule."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if values is None:
        values = {}
    if isinstance(values, str):
        values = {default_language: values}
    known = {code for code, _name in settings.LANGUAGES}
    result = {}
    for language, text in values.items():
        if language.replace("_", "-") not in known:
            raise ValidationError({field: _("Unknown language: %(code)s.") % {"code": language}})
        text = (text or "").strip()
        if len(text) > limit:
            raise ValidationError({field: _("At most %(limit)s characters.") % {"limit": limit}})
        result[f"{field}_{field_suffix(language.replace('_', '-'))}"] = text
    return result


#: Long dates as United Nations documents write them, per language (Django format characters).
LONG_DATE = {
    "en": "j F Y",
    "fr": "j F Y",
    "es": r"j \d\e F \d\e Y",
    "ru": r"j E Y \г\.",
    "ar": "j F Y",
    "zh-hans": r"Y\年n\月j\日",
}
WEEKDAY_DATE = {
    "en": "l, j F Y",
    "fr": "l j F Y",
    "es": r"l j \d\e F \d\e Y",
    "ru": r"l, j E Y \г\.",
    "ar": "l j F Y",
    "zh-hans": r"Y\年n\月j\日l",
}


def long_date(day, language: str | None = None, *, weekday: bool = False) -> str:
    """A date as United Nations documents write it in ``language`` (the active one by default):
    "25 October 2011", "25 octobre 2011" ("1er septembre 2020"), "2011年10月25日", "25 октября 2011 г."."""
    from django.utils import formats

    language = language or get_language() or settings.LANGUAGE_CODE
    table = WEEKDAY_DATE if weekday else LONG_DATE
    pattern = table.get(language, "l j F Y" if weekday else "j F Y")
    if language == "fr" and day.day == 1:
        pattern = pattern.replace("j", r"j\e\r", 1)  # "1er septembre 2020"
    return formats.date_format(day, pattern)


def alphabetical(text: str, language: str | None = None) -> str:
    """A sort key for names in the order a reader of ``language`` (the active one by default)
    expects. Lists of States are alphabetical, never an order of merit.

    - Case and accents are ignored (``Égypte`` sorts with the E, ``Côte d'Ivoire`` with the C,
      ``Ё`` with ``Е``), except the Spanish ``ñ``, a letter of its own after ``n``.
    - Arabic ignores the article ``ال`` (``الأرجنتين`` sorts under ``أ``) and the hamza seats
      (``إثيوبيا`` and ``أذربيجان`` sort with ``ا``), as the United Nations' Arabic lists do.
    - Chinese sorts by Hanyu Pinyin, syllable by syllable and then by tone (the CLDR's default
      collation for Chinese, the one PostgreSQL's ICU ``zh`` gives): ``阿尔巴尼亚`` (a'erbaniya)
      before ``阿富汗`` (afuhan) before ``安哥拉`` (angela). Characters of equal reading keep
      their code-point order.
    """
    language = (language or get_language() or settings.LANGUAGE_CODE).lower()
    text = str(text)
    if language.startswith("zh"):
        return _pinyin_key(text)
    if language == "ar":
        text = _ARABIC_ARTICLE.sub("", text)
    if language == "es":
        text = text.replace("ñ", _ENYE).replace("Ñ", _ENYE)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


#: ``ñ`` in a Spanish key: an ``n`` followed by a character above every letter.
_ENYE = "n\U0010ffff"
#: The Arabic article at the start of a word.
_ARABIC_ARTICLE = re.compile(r"(?:(?<=\s)|^)ال(?=\w\w)")


def _pinyin_key(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    # Syllables apart ("\x01" sorts before any letter: "a" before "an"), then the text itself.
    return "\x01".join(syllable.casefold() for syllable in syllables) + "\x00" + text
