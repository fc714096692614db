"""Shared test fixtures: where the project's gold data lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The gold data sits beside the checkout (../shared), never inside it.
SHARED = Path(os.environ.get("DIPEVENTS_SHARED", ROOT.parent / "shared"))
GOLD_DIR = SHARED / "gold"
NORMALIZATION_DIR = SHARED / "normalization"
CASES = Path(__file__).resolve().parent / "cases"


def require(path: Path) -> Path:
    """Skip the calling test, with the reason, when a shared data file is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared gold data is not beside this checkout")
    return path
