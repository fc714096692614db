"""dipevents._dategrammar: the fast forms of its patterns match exactly like the plain ones."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipevents import _dategrammar as grammar
from dipevents import dates
from dipevents._ranges import merged

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
    plain = [m.span() for m in grammar.core_pattern().finditer(text, lo, hi)]
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


# ---------------------------------------------------------------------------
# What may follow a starter word (FOLLOWERS), derived from the parsed patterns: each
# kind as a nondeterministic automaton over characters. Lookarounds and \b count as
# always true and a back-reference as any text, so the automaton accepts more than
# the pattern does, never less: what it lets follow a word is a superset.


class _Automaton:
    def __init__(self, kinds: list[tuple[str, str]]) -> None:
        try:
            from re import _constants as consts
            from re import _parser as parser
        except ImportError:  # Python 3.10
            import sre_constants as consts  # type: ignore[no-redef]
            import sre_parse as parser  # type: ignore[no-redef]
        self.c = consts
        self.eps: list[list[int]] = [[]]
        self.moves: list[list[tuple[Callable[[str], bool], int]]] = [[]]
        self.accept = self._new()
        for _, pattern in kinds:
            first = self._new()
            self.eps[0].append(first)
            self.eps[self._seq(list(parser.parse(pattern, re.IGNORECASE)), first)].append(
                self.accept
            )
        self._steps: dict[tuple[frozenset[int], str], frozenset[int]] = {}

    def _new(self) -> int:
        self.eps.append([])
        self.moves.append([])
        return len(self.eps) - 1

    def _move(self, state: int, test: Callable[[str], bool]) -> int:
        target = self._new()
        self.moves[state].append((test, target))
        return target

    def _seq(self, items: list[Any], state: int) -> int:
        for op, av in items:
            state = self._item(op, av, state)
        return state

    def _item(self, op: Any, av: Any, state: int) -> int:
        c = self.c
        if op is c.LITERAL:
            return self._move(state, lambda x, n=av: ord(x) == n)
        if op is c.NOT_LITERAL:
            return self._move(state, lambda x, n=av: ord(x) != n)
        if op is c.ANY:
            return self._move(state, lambda x: x != "\n")
        if op is c.IN:
            return self._move(state, self._charset(av))
        if op is c.BRANCH:
            end = self._new()
            for alt in av[1]:
                first = self._new()
                self.eps[state].append(first)
                self.eps[self._seq(list(alt), first)].append(end)
            return end
        if op is c.SUBPATTERN:
            return self._seq(list(av[-1]), state)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high, sub = av
            for _ in range(low):
                state = self._seq(list(sub), state)
            if high is c.MAXREPEAT:
                loop = self._new()
                self.eps[state].append(loop)
                self.eps[self._seq(list(sub), loop)].append(state)
                return state
            for _ in range(high - low):
                end = self._new()
                self.eps[state].append(end)
                self.eps[self._seq(list(sub), state)].append(end)
                state = end
            return state
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return state
        if op is c.GROUPREF:
            self.moves[state].append((lambda _x: True, state))
            return state
        raise AssertionError(f"no automaton for {op}")

    def _charset(self, items: list[Any]) -> Callable[[str], bool]:
        c = self.c
        classes = {
            c.CATEGORY_DIGIT: r"\d",
            c.CATEGORY_NOT_DIGIT: r"\D",
            c.CATEGORY_SPACE: r"\s",
            c.CATEGORY_NOT_SPACE: r"\S",
            c.CATEGORY_WORD: r"\w",
            c.CATEGORY_NOT_WORD: r"\W",
        }
        negate = False
        tests: list[Callable[[str], bool]] = []
        for op, av in items:
            if op is c.NEGATE:
                negate = True
            elif op is c.LITERAL:
                tests.append(lambda x, n=av: ord(x) == n)
            elif op is c.RANGE:
                tests.append(lambda x, lo=av[0], hi=av[1]: lo <= ord(x) <= hi)
            elif op is c.CATEGORY:
                tests.append(lambda x, p=re.compile(classes[av]): p.match(x) is not None)
            else:
                raise AssertionError(f"no automaton for {op} in a set")
        return lambda x: any(t(x) for t in tests) != negate

    def closure(self, states: set[int]) -> frozenset[int]:
        out, todo = set(states), list(states)
        while todo:
            for t in self.eps[todo.pop()]:
                if t not in out:
                    out.add(t)
                    todo.append(t)
        return frozenset(out)

    def step(self, states: frozenset[int], ch: str) -> frozenset[int]:
        # Either case of a letter: what ignoring case can match, and more.
        key = (states, ch)
        if key not in self._steps:
            forms = {ch, ch.lower(), ch.upper()}
            self._steps[key] = self.closure(
                {t for s in states for test, t in self.moves[s] if any(map(test, forms))}
            )
        return self._steps[key]


_SPACES = [chr(i) for i in range(0x110000) if re.match(r"\s", chr(i))]


def _after_word(auto: _Automaton, word: str) -> tuple[frozenset[int], frozenset[int]]:
    """The states right after ``word``, and those after it and some white space."""
    states = auto.closure({0})
    for ch in word:
        states = auto.step(states, ch)
    spaced: set[int] = set()
    todo = [states]
    while todo:
        current = todo.pop()
        for sp in _SPACES:
            new = auto.step(current, sp) - spaced
            if new:
                spaced |= new
                todo.append(frozenset(new))
    return states, frozenset(spaced)


def _follower_gaps(auto: _Automaton, word: str, chars: str, words: list[str]) -> list[str]:
    """What the automaton lets follow ``word`` that FOLLOWERS does not."""
    right_after, spaced = _after_word(auto, word)
    gaps = [
        repr(ch)
        for ch in map(chr, range(128))
        if not ch.isalpha() and not ch.isspace() and ch not in chars
        if auto.step(right_after | spaced, ch)
    ]
    # The listed words as a trie walked along with the automaton: letters the trie
    # has no branch for must end the automaton too, and it may end a match (after
    # which anything may follow) only where a listed word ends.
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    todo: list[tuple[str, frozenset[int], dict[str, Any]]] = [("", spaced, trie)]
    while todo:
        letters, states, node = todo.pop()
        for ch in "abcdefghijklmnopqrstuvwxyz":
            after = auto.step(states, ch)
            if not after:
                continue
            if ch not in node:
                gaps.append(letters + ch)
            elif "" not in node[ch]:
                if auto.accept in after:
                    gaps.append(letters + ch + " (a match may end here)")
                todo.append((letters + ch, after, node[ch]))
    return gaps


def test_followers_hold_what_the_grammar_can_read_after_each_starter_word() -> None:
    assert set(grammar.FOLLOWERS) == grammar.STARTERS
    auto = _Automaton(grammar.KINDS)
    for word, (chars, words) in grammar.FOLLOWERS.items():
        gaps = _follower_gaps(auto, word, chars, words.split())
        assert not gaps, f"FOLLOWERS[{word!r}] misses {gaps[:10]}"


_FOLLOW_TEXTS = st.lists(
    st.sampled_from(
        [
            *("the", "The", "THE", "a", "An", "two", "between", "from", "first", "Last"),
            *("early", "mid", "fiscal", "Q3", "until", "twenty-first", "sixth", "this"),
            *("year", "Years", "month", "week", "weekend", "day", "days", "ago", "quarter"),
            *("half", "of", "end", "same", "current", "March", "MAR", "Mar.", "May"),
            *("Mayor", "Monday", "Mon", "today", "morning", "thousand", "Twenty", "first"),
            *("2019", "6", "15th", "60th", "1990s", " ", " ", "  ", "\n", ",", ".", "-"),
            *("–", "(", "“", "$", "é", "ſ", "K", "x", "Philippines", "China", "the2019"),
        ]
    ),
    max_size=9,
).map(" ".join)


@_SETTINGS
@given(_FOLLOW_TEXTS)
def test_a_match_from_a_starter_word_past_it_needs_the_follow_pattern(text: str) -> None:
    # dates._matches skips a starter word when the follow pattern fails there: a
    # match from it that reads the first character after the word and white space
    # would be lost.
    follows = grammar.follow_pattern()
    for start in grammar.starters(text, 0, len(text)):
        word = grammar.WORD.match(text, start)
        assert word is not None
        nxt = re.compile(r"\s*").match(text, word.end())
        assert nxt is not None
        for pattern in (grammar.full_grammar(), grammar.grammar_at(text, start)):
            m = pattern.match(text, start) if pattern is not None else None
            if m is not None and m.end() > nxt.end():
                assert follows.match(text, start), (text, start, m)


def test_every_starter_word_and_next_word_that_match_pass_the_follow_pattern() -> None:
    follows = grammar.follow_pattern()
    listed = {w for _, words in grammar.FOLLOWERS.values() for w in words.split()}
    names = [w.capitalize() for w in (*grammar.MONTHS, *grammar.WEEKDAYS)]
    nexts = sorted({*listed, *names, "Sept.", "2019", "6", "the first", "fourth", "same"})
    tails = ["", " 2019", " ago", " of March 2019", " quarter", " year", " March 2019"]
    for word in sorted(grammar.STARTERS):
        for nxt in nexts:
            for sep in (" ", "\n"):
                for tail in tails:
                    text = f"{word}{sep}{nxt}{tail}"
                    for pattern in (grammar.full_grammar(), grammar.grammar_at(text, 0)):
                        m = pattern.match(text) if pattern is not None else None
                        if m is not None and m.end() > len(word) + 1:
                            assert follows.match(text), (text, m)


_DIGIT_TEXTS = st.lists(
    st.sampled_from(
        [
            *("1", "6", "12", "31", "123", "2019", "1999", "2100", "20190", "٣", "٢٠١٩", "¹"),
            *(" ", "-", "–", "/", ".", ",", ":", "%", "$", "st", "th", "x", "_", "\n", " to "),
            *(" March", " Mar.", " of May", "-4 March", " years ago", " and ", "–20", "/06/"),
        ]
    ),
    max_size=8,
).map("".join)


@_SETTINGS
@given(_DIGIT_TEXTS)
def test_a_run_of_digits_is_read_by_the_kinds_for_its_length(text: str) -> None:
    whole = grammar._grammar_for("digit")
    for run in re.finditer(r"\d+", text):
        part = grammar.grammar_for_digits(run.end() - run.start())
        a = whole.match(text, run.start())
        b = part.match(text, run.start()) if part is not None else None
        assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup)), text


@_SETTINGS
@given(
    st.lists(st.tuples(st.integers(-5, 40), st.integers(-5, 40)), max_size=8),
    st.integers(0, 35),
)
def test_merged_ranges_are_the_runs_of_the_characters_they_cover(
    ranges: list[tuple[int, int]], n: int
) -> None:
    covered = sorted({i for lo, hi in ranges for i in range(max(lo, 0), min(hi, n))})
    plain: list[tuple[int, int]] = []
    for i in covered:
        if plain and plain[-1][1] == i:
            plain[-1] = (plain[-1][0], i + 1)
        else:
            plain.append((i, i + 1))
    assert merged(ranges, n) == plain


_CONTEXT_TEXTS = st.lists(
    st.sampled_from(
        [
            *("in", "In", "since", "mid", "of", "x", "é", "ſ", "K", "İ", "2019", "May", "1"),
            *(" ", "  ", "-", "--", "\n", "\u00a0", "\u2003", ".", ",", "(", "’", "_"),
        ]
    ),
    max_size=12,
).map("".join)


@_SETTINGS
@given(_CONTEXT_TEXTS)
def test_the_word_before_is_read_like_the_prev_word_pattern(text: str) -> None:
    for start in range(len(text) + 1):
        m = grammar.PREV_WORD.search(text, max(0, start - 24), start)
        assert dates._prev_word(text, start) == (m and m.group(1)), (text, start)


_AMOUNT_TEXTS = st.lists(
    st.sampled_from(
        [
            *("12", "1", "2019", ".", ",", ".5", ",000", "%", " ", "  ", "\n", "\u2009"),
            *("per cent", "percent", "Per Cent", "million", "MLN", "mn", "bn", "tn", "bln"),
            *("billion", "trillion", "thousand", "Thousand", "people", "months", "m", "p"),
            *("t", "b", "$", "€", "x", "ſ", "K", "İ", "-"),
        ]
    ),
    max_size=8,
).map("".join)


@_SETTINGS
@given(_AMOUNT_TEXTS)
def test_amount_check_agrees_with_the_amount_pattern(text: str) -> None:
    for run in re.finditer(r"\d+", text):
        start, end = run.span()
        plain = (start > 0 and text[start - 1] in "$€£¥₩₹₽") or (
            dates._AMOUNT_AFTER.match(text, end) is not None
        )
        assert dates._is_amount(text, start, end) == plain, (text, start, end)


_RUN_TEXTS = st.lists(
    st.sampled_from(
        [
            *("1", "6", "12", "31", "2019", "٣", " ", "  ", "\n", "\u00a0", "\u2009", "/", "."),
            *("-", "–", "—", "&", ",", ")", "%", "x", "st", "th", "nd", "rd", "ſt", "to", "and"),
            *(" March", " MAR", " Mar.", " of", " OF", " people", " Member", " years", " Year"),
            *(" months", " weeks", " days", " ago", " until", " till", " through", " to "),
            *(" and ", " & ", " - ", " Monday", " the", " million", " Jan", " Oct", " Dec"),
        ]
    ),
    max_size=8,
).map("".join)


@_SETTINGS
@given(_RUN_TEXTS)
def test_a_short_run_of_digits_is_skipped_only_where_its_kinds_cannot_match(text: str) -> None:
    for run in re.finditer(r"\d+", text):
        start, end = run.span()
        fast = grammar.grammar_for_digit_run(text, start, end)
        slow = grammar.grammar_for_digits(end - start)
        assert fast is None or fast is slow
        if fast is None and slow is not None:
            assert slow.match(text, start) is None, (text, start)


def test_the_starts_only_the_kinds_listed_for_it() -> None:
    # Every other kind's automaton dies on "the" and any character that ends a word.
    ends = [ch for ch in map(chr, range(128)) if not re.match(r"[\w'’-]", ch)]
    ends += [*_SPACES, "“", "”", "—", "–", "«", "…", "\u00ad", "\u200b"]
    for kind, pattern in grammar.KINDS:
        if kind in grammar.THE_KINDS:
            continue
        auto = _Automaton([(kind, pattern)])
        states = auto.closure({0})
        for ch in "the":
            states = auto.step(states, ch)
        assert auto.accept not in states, kind
        alive = [repr(ch) for ch in ends if auto.step(states, ch)]
        assert not alive, f"{kind} can start with 'the' then {alive[:5]}"


_THE_TEXTS = st.lists(
    st.sampled_from(
        [
            *("the", "The", "THE", "tHe", "first", "last", "end", "beginning", "day", "year"),
            *("month", "week", "current", "previous", "same", "quarter", "half", "of", "before"),
            *("after", "yesterday", "tomorrow", "twenty-first", "March", "2019", "5", "Monday"),
            *(" ", "  ", "\n", ",", ".", "(", "’", "'", "-", "x", "ſ", "these", "then", "there"),
        ]
    ),
    max_size=9,
).map(" ".join)


@_SETTINGS
@given(_THE_TEXTS)
def test_the_grammar_for_the_matches_like_the_whole_grammar(text: str) -> None:
    for start in range(len(text)):
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue  # grammar_at is asked at the start of a word
        part = grammar.grammar_at(text, start)
        a = grammar.full_grammar().match(text, start)
        b = part.match(text, start) if part is not None else None
        assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup)), (text, start)


_FOLLOWS_TEXTS = st.lists(
    st.sampled_from(
        [
            *("the", "The", "tHE", "two", "between", "From", "twenty-first", "Q3", "fy", "till"),
            *("early", "mid", "this", "end", "final", "current", "the'", "theé", "ſix", "K"),
            *("March", "Marchers", "mar", "Ma", "M", "Monday", "mon", "of", "OF", "o", "year"),
            *("years", "y", "half", "quarter", "thousand", "morning", "tonight", "the2019"),
            *("1", "2019", "-", "–", "’", "'", "é", ",", ".", "(", "x", "_", "ǅ"),
            *(" ", "  ", "\n", "\t", "\u00a0", "\u2009", "\x1c", "\u3000"),
        ]
    ),
    max_size=8,
).map("".join)


@_SETTINGS
@given(_FOLLOWS_TEXTS | st.text(max_size=30))
def test_follows_answers_like_the_follow_pattern(text: str) -> None:
    # dates._matches asks follows() where it asked the pattern; the pattern is kept as
    # the reference (tests/test_dates_scan.py derives it from the grammar).
    pattern = grammar.follow_pattern()
    for start in range(len(text) + 1):
        want = pattern.match(text, start) is not None
        assert grammar.follows(text, start) == want, (text, start)


def test_the_follow_pattern_is_compiled_only_after_the_first_documents() -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(grammar, "_asked", 0)
        firsts = [grammar.follow_test() for _ in range(grammar._PATTERN_AFTER)]
        assert firsts == [grammar.follows] * grammar._PATTERN_AFTER
        assert grammar.follow_test() == grammar.follow_pattern().match


@_SETTINGS
@given(_FOLLOWS_TEXTS.map(lambda s: f"{s} 2019 {s} March"))
def test_dates_are_found_alike_before_and_after_the_pattern_is_compiled(text: str) -> None:
    from dipevents import dates

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(grammar, "_asked", 0)
        mp.setattr(grammar, "_PATTERN_AFTER", 1)
        before = dates.find(text)
        after = dates.find(text)
    assert before == after
