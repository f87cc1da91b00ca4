"""UN document symbols (documents.symbols): the examples of the two mechanisms, the messages
for malformed symbols, and properties over generated symbols and random text. No database."""

import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from documents.symbols import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_NUMBER,
    SUFFIXES,
    Symbol,
    SymbolError,
    is_valid_symbol,
    numbered_symbol,
    parse_prefix,
    parse_symbol,
)

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EXAMPLES = {
    "CAC/COSP/2011/1": Symbol(("CAC", "COSP"), 2011, None, "", (1,)),
    "CAC/COSP/IRG/2020/3": Symbol(("CAC", "COSP", "IRG"), 2020, None, "", (3,)),
    "CAC/COSP/IRG/2020/3/Rev.1": Symbol(("CAC", "COSP", "IRG"), 2020, None, "", (3,), (("Rev", 1),)),
    "CAC/COSP/IRG/2020/CRP.14": Symbol(("CAC", "COSP", "IRG"), 2020, None, "CRP", (14,)),
    "CAC/COSP/IRG/2011/CRP.1/Add.1": Symbol(("CAC", "COSP", "IRG"), 2011, None, "CRP", (1,), (("Add", 1),)),
    "CAC/COSP/IRG/I/1/1/Add.12": Symbol(("CAC", "COSP", "IRG"), None, "I", "", (1, 1), (("Add", 12),)),
    "CAC/COSP/IRG/II/1/1/Add.12": Symbol(("CAC", "COSP", "IRG"), None, "II", "", (1, 1), (("Add", 12),)),
    "CTOC/COP/2018/1": Symbol(("CTOC", "COP"), 2018, None, "", (1,)),
    "CTOC/COP/WG.9/2017/4": Symbol(("CTOC", "COP", "WG.9"), 2017, None, "", (4,)),
    "CTOC/COP/WG.2/2020/3": Symbol(("CTOC", "COP", "WG.2"), 2020, None, "", (3,)),
    "CAC/COSP/IRG/2020/3/Rev.1/Add.2": Symbol(("CAC", "COSP", "IRG"), 2020, None, "", (3,), (("Rev", 1), ("Add", 2))),
    "CAC/COSP/IRG/2020/3/Add.1/Corr.1": Symbol(("CAC", "COSP", "IRG"), 2020, None, "", (3,), (("Add", 1), ("Corr", 1))),
    "CAC/COSP/IRG/2020/3/Rev.2/Corr.1": Symbol(("CAC", "COSP", "IRG"), 2020, None, "", (3,), (("Rev", 2), ("Corr", 1))),
    "CAC/COSP/2019/L.3": Symbol(("CAC", "COSP"), 2019, None, "L", (3,)),
    "CAC/COSP/2019/INF/1": Symbol(("CAC", "COSP"), 2019, None, "INF", (1,)),
    "CTOC/COP/2020/NGO/2": Symbol(("CTOC", "COP"), 2020, None, "NGO", (2,)),
    "CAC/COSP/2019/CRP.2/Rev.1/Add.1/Corr.2": Symbol(
        ("CAC", "COSP"), 2019, None, "CRP", (2,), (("Rev", 1), ("Add", 1), ("Corr", 2))
    ),
}


@pytest.mark.parametrize("text", EXAMPLES)
def test_examples_parse_and_round_trip(text):
    symbol = parse_symbol(text)
    assert symbol == EXAMPLES[text]
    assert str(symbol) == text
    assert parse_symbol(str(symbol)) == symbol
    assert is_valid_symbol(text)


def test_surrounding_whitespace_is_stripped():
    assert str(parse_symbol("  CAC/COSP/2011/1\n\t")) == "CAC/COSP/2011/1"


# (text, a word the message must contain)
MALFORMED = [
    ("", "empty"),
    ("   ", "empty"),
    ("CAC/COSP/IRG/20/3", "four digits"),
    ("CAC/COSP/IRG/20201/3", "four digits"),
    ("CAC/COSP/1989/1", "between 1990 and 2099"),
    ("CAC/COSP/2100/1", "between 1990 and 2099"),
    ("CAC/COSP/IRG/2020/3/Rev.0", "start at 1"),
    ("CAC/COSP/IRG/2020/0", "start at 1"),
    ("CTOC/COP/WG.0/2020/1", "start at 1"),
    ("CAC/COSP/IRG/2020/03", "leading zeros"),
    ("CAC/COSP/IRG/2020/3/Add.01", "leading zeros"),
    ("CAC/COSP/IRG/2020/100000", "too large"),
    ("cac/cosp/2011/1", "capital letters"),
    ("CAC/Cosp/2011/1", "capital letters"),
    ("CTOC/COP/wg.9/2017/4", "capital letters"),
    ("CAC/COSP/IRG/i/1/1", "capital letters"),
    ("CAC/COSP/2011/1/rev.1", "“Rev.1”"),
    ("CAC/COSP/2011/1/REV.1", "“Rev.1”"),
    ("CAC/COSP/2011/1/Rev1", "“Rev.1”"),
    ("CAC/COSP/2011/crp.1", "“CRP.1”"),
    ("CAC/COSP/2011/INF.1", "“INF/1”"),
    ("CAC/COSP/2011/inf/1", "“INF”"),
    ("CAC/COSP/2011/1/Rev", "needs a number"),
    ("CAC/COSP/2011/1/Corr.", "needs a number"),
    ("CAC/COSP/2011/CRP", "needs a number"),
    ("CAC/COSP/2011/CRP/1", "needs a number"),
    ("CAC/COSP/2011/L", "needs a number"),
    ("CAC/COSP/2011/1/Add.1/Rev.1", "Rev must come before Add"),
    ("CAC/COSP/2011/1/Corr.1/Add.1", "Add must come before Corr"),
    ("CAC/COSP/2011/1/Rev.1/Rev.2", "twice"),
    ("CAC/COSP /2011/1", "spaces"),
    ("CAC/COSP/2011/1 /Rev.1", "spaces"),
    ("CAC/COSP/2011/1/", "end with a slash"),
    ("/CAC/COSP/2011/1", "start with a slash"),
    ("CAC//COSP/2011/1", "two slashes"),
    ("CAC/COSP/2011//1", "two slashes"),
    ("CAC-COSP/2011/1", "“-”"),
    ("CAC/COSP/2011/1\x00", "U+0000"),
    ("CAC/CÖSP/2011/1", "“Ö”"),
    ("CAC/COSP/2011/1/Add.١", "“١”"),
    ("2011/1", "series"),
    ("Rev.1", "series"),
    ("CAC/COSP", "year or the review cycle is missing"),
    ("CAC/COSP/CRP.1", "year or the review cycle is missing"),
    ("CAC/COSP/2011", "document number is missing"),
    ("CAC/COSP/2011/INF", "document number is missing"),
    ("CAC/COSP/2011/Add.1", "document number is missing"),
    ("CAC/COSP/IRG/IIII/1/1", "roman numeral"),
    ("CAC/COSP/IRG/VX/1/1", "roman numeral"),
    ("CAC/COSP/IRG/I/1", "two numbers"),
    ("CAC/COSP/IRG/I/1/1/1", "two numbers"),
    ("CAC/COSP/IRG/I/2020/CRP.1", "two numbers"),
    ("CAC/COSP/2011/1/2", "unexpected “2” after “CAC/COSP/2011/1”"),
    ("CAC/COSP/2011/IRG/1", "unexpected “IRG”"),
    ("CAC/COSP/2011/1/Add.1/IRG", "unexpected “IRG”"),
    ("CTOC/COP/WG9/2017/4", "“WG9”"),
    ("CTOC/COP/WG./2017/4", "“WG.”"),
    ("CTOC/COP/WG.9.1/2017/4", "“WG.9.1”"),
    ("CAC/COSP/2011A/1", "“2011A”"),
    ("CAC/COSP/2011/1A", "“1A”"),
]


@pytest.mark.parametrize(("text", "keyword"), MALFORMED)
def test_malformed_symbols_say_what_is_wrong(text, keyword):
    with pytest.raises(SymbolError) as error:
        parse_symbol(text)
    message = str(error.value)
    assert keyword in message
    if text.strip() and text.isprintable():
        assert f"“{text}”" in message  # and where: the message quotes the symbol
    assert not is_valid_symbol(text)


def test_a_long_symbol_is_shortened_in_the_message():
    text = "CAC/" * 40 + "cosp/2011/1"
    with pytest.raises(SymbolError, match="capital letters") as error:
        parse_symbol(text)
    assert "…" in str(error.value)
    assert len(str(error.value)) < 150


def test_symbol_error_is_a_value_error():
    assert issubclass(SymbolError, ValueError)


def test_non_text_is_a_type_error():
    with pytest.raises(TypeError):
        parse_symbol(None)
    assert not is_valid_symbol(None)
    assert not is_valid_symbol(2011)


# ---------------------------------------------------------------------------------------
# base, parent, suffixes


def test_base_and_prefix():
    symbol = parse_symbol("CAC/COSP/IRG/2011/CRP.1/Rev.1/Add.2")
    assert str(symbol.base) == "CAC/COSP/IRG/2011/CRP.1"
    assert symbol.base.suffixes == ()
    assert symbol.prefix == "CAC/COSP/IRG"
    assert parse_symbol("CTOC/COP/WG.9/2017/4").prefix == "CTOC/COP/WG.9"
    original = parse_symbol("CAC/COSP/2011/1")
    assert original.base == original


def test_parent_removes_the_last_suffix():
    symbol = parse_symbol("CAC/COSP/2011/1/Rev.1/Add.2/Corr.1")
    chain = []
    while symbol is not None:
        chain.append(str(symbol))
        symbol = symbol.parent
    assert chain == [
        "CAC/COSP/2011/1/Rev.1/Add.2/Corr.1",
        "CAC/COSP/2011/1/Rev.1/Add.2",
        "CAC/COSP/2011/1/Rev.1",
        "CAC/COSP/2011/1",
    ]


@pytest.mark.parametrize(
    ("text", "revision", "addendum", "corrigendum", "kind"),
    [
        ("CAC/COSP/2011/1", 0, 0, 0, None),
        ("CAC/COSP/2011/1/Rev.2", 2, 0, 0, "Rev"),
        ("CAC/COSP/2011/1/Rev.1/Add.2", 1, 2, 0, "Add"),
        ("CAC/COSP/2011/1/Add.1/Corr.1", 0, 1, 1, "Corr"),
        ("CAC/COSP/2011/1/Rev.2/Corr.1", 2, 0, 1, "Corr"),
        ("CAC/COSP/IRG/I/1/1/Add.12", 0, 12, 0, "Add"),
    ],
)
def test_suffix_numbers_and_what_the_document_is(text, revision, addendum, corrigendum, kind):
    symbol = parse_symbol(text)
    assert (symbol.revision, symbol.addendum, symbol.corrigendum) == (revision, addendum, corrigendum)
    assert symbol.is_revision == (kind == "Rev")
    assert symbol.is_addendum == (kind == "Add")
    assert symbol.is_corrigendum == (kind == "Corr")


def test_with_suffix_returns_a_new_symbol():
    original = parse_symbol("CAC/COSP/IRG/2020/3")
    revised = original.with_suffix("Rev", 1)
    assert str(revised) == "CAC/COSP/IRG/2020/3/Rev.1"
    assert str(revised.with_suffix("Add", 2)) == "CAC/COSP/IRG/2020/3/Rev.1/Add.2"
    assert str(original.with_suffix("Add", 1).with_suffix("Corr", 1)) == "CAC/COSP/IRG/2020/3/Add.1/Corr.1"
    assert original.suffixes == ()  # unchanged
    assert revised.parent == original
    assert revised.base == original


@pytest.mark.parametrize(
    ("start", "kind", "number", "keyword"),
    [
        ("CAC/COSP/2011/1/Add.1", "Rev", 1, "Rev must come before Add"),
        ("CAC/COSP/2011/1/Corr.1", "Add", 1, "Add must come before Corr"),
        ("CAC/COSP/2011/1/Rev.1", "Rev", 2, "twice"),
        ("CAC/COSP/2011/1", "Rev", 0, "start at 1"),
        ("CAC/COSP/2011/1", "Add", MAX_NUMBER + 1, "too large"),
        ("CAC/COSP/2011/1", "rev", 1, "“Rev.1”"),
        ("CAC/COSP/2011/1", "Annex", 1, "unexpected"),
    ],
)
def test_with_suffix_refuses_a_suffix_that_cannot_follow(start, kind, number, keyword):
    with pytest.raises(SymbolError, match=keyword):
        parse_symbol(start).with_suffix(kind, number)


def test_symbols_are_hashable_values():
    assert len({parse_symbol("CAC/COSP/2011/1"), parse_symbol(" CAC/COSP/2011/1 ")}) == 1
    with pytest.raises(AttributeError):
        parse_symbol("CAC/COSP/2011/1").year = 2012


# ---------------------------------------------------------------------------------------
# Building symbols


def test_numbered_symbol():
    assert str(numbered_symbol("CAC/COSP/IRG", 2026, 4)) == "CAC/COSP/IRG/2026/4"
    assert str(numbered_symbol("CAC/COSP/IRG", 2026, 3, "CRP")) == "CAC/COSP/IRG/2026/CRP.3"
    assert str(numbered_symbol("CTOC/COP/WG.9", 2026, 1, "INF")) == "CTOC/COP/WG.9/2026/INF/1"
    assert str(numbered_symbol("CTOC/COP", 2026, 2, "L")) == "CTOC/COP/2026/L.2"
    assert numbered_symbol("CAC/COSP", 2011, 1) == parse_symbol("CAC/COSP/2011/1")


@pytest.mark.parametrize(
    ("args", "keyword"),
    [
        (("cac/cosp", 2026, 1), "capital letters"),
        (("", 2026, 1), "empty"),
        (("CAC/COSP/", 2026, 1), "end with a slash"),
        (("CAC/COSP/2011", 2026, 1), "unexpected “2011”"),
        (("CAC/COSP/IRG/I", 2026, 1), "unexpected “I”"),
        (("CAC/COSP/CRP.1", 2026, 1), "unexpected “CRP.1”"),
        (("CAC/COSP", 26, 1), "four digits"),
        (("CAC/COSP", 2200, 1), "between"),
        (("CAC/COSP", 2026, 0), "start at 1"),
        (("CAC/COSP", 2026, -1), "not allowed"),
        (("CAC/COSP", 2026, 1, "crp"), "“CRP.1”"),
        (("CAC/COSP", 2026, 1, "Annex"), "unexpected"),
    ],
)
def test_numbered_symbol_refuses_bad_parts(args, keyword):
    with pytest.raises(SymbolError, match=keyword):
        numbered_symbol(*args)


def test_parse_prefix():
    assert parse_prefix("CAC/COSP/IRG") == ("CAC", "COSP", "IRG")
    assert parse_prefix(" CTOC/COP/WG.9 ") == ("CTOC", "COP", "WG.9")
    with pytest.raises(SymbolError, match="unexpected “2020”"):
        parse_prefix("CAC/COSP/IRG/2020")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"series": ["CAC", "COSP"]}, TypeError),
        ({"year": "2011"}, TypeError),
        ({"year": True}, TypeError),
        ({"numbers": (1.0,)}, TypeError),
        ({"suffixes": (("Rev",),)}, TypeError),
        ({"year": None}, SymbolError),  # neither year nor cycle
        ({"cycle": "I"}, SymbolError),  # both
        ({"series": ("CAC/COSP",)}, SymbolError),  # a slash inside a part
        ({"series": ("CAC", "IV")}, SymbolError),  # a series segment that reads as a cycle
        ({"series": ()}, SymbolError),
        ({"numbers": (1, 2)}, SymbolError),
        ({"numbers": ()}, SymbolError),
        ({"kind": "Rev"}, SymbolError),
        ({"suffixes": (("Rev.1/Add", 2),)}, SymbolError),
    ],
)
def test_the_constructor_checks_the_parts(fields, error):
    good = {"series": ("CAC", "COSP"), "year": 2011, "cycle": None, "kind": "", "numbers": (1,), "suffixes": ()}
    Symbol(**good)
    with pytest.raises(error):
        Symbol(**{**good, **fields})


# ---------------------------------------------------------------------------------------
# Properties

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]


def roman(n: int) -> str:
    return "X" * (n // 10) + ROMAN[n % 10]


NOT_SERIES = {"CRP", "L", "INF", "NGO", "REV", "ADD", "CORR"}

numbers = st.integers(min_value=1, max_value=MAX_NUMBER)
series_letters = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=6).filter(
    lambda s: s not in NOT_SERIES and not set(s) <= set("IVX")
)
series_segments = st.one_of(
    series_letters,
    st.builds(lambda letters, n: f"{letters}.{n}", series_letters, st.integers(1, 99)),
    st.sampled_from(["CAC", "COSP", "IRG", "CTOC", "COP", "WG.1", "WG.9"]),
)
series = st.lists(series_segments, min_size=1, max_size=4).map(tuple)


@st.composite
def suffix_lists(draw):
    kinds = [kind for kind in SUFFIXES if draw(st.booleans())]
    return tuple((kind, draw(numbers)) for kind in kinds)


dated_symbols = st.builds(
    lambda series, year, kind, number, suffixes: Symbol(series, year, None, kind, (number,), suffixes),
    series,
    st.integers(FIRST_YEAR, LAST_YEAR),
    st.sampled_from(["", "CRP", "L", "INF", "NGO"]),
    numbers,
    suffix_lists(),
)
cycle_symbols = st.builds(
    lambda series, cycle, first, second, suffixes: Symbol(series, None, roman(cycle), "", (first, second), suffixes),
    series,
    st.integers(1, 39),
    numbers,
    numbers,
    suffix_lists(),
)
symbols = st.one_of(dated_symbols, cycle_symbols)


@PROPERTY
@given(symbols)
def test_generated_symbols_round_trip(symbol):
    text = str(symbol)
    assert parse_symbol(text) == symbol
    assert str(parse_symbol(text)) == text
    assert parse_symbol(f" {text}\n") == symbol


@PROPERTY
@given(symbols)
def test_base_parent_and_suffix_numbers_agree(symbol):
    assert symbol.base.suffixes == ()
    assert str(symbol).startswith(str(symbol.base))
    assert symbol.prefix == "/".join(symbol.series)
    if symbol.suffixes:
        parent = symbol.parent
        kind, number = symbol.suffixes[-1]
        assert parent.with_suffix(kind, number) == symbol
        assert parent.base == symbol.base
    else:
        assert symbol.parent is None
        assert symbol.base == symbol
    assert symbol.revision == dict(symbol.suffixes).get("Rev", 0)
    assert [symbol.is_revision, symbol.is_addendum, symbol.is_corrigendum].count(True) == (1 if symbol.suffixes else 0)


def _parses_or_refuses(text):
    try:
        symbol = parse_symbol(text)
    except SymbolError as error:
        assert str(error)
        return
    assert str(symbol) == text.strip()
    assert parse_symbol(str(symbol)) == symbol


SYMBOLISH = string.ascii_uppercase + "acdeorv" + string.digits + "./ -"


@PROPERTY
@given(st.text())
@example("CAC/COSP/2011/1")
@example("CAC/COSP/IRG/" + "9" * 5000)
@example("CAC/COSP/2011/" + "1" * 5000)
def test_random_text_parses_or_raises_symbol_error(text):
    _parses_or_refuses(text)


@PROPERTY
@given(st.text(alphabet=SYMBOLISH, max_size=40))
def test_symbol_like_text_parses_or_raises_symbol_error(text):
    _parses_or_refuses(text)


@PROPERTY
@given(symbols, st.data())
def test_mutated_symbols_parse_or_raise_symbol_error(symbol, data):
    text = str(symbol)
    position = data.draw(st.integers(0, len(text)))
    removed = data.draw(st.integers(0, 3))
    inserted = data.draw(st.text(alphabet=SYMBOLISH, max_size=3))
    _parses_or_refuses(text[:position] + inserted + text[position + removed :])
