"""extract_events end to end: a case table of our own sentences, bad input, properties."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipevents import Meeting, extract, extract_events
from dipevents.evaluate import strict_match
from dipevents.extract import _Phrases
from dipevents.merge import Candidate
from dipevents.model import Event
from tests.conftest import CASES, ROOT

CASE_ROWS = [
    json.loads(line) for line in (CASES / "extract.jsonl").read_text().splitlines() if line.strip()
]


@pytest.mark.parametrize("case", CASE_ROWS, ids=[c["id"] for c in CASE_ROWS])
def test_extract_case_table(case: dict) -> None:  # type: ignore[type-arg]
    got = [e.to_dict(evidence=False) for e in extract_events(case["text"], case["published"])]
    want = case["expected"]
    unmatched = list(got)
    for g in want:
        hit = next((p for p in unmatched if strict_match(p, g)), None)
        assert hit is not None, f"missing {g} in {got}"
        unmatched.remove(hit)
    assert not unmatched, f"unexpected {unmatched}"


@pytest.mark.parametrize("bad", [b"Chile opened an embassy.", None, 42, ["text"]])
def test_non_str_text_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        extract_events(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["not a date", "2018-13-01", "06/09/2018"])
def test_bad_published_is_a_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match="published must be an ISO date"):
        extract_events("The ministers met in Minsk.", published=bad)


def test_published_of_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="published must be"):
        extract_events("The ministers met.", published=20180906)


@pytest.mark.parametrize("empty", ["", "   ", "\n\n"])
def test_empty_text_gives_no_events(empty: str) -> None:
    assert extract_events(empty) == []


def test_published_accepts_date_and_string_alike() -> None:
    text = "The Kenyan president met the Norwegian prime minister in Oslo on Friday."
    a = extract_events(text, published=dt.date(2022, 6, 13))
    b = extract_events(text, published="2022-06-13")
    assert a == b and isinstance(a[0], Meeting) and str(a[0].date) == "2022-06-10"


NEWSY = st.lists(
    st.sampled_from(
        [
            "Chile opened an embassy in Hanoi in 1998.",
            "The ministers met in Hanoi on Tuesday.",
            "Chilean exports to Vietnam reached $31 million last year.",
            "Portugal will open an embassy in Nairobi.",
            "They signed a memorandum.",
            "\n",
            "ASTANA, 14 February (Kazinform) –",
        ]
    )
    | st.text(max_size=60),
    max_size=8,
).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY, st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
def test_never_raises_and_evidence_slices_to_sentences(
    text: str, published: dt.date | None
) -> None:
    for event in extract_events(text, published):
        assert event.evidence, event
        spans = [(s.start, s.end) for s in event.evidence]
        assert spans == sorted(spans)
        for s in event.evidence:
            assert 0 <= s.start < s.end <= len(text)
            piece = text[s.start : s.end]
            assert piece == piece.strip()
        assert type(event).from_dict(event.to_dict()) == event


def test_examples_folder_articles_are_ours_and_extract() -> None:
    for path in sorted((ROOT / "examples").glob("*.txt")):
        events = extract_events(Path(path).read_text(encoding="utf-8"))
        assert events, path.name


def test_long_text_is_read_in_blocks_with_offsets_into_the_whole_text() -> None:
    from dipevents.extract import _BLOCK_CHARS

    article = "Ireland opened an embassy in Manila in 2019.\n\n"
    filler = "The weather was mild and the markets were calm that week.\n\n"
    text = filler * (2 * _BLOCK_CHARS // len(filler)) + article + filler * 50
    events = extract_events(text)
    assert [e.type for e in events] == ["EmbassyOpening"]
    (span,) = events[0].evidence
    assert text[span.start : span.end] == article.strip()


def test_case_insensitive_cues_read_the_same_with_and_without_the_lowered_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fast path (patterns on the lower-cased text) equals plain re.IGNORECASE."""
    from dipevents import extract

    texts = [(r["text"], r.get("published")) for r in CASE_ROWS]
    articles = sorted((ROOT / "examples").glob("*.txt"))
    texts += [(p.read_text(encoding="utf-8"), None) for p in articles]
    fast = [[e.to_dict() for e in extract_events(t, p)] for t, p in texts]
    monkeypatch.setattr(extract._Document, "lowered", None)
    slow = [[e.to_dict() for e in extract_events(t, p)] for t, p in texts]
    assert fast == slow


def test_phrase_patterns_must_be_lower_case() -> None:
    from dipevents.extract import _Phrases

    with pytest.raises(ValueError, match="lower case"):
        _Phrases(r"\bMinister\b")


def _phrase_patterns() -> list[tuple[str, _Phrases]]:
    return [(k, v) for k, v in sorted(vars(extract).items()) if isinstance(v, _Phrases)]


# Pieces the texts are built from: the phrases' own words (so that matches happen),
# parts of words, and the characters a word boundary turns on.
_PHRASE_PIECES = sorted(
    {w for _k, p in _phrase_patterns() for w in re.findall(r"[a-z]+", p.ci.pattern)}
    | {"s", "ed", "x", "_", "1", "é", " ", "  ", ", ", ". ", ";", "\n", "-", "’s"}
)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PHRASE_PIECES), max_size=40),
    cut=st.tuples(st.integers(0, 400), st.integers(0, 400)),
)
def test_phrase_search_equals_the_plain_pattern_on_the_window(
    pieces: list[str], cut: tuple[int, int]
) -> None:
    """A leading \\b is checked by hand (see _Phrases): the first match is the same."""

    class Doc:
        text = "".join(pieces)
        lowered = text

    lo, hi = sorted(cut)
    for name, phrases in _phrase_patterns():
        plain = re.compile(phrases.ci.pattern)
        m = plain.search(Doc.text[lo:hi])
        expected = None if m is None else lo + m.start()
        assert phrases.start(Doc, lo, hi) == expected, name


def _examples(pattern: str) -> list[str]:
    """Strings the pattern's parts spell: every alternative, repeats at their least and one
    more, a sample of each character class. (Test-only use of the parser of ``re``.)"""
    import itertools

    try:
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse as parser
    c = parser  # the constants live beside the parser
    samples = {
        c.CATEGORY_SPACE: [" ", "\n"],
        c.CATEGORY_WORD: ["x"],
        c.CATEGORY_DIGIT: ["2"],
    }

    def chars(items: list[tuple[object, object]]) -> list[str]:
        if items and items[0][0] is c.NEGATE:
            banned = "".join(chars(items[1:]))
            return [ch for ch in (" ", "x", ",", "\n") if ch not in banned][:2]
        out: list[str] = []
        for op, av in items:
            if op is c.LITERAL:
                out.append(chr(av))  # type: ignore[arg-type]
            elif op is c.RANGE:
                out.append(chr(av[0]))  # type: ignore[index]
            elif op is c.CATEGORY:
                out.extend(samples[av])
        return out

    def seq(items: list[tuple[object, object]]) -> list[str]:
        parts = [one(op, av) for op, av in items]
        return ["".join(p) for p in itertools.product(*parts)]

    def one(op: object, av: object) -> list[str]:
        if op is c.LITERAL:
            return [chr(av)]  # type: ignore[arg-type]
        if op is c.IN:
            return chars(av)  # type: ignore[arg-type]
        if op is c.NOT_LITERAL:  # "[^.]"
            return [ch for ch in (" ", "x") if ch != chr(av)][:1]  # type: ignore[arg-type]
        if op is c.AT:
            return [""]  # what it asserts is left to the real pattern
        if op is c.SUBPATTERN:
            return seq(list(av[-1]))  # type: ignore[index]
        if op is c.BRANCH:
            return [x for alt in av[1] for x in seq(list(alt))]  # type: ignore[index]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, hi, body = av  # type: ignore[misc]
            once = seq(list(body))
            counts = {lo, lo + 1} if hi > lo else {lo}
            return ["".join(p) for n in sorted(counts) for p in itertools.product(once, repeat=n)]
        raise AssertionError(f"no sample for {op}")

    return seq(list(parser.parse(pattern)))


@pytest.mark.parametrize("name", [k for k, p in _phrase_patterns() if p.needs or p.ends])
def test_phrase_prefilters_let_every_match_through(name: str) -> None:
    """``needs`` and ``ends`` only skip windows the pattern cannot match in: every
    alternative of the pattern, in a few surroundings, is found as the plain pattern
    finds it."""
    phrases = getattr(extract, name)
    plain = re.compile(phrases.ci.pattern)
    found = 0
    for example in _examples(phrases.ci.pattern):
        for text in (example, f"x {example}", f"{example} ", f"a, {example}  \n"):

            class Doc:
                lowered = text

            m = plain.search(text)
            assert phrases.start(Doc, 0, len(text)) == (None if m is None else m.start()), text
            found += m is not None
    assert found > 0


def _candidates() -> st.SearchStrategy[Candidate]:
    """Merged candidates as the rules leave them, with now and then a value no rule makes
    (an unknown status, code, flow or mission, a range) to take the checked path."""
    from tests.strategies import CODES, money, names, partial_dates

    code = st.sampled_from((*CODES, "kor", "XX"))
    odd = st.sampled_from(("claim", "assert", "mission", "KOR\n"))
    maybe = st.none() | code

    def build(draw: st.DrawFn) -> Candidate:
        kind = draw(st.sampled_from(("Meeting", "Agreement", "EmbassyOpening", "TradeFigure")))
        spans = draw(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=1))
        spans = [(a, a + b) for a, b in spans]
        c = Candidate(
            kind,
            0,
            spans[0],
            draw(st.sampled_from(("occurred", "planned", "proposed", "denied")) | odd),
            frozenset(draw(st.lists(code, max_size=3))),
            date=draw(st.none() | partial_dates()),
            location=draw(st.none() | names),
            people=draw(st.lists(names, max_size=3)),
            flow=draw(st.sampled_from(("export", "turnover")) | odd),
            exporter=draw(maybe),
            importer=draw(maybe),
            money=draw(money),
            period=draw(st.none() | partial_dates()),
            sender=draw(maybe),
            host=draw(maybe),
            city=draw(st.none() | names),
            mission=draw(st.sampled_from(("embassy", "consulate")) | odd),
        )
        c.spans = spans
        return c

    return st.composite(build)()


@settings(max_examples=500, deadline=None)
@given(c=_candidates())
def test_freeze_builds_what_the_constructors_build(c: Candidate) -> None:
    """``_freeze`` skips the model's converters and validators, and must not show it."""
    from dipevents.extract import _freeze, _freeze_checked

    def outcome(freeze: Callable[[Candidate], Event | None]) -> object:
        try:
            e = freeze(copy.deepcopy(c))
        except ValueError as err:
            return str(err)
        return None if e is None else (type(e), e, hash(e), repr(e), e.to_dict())

    assert outcome(_freeze) == outcome(_freeze_checked)


def test_going_to_prefilter_lets_every_match_through() -> None:
    """``_GOING_TO`` is searched only where ``_GOING_TO_WORDS`` is found: every
    alternative of it must hold one of those words."""
    found = 0
    for example in _examples(extract._GOING_TO.pattern):
        for text in (example, f"They {example} again", f"x, {example}."):
            if extract._GOING_TO.search(text) is not None:
                found += 1
                assert extract._GOING_TO_WORDS.search(text) is not None, text
    assert found > 0
