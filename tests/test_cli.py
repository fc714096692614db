"""The command line: extract and evaluate."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from dipevents.cli import main
from tests.conftest import GOLD_DIR, ROOT


def test_extract_prints_json_lines_with_source(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "examples" / "02_embassy_openings.txt"
    assert main(["extract", str(path)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines and all(x["source"] == str(path) for x in lines)
    assert {x["type"] for x in lines} == {"EmbassyOpening"}


def test_extract_reads_stdin_and_published(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        sys,
        "stdin",
        io.StringIO("The Kenyan president met the Norwegian prime minister in Oslo on Friday."),
    )
    assert main(["extract", "-", "--published", "2022-06-13"]) == 0
    (event,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert event["date"] == "2022-06-10" and event["source"] == "<stdin>"


def test_extract_reads_jsonl_records(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "in.jsonl"
    f.write_text(
        json.dumps(
            {"id": "a1", "text": "Ireland opened an embassy in Manila in 2019.", "published": None}
        )
        + "\n"
    )
    assert main(["extract", str(f)]) == 0
    (event,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert event["source"] == "a1" and event["host"] == "PHL"


def test_bad_input_is_reported_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "no/such/file.txt"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["extract", str(ROOT / "examples"), "--published", "yesterday"]) == 2
    assert "ISO date" in capsys.readouterr().err


def test_python_dash_m_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dipevents", "--help"], capture_output=True, text=True, check=True
    )
    assert "extract" in out.stdout


def test_evaluate_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(GOLD_DIR.glob("*.jsonl"))
    if not files:
        pytest.skip(f"no gold files in {GOLD_DIR}")
    assert main(["evaluate", *map(str, files), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "| overall |" in out and "## errors" in out


def test_extract_with_two_jobs_equals_one(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.txt"))
    assert main(["extract", *examples]) == 0
    one = capsys.readouterr().out
    assert main(["extract", *examples, "--jobs", "2", "--batch-size", "1"]) == 0
    assert capsys.readouterr().out == one and one


def test_jobs_must_be_positive() -> None:
    with pytest.raises(SystemExit):
        main(["extract", str(ROOT / "examples"), "--jobs", "0"])
