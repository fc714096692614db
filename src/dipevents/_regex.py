"""Word-anchored regular expressions in a form Python's regex engine searches quickly."""

from __future__ import annotations

import re
from collections.abc import Iterator


class WordPattern:
    """A compiled pattern that starts with ``\\b``, searched without making the engine pay for it.

    Python's engine skips ahead in C to the characters a match can start with (a
    literal, or the first letters of an alternation) only when the pattern begins
    with them; a leading ``\\b`` turns that off and costs a full attempt at every
    position of the text. Here the ``\\b`` is left out of the compiled pattern and
    tested at each match found, which gives the same matches, in the same order, as
    ``re`` gives for the whole pattern (``pos`` and ``endpos`` as ``re`` reads them).
    A pattern without a leading ``\\b``, or with a ``|`` outside any group, is
    compiled as it is.

    Example:
        >>> p = WordPattern(r"\\b(?:in|at)\\s+([A-Z]\\w+)")
        >>> [m.group(1) for m in p.finditer("within Paris, then in Rome and at Oslo")]
        ['Rome', 'Oslo']
    """

    __slots__ = ("_by_hand", "_rx", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._by_hand = pattern.startswith(r"\b") and not _top_level_or(pattern)
        self._rx = re.compile(pattern[2:] if self._by_hand else pattern, flags)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The first match, as ``re.Pattern.search`` gives it."""
        end = len(text) if endpos is None else max(0, min(endpos, len(text)))
        rx = self._rx
        m = rx.search(text, pos, end)
        if not self._by_hand:
            return m
        while m is not None and not _boundary(text, m.start(), end):
            if m.start() >= end:
                return None  # re would put a later start back at the end, again and again
            m = rx.search(text, m.start() + 1, end)
        return m

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Every match, as ``re.Pattern.finditer`` gives them."""
        end = len(text) if endpos is None else max(0, min(endpos, len(text)))
        if not self._by_hand:
            yield from self._rx.finditer(text, pos, end)
            return
        while (m := self.search(text, pos, end)) is not None:
            if m.end() == m.start():
                # re's rules for what may follow an empty match are its own: from here on,
                # the whole pattern (the same matches, only slower)
                yield from re.compile(self.pattern, self._rx.flags).finditer(text, m.start(), end)
                return
            yield m
            pos = m.end()


def _boundary(text: str, i: int, end: int) -> bool:
    """What ``\\b`` tests at ``i`` when the text is read up to ``end``."""
    return _is_word(text, i - 1, end) != _is_word(text, i, end)


def _is_word(text: str, i: int, end: int) -> bool:
    if i < 0 or i >= end:
        return False
    c = text[i]
    return c.isalnum() or c == "_"  # what \w matches in a str pattern


def _top_level_or(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside any group or character class."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False
