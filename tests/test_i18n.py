"""The six gettext catalogues: complete, not fuzzy, compiled, and in step with the code."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parent.parent
LOCALES = {"ar": "ar", "zh-hans": "zh_Hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}


def catalogue(code):
    return polib.pofile(str(ROOT / "locale" / LOCALES[code] / "LC_MESSAGES" / "django.po"))


def test_a_catalogue_per_language():
    assert set(LOCALES) == {code for code, _name in settings.LANGUAGES}
    for directory in LOCALES.values():
        assert (ROOT / "locale" / directory / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.parametrize("code", [c for c in LOCALES if c != "en"])
def test_every_string_is_translated(code):
    po = catalogue(code)
    assert len(po) > 100
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{code}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.mark.parametrize("code", [c for c in LOCALES if c != "en"])
def test_placeholders_survive_translation(code):
    for entry in catalogue(code).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        targets = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for target in targets:
            found = set(PLACEHOLDER.findall(target))
            if entry.msgid_plural:
                # A plural form may leave the count out (Arabic "one" and "two" forms do).
                assert found <= set(expected), (code, entry.msgid, target)
            else:
                assert found == set(expected), (code, entry.msgid, target)


@pytest.mark.parametrize("code", [c for c in LOCALES if c != "en"])
def test_catalogue_is_compiled_and_used(code):
    with translation.override(code):
        assert gettext("Skip to main content") != "Skip to main content"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
def test_catalogues_are_in_step_with_the_code(tmp_path):
    """Extract the strings of a copy of the code; every one must be in the catalogues."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", "var", ".git", "tests", "__pycache__", "*.mo", "node_modules")
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))}
    known = {(e.msgctxt, e.msgid) for e in catalogue("fr") if not e.obsolete}
    missing = sorted(msgid for _ctx, msgid in extracted - known)
    assert not missing, f"run `make makemessages` and translate: {missing[:10]}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "25 October 2011"), ("fr", "25 octobre 2011"), ("zh-hans", "2011年10月25日"), ("ru", "25 октября 2011 г.")],
)
def test_long_dates_as_each_language_writes_them(language, expected):
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    with translation.override(language):
        html = Template("{% load reviewmech %}{{ day|long_date }}").render(
            Context({"day": datetime.date(2011, 10, 25)})
        )
    assert html == expected


@pytest.mark.parametrize(
    ("language", "names"),
    [
        # Accents and case ignored.
        ("fr", ["Djibouti", "Égypte", "El Salvador", "Émirats arabes unis", "Érythrée", "Espagne"]),
        # The article ال and the hamza seats ignored, as in the United Nations' Arabic lists.
        ("ar", ["الاتحاد الروسي", "إثيوبيا", "أذربيجان", "الأرجنتين", "الأردن", "أرمينيا", "إسبانيا", "بيرو"]),
        # Hanyu Pinyin, syllable by syllable: a'erbaniya, a'erjiliya, afuhan, angela, baxi, deguo.
        ("zh-hans", ["阿尔巴尼亚", "阿尔及利亚", "阿富汗", "安哥拉", "巴西", "德国", "中国"]),
        # Ё with Е.
        ("ru", ["Египет", "Ёмкость", "Жуков", "Эстония"]),
        # Ñ a letter after N.
        ("es", ["Nicaragua", "Níger", "Noruega", "Nueva Zelandia", "Ñuñoa"]),
    ],
)
def test_names_sort_as_a_reader_of_each_language_expects(language, names):
    from reviewmech.i18n import alphabetical

    shuffled = list(reversed(names))
    assert sorted(shuffled, key=lambda name: alphabetical(name, language)) == names
    with translation.override(language):  # the active language by default
        assert sorted(shuffled, key=alphabetical) == names
