"""The shortcuts of arguments.find_people never change its answer."""

from __future__ import annotations

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipevents import arguments


@given(st.text(max_size=12) | st.sampled_from(["Amani", "Al", "de", "Jr.", "Mr.", "McDonald", "-"]))
def test_a_word_that_may_start_a_name_carries_one_on(w: str) -> None:
    """find_people drops a lone candidate with no title before it and no name part after
    it without asking where the mentions are; the word after it is then no candidate of
    its own only because every word that may start a name may also carry one on."""
    bits = arguments._word_bits(w)
    if bits & arguments._W_START:
        assert bits & arguments._W_GROWS


_PEOPLE_TEXTS = st.lists(
    st.sampled_from(
        [
            "Minister",
            "President",
            "Mr.",
            "Amani",
            "Rosa",
            "Quispe",
            "Ji",
            "-",
            "hoon",
            "bin",
            "Al",
            "Jr.",
            "Kenyan",
            "Peru",
            "of",
            "the",
            ",",
            ".",
            "said",
            "McDonald",
            "\n",
        ]
    ),
    max_size=30,
).map(" ".join)


@given(_PEOPLE_TEXTS)
@settings(max_examples=200, deadline=None)
def test_people_are_the_same_when_every_word_shares_a_slot(text: str) -> None:
    """The table of words seen keeps one word a slot: words of one Doc that push each
    other out of it (all of them here, in four slots) still get their own bits."""
    from dipevents import countries

    mentions = countries.find_mentions(text)
    want = arguments.find_people(text, mentions)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(arguments, "_SLOT_MASK", numpy.uint64(3))
        assert arguments.find_people(text, mentions) == want
        assert arguments.find_people(text, mentions) == want
    assert arguments.find_people(text, mentions) == want


def test_people_are_the_same_when_threads_share_the_word_table() -> None:
    """Threads writing the table of words seen (here all in four slots) never leave a
    slot with one word's hash and another's bits."""
    import concurrent.futures

    from dipevents import countries

    words = ["Minister", "Amani", "Rosa", "Quispe", "Ji", "-", "hoon", "bin", "Al", "Jr."]
    texts = [
        " ".join(words[(i * k) % len(words)] for k in range(1, 12)) + " said ." for i in range(40)
    ]
    mentions = [countries.find_mentions(t) for t in texts]
    want = [arguments.find_people(t, m) for t, m in zip(texts, mentions, strict=True)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(arguments, "_SLOT_MASK", numpy.uint64(3))
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            for _ in range(5):
                got = list(pool.map(arguments.find_people, texts, mentions))
                assert got == want
