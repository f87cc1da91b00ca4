"""UN document symbols of the review mechanisms: parse, validate, build.

A symbol is a list of segments separated by single slashes, read from left to right::

    symbol   = series "/" time "/" document { "/" suffix }
    series   = segment { "/" segment }          CAC/COSP/IRG, CTOC/COP/WG.9
    segment  = LETTERS [ "." NUMBER ]           capital letters, optionally numbered (WG.9)
    time     = YEAR | CYCLE
    YEAR     = four digits, 1990 to 2099        CAC/COSP/IRG/2020/3
    CYCLE    = roman numeral I to XXXIX         CAC/COSP/IRG/I/1/1/Add.12 (old country-review series)
    document = after a YEAR:  NUMBER | "CRP." NUMBER | "L." NUMBER | "INF/" NUMBER | "NGO/" NUMBER
               after a CYCLE: NUMBER "/" NUMBER
    suffix   = ("Rev" | "Add" | "Corr") "." NUMBER
    NUMBER   = 1 to 9999, without leading zeros

The suffixes come at most once each and in the order Rev, Add, Corr: ``…/Rev.1/Add.2`` is
the second addendum to the first revision, ``…/Add.1/Corr.1`` a corrigendum to the first
addendum. Series segments made only of the letters I, V and X are read as the review cycle,
and CRP, L, INF, NGO, Rev, Add and Corr are never series segments, so every text has one
reading and ``str(parse_symbol(text)) == text`` for every valid text.

Nothing is normalised apart from the surrounding whitespace: a symbol in lower case, with a
space or with a stray slash is refused with a :class:`SymbolError` that says what is wrong.
The module is pure Python (it imports only Django's gettext) and needs no database.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

__all__ = [
    "FIRST_YEAR",
    "KINDS",
    "LAST_YEAR",
    "MAX_NUMBER",
    "SUFFIXES",
    "Symbol",
    "SymbolError",
    "is_valid_symbol",
    "numbered_symbol",
    "parse_prefix",
    "parse_symbol",
]

FIRST_YEAR = 1990
LAST_YEAR = 2099
MAX_NUMBER = 9999
#: Document types: "" is an ordinary numbered document; CRP a conference room paper, L a
#: limited-distribution document, INF an information document, NGO a statement by an NGO.
KINDS: tuple[str, ...] = ("", "CRP", "L", "INF", "NGO")
#: The suffixes in the order they must appear.
SUFFIXES: tuple[str, ...] = ("Rev", "Add", "Corr")

_DOTTED_KINDS = ("CRP", "L")  # CRP.14, L.3
_SLASHED_KINDS = ("INF", "NGO")  # INF/1, NGO/2
_MAX_SHOWN = 80  # longer symbols are shortened in messages

_DIGITS = re.compile(r"[0-9]+")
_SERIES_SEGMENT = re.compile(r"([A-Z]+)(?:\.([0-9]+))?")
_ROMAN_LETTERS = re.compile(r"[IVX]+")
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
# Words that are never series segments, in any case, with or without a number.
_RESERVED = re.compile(r"(CRP|L|INF|NGO|REV|ADD|CORR)\.?([0-9]*)", re.IGNORECASE)
_SUFFIX = re.compile(r"(Rev|Add|Corr)\.([0-9]+)")
_DOCUMENT_KIND = re.compile(r"(CRP|L)\.([0-9]+)")
_ALLOWED_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./")


class SymbolError(ValueError):
    """A text that is not a valid document symbol. The message (translated, ready to show
    to a user) names the symbol and says what is wrong with it."""


def _shown(text: str) -> str:
    """The symbol as quoted in a message: control characters made visible, long ones cut."""
    shown = "".join(c if c.isprintable() else "\ufffd" for c in text)
    return shown if len(shown) <= _MAX_SHOWN else shown[: _MAX_SHOWN - 1] + "…"


def _fail(message: str, text: str, **values: object) -> SymbolError:
    return SymbolError(message % {"symbol": _shown(text), **values})


def _number(text: str, segment: str, digits: str) -> int:
    """The value of ``digits`` (a number inside ``segment`` of the symbol ``text``)."""
    if len(digits) > 1 and digits.startswith("0"):
        raise _fail(
            _("“%(symbol)s”: numbers are written without leading zeros (“%(segment)s”)."), text, segment=segment
        )
    if digits == "0":
        raise _fail(_("“%(symbol)s”: numbers start at 1 (“%(segment)s”)."), text, segment=segment)
    if len(digits) > len(str(MAX_NUMBER)):
        raise _fail(_("“%(symbol)s”: the number in “%(segment)s” is too large."), text, segment=segment)
    return int(digits)


def _unexpected(text: str, segments: list[str], index: int) -> SymbolError:
    return _fail(
        _("“%(symbol)s”: unexpected “%(segment)s” after “%(before)s”."),
        text,
        segment=segments[index],
        before="/".join(segments[:index]),
    )


def _bad_segment(text: str, segment: str) -> SymbolError:
    return _fail(_("“%(symbol)s”: “%(segment)s” is not a valid part of a symbol."), text, segment=segment)


def _write_instead(text: str, expected: str, found: str) -> SymbolError:
    return _fail(_("“%(symbol)s”: write “%(expected)s” instead of “%(found)s”."), text, expected=expected, found=found)


def _needs_number(text: str, segment: str, word: str) -> SymbolError:
    return _fail(
        _("“%(symbol)s”: “%(segment)s” needs a number, as in “%(example)s”."),
        text,
        segment=segment,
        example=f"{word}.1",
    )


def _split(text: str) -> list[str]:
    """The segments of ``text`` after the checks on characters and slashes."""
    if not text:
        raise SymbolError(_("The symbol is empty."))
    if any(c.isspace() for c in text):
        raise _fail(_("“%(symbol)s”: spaces are not allowed."), text)
    for c in text:
        if c not in _ALLOWED_CHARACTERS:
            char = c if c.isprintable() else f"U+{ord(c):04X}"
            raise _fail(_("“%(symbol)s”: the character “%(char)s” is not allowed."), text, char=char)
    if text.startswith("/"):
        raise _fail(_("“%(symbol)s”: a symbol cannot start with a slash."), text)
    if text.endswith("/"):
        raise _fail(_("“%(symbol)s”: a symbol cannot end with a slash."), text)
    if "//" in text:
        raise _fail(_("“%(symbol)s”: there are two slashes in a row."), text)
    return text.split("/")


def _is_reserved(segment: str) -> bool:
    return _RESERVED.fullmatch(segment) is not None


def _series(text: str, segments: list[str]) -> int:
    """Check the series segments at the start of ``segments``; return where the series ends
    (the first segment that is a number, a roman numeral or a reserved word)."""
    for index, segment in enumerate(segments):
        if segment[0].isdigit() or _is_reserved(segment):
            return index
        if any(c.islower() for c in segment):
            raise _fail(_("“%(symbol)s”: symbols are written in capital letters."), text)
        if _ROMAN_LETTERS.fullmatch(segment):
            return index
        match = _SERIES_SEGMENT.fullmatch(segment)
        if match is None:
            raise _bad_segment(text, segment)
        if match.group(2) is not None:
            _number(text, segment, match.group(2))
    return len(segments)


def parse_prefix(prefix: str) -> tuple[str, ...]:
    """The segments of a series prefix such as ``CAC/COSP/IRG`` or ``CTOC/COP/WG.9``.

    Raises :class:`SymbolError` if ``prefix`` (surrounding whitespace stripped) is not a
    series: lower case, a year, a document number or a suffix in it, a stray slash...
    """
    text = prefix.strip()
    segments = _split(text)
    end = _series(text, segments)
    if end < len(segments):
        if end == 0:
            raise _bad_segment(text, segments[0])
        raise _unexpected(text, segments, end)
    return tuple(segments)


def _suffixes(text: str, segments: list[str], start: int) -> tuple[tuple[str, int], ...]:
    suffixes: list[tuple[str, int]] = []
    for index in range(start, len(segments)):
        segment = segments[index]
        match = _SUFFIX.fullmatch(segment)
        if match is None:
            loose = _RESERVED.fullmatch(segment)
            word = loose.group(1).capitalize() if loose else ""
            if word not in SUFFIXES:
                raise _unexpected(text, segments, index)
            if not loose.group(2):
                raise _needs_number(text, segment, word)
            raise _write_instead(text, f"{word}.{loose.group(2)}", segment)
        kind, number = match.group(1), _number(text, segment, match.group(2))
        if suffixes:
            previous = suffixes[-1][0]
            if kind == previous:
                raise _fail(_("“%(symbol)s”: %(suffix)s appears twice."), text, suffix=kind)
            if SUFFIXES.index(kind) < SUFFIXES.index(previous):
                raise _fail(
                    _("“%(symbol)s”: %(first)s must come before %(second)s."), text, first=kind, second=previous
                )
        suffixes.append((kind, number))
    return tuple(suffixes)


def _document_after_year(text: str, segments: list[str], start: int) -> tuple[str, tuple[int, ...], int]:
    """(kind, numbers, index of the first suffix) of the document part that follows a year."""
    missing = _("“%(symbol)s”: the document number is missing.")
    if start == len(segments):
        raise _fail(missing, text)
    segment = segments[start]
    if _DIGITS.fullmatch(segment):
        return "", (_number(text, segment, segment),), start + 1
    match = _DOCUMENT_KIND.fullmatch(segment)
    if match:
        return match.group(1), (_number(text, segment, match.group(2)),), start + 1
    if segment in _SLASHED_KINDS:
        if start + 1 == len(segments) or not _DIGITS.fullmatch(segments[start + 1]):
            raise _fail(missing, text)
        number = segments[start + 1]
        return segment, (_number(text, f"{segment}/{number}", number),), start + 2
    loose = _RESERVED.fullmatch(segment)
    if loose is None:
        if segment[0].isdigit():
            raise _bad_segment(text, segment)
        raise _unexpected(text, segments, start)
    word, digits = loose.group(1).upper(), loose.group(2)
    if word.capitalize() in SUFFIXES:
        raise _fail(missing, text)
    if word in _DOTTED_KINDS:
        if not digits:
            raise _needs_number(text, segment, word)
        raise _write_instead(text, f"{word}.{digits}", segment)
    # INF or NGO in the wrong case or written with a dot.
    if digits:
        raise _write_instead(text, f"{word}/{digits}", segment)
    raise _write_instead(text, word, segment)


def _parse(text: str) -> dict[str, object]:
    """The fields of the Symbol written ``text`` (no whitespace stripped)."""
    segments = _split(text)
    end = _series(text, segments)
    if end == 0:
        raise _fail(_("“%(symbol)s”: the symbol must start with a series, such as CAC/COSP."), text)
    if end == len(segments) or _is_reserved(segments[end]):
        raise _fail(_("“%(symbol)s”: the year or the review cycle is missing."), text)
    time = segments[end]
    year: int | None = None
    cycle: str | None = None
    if _ROMAN_LETTERS.fullmatch(time):
        if not _ROMAN.fullmatch(time):
            raise _fail(_("“%(symbol)s”: “%(segment)s” is not a valid roman numeral."), text, segment=time)
        cycle = time
        numbers: list[int] = []
        index = end + 1
        while index < len(segments) and _DIGITS.fullmatch(segments[index]):
            numbers.append(_number(text, segments[index], segments[index]))
            index += 1
        if len(numbers) != 2:
            raise _fail(
                _("“%(symbol)s”: the review cycle must be followed by two numbers, as in CAC/COSP/IRG/I/1/1."), text
            )
        kind, document, start = "", tuple(numbers), index
    else:
        if not _DIGITS.fullmatch(time):
            raise _bad_segment(text, time)
        if len(time) != 4:
            raise _fail(_("“%(symbol)s”: the year must have four digits."), text)
        year = int(time)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise _fail(
                _("“%(symbol)s”: the year must be between %(first)s and %(last)s."),
                text,
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        kind, document, start = _document_after_year(text, segments, end + 1)
    return {
        "series": tuple(segments[:end]),
        "year": year,
        "cycle": cycle,
        "kind": kind,
        "numbers": document,
        "suffixes": _suffixes(text, segments, start),
    }


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class Symbol:
    """A valid document symbol, split into its parts.

    Built by :func:`parse_symbol` or :func:`numbered_symbol`, or directly: the constructor
    checks the parts (TypeError for a wrong type, :class:`SymbolError` for a wrong value) so
    that ``parse_symbol(str(symbol)) == symbol`` always holds.
    """

    #: The series segments: ("CAC", "COSP", "IRG"), ("CTOC", "COP", "WG.9").
    series: tuple[str, ...]
    #: The year (2020), or None for the old country-review series with a cycle.
    year: int | None
    #: The review cycle as a roman numeral ("I", "II"), or None when there is a year.
    cycle: str | None
    #: "" for an ordinary numbered document, else "CRP", "L", "INF" or "NGO".
    kind: str
    #: The document number(s): (3,) for …/2020/3 or …/2020/CRP.3; (1, 1) for …/I/1/1.
    numbers: tuple[int, ...]
    #: The suffixes in order, e.g. (("Rev", 1), ("Add", 2)).
    suffixes: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        self._check_types()
        text = self._text()
        if self.year is None and self.cycle is None:
            raise _fail(_("“%(symbol)s”: the year or the review cycle is missing."), text)
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if (self.year is not None and self.cycle is not None) or _parse(text) != fields:
            raise _fail(_("“%(symbol)s”: these parts do not make a valid symbol."), text)

    def _check_types(self) -> None:
        def wrong(name: str, expected: str) -> TypeError:
            return TypeError(f"Symbol.{name} must be {expected}, not {getattr(self, name)!r}")

        if not isinstance(self.series, tuple) or not all(isinstance(s, str) for s in self.series):
            raise wrong("series", "a tuple of str")
        if self.year is not None and not _is_int(self.year):
            raise wrong("year", "an int or None")
        if self.cycle is not None and not isinstance(self.cycle, str):
            raise wrong("cycle", "a str or None")
        if not isinstance(self.kind, str):
            raise wrong("kind", "a str")
        if not isinstance(self.numbers, tuple) or not all(_is_int(n) for n in self.numbers):
            raise wrong("numbers", "a tuple of int")
        if not isinstance(self.suffixes, tuple) or not all(
            isinstance(s, tuple) and len(s) == 2 and isinstance(s[0], str) and _is_int(s[1]) for s in self.suffixes
        ):
            raise wrong("suffixes", "a tuple of (str, int) pairs")

    def _text(self) -> str:
        parts = list(self.series)
        if self.year is not None:
            parts.append(str(self.year))
        if self.cycle is not None:
            parts.append(self.cycle)
        numbers = [str(n) for n in self.numbers]
        if not self.kind:
            parts.extend(numbers)
        elif self.kind in _SLASHED_KINDS or not numbers:
            parts.append(self.kind)
            parts.extend(numbers)
        else:
            parts.append(f"{self.kind}.{numbers[0]}")
            parts.extend(numbers[1:])
        parts.extend(f"{kind}.{number}" for kind, number in self.suffixes)
        return "/".join(parts)

    def __str__(self) -> str:
        """The canonical text, e.g. ``CAC/COSP/IRG/2020/3/Rev.1``."""
        return self._text()

    @property
    def prefix(self) -> str:
        """The series as text: ``CAC/COSP/IRG``."""
        return "/".join(self.series)

    @property
    def base(self) -> Symbol:
        """The original document: this symbol without its suffixes (itself if it has none)."""
        return dataclasses.replace(self, suffixes=()) if self.suffixes else self

    @property
    def parent(self) -> Symbol | None:
        """This symbol without its last suffix (…/Rev.1/Add.2 → …/Rev.1), or None if it has no suffix."""
        return dataclasses.replace(self, suffixes=self.suffixes[:-1]) if self.suffixes else None

    def _suffix_number(self, kind: str) -> int:
        return next((number for k, number in self.suffixes if k == kind), 0)

    @property
    def revision(self) -> int:
        """The revision number (…/Rev.2/Add.1 → 2), 0 for the original text."""
        return self._suffix_number("Rev")

    @property
    def addendum(self) -> int:
        """The addendum number (…/Add.3/Corr.1 → 3), 0 if there is none."""
        return self._suffix_number("Add")

    @property
    def corrigendum(self) -> int:
        """The corrigendum number (…/Corr.1 → 1), 0 if there is none."""
        return self._suffix_number("Corr")

    def _last_suffix_is(self, kind: str) -> bool:
        return bool(self.suffixes) and self.suffixes[-1][0] == kind

    @property
    def is_revision(self) -> bool:
        """Whether this document is a revision (its last suffix is Rev)."""
        return self._last_suffix_is("Rev")

    @property
    def is_addendum(self) -> bool:
        """Whether this document is an addendum (its last suffix is Add). A corrigendum to an
        addendum (…/Add.1/Corr.1) is a corrigendum, not an addendum."""
        return self._last_suffix_is("Add")

    @property
    def is_corrigendum(self) -> bool:
        """Whether this document is a corrigendum (its last suffix is Corr)."""
        return self._last_suffix_is("Corr")

    def with_suffix(self, kind: str, number: int) -> Symbol:
        """A new symbol with ``kind.number`` appended (``"Rev"``, ``"Add"`` or ``"Corr"``).

        Raises :class:`SymbolError` if the suffix cannot follow this symbol's suffixes
        (``…/Add.1`` + Rev) or the number is not valid.
        """
        return dataclasses.replace(self, suffixes=(*self.suffixes, (kind, number)))


def parse_symbol(text: str) -> Symbol:
    """Parse a document symbol such as ``CAC/COSP/IRG/2020/CRP.14/Add.1``.

    Only the surrounding whitespace is removed; anything else that is not the canonical
    form raises :class:`SymbolError` with a message that says what is wrong.
    """
    if not isinstance(text, str):
        raise TypeError(f"a symbol is a str, not {type(text).__name__}")
    return Symbol(**_parse(text.strip()))


def is_valid_symbol(text: object) -> bool:
    """Whether ``text`` is a str that :func:`parse_symbol` accepts."""
    if not isinstance(text, str):
        return False
    try:
        parse_symbol(text)
    except SymbolError:
        return False
    return True


def numbered_symbol(prefix: str, year: int, number: int, kind: str = "") -> Symbol:
    """The symbol of document ``number`` of ``year`` in a body's series.

    ``numbered_symbol("CAC/COSP/IRG", 2026, 4)`` is CAC/COSP/IRG/2026/4;
    ``numbered_symbol("CAC/COSP/IRG", 2026, 3, "CRP")`` is CAC/COSP/IRG/2026/CRP.3.
    ``kind`` is one of :data:`KINDS`. Raises :class:`SymbolError` if the prefix, the year,
    the number or the kind is not valid.
    """
    return Symbol(series=parse_prefix(prefix), year=year, cycle=None, kind=kind, numbers=(number,))
