"""Every rule is data with an example that fires it: a dead rule fails here by name."""

from __future__ import annotations

import json
from importlib import resources

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from dipevents.matching import Matchers, RuleError, load_cues, load_rules, make_nlp
from dipevents.status import status_of

NLP = make_nlp()
MATCHERS = Matchers(NLP.vocab)
TRIGGERS = load_rules("triggers.jsonl")
CUES = load_cues()


@pytest.mark.parametrize("rule", TRIGGERS, ids=[r.id for r in TRIGGERS])
def test_trigger_example_fires_its_rule(rule) -> None:  # type: ignore[no-untyped-def]
    hits = {h.rule for h in MATCHERS.triggers(NLP(rule.example))}
    assert rule.id in hits, f"{rule.id} does not fire on its own example {rule.example!r}"


@pytest.mark.parametrize("rule", CUES, ids=[r.id for r in CUES])
def test_cue_example_fires_its_rule(rule) -> None:  # type: ignore[no-untyped-def]
    hits = {h.rule for h in MATCHERS.cues(NLP(rule.example))}
    assert rule.id in hits, f"{rule.id} does not fire on its own example {rule.example!r}"


def test_rule_ids_are_unique_and_records_complete() -> None:
    for name in ("triggers.jsonl", "status.jsonl"):
        text = resources.files("dipevents.rules").joinpath(name).read_text(encoding="utf-8")
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
        ids = [r["id"] for r in records]
        assert len(ids) == len(set(ids)), name
        assert all(r.get("example") for r in records), name


def test_in_lists_stay_inside_one_pattern() -> None:
    # One pattern per word measured 3x slower: keep word lists as IN sets.
    assert len(TRIGGERS) < 60


def test_invalid_pattern_is_reported_with_the_rule_id(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dipevents import matching

    bad = matching.TriggerRule("bad-rule", "Meeting", "assert", ({"LOWERR": "met"},), "x")
    monkeypatch.setattr(matching, "load_rules", lambda name: (bad,))
    with pytest.raises(RuleError, match="bad-rule"):
        matching.Matchers(spacy.blank("en").vocab)


@pytest.mark.parametrize(
    ("sentence", "trigger", "etype", "expected"),
    [
        ("Portugal will open an embassy in Nairobi.", "open", "EmbassyOpening", "planned"),
        (
            "The ministry denied reports that it would open a consulate in Lagos.",
            "open",
            "EmbassyOpening",
            "denied",
        ),
        (
            "The officials discussed opening a consulate in Lagos.",
            "opening",
            "EmbassyOpening",
            "proposed",
        ),
        ("The president invited his counterpart to visit Minsk.", "visit", "Meeting", "proposed"),
        ("The summit was cancelled at the last minute.", "summit", "Meeting", "denied"),
        ("The ministers met in Hanoi on Tuesday.", "met", "Meeting", "occurred"),
        (
            "It was an honour to receive the minister, but the visit was short.",
            "visit",
            "Meeting",
            "occurred",
        ),
        ("After the talks, the ministers signed a memorandum.", "signed", "Agreement", "occurred"),
        (
            "Local media claimed that a consulate had opened in Lagos.",
            "opened",
            "EmbassyOpening",
            "claim",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) > 12 else None,
)
def test_status_cues_reach_their_triggers(
    sentence: str, trigger: str, etype: str, expected: str
) -> None:
    doc = NLP(sentence)
    tok = next(t for t in doc if t.text == trigger)
    assert status_of(tok.i, etype, MATCHERS.cues(doc), MATCHERS.cue_rules) == expected


def test_line_breaks_start_sentences() -> None:
    doc = NLP("Ministers meet in Astana\nASTANA, 14 February (Kazinform) – The ministers met.")
    assert next(s.text.strip() for s in doc.sents) == "Ministers meet in Astana"


EQUIVALENCE_TEXTS = [
    *(r.example for r in TRIGGERS),
    *(r.example for r in CUES),
    "The chancellor is set to visit Ghana in June, but the talks were cancelled.",
    "They held a phone call on Monday and will not meet the expectations of the two peoples.",
    "A summit between the leaders, which had been planned for June, was called off; "
    "no plans remain.",
    "India opened a consulate - general in Chicago and Canada re-opened its embassy in Caracas.",
    # ORTH anchors whose lowercase no LOWER rule lists: found by their LOWER all the same
    "The Lima Dialog closed with the Hanoi Communique and the Paris Communiqué.",
]


@pytest.mark.parametrize("text", EQUIVALENCE_TEXTS)
def test_compiled_rules_match_like_spacy_matcher(text: str) -> None:
    """The anchor index finds, for every rule and start, the longest match spaCy finds."""
    _assert_matches_like_spacy(NLP(text))


def _assert_matches_like_spacy(doc: spacy.tokens.Doc) -> None:
    from spacy.matcher import Matcher

    for rules, ours in ((TRIGGERS, MATCHERS.triggers(doc)), (CUES, MATCHERS.cues(doc))):
        reference = Matcher(NLP.vocab)
        for r in rules:
            reference.add(r.id, [list(r.pattern)])
        longest: dict[tuple[str, int], int] = {}
        for mid, s, e in reference(doc):
            key = (NLP.vocab.strings[mid], s)
            longest[key] = max(e, longest.get(key, e))
        assert {(h.rule, h.start, h.end) for h in ours} == {
            (r, s, e) for (r, s), e in longest.items()
        }


@pytest.mark.parametrize("text", EQUIVALENCE_TEXTS)
def test_rules_read_off_token_arrays_match_the_same(text: str) -> None:
    """The fast path (a Doc's shared arrays, one anchor walk for both rule sets) agrees."""
    from dipevents.matching import TokenArrays

    doc = NLP(text)
    arrays = TokenArrays.of(doc)
    assert MATCHERS.triggers(doc, arrays) == MATCHERS.triggers(doc)
    assert MATCHERS.cues(doc, arrays) == MATCHERS.cues(doc)


_TEXTS = st.lists(
    st.sampled_from(
        [*"abcXYZ .,!?;:'\"()-\n\t", " Mr. ", " U.S. ", "...", " 3.5 ", "\n\n", " !? ", "\u2019"]
    ),
    max_size=40,
).map("".join)


@given(_TEXTS)
@settings(max_examples=300, deadline=None)
def test_token_flags_are_the_lexemes_flags(text: str) -> None:
    from spacy.attrs import IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER

    from dipevents.matching import TokenArrays

    doc = NLP.make_doc(text)
    arrays = TokenArrays.of(doc)
    if len(doc):
        want = doc.to_array([IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER]).T.tolist()
        assert [arrays.punct, arrays.space, arrays.title, arrays.upper] == want


@given(_TEXTS)
@settings(max_examples=300, deadline=None)
def test_sentence_starts_follow_the_sentencizer_rule(text: str) -> None:
    """After a final mark and the punctuation behind it, and after every line break."""
    from spacy.pipeline import Sentencizer

    from dipevents.matching import TokenArrays, sentence_start_list, sentence_starts

    doc = NLP.make_doc(text)
    marks = set(Sentencizer.default_punct_chars)
    want = {0} if len(doc) else set()
    for tok in doc:
        if tok.text in marks:
            j = tok.i + 1
            while j < len(doc) and (doc[j].is_punct or doc[j].is_space):
                j += 1
            if j < len(doc):
                want.add(j)
        if tok.is_space and "\n" in tok.text and tok.i + 1 < len(doc):
            want.add(tok.i + 1)
    arrays = TokenArrays.of(doc)
    assert sentence_start_list(arrays, text) == sorted(want)
    assert sentence_start_list(arrays) == sorted(want)
    assert [i for i, m in enumerate(sentence_starts(doc).tolist()) if m == 1] == sorted(want)


def test_token_flags_survive_a_memo_that_starts_over(monkeypatch: pytest.MonkeyPatch) -> None:
    from spacy.attrs import IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER

    from dipevents import matching

    monkeypatch.setattr(matching, "_FLAG_MEMO_MAX", 3)
    doc = NLP.make_doc("The Minister met NATO envoys in Oslo , and left .\n\nThen ?")
    arrays = matching.TokenArrays.of(doc)
    want = doc.to_array([IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER]).T.tolist()
    assert [arrays.punct, arrays.space, arrays.title, arrays.upper] == want
    starts = [s.start for s in NLP(doc.text).sents]
    assert matching.sentence_start_list(arrays, doc.text) == starts


def _pattern_words() -> list[str]:
    words: set[str] = set()
    for rule in (*TRIGGERS, *CUES):
        for spec in rule.pattern:
            for attr in ("LOWER", "ORTH", "TEXT"):
                value = spec.get(attr)
                if isinstance(value, str):
                    words.add(value)
                elif isinstance(value, dict):
                    words.update(value.get("IN") or ())
    return sorted(words)


_WORD = st.sampled_from(_pattern_words()).flatmap(
    lambda w: st.sampled_from(sorted({w, w.lower(), w.upper(), w.title()}))
)
_RULE_TEXTS = st.lists(
    _WORD | st.sampled_from([*".!?,;-\n", "Mr.", "Kenya", "the", "to", "\n\n", "...", "3.5"]),
    max_size=40,
).map(" ".join)


@given(_RULE_TEXTS, st.integers(0, 40), st.integers(0, 40))
@settings(max_examples=300, deadline=None)
def test_rules_on_token_arrays_agree_on_rule_words(text: str, lo: int, hi: int) -> None:
    """The anchor table (16 bits of a hash, then an exact test) misses no match and no
    sentence end: rule words in any case, next to sentence-final marks."""
    from dipevents.matching import TokenArrays, sentence_start_list

    doc = NLP.make_doc(text)
    arrays = TokenArrays.of(doc)
    assert MATCHERS.triggers(doc, arrays) == MATCHERS.triggers(doc)
    assert MATCHERS.cues(doc, arrays) == MATCHERS.cues(doc)
    span = (min(lo, hi, len(doc)), min(max(lo, hi), len(doc)))
    assert MATCHERS.cues(doc, arrays, span) == MATCHERS.cues(doc, None, span)
    ends = MATCHERS.sentence_ends(arrays)
    assert sentence_start_list(arrays, text, ends) == sentence_start_list(arrays, text)
    assert ends == [i for i, t in enumerate(doc) if t.text in MARKS]


MARKS = frozenset(__import__("spacy.pipeline", fromlist=["x"]).Sentencizer.default_punct_chars)


@given(_TEXTS | _RULE_TEXTS)
@settings(max_examples=300, deadline=None)
def test_sentences_are_the_sentencizers_spans_stripped(text: str) -> None:
    """``_sentences`` read off arrays equals the Doc's own sentences, white space cut."""
    from dipevents.extract import _Sent, _sentences
    from dipevents.matching import TokenArrays

    doc = NLP(text)
    want = []
    for k, sent in enumerate(doc.sents):
        lo = doc[sent.start].idx
        hi = doc[sent.end].idx if sent.end < len(doc) else len(text)
        body = text[lo:hi].strip()
        if body:
            start = lo + text[lo:hi].index(body)
            want.append(_Sent(k, start, start + len(body), sent.start, sent.end, body))
    plain = NLP.make_doc(text)
    assert _sentences(plain, text, TokenArrays.of(plain), True, MATCHERS) == want
    assert _sentences(plain, text, TokenArrays.of(plain), True) == want
    assert _sentences(doc, text, TokenArrays.of(doc)) == want


@given(_RULE_TEXTS)
@settings(max_examples=300, deadline=None)
def test_compiled_rules_match_like_spacy_matcher_on_rule_words(text: str) -> None:
    """Word runs, wildcards and optional tokens (``_longest``) end where spaCy's do."""
    _assert_matches_like_spacy(NLP.make_doc(text))
