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

import functools
import json
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Any, Literal

import attrs
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


@attrs.frozen
class Hit:
    """One rule match: token offsets ``[start, end)`` in the Doc."""

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


class Matchers:
    """The trigger and cue matchers for one vocabulary, built once.

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
        self._triggers = self._build(vocab, self.trigger_rules)
        self._cues = self._build(vocab, self.cue_rules)

    @staticmethod
    def _build(vocab: Vocab, rules: dict[str, TriggerRule] | dict[str, CueRule]) -> Matcher:
        matcher = Matcher(vocab, validate=True)
        for rid, rule in rules.items():
            try:
                matcher.add(rid, [list(rule.pattern)])
            except (ValueError, KeyError) as err:
                raise RuleError(f"rule {rid!r}: invalid spaCy pattern: {err}") from None
        return matcher

    def _run(self, matcher: Matcher, doc: Doc | Span) -> list[Hit]:
        strings = doc.vocab.strings
        offset = doc.start if isinstance(doc, Span) else 0
        hits = [Hit(strings[mid], s + offset, e + offset) for mid, s, e in matcher(doc)]
        hits.sort(key=lambda h: (h.start, -h.end))
        return hits

    def triggers(self, doc: Doc | Span) -> list[Hit]:
        """Every trigger match, in token order."""
        return self._run(self._triggers, doc)

    def cues(self, doc: Doc | Span) -> list[Hit]:
        """Every status cue match, in token order."""
        return self._run(self._cues, doc)


@Language.component("dipevents_lines")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, as headlines and datelines end there.

    Runs after the sentencizer: news text puts headlines, captions and datelines on
    lines of their own without final punctuation.
    """
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


def make_nlp() -> Language:
    """The default pipeline: blank English, sentencizer and line breaks."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("dipevents_lines")
    return nlp
