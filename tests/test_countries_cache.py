"""The shortcuts of countries.find never change its answer: the word cache, its bound, the
node memos and the fast path for the word before a mention."""

from __future__ import annotations

import re

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from dipevents import countries
from dipevents.countries import find_mentions
from dipevents.model import Country

# The slow, plain statement of what _prev_word returns.
_PREV_WORD = re.compile(r"(\w+)[^\S\n]+$")

SURFACES = [
    "Korea",
    "KOREA",
    "KoReA",
    "North Korea",
    "Republic of Korea",
    "Belarus",
    "Türkiye",
    "TÜRKIYE",
    "Côte d’Ivoire",
    "São Tomé",
    "U.S.",
    "Sino",
    "Jordan",
    "Michael",
    "Carlos Lima",
    "Lima",
    "The",
    "the Kremlin",
    "İstanbul",
    "\u212aenya",  # Kelvin sign: lowercases to ASCII
]
texts = st.lists(
    st.sampled_from(SURFACES)
    | st.text(alphabet="aZé_1 \t\n\u00a0-–’'.,", max_size=6)
    | st.sampled_from([" ", "  ", "\n", ", ", "-", "–", "'s ", "’s ", ". ", " and "]),
    max_size=30,
).map("".join)


def _forget() -> None:
    t = countries._tables()
    t.first.clear()
    nodes = [t.trie]
    while nodes:
        node = nodes.pop()
        node.memo.clear()
        nodes.extend(node.children.values())


def _mentions(text: str) -> list[tuple[int, int, str, str, str]]:
    return [(m.start, m.end, m.text, m.country.alpha3, m.kind) for m in find_mentions(text)]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_find_does_not_depend_on_what_it_has_seen(text: str) -> None:
    warm = _mentions(text)
    _forget()
    assert _mentions(text) == warm
    bound = countries._FIRST_MAX
    countries._FIRST_MAX = 1
    try:
        assert _mentions(text) == warm
    finally:
        countries._FIRST_MAX = bound


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab_1é \t\n\r\u00a0.", max_size=60), st.integers(0, 60))
def test_prev_word_is_the_word_before_on_the_line(text: str, start: int) -> None:
    start = min(start, len(text))
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    assert countries._prev_word(text, start) == (m.group(1) if m else None)


def test_build_writes_every_field_of_a_mention() -> None:
    """find_mentions builds its mentions slot by slot, skipping attrs' __init__: that is
    only the same while the class has these fields, in this order, with nothing run on
    them."""
    fields = attrs.fields(countries.CountryMention)
    assert tuple(f.name for f in fields) == countries._MENTION_FIELDS
    assert all(f.validator is None and f.converter is None for f in fields)
    assert not hasattr(countries.CountryMention, "__attrs_post_init__")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**6),
            st.integers(0, 10**6),
            st.text(max_size=8),
            st.sampled_from(["KOR", "PRK", "BLR", "USA"]),
            st.sampled_from(["name", "demonym", "capital"]),
        ),
        max_size=20,
    )
)
def test_build_is_the_constructor(rows: list[tuple[int, int, str, str, str]]) -> None:
    full = [(s, e, t, Country.from_code(c), k) for s, e, t, c, k in rows]
    built = countries._build(full)  # type: ignore[arg-type]
    made = [countries.CountryMention(*r) for r in full]  # type: ignore[arg-type]
    assert built == made
    assert [repr(m) for m in built] == [repr(m) for m in made]
    assert all(type(m) is countries.CountryMention for m in built)
