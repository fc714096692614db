"""Rules as data, compiled once into spaCy matchers.

The rule files in ``dipevents/rules`` are JSON Lines: one record a rule, each with an
``id``, a spaCy token ``pattern`` and an ``example`` sentence that fires it (a test
runs every example, so a dead rule shows up). ``triggers.jsonl`` holds event
triggers, ``status.jsonl`` the status cues in the manner of ConText (cue, category,
direction, scope).

Example:
    >>> rules = load_rules("triggers.jsonl")
    >>> sorted({r.type for r in rules})[:2]
    ['Agreement', 'EmbassyOpening']
"""

from __future__ import annotations

import bisect
import functools
import json
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from typing import Any, Literal, NamedTuple, cast

import attrs
import numpy
from spacy.attrs import IDX, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

RuleKind = Literal["assert", "instrument", "block", "turnover", "export", "mission", "open"]
Direction = Literal["forward", "backward", "bidirectional", "both"]
_KINDS = ("assert", "instrument", "block", "turnover", "export", "mission", "open")
_TYPES = ("Meeting", "Agreement", "TradeFigure", "EmbassyOpening")
_CATEGORIES = ("planned", "proposed", "denied", "claim", "terminate")
_DIRECTIONS = ("forward", "backward", "bidirectional", "both")


class RuleError(ValueError):
    """A rule file holds a record that is not a valid rule."""


@attrs.frozen
class TriggerRule:
    """A trigger: a pattern that marks where an event of ``type`` may be stated."""

    id: str
    type: str
    kind: RuleKind
    pattern: tuple[dict[str, Any], ...]
    example: str


@attrs.frozen
class CueRule:
    """A status cue (ConText): ``category`` applies to triggers in ``direction``
    within ``scope`` tokens, for the event ``types`` listed (all when empty)."""

    id: str
    category: str
    direction: Direction
    scope: int
    pattern: tuple[dict[str, Any], ...]
    example: str
    types: tuple[str, ...] = ()


class Hit(NamedTuple):
    """One rule match: token offsets ``[start, end)`` in the Doc.

    A named tuple, not an attrs class: a Doc makes dozens, and a frozen attrs
    instance costs three times as much to build.
    """

    rule: str
    start: int
    end: int


def _read_jsonl(name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    text = resources.files("dipevents.rules").joinpath(name).read_text(encoding="utf-8")
    for no, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield no, json.loads(line)
            except json.JSONDecodeError as err:
                raise RuleError(f"{name}:{no}: not JSON: {err}") from None


def _require(name: str, no: int, rec: dict[str, Any], key: str, allowed: Sequence[str]) -> str:
    value = rec.get(key)
    if value not in allowed:
        raise RuleError(
            f"{name}:{no} (rule {rec.get('id')!r}): {key} must be one of "
            f"{', '.join(allowed)}; got {value!r}"
        )
    return str(value)


def _check_common(name: str, no: int, rec: dict[str, Any], seen: set[str]) -> None:
    for key in ("id", "pattern", "example"):
        if key not in rec:
            raise RuleError(f"{name}:{no}: a rule needs {key!r}; got keys {sorted(rec)}")
    if rec["id"] in seen:
        raise RuleError(f"{name}:{no}: duplicate rule id {rec['id']!r}")
    seen.add(rec["id"])
    if not isinstance(rec["pattern"], list) or not rec["pattern"]:
        raise RuleError(f"{name}:{no} (rule {rec['id']!r}): pattern must be a non-empty list")


@functools.cache
def load_rules(name: str) -> tuple[TriggerRule, ...]:
    """Read and check a trigger rule file from the package.

    Raises:
        RuleError: a record lacks a field or has a value out of range.
    """
    out: list[TriggerRule] = []
    seen: set[str] = set()
    for no, rec in _read_jsonl(name):
        _check_common(name, no, rec, seen)
        out.append(
            TriggerRule(
                id=rec["id"],
                type=_require(name, no, rec, "type", _TYPES),
                kind=_require(name, no, rec, "kind", _KINDS),  # type: ignore[arg-type]
                pattern=tuple(rec["pattern"]),
                example=rec["example"],
            )
        )
    return tuple(out)


@functools.cache
def load_cues(name: str = "status.jsonl") -> tuple[CueRule, ...]:
    """Read and check the status cue file.

    Raises:
        RuleError: a record lacks a field or has a value out of range.
    """
    out: list[CueRule] = []
    seen: set[str] = set()
    for no, rec in _read_jsonl(name):
        _check_common(name, no, rec, seen)
        scope = rec.get("scope", 12)
        if not isinstance(scope, int) or scope < 0:
            raise RuleError(f"{name}:{no}: scope must be a whole number >= 0, got {scope!r}")
        types = tuple(rec.get("types") or ())
        for t in types:
            _require(name, no, {"types": t, "id": rec["id"]}, "types", _TYPES)
        out.append(
            CueRule(
                id=rec["id"],
                category=_require(name, no, rec, "category", _CATEGORIES),
                direction=_require(name, no, rec, "direction", _DIRECTIONS),  # type: ignore[arg-type]
                scope=scope,
                pattern=tuple(rec["pattern"]),
                example=rec["example"],
                types=types,
            )
        )
    return tuple(out)


_UNBOUNDED = 10  # how far "*" and "+" may reach when a window is cut around an anchor


def _reach(spec: dict[str, Any]) -> tuple[int, int]:
    """Least and most tokens one pattern token spec can match."""
    op = spec.get("OP")
    if op is None or op == "!":
        return (0, 0) if op == "!" else (1, 1)
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, _UNBOUNDED
    if op == "+":
        return 1, _UNBOUNDED
    lo, _, hi = str(op).strip("{}").partition(",")
    return int(lo or 0), int(hi) if hi else _UNBOUNDED


def _anchor_words(spec: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The attribute ("LOWER" or "ORTH") and words a required token spec pins down."""
    if _reach(spec)[0] < 1:
        return None
    for attr, key in (("LOWER", "LOWER"), ("ORTH", "ORTH"), ("TEXT", "ORTH")):
        value = spec.get(attr)
        if isinstance(value, str):
            return key, [value]
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            return key, [str(v) for v in value["IN"]]
    return None


_FLAGS = {
    "IS_TITLE": "is_title",
    "IS_UPPER": "is_upper",
    "IS_ALPHA": "is_alpha",
    "IS_PUNCT": "is_punct",
    "IS_DIGIT": "is_digit",
}


def _fixed_test(spec: dict[str, Any], strings: Any) -> tuple[str, Any] | None:
    """A direct test for a token spec with no operator and one plain attribute."""
    if len(spec) != 1:
        return None
    ((attr, value),) = spec.items()
    if attr in _FLAGS and isinstance(value, bool):
        return "flag", (_FLAGS[attr], value)
    if attr in ("LOWER", "ORTH", "TEXT"):
        words = [value] if isinstance(value, str) else (value or {}).get("IN")
        if isinstance(words, list):
            key = "lower" if attr == "LOWER" else "orth"
            return key, frozenset(strings.add(w.lower() if key == "lower" else w) for w in words)
    return None


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "that",
        "this",
        "not",
        "no",
    ]
)


def _spec_test(spec: dict[str, Any], strings: Any) -> tuple[str, Any] | None:
    """A test for one token spec (its operator aside): a word set, a flag, or any token."""
    body = {k: v for k, v in spec.items() if k != "OP"}
    if not body:
        return "any", None
    return _fixed_test(body, strings)


def _anchor_cost(words: list[str]) -> int:
    # Anchor on the rarest word list: common words would start a window everywhere.
    return len(words) + 100 * sum(w.lower() in _STOPWORDS for w in words)


@attrs.define
class _Compiled:
    """A rule ready to run at an anchor word: a lone word (matched by the lookup), a
    fixed run of plain tokens (tested in place, ``tests``), or any other pattern,
    which its ``matcher`` runs in a window ``back`` tokens before the anchor and
    ``ahead`` from it."""

    id: str
    single: bool
    back: int
    ahead: int
    matcher: Matcher | None
    tests: tuple[tuple[str, Any], ...] | None = None
    steps: tuple[tuple[tuple[str, Any], int, int], ...] | None = None
    # The LOWER words the first step requires, when it is one required word test: a
    # start without one is passed over before ``_longest`` is called.
    first: frozenset[int] | None = None


class TokenArrays:
    """A Doc's token attributes, read once and shared.

    Every step that walks tokens (sentences, rules, people) reads these instead of
    Token objects or its own ``to_array`` call. Only ``lower``, ``orth`` and ``idx``
    are read from the Doc, into one numpy array; the Python lists of them are made on
    first use, as most steps read a few tokens (``lower_at``, ``orth_at``: one int
    each) and a list of 64-bit hashes costs an int object per token. The flags
    (``punct``, ``space``, ``title``, ``upper``) are properties of the word, so they
    come from a per-language memo keyed by ``orth`` (``to_array`` computes each flag
    afresh for every token, which costs more than the tokenizer's whole pass over a
    news article), and only when asked for.
    """

    def __init__(
        self,
        lower: list[int],
        orth: list[int],
        idx: list[int],
        vocab: Vocab,
        array: Any = None,
    ) -> None:
        if array is None:
            array = numpy.array([lower, orth, idx], dtype=numpy.uint64).T.reshape(-1, 3)
            array = numpy.ascontiguousarray(array)
            self.__dict__.update(lower=lower, orth=orth, idx=idx)  # the cached lists
        self._array = array  # the Doc's to_array([LOWER, ORTH, IDX])
        self.n = len(array)
        self.lower_at: Any = array[:, 0].item  # token i's LOWER hash, as an int
        self.orth_at: Any = array[:, 1].item
        self._flags = _flag_memo(vocab)
        self._vocab = vocab
        self.memo: dict[Any, Any] = {}  # what matchers compute once per Doc

    @classmethod
    def of(cls, doc: Doc) -> TokenArrays:
        """Read the arrays of ``doc``."""
        if len(doc) == 0:
            return cls([], [], [], doc.vocab)
        return cls([], [], [], doc.vocab, doc.to_array([LOWER, ORTH, IDX]))

    @functools.cached_property
    def lower(self) -> list[int]:
        return cast(list[int], self._array[:, 0].tolist())

    @functools.cached_property
    def orth(self) -> list[int]:
        return cast(list[int], self._array[:, 1].tolist())

    @functools.cached_property
    def idx(self) -> list[int]:
        return cast(list[int], self._array[:, 2].tolist())

    def orth_column(self) -> Any:
        """Every token's ORTH hash, as a numpy array (a view)."""
        return self._array[:, 1]

    def low_bits(self) -> Any:
        """16 bits of every token's LOWER hash, as a numpy array (see ``_slots``)."""
        return self._array.view(numpy.uint16)[:, 0]

    def bits(self, i: int) -> int:
        """The flags of token ``i`` as bits (``PUNCT | SPACE | TITLE | UPPER``)."""
        h = self.orth_at(i)
        got = self._flags.get(h)
        return _lexeme_bits(self._vocab, self._flags, h) if got is None else got

    def _column(self, bit: int) -> list[int]:
        return [1 if self.bits(i) & bit else 0 for i in range(self.n)]

    @functools.cached_property
    def punct(self) -> list[int]:
        return self._column(PUNCT)

    @functools.cached_property
    def space(self) -> list[int]:
        return self._column(SPACE)

    @functools.cached_property
    def title(self) -> list[int]:
        return self._column(TITLE)

    @functools.cached_property
    def upper(self) -> list[int]:
        return self._column(UPPER)


PUNCT, SPACE, TITLE, UPPER = 1, 2, 4, 8
_FLAG_BITS = {"is_punct": PUNCT, "is_space": SPACE, "is_title": TITLE, "is_upper": UPPER}
_FLAG_MEMOS: dict[str, dict[int, int]] = {}
# Words remembered per language; an archive's numbers and names would grow it without
# bound, so past this it starts over.
_FLAG_MEMO_MAX = 500_000


def _flag_memo(vocab: Vocab) -> dict[int, int]:
    # Keyed by language, not by the Vocab object: a language's lexical attributes flag
    # a word the same way in every Vocab, and an id() may be reused once one is freed.
    # The last Vocab asked about is held (so it is never another one at the same id)
    # with its memo: Vocab.lang calls the language's getter every time.
    last = _LAST_VOCAB
    if last and last[0][0] is vocab:
        return last[0][1]
    memo = _FLAG_MEMOS.get(vocab.lang)
    if memo is None:
        memo = _FLAG_MEMOS[vocab.lang] = {}
    _LAST_VOCAB[:] = [(vocab, memo)]
    return memo


_LAST_VOCAB: list[tuple[Vocab, dict[int, int]]] = []


def _lexeme_bits(vocab: Vocab, memo: dict[int, int], h: int) -> int:
    lex = vocab[h]
    bits = (
        (PUNCT if lex.is_punct else 0)
        | (SPACE if lex.is_space else 0)
        | (TITLE if lex.is_title else 0)
        | (UPPER if lex.is_upper else 0)
    )
    if len(memo) >= _FLAG_MEMO_MAX:
        memo.clear()
    memo[h] = bits
    return bits


_new = tuple.__new__
_TRIGGER, _CUE, _MARK = 1, 2, 4  # what a token may be, as bits (see ``Matchers._candidates``)


def _vocab_lower(vocab: Vocab) -> Any:
    """A function from a word's ORTH hash to its lexeme's LOWER hash in ``vocab``."""
    strings = vocab.strings
    return lambda h: vocab[strings[h]].lower


def _slots(hashes: Any) -> Any:
    """The 16 bits of each 64-bit hash that ``TokenArrays.low_bits`` reads."""
    return numpy.asarray(hashes, dtype=numpy.uint64).reshape(-1, 1).view(numpy.uint16)[:, 0]


def _slot_table(kinds: list[tuple[int, list[int]]]) -> Any:
    """A table from 16 bits of a hash to the kinds (bits ORed) of the keys that share them."""
    table = numpy.zeros(1 << 16, dtype=numpy.uint8)
    for kind, keys in kinds:
        if keys:
            table[_slots(keys)] |= kind
    return table


class Matchers:
    """The trigger and cue rules for one vocabulary, compiled once.

    Every spaCy pattern is validated by a ``Matcher``. To run, each rule is indexed
    by an anchor word its pattern requires: one ``numpy`` pass over the Doc's
    lowercase hashes finds the anchors; a one-token rule is matched there and then,
    and a longer pattern runs its own ``Matcher`` only on the window around each of
    its anchors. A Matcher over the whole Doc costs about one tokenizer pass per
    pattern; this costs about one pass in all.

    Example:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> m = Matchers(nlp.vocab)
        >>> sorted({h.rule for h in m.triggers(nlp("They met and signed a treaty."))})
        ['agreement-instrument', 'agreement-signed', 'meeting-met']
    """

    def __init__(self, vocab: Vocab) -> None:
        self.trigger_rules = {r.id: r for r in load_rules("triggers.jsonl")}
        self.cue_rules = {r.id: r for r in load_cues()}
        self._triggers = self._compile(vocab, self.trigger_rules)
        self._cues = self._compile(vocab, self.cue_rules)
        self._marks = _sentence_marks(vocab.strings)
        # Triggers, cues and sentence-final marks share one lookup of every token's LOWER
        # in a table (see ``_candidates``). A token with an ORTH key, or a mark, has its
        # lexeme's LOWER, so that is what the table holds for them.
        lowered = _vocab_lower(vocab)
        self._table = _slot_table(
            [
                (_TRIGGER, [*self._triggers[1]["LOWER"], *map(lowered, self._triggers[1]["ORTH"])]),
                (_CUE, [*self._cues[1]["LOWER"], *map(lowered, self._cues[1]["ORTH"])]),
                (_MARK, list(map(lowered, self._marks))),
            ]
        )

    def sentence_ends(self, arrays: TokenArrays) -> list[int]:
        """The tokens that are sentence-final marks (for ``sentence_start_list``)."""
        orth, marks = arrays.orth_at, self._marks
        return [i for i in self._candidates(arrays, _MARK) if orth(i) in marks]

    def _candidates(self, arrays: TokenArrays, kind: int) -> list[int]:
        """The tokens that may anchor a rule of ``kind`` (or be a mark): a superset.

        One numpy lookup per Doc classes every token by 16 bits of its LOWER hash; only
        the few tokens it picks are tested exactly, in Python. A Python walk over every
        token cost about one tokenizer pass for each rule set.
        """
        memo = arrays.memo
        got = memo.get((id(self), kind))
        if got is None:
            classes = memo.get(id(self))
            if classes is None:
                classes = memo[id(self)] = self._table.take(arrays.low_bits())
            got = memo[id(self), kind] = (classes & kind).nonzero()[0].tolist()
        return cast(list[int], got)

    @staticmethod
    def _compile(
        vocab: Vocab, rules: dict[str, TriggerRule] | dict[str, CueRule]
    ) -> tuple[dict[str, dict[int, list[_Compiled]]], dict[str, Any]]:
        index: dict[str, dict[int, list[_Compiled]]] = {"LOWER": {}, "ORTH": {}}
        for rid, rule in rules.items():
            pattern = list(rule.pattern)
            matcher = Matcher(vocab, validate=True)
            try:
                matcher.add(rid, [pattern])
            except (ValueError, KeyError) as err:
                raise RuleError(f"rule {rid!r}: invalid spaCy pattern: {err}") from None
            anchors = [
                (k, found) for k, spec in enumerate(pattern) if (found := _anchor_words(spec))
            ]
            anchor = min(anchors, key=lambda a: _anchor_cost(a[1][1]), default=None)
            if anchor is None:
                raise RuleError(
                    f"rule {rid!r}: a pattern needs one required token with a LOWER, ORTH or "
                    f"TEXT word (or IN list) to anchor it; got {pattern}"
                )
            k, (attr, words) = anchor
            back = sum(_reach(spec)[1] for spec in pattern[:k])
            ahead = sum(_reach(spec)[1] for spec in pattern[k:])
            single = len(pattern) == 1 and "OP" not in pattern[0] and len(pattern[0]) == 1
            tests = [_fixed_test(spec, vocab.strings) for spec in pattern]
            fixed = None if single or None in tests else tuple(t for t in tests if t)
            spec_tests = [_spec_test(spec, vocab.strings) for spec in pattern]
            steps = None
            if not single and not fixed and None not in spec_tests:
                steps = tuple(
                    (t, *_reach(spec))
                    for t, spec in zip(spec_tests, pattern, strict=True)
                    if t is not None
                )
            first = None
            if steps and steps[0][0][0] == "lower" and steps[0][1] >= 1:
                first = steps[0][0][1]
            compiled = _Compiled(
                rid,
                single,
                back,
                ahead,
                None if single or fixed or steps else matcher,
                fixed,
                steps,
                first,
            )
            for word in words:
                key = vocab.strings.add(word.lower() if attr == "LOWER" else word)
                index[attr].setdefault(key, []).append(compiled)
        keys = {a: frozenset(ix) for a, ix in index.items()}
        return index, keys

    def _run(
        self,
        compiled: tuple[dict[str, dict[int, list[_Compiled]]], dict[str, Any]],
        kind: int,
        doc: Doc | Span,
        arrays: TokenArrays | None = None,
        tokens: tuple[int, int] | None = None,
    ) -> list[Hit]:
        index = compiled[0]
        n = len(doc)
        if n == 0:
            return []
        flags: TokenArrays | None = None
        anchors: Sequence[int]
        span = isinstance(doc, Span)
        offset = doc.start if isinstance(doc, Span) else 0
        real = doc.doc if isinstance(doc, Span) else doc
        if arrays is not None and not span:
            # One int a token read, not a list of every token's hash: the rules read the
            # few tokens around their anchors.
            lower, orth = arrays.lower_at, arrays.orth_at
            flags = arrays
            anchors = self._candidates(arrays, kind)
            if tokens is not None:
                lo = bisect.bisect_left(anchors, tokens[0])
                anchors = anchors[lo : bisect.bisect_left(anchors, tokens[1], lo)]
        else:
            arr = cast(Any, doc).to_array([LOWER, ORTH])  # Span has it too; its stub does not
            # Python sets over plain ints beat numpy.isin's fixed cost on sentence-sized arrays
            lower, orth = arr[:, 0].tolist().__getitem__, arr[:, 1].tolist().__getitem__
            anchors = range(n) if tokens is None else range(*tokens)
        # (start, -end, rule): sorted as they are, they are in the order of the result
        hits: set[tuple[int, int, str]] = set()
        by_lower, by_orth = index["LOWER"], index["ORTH"]
        for i in anchors:
            rules = by_lower.get(lower(i))
            if by_orth:
                more = by_orth.get(orth(i))
                if more is not None:
                    rules = more if rules is None else [*rules, *more]
            if rules is None:
                continue
            for rule in rules:
                if rule.single:
                    hits.add((offset + i, -(offset + i + 1), rule.id))
                    continue
                tests = rule.tests
                if tests is not None:
                    start = i - rule.back
                    if start < 0 or start + len(tests) > n:
                        continue
                    j = start
                    for test in tests:  # _passes, with the word tests written out
                        what = test[0]
                        if what == "lower":
                            if lower(j) not in test[1]:
                                break
                        elif what == "orth":
                            if orth(j) not in test[1]:
                                break
                        elif not _passes(test, real, offset + j, lower, orth, j, flags):
                            break
                        j += 1
                    else:
                        hits.add((offset + start, -(offset + j), rule.id))
                    continue
                if rule.steps is not None:
                    first = rule.first
                    for start in range(max(0, i - rule.back), i + 1):
                        if first is not None and lower(start) not in first:
                            continue  # the first, required word is not here
                        end = _longest(rule.steps, start, real, offset, lower, orth, n, flags)
                        if end is not None and start <= i < end:
                            hits.add((offset + start, -(offset + end), rule.id))
                    continue
                assert rule.matcher is not None
                lo = max(0, i - rule.back) + offset
                hi = min(n, i + rule.ahead) + offset
                window = real[lo:hi]
                for _mid, s, e in rule.matcher(window):
                    if s + lo <= offset + i < e + lo:
                        hits.add((s + lo, -(e + lo), rule.id))
        # tuple.__new__ is what Hit() calls, without the Python-level frame
        return [_new(Hit, (r, s, -e)) for s, e, r in sorted(hits)]

    def triggers(self, doc: Doc | Span, arrays: TokenArrays | None = None) -> list[Hit]:
        """Every trigger match, in token order (``arrays``: the Doc's, if already read)."""
        return self._run(self._triggers, _TRIGGER, doc, arrays)

    def cues(
        self,
        doc: Doc | Span,
        arrays: TokenArrays | None = None,
        tokens: tuple[int, int] | None = None,
    ) -> list[Hit]:
        """Every status cue match, in token order (``arrays``: the Doc's, if already read).

        ``tokens``: only the matches anchored in this token range (a sentence, say).
        """
        return self._run(self._cues, _CUE, doc, arrays, tokens)


def _longest(
    steps: tuple[tuple[tuple[str, Any], int, int], ...],
    j: int,
    doc: Doc,
    offset: int,
    lower: Callable[[int], int],
    orth: Callable[[int], int],
    n: int,
    flags: TokenArrays | None = None,
) -> int | None:
    """The end of the longest match of ``steps`` starting at token ``j`` (or None).

    Each step is a token test repeated ``lo`` to ``hi`` times: the spaCy operators
    ``?``, ``*``, ``+`` and ``{n,m}`` over word sets, flags and wildcards. Walked step
    by step over the set of tokens a match may have reached, each step's run of
    passing tokens read once from every one of them (a recursion over every repeat
    count read the same tokens again for each).
    """
    ends = {j}
    for test, lo, hi in steps:
        what, value = test
        reached: set[int] = set()
        for p in ends:
            limit = min(p + hi, n)
            top = p
            if what == "any":
                top = limit
            elif what == "lower":
                while top < limit and lower(top) in value:
                    top += 1
            elif what == "orth":
                while top < limit and orth(top) in value:
                    top += 1
            else:
                while top < limit and _passes(test, doc, offset + top, lower, orth, top, flags):
                    top += 1
            if top >= p + lo:
                reached.update(range(p + lo, top + 1))
        if not reached:
            return None
        ends = reached
    return max(ends)


def _passes(
    test: tuple[str, Any],
    doc: Doc,
    i: int,
    lower: Callable[[int], int],
    orth: Callable[[int], int],
    j: int,
    flags: TokenArrays | None = None,
) -> bool:
    kind, value = test
    if kind == "any":
        return True
    if kind == "lower":
        return lower(j) in value
    if kind == "orth":
        return orth(j) in value
    attr, want = value
    bit = _FLAG_BITS.get(attr)
    if flags is not None and bit is not None:
        return bool(flags.bits(j) & bit) is want  # from the memo: no Token object
    return bool(getattr(doc[i], attr)) is want


@functools.cache
def _sentence_marks(strings: Any) -> frozenset[int]:
    from spacy.pipeline import Sentencizer

    return frozenset(strings.add(c) for c in Sentencizer.default_punct_chars)


@Language.component("dipevents_sentencizer")
def sentencizer(doc: Doc) -> Doc:
    """Sentence boundaries: spaCy's Sentencizer rule, plus a break at every new line.

    A sentence ends at a sentence-final character (spaCy's default list) and the
    punctuation right after it; a new one also starts after every line break, as news
    puts headlines, captions and datelines on lines of their own without final
    punctuation. Vectorized with numpy: spaCy's own Sentencizer walks every token in
    Python.
    """
    from spacy.attrs import SENT_START

    if len(doc) == 0:
        return doc
    starts = sentence_starts(doc)
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype(numpy.uint64))
    return doc


def sentence_starts(doc: Doc, arrays: TokenArrays | None = None) -> Any:
    """``dipevents_sentencizer``'s boundaries as an array: 1 starts a sentence, -1 not."""
    a = TokenArrays.of(doc) if arrays is None else arrays
    starts = numpy.full(a.n, -1, dtype=numpy.int32)
    for i in sentence_start_list(a):
        starts[i] = 1
    return starts


def sentence_start_list(
    a: TokenArrays, text: str | None = None, ends: list[int] | None = None
) -> list[int]:
    """The tokens that start a sentence, in order (see ``dipevents_sentencizer``).

    ``text`` is the Doc's text when the caller has it (``Doc.text`` rebuilds it);
    ``ends`` the sentence-final marks, when known (``Matchers.sentence_ends``).
    """
    n = a.n
    if n == 0:
        return []
    orth, flags = a.orth_at, a._flags
    if ends is None:
        marks = _sentence_marks(a._vocab.strings)
        ends = [i for i, h in enumerate(a.orth) if h in marks]
    # In order and without repeats: a run of marks ("?!") all lead to the same token.
    out = [0]
    for i in ends:
        j = i + 1
        while j < n:
            bits = flags.get(orth(j))
            if not (a.bits(j) if bits is None else bits) & (PUNCT | SPACE):
                if j != out[-1]:
                    out.append(j)
                break
            j += 1
    breaks = _after_line_breaks(a, text)
    return sorted({*out, *breaks}) if breaks else out


def _after_line_breaks(a: TokenArrays, text: str | None = None) -> list[int]:
    """Tokens right after a line break.

    spaCy keeps only a single space as a token's trailing white space: a line break is
    always a space token of its own. Found from the text: news has few line breaks.
    """
    n = a.n
    if n == 0:
        return []
    if text is None:
        strings = a._vocab.strings
        return [
            i + 1
            for i, h in enumerate(a.orth)
            if i + 1 < n and a.bits(i) & SPACE and "\n" in strings[h]
        ]
    idx, orth, flags = a.idx, a.orth_at, a._flags
    out: list[int] = []
    k = 0
    pos = text.find("\n")
    while pos >= 0:
        k = bisect.bisect_right(idx, pos, k) - 1
        if k < 0:
            k = 0
            pos = text.find("\n", pos + 1)
            continue
        if k + 1 >= n:
            break  # every later break is in the last token too
        bits = flags.get(orth(k))
        if (a.bits(k) if bits is None else bits) & SPACE:
            out.append(k + 1)
        # The rest of token k ("\n\n") leads to the same token: look past it.
        pos = text.find("\n", idx[k + 1])
    return out


@Language.component("dipevents_lines")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break; for use after a sentencizer or parser.

    ``dipevents_sentencizer`` does this itself. This component adds line-break
    boundaries to a user's own sentence splitter; the result is close to
    ``dipevents_sentencizer``'s but not always the same (spaCy's sentencizer assigns
    white space around a break differently), so evidence offsets may differ by a
    character. Use ``dipevents_sentencizer`` for ``extract_events``' exact output.
    """
    if len(doc) < 2:
        return doc
    for i in _after_line_breaks(TokenArrays.of(doc)):
        doc[i].is_sent_start = True
    return doc


def make_nlp() -> Language:
    """The default pipeline: blank English and ``dipevents_sentencizer``."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("dipevents_sentencizer")
    return nlp
