"""dipevents._dategrammar: the fast forms of its patterns match exactly like the plain ones."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipevents import _dategrammar as grammar

_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _flat(words: list[str]) -> str:
    """The plain alternation the trie stands for: longest word first."""
    return "(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


_ORDINALS = [w.replace("-", " ") for w in grammar.ORDINAL_DAYS] + list(grammar.ORDINAL_DAYS)
_NUMBERS = list(grammar.NUMBER_WORDS)
_NAMES = [f(w) for w in (*grammar.MONTHS, *grammar.WEEKDAYS) for f in (str.capitalize, str.upper)]
_LISTS: list[tuple[list[str], int]] = [(_ORDINALS, re.I), (_NUMBERS, re.I), (_NAMES, 0)]
# What follows a word list in the grammar, including tails that make the engine
# backtrack into the list ("twenty" after "twenty-first" failed).
_TAILS = ["", r"\b", r"(?:\.|\b)", r"[\s-]\w+", r"\s+of\b", "s?"]
_PIECES = st.sampled_from(
    [*_ORDINALS, *_NUMBERS, *_NAMES, "twenty", "thirty", "seven", "-", " ", ".", "s", "th", "x"]
)
_TEXTS = st.one_of(
    st.lists(_PIECES, max_size=5).map("".join),
    st.text(alphabet="twenyfirsthdSEVNJanuryANUARYſKİı -.", max_size=20),
)


@_SETTINGS
@given(_TEXTS)
def test_word_trie_matches_like_the_flat_alternation(text: str) -> None:
    for words, flags in _LISTS:
        for tail in _TAILS:
            trie = re.compile(grammar._alt(words) + tail, flags)
            flat = re.compile(_flat(words) + tail, flags)
            for pos in range(len(text) + 1):
                a, b = trie.match(text, pos), flat.match(text, pos)
                assert (a and a.span()) == (b and b.span()), (words[0], tail, text, pos)


_CORE_TEXTS = st.one_of(
    st.lists(
        st.sampled_from(
            [
                *("Mar", "Mar.", "MAR", "Sept.", "Sep", "Mon", "Monday", "Mayor", "May", "2019"),
                *("6", "Q3", "H12", "Christmas", "New Year", "New  Years", "this morning", "THIS"),
                *("day", "days", "today", "year", "Yearly", "weeks", "nineteen", "Twenty"),
                *("two thousand", "Two", "the", "a", " ", "  ", ".", ",", "-", "/", "\n", "_"),
                *("é", "ñ", "ſ", "K", "“", "—", "٣", "x", "9", "é2019", "ñMarch", "—May"),
            ]
        ),
        max_size=12,
    ).map("".join),
    st.text(max_size=40),
)


def _same_cores(text: str, lo: int, hi: int) -> None:
    plain = [m.span() for m in grammar.CORE.finditer(text, lo, hi)]
    fast = list(grammar.cores(text, lo, hi))
    assert [s for s, _ in fast] == [s for s, _ in plain], (text, lo, hi)
    for (_, end), (_, plain_end) in zip(fast, plain, strict=True):
        assert end == plain_end or (end == plain_end - 1 and text[end] == "."), (text, lo, hi)


@_SETTINGS
@given(_CORE_TEXTS)
def test_scan_finds_the_core_words_of_the_plain_pattern(text: str) -> None:
    # Every start and every end of the range: a range may begin or end inside a
    # word, right before one or on the character before one.
    for cut in range(len(text) + 1):
        _same_cores(text, cut, len(text))
        _same_cores(text, 0, cut)
        _same_cores(text, cut, min(cut + 7, len(text)))


_STARTER_TEXTS = st.one_of(
    st.lists(
        st.sampled_from(
            [
                *("the", "The", "THE", "tHe", "a", "An", "an", "twenty-first", "Twenty first"),
                *("first", "mid", "mid-", "FY", "q3", "Q3", "then", "anyway", "2019", "'", "’"),
                *(" ", "  ", ".", ",", "-", "$", "€", "(", "\n", "_", "é", "ſ", "K", "İ", "x"),
            ]
        ),
        max_size=12,
    ).map("".join),
    st.text(max_size=40),
)


@_SETTINGS
@given(_STARTER_TEXTS)
def test_starter_scan_finds_the_starter_words_of_the_word_pattern(text: str) -> None:
    for cut in range(len(text) + 1):
        for lo, hi in ((cut, len(text)), (0, cut), (cut, min(cut + 9, len(text)))):
            plain = [
                w.start()
                for w in grammar.WORD.finditer(text, lo, hi)
                if w.group().lower() in grammar.STARTERS
            ]
            assert grammar.starters(text, lo, hi) == plain, (text, lo, hi)
