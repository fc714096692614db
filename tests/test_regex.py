"""WordPattern gives exactly what re gives for the same pattern, only sooner."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipevents._regex import WordPattern

PATTERNS = [
    r"\b(?:in|at)\s+([A-Z][a-z]+)",
    r"\b(?:as well as|along with|except|amid)\b",
    r"\b(?:on )?the same day\b",
    r"\b(?:since|until|by)\s*$",
    r"\b(?:which|but)\b|,\s*and\b|;",  # a top-level |: compiled as it is
    r"\b(?:x)?",  # may match empty: re's own rules after an empty match
    r"\b\d+",
    r"\b_a",
    r"\bé\w*",
    r"(?:the|a) (?:talks|visit)\b",  # no leading \b
]
PIECES = st.sampled_from([*"aitnxXRé_1; ,\n", "in ", "at ", "Rome", "the ", "amid", "day", "talks"])


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(PIECES, max_size=30).map("".join),
    pos=st.integers(-2, 90),
    end=st.integers(-2, 90),
)
def test_same_matches_as_re(pattern: str, flags: int, text: str, pos: int, end: int) -> None:
    plain = re.compile(pattern, flags)
    fast = WordPattern(pattern, flags)

    def spans(ms: object) -> list[tuple[int, int, tuple[str | None, ...]]]:
        return [(m.start(), m.end(), m.groups()) for m in ms]  # type: ignore[attr-defined]

    assert spans(fast.finditer(text)) == spans(plain.finditer(text))
    assert spans(fast.finditer(text, pos, end)) == spans(plain.finditer(text, pos, end))
    a, b = fast.search(text, pos, end), plain.search(text, pos, end)
    assert (a and (a.start(), a.end())) == (b and (b.start(), b.end()))


def test_a_leading_word_boundary_is_kept_out_of_the_compiled_pattern() -> None:
    # the point of the class: the engine can skip ahead to "i" and "a"
    assert WordPattern(r"\b(?:in|at)\s").search("within at x").start() == 7
    assert not WordPattern(r"\b(?:in|at)\s")._rx.pattern.startswith(r"\b")
    assert WordPattern(r"\ba|b")._rx.pattern == r"\ba|b"
