"""Score extraction against gold annotations, as the gold guidelines define it.

A predicted event matches a gold event one to one when their keys agree:

- strict: Meeting, Agreement: type, countries, date, status; TradeFigure: flow,
  countries, exporter, importer, currency, period and amount within 0.5%;
  EmbassyOpening: sender, host, date, status.
- lenient: type and countries.

Attribute accuracy (location, participants, signatories, city) is counted on the
lenient matches.

Example:
    >>> gold = [{"type": "Meeting", "status": "occurred", "date": None,
    ...          "countries": ["BLR", "KOR"]}]
    >>> s = score_documents([(gold, gold)])
    >>> s.strict["Meeting"].f1
    1.0
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

TYPES = ("Meeting", "Agreement", "TradeFigure", "EmbassyOpening")
ATTRIBUTES = {
    "Meeting": ("location", "participants"),
    "Agreement": ("location", "signatories"),
    "EmbassyOpening": ("city",),
    "TradeFigure": (),
}
EventDict = Mapping[str, Any]


@attrs.define
class Counts:
    """True positives, false positives and false negatives of one type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


def _codes(e: EventDict) -> tuple[str, ...]:
    return tuple(sorted(e.get("countries") or ()))


def _amount_close(a: object, b: object) -> bool:
    try:
        x, y = float(a), float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return abs(x - y) <= 0.005 * max(abs(x), abs(y))


def strict_match(p: EventDict, g: EventDict) -> bool:
    """Whether two events agree on the strict key of their type."""
    if p.get("type") != g.get("type"):
        return False
    if g["type"] == "TradeFigure":
        return (
            all(
                p.get(k) == g.get(k) for k in ("flow", "exporter", "importer", "currency", "period")
            )
            and _codes(p) == _codes(g)
            and _amount_close(p.get("amount"), g.get("amount"))
        )
    if g["type"] == "EmbassyOpening":
        return all(p.get(k) == g.get(k) for k in ("sender", "host", "date", "status"))
    return _codes(p) == _codes(g) and all(p.get(k) == g.get(k) for k in ("date", "status"))


def lenient_match(p: EventDict, g: EventDict) -> bool:
    """Whether two events agree on type and countries."""
    return p.get("type") == g.get("type") and _codes(p) == _codes(g)


def align(
    pred: Sequence[EventDict],
    gold: Sequence[EventDict],
    match: Callable[[EventDict, EventDict], bool],
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """One-to-one pairs (pred index, gold index), then unmatched pred and gold indices."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    extra: list[int] = []
    for i, p in enumerate(pred):
        j = next((j for j, g in enumerate(gold) if j not in used and match(p, g)), None)
        if j is None:
            extra.append(i)
        else:
            used.add(j)
            pairs.append((i, j))
    missed = [j for j in range(len(gold)) if j not in used]
    return pairs, extra, missed


@attrs.define
class Scores:
    """Per-type counts for both keys, and attribute agreement on lenient matches."""

    strict: dict[str, Counts] = attrs.field(factory=lambda: {t: Counts() for t in TYPES})
    lenient: dict[str, Counts] = attrs.field(factory=lambda: {t: Counts() for t in TYPES})
    attributes: dict[str, list[int]] = attrs.field(factory=dict)  # name -> [right, total]
    errors: list[dict[str, Any]] = attrs.field(factory=list)

    def overall(self, key: str) -> Counts:
        total = Counts()
        for c in getattr(self, key).values():
            total.add(c)
        return total

    def to_dict(self) -> dict[str, Any]:
        def row(c: Counts) -> dict[str, Any]:
            return {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": round(c.precision, 4),
                "recall": round(c.recall, 4),
                "f1": round(c.f1, 4),
            }

        return {
            key: {
                **{t: row(c) for t, c in getattr(self, key).items()},
                "overall": row(self.overall(key)),
            }
            for key in ("strict", "lenient")
        } | {"attributes": {k: {"right": v[0], "total": v[1]} for k, v in self.attributes.items()}}


def _attr_equal(name: str, p: EventDict, g: EventDict) -> bool:
    a, b = p.get(name), g.get(name)
    if isinstance(a, list) or isinstance(b, list):
        return sorted(a or []) == sorted(b or [])
    return a == b


def score_documents(
    docs: Iterable[tuple[Sequence[EventDict], Sequence[EventDict]]],
    doc_ids: Sequence[str] | None = None,
) -> Scores:
    """Score (predicted, gold) event lists, one pair per document."""
    scores = Scores()
    for n, (pred, gold) in enumerate(docs):
        doc_id = doc_ids[n] if doc_ids else str(n)
        for key, match in (("strict", strict_match), ("lenient", lenient_match)):
            pairs, extra, missed = align(pred, gold, match)
            table = getattr(scores, key)
            for i, _j in pairs:
                table[pred[i]["type"]].tp += 1
            for i in extra:
                table[pred[i]["type"]].fp += 1
            for j in missed:
                table[gold[j]["type"]].fn += 1
            if key == "strict":
                scores.errors += [
                    {"doc": doc_id, "kind": "extra", "event": dict(pred[i])} for i in extra
                ]
                scores.errors += [
                    {"doc": doc_id, "kind": "missed", "event": dict(gold[j])} for j in missed
                ]
            else:
                for i, j in pairs:
                    for name in ATTRIBUTES[gold[j]["type"]]:
                        right_total = scores.attributes.setdefault(name, [0, 0])
                        right_total[1] += 1
                        right_total[0] += _attr_equal(name, pred[i], gold[j])
    return scores


def read_gold(paths: Iterable[str | Path]) -> Iterator[dict[str, Any]]:
    """Documents of gold JSON Lines files.

    Raises:
        ValueError: a line that is not a JSON object with ``text`` and ``events``.
    """
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for no, doc in json_objects(fh, str(path)):
                if "text" not in doc or "events" not in doc:
                    raise ValueError(f"{path}:{no}: expected an object with 'text' and 'events'")
                yield doc


def json_objects(lines: Iterable[str], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSON Lines stream, with their line numbers; blank lines skipped.

    Raises:
        ValueError: a line that is not a JSON object, named ``name:line``.

    Example:
        >>> list(json_objects(['{"text": "x"}', "", "{}"], "in.jsonl"))
        [(1, {'text': 'x'}), (3, {})]
    """
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{name}:{no}: not JSON: {err}") from None
        if not isinstance(obj, dict):
            raise ValueError(f"{name}:{no}: expected a JSON object, got {type(obj).__name__}")
        yield no, obj


def evaluate(paths: Iterable[str | Path]) -> Scores:
    """Run ``extract_events`` over gold files and score it.

    Example:
        >>> evaluate([])
        ... # doctest: +ELLIPSIS
        Scores(...)
    """
    from dipevents.extract import extract_events

    pairs: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]] = []
    ids: list[str] = []
    for doc in read_gold(paths):
        pred = [
            e.to_dict(evidence=False) for e in extract_events(doc["text"], doc.get("published"))
        ]
        pairs.append((pred, doc["events"]))
        ids.append(str(doc.get("id", len(ids))))
    return score_documents(pairs, ids)


def format_table(scores: Scores) -> str:
    """The scores as a Markdown table (per type and overall, strict and lenient)."""
    lines = [
        "| type | strict P | strict R | strict F1 | lenient P | lenient R | lenient F1 | gold |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in (*TYPES, "overall"):
        s = scores.overall("strict") if t == "overall" else scores.strict[t]
        le = scores.overall("lenient") if t == "overall" else scores.lenient[t]
        lines.append(
            f"| {t} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {le.precision:.3f} | "
            f"{le.recall:.3f} | {le.f1:.3f} | {s.tp + s.fn} |"
        )
    if scores.attributes:
        lines += ["", "| attribute (on lenient matches) | accuracy | n |", "|---|---|---|"]
        for name, (right, total) in sorted(scores.attributes.items()):
            lines.append(f"| {name} | {right / total if total else 0:.3f} | {total} |")
    return "\n".join(lines)
