"""The yardstick: dipevents evaluate over the hand-annotated gold articles."""

from __future__ import annotations

import pytest

from dipevents.evaluate import TYPES, evaluate, format_table
from tests.conftest import GOLD_DIR, require

BAR_OVERALL = 0.75
BAR_PER_TYPE = 0.60


def test_strict_f1_meets_the_bar(record_property: pytest.RecordProperty) -> None:
    require(GOLD_DIR)
    files = sorted(GOLD_DIR.glob("*.jsonl"))
    if not files:
        pytest.skip(f"no gold .jsonl files in {GOLD_DIR}")
    scores = evaluate(files)
    table = format_table(scores)
    record_property("scores", table)
    overall = scores.overall("strict").f1
    assert overall >= BAR_OVERALL, table
    for t in TYPES:
        assert scores.strict[t].f1 >= BAR_PER_TYPE, f"{t}\n{table}"
