"""Password validators (the password policy after NIST SP 800-63B: length, and no password that
attackers try first; no composition rules and no forced periodic change)."""

import functools
import unicodedata
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

DEFAULT_PASSWORD_LIST_PATH = Path(__file__).resolve().parent / "data" / "common_passwords_multilingual.txt"

# Shortest keyboard sequence or repetition that counts as one.
MIN_PATTERN_LENGTH = 4
# Patterns are looked for in passwords up to this length (after normalisation); longer ones are
# passphrases, and the checks below grow with the square of the length.
MAX_CHECKED_LENGTH = 128
# A repeated unit this short makes the password weak whatever it is ("abcabcabc", "123123123").
MAX_TRIVIAL_UNIT = 3

# Keyboard rows (each layout's rows in order, so that a run across two rows counts too) and
# alphabets in the scripts of the six UN languages. Normalised like passwords before use.
KEYBOARD_SEQUENCES = (
    "1234567890",
    "0123456789",
    "!@#$%^&*()",
    "qwertyuiopasdfghjklzxcvbnm",  # QWERTY (English, Spanish, pinyin input in Chinese)
    "qwertyuiopasdfghjklñzxcvbnm",  # Spanish QWERTY
    "azertyuiopqsdfghjklmwxcvbn",  # AZERTY (French)
    "qwertzuiopasdfghjklyxcvbnm",  # QWERTZ (German; Vienna)
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",  # QWERTY columns
    "abcdefghijklmnopqrstuvwxyz",
    "йцукенгшщзхъфывапролджэячсмитьбю",  # Russian ЙЦУКЕН
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "ضصثقفغعهخحجدشسيبلاتنمكطئءؤرلاىةوزظ",  # Arabic (101) keyboard
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",  # Arabic alphabet
    "ㄅㄉˇˋㄓˊ˙ㄚㄞㄢㄦㄆㄊㄍㄐㄔㄗㄧㄛㄟㄣㄇㄋㄎㄑㄕㄘㄨㄜㄠㄤㄈㄌㄏㄒㄖㄙㄩㄝㄡㄥ",  # Zhuyin keyboard
    "零一二三四五六七八九十",  # Chinese numerals
    "壹贰叁肆伍陆柒捌玖拾",
)

# Letters written two ways that readers (and password guessers) take for one.
_SAME_LETTER = str.maketrans({"ة": "ه", "ى": "ي", "\u0640": None})  # tā' marbūṭa, alif maqṣūra, tatweel


def normalise(text: str) -> str:
    """The form in which passwords and list entries are compared: Unicode NFKC, case folded,
    without whitespace, without accents and other combining marks (Latin accents, Arabic short
    vowels and hamza seats, the Russian breve and diaeresis), with decimal digits of any script
    read as 0-9."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch for ch in text if not ch.isspace())
    kept = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn":
            continue
        digit = unicodedata.decimal(ch, None)
        kept.append(str(digit) if digit is not None else ch)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_SAME_LETTER)


def load_password_list(path: str | Path = DEFAULT_PASSWORD_LIST_PATH) -> frozenset[str]:
    """The normalised entries of a password list (read once per path, then kept)."""
    return _load_password_list(Path(path).resolve())


@functools.cache
def _load_password_list(path: Path) -> frozenset[str]:
    entries = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                entries.add(normalise(line))
    entries.discard("")
    return frozenset(entries)


@functools.cache
def _sequences() -> tuple[str, ...]:
    rows = [normalise(row) for row in KEYBOARD_SEQUENCES]
    return tuple(rows + [row[::-1] for row in rows])


def _is_affix(ch: str) -> bool:
    """A digit or a common symbol, which may surround a common password without saving it."""
    return ch.isdigit() or unicodedata.category(ch)[0] in "PS"


def _cores(key: str):
    """``key`` and what remains of it without digits and symbols at either end, in any amount.

    A core made only of digits and symbols counts when it is at least half the password
    ("5201314!" is refused, a long number that merely contains "1234" is not).
    """
    n = len(key)
    lead = 0
    while lead < n and _is_affix(key[lead]):
        lead += 1
    trail = 0
    while trail < n and _is_affix(key[n - 1 - trail]):
        trail += 1
    all_affix = lead == n
    for start in range(lead + 1):
        for cut in range(trail + 1):
            end = n - cut
            if end - start < 1:
                break
            if all_affix and 2 * (end - start) < n:
                break
            yield key[start:end]


def _is_sequence(text: str) -> bool:
    return len(text) >= MIN_PATTERN_LENGTH and any(text in row for row in _sequences())


def _is_repetition(text: str, entries: frozenset[str]) -> bool:
    """Two or more copies of one unit: a character, a unit of up to three, a listed word or a
    keyboard sequence ("аааааааааа", "123123123", "woainiwoaini")."""
    if len(text) < MIN_PATTERN_LENGTH:
        return False
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size:
            continue
        unit = text[:size]
        if unit * (len(text) // size) != text:
            continue
        if size <= MAX_TRIVIAL_UNIT or unit in entries or _is_sequence(unit):
            return True
    return False


class MultilingualCommonPasswordValidator:
    """Refuse a password that is, once normalised (see ``normalise``):

    * an entry of a list of common passwords in the scripts of the six UN languages
      (``accounts/data/common_passwords_multilingual.txt``), alone or with only digits or
      symbols before or after it ("пароль123", "contraseña2024!", "2024密码");
    * a keyboard row or alphabet run in those scripts ("йцукенгшщз", "ضصثقفغعهخح",
      "azertyuiop", "1234567890"), or a repeated character or unit ("zzzzzzzzzz"), which
      may also be surrounded by digits or symbols as long as it makes up half the password.

    OPTIONS: ``password_list_path`` (default: the list above).
    """

    def __init__(self, password_list_path: str | Path = DEFAULT_PASSWORD_LIST_PATH):
        self.password_list_path = password_list_path

    @property
    def passwords(self) -> frozenset[str]:
        return load_password_list(self.password_list_path)

    def is_common(self, password: str) -> bool:
        key = normalise(password)
        if not key or len(key) > MAX_CHECKED_LENGTH:
            return False
        entries = self.passwords
        for core in _cores(key):
            if core in entries:
                return True
            if 2 * len(core) >= len(key) and (_is_sequence(core) or _is_repetition(core, entries)):
                return True
        return False

    def validate(self, password, user=None):
        if self.is_common(password):
            raise ValidationError(
                gettext(
                    "This password is too common: it is among the passwords tried first by attackers, in any language."
                ),
                code="password_too_common",
            )

    def get_help_text(self):
        return gettext(
            "Your password cannot be a commonly used password or phrase in any language, a keyboard row or a "
            "repeated character, even with digits or symbols added."
        )
