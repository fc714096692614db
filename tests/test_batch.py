"""dipevents.batch: streaming, ordered, error-isolating, optionally multi-process.

Expected outputs are always computed with ``extract_events`` itself, so these tests
hold whatever the rules extract and gain weight as the rules grow.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import multiprocessing
from collections.abc import Iterator
from typing import Any

import pytest

from dipevents import extract_events
from dipevents.batch import extract_batch, extract_partition
from tests.conftest import GOLD_DIR, require

TEXTS = [
    "Chile opened an embassy in Hanoi in 1998.",
    "The foreign ministers of Qatar and Honduras met in Tegucigalpa on Monday.",
    "Trade between the two countries reached $41.37 million last year.",
    "Nothing diplomatic happens in this sentence.",
]


def gold_records() -> list[dict[str, Any]]:
    require(GOLD_DIR)
    rows = []
    for path in sorted(GOLD_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    rows.append({k: row[k] for k in ("id", "text", "published")})
    if not rows:
        pytest.skip(f"no gold records under {GOLD_DIR}")
    return rows


def expected(text: str, published: object = None) -> list[dict[str, Any]]:
    return [e.to_dict() for e in extract_events(text, published)]


def mixed_records() -> list[object]:
    return [
        TEXTS[0],
        ("t1", TEXTS[1], "2018-09-06"),
        {"id": "d2", "text": TEXTS[2], "published": dt.date(2019, 1, 15)},
        {"text": TEXTS[3]},
        ["l4", TEXTS[1]],
    ]


def test_record_kinds_give_ids_and_use_published() -> None:
    out = list(extract_batch(mixed_records()))
    assert [r["id"] for r in out] == [0, "t1", "d2", 3, "l4"]
    assert [r["error"] for r in out] == [None] * 5
    assert [r["events"] for r in out] == [
        expected(TEXTS[0]),
        expected(TEXTS[1], "2018-09-06"),
        expected(TEXTS[2], dt.date(2019, 1, 15)),
        expected(TEXTS[3]),
        expected(TEXTS[1]),
    ]
    json.dumps(out)  # plain JSON-ready dicts


@pytest.mark.parametrize("n_process", [1, 2])
def test_order_preserved_and_errors_isolated(n_process: int) -> None:
    records: list[object] = [(f"r{i}", TEXTS[i % len(TEXTS)], None) for i in range(40)]
    records[17] = ("bad-text", 12345, None)
    records[23] = ("bad-date", TEXTS[0], "6 September 2018")
    records[31] = object()
    out = list(extract_batch(records, n_process=n_process, batch_size=3))
    assert len(out) == len(records)
    assert out[17] == {
        "id": "bad-text",
        "events": [],
        "error": "TypeError: text must be a str, got int",
    }
    assert out[23]["id"] == "bad-date"
    assert out[23]["error"].startswith("ValueError: ")
    assert out[31]["id"] == 31
    assert out[31]["error"].startswith("TypeError: ")
    for i, r in enumerate(out):
        if i not in (17, 23, 31):
            assert r == {"id": f"r{i}", "events": expected(TEXTS[i % len(TEXTS)]), "error": None}


def test_failing_extraction_is_recorded_and_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dipevents import extract

    real = extract.get_default()

    class Flaky:
        def __call__(self, text: str, published: object = None) -> list[Any]:
            if "boom" in text:
                raise RuntimeError("rule exploded")
            return real(text, published)

    monkeypatch.setattr(extract, "get_default", lambda: Flaky())
    out = list(extract_batch([TEXTS[0], "boom", TEXTS[1]]))
    assert [r["error"] for r in out] == [None, "RuntimeError: rule exploded", None]
    assert out[2]["events"] == expected(TEXTS[1])


class Counting:
    """An endless record stream that counts how far it was read."""

    def __init__(self) -> None:
        self.pulled = 0

    def __iter__(self) -> Iterator[tuple[int, str, None]]:
        for i in itertools.count():
            self.pulled += 1
            yield (i, TEXTS[i % len(TEXTS)], None)


@pytest.mark.parametrize("n_process", [1, 2])
def test_input_is_consumed_lazily(n_process: int) -> None:
    source = Counting()
    batch_size = 4
    results = extract_batch(source, n_process=n_process, batch_size=batch_size)
    try:
        first = list(itertools.islice(results, 10))
    finally:
        results.close()  # type: ignore[attr-defined]
    assert [r["id"] for r in first] == list(range(10))
    # The window: at most two batches per worker in flight beyond what was yielded.
    assert source.pulled <= 10 + 2 * n_process * batch_size + 1


def test_validation_happens_at_call_time() -> None:
    def never() -> Iterator[str]:
        raise AssertionError("the input must not be read when the arguments are bad")
        yield ""

    with pytest.raises(ValueError, match="n_process must be >= 1"):
        extract_batch(never(), n_process=0)
    with pytest.raises(ValueError, match="n_process must be >= 1"):
        extract_batch(never(), n_process=-1)
    with pytest.raises(TypeError, match="n_process must be an int"):
        extract_batch(never(), n_process=True)
    with pytest.raises(TypeError, match="batch_size must be an int"):
        extract_batch(never(), batch_size=2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        extract_batch(never(), batch_size=0)
    with pytest.raises(ValueError, match="start_method"):
        extract_batch(never(), n_process=2, start_method="teleport")


def test_empty_input() -> None:
    assert list(extract_batch([])) == []
    assert list(extract_batch([], n_process=2)) == []
    assert extract_partition([]) == []


def test_unpicklable_ids_stay_in_the_parent() -> None:
    ids = [lambda: 0, lambda: 1]
    out = list(extract_batch([(ids[0], TEXTS[0], None), (ids[1], TEXTS[1], None)], n_process=2))
    assert [r["id"] for r in out] == ids


def test_gold_all_paths_agree() -> None:
    rows = gold_records()
    want = [
        {"id": r["id"], "events": expected(r["text"], r["published"]), "error": None} for r in rows
    ]
    assert list(extract_batch(rows)) == want
    assert list(extract_batch(rows, n_process=2, batch_size=4)) == want
    assert extract_partition(iter(rows)) == want
    as_tuples = [(r["id"], r["text"], r["published"]) for r in rows]
    assert list(extract_batch(as_tuples, n_process=2, batch_size=64)) == want


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
def test_plumbing_with_stand_in_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Non-empty events through both paths, whatever state the real rules are in.

    A stand-in extractor returns one event per document; ``fork`` workers inherit
    the patch, so the dicts must cross the process boundary intact.
    """
    from dipevents import extract
    from dipevents.model import Meeting, Span

    class StandIn:
        def __call__(self, text: str, published: object = None) -> list[Any]:
            pub = extract.check_published(published)
            return [
                Meeting(
                    countries=("BLR", "KOR"),
                    date=None if pub is None else pub.isoformat(),
                    evidence=(Span(0, len(text)),),
                    location=text[:8],
                )
            ]

    monkeypatch.setattr(extract, "get_default", lambda: StandIn())
    records = [(i, f"Text number {i}.", "2018-09-06" if i % 2 else None) for i in range(9)]
    want = [
        {"id": i, "events": [e.to_dict() for e in StandIn()(t, p)], "error": None}
        for i, t, p in records
    ]
    assert want[1]["events"][0]["date"] == "2018-09-06"
    assert list(extract_batch(records)) == want
    assert list(extract_batch(records, n_process=2, batch_size=2, start_method="fork")) == want


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
def test_a_dying_worker_is_reported_not_hung(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from dipevents import extract

    class Dies:
        def __call__(self, text: str, published: object = None) -> list[Any]:
            if text == "die":
                os._exit(1)  # as the OOM killer would
            return []

    monkeypatch.setattr(extract, "get_default", lambda: Dies())
    records = [f"text {i}" for i in range(6)] + ["die"] + [f"text {i}" for i in range(7, 12)]
    out = list(extract_batch(records, n_process=2, batch_size=2, start_method="fork"))
    assert [r["id"] for r in out] == list(range(12))
    assert out[6]["error"].startswith("BrokenProcessPool")
