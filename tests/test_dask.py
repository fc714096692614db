"""examples/dask_archive.py on Dask's local ``processes`` scheduler with 2 workers."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dipevents.batch import extract_batch
from tests.conftest import GOLD_DIR, ROOT, require

pytest.importorskip("dask.bag")


def load_example() -> ModuleType:
    path = ROOT / "examples" / "dask_archive.py"
    spec = importlib.util.spec_from_file_location("dask_archive_example", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def write_inputs(folder: Path) -> list[dict[str, Any]]:
    """The gold articles as the example's input, split over several files."""
    require(GOLD_DIR)
    records = []
    for gold in sorted(GOLD_DIR.glob("*.jsonl")):
        with gold.open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        records += [{k: r[k] for k in ("id", "text", "published")} for r in rows]
    if not records:
        pytest.skip(f"no gold records under {GOLD_DIR}")
    folder.mkdir()
    per_file = 7
    for n, start in enumerate(range(0, len(records), per_file)):
        with (folder / f"part-{n:03d}.jsonl").open("w", encoding="utf-8") as out:
            for r in records[start : start + per_file]:
                out.write(json.dumps(r) + "\n")
            out.write("\n")  # a stray blank line must be tolerated
    return records


def test_dask_processes_match_single_process(tmp_path: Path) -> None:
    example = load_example()
    records = write_inputs(tmp_path / "in")
    outputs = example.run(
        str(tmp_path / "in" / "*.jsonl"), tmp_path / "out", scheduler="processes", workers=2
    )
    got = []
    for path in outputs:
        with path.open(encoding="utf-8") as f:
            got += [json.loads(line) for line in f if line.strip()]
    # Through JSON on both sides, so tuples vs lists or int vs float cannot differ.
    want = [json.loads(json.dumps(r)) for r in extract_batch(records)]
    assert got == want
    assert all(r["error"] is None for r in got)


def test_cli_rejects_bad_workers(capsys: pytest.CaptureFixture[str]) -> None:
    example = load_example()
    with pytest.raises(SystemExit):
        example.main(["in/*.jsonl", "out", "--workers", "0"])
    assert "--workers must be >= 1" in capsys.readouterr().err
