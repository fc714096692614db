"""The shortcuts of arguments.find_people never change its answer."""

from __future__ import annotations

from hypothesis import given
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
