"""dipevents: diplomatic events from English news, as typed records.

Example:
    >>> from datetime import date
    >>> from dipevents import extract_events
    >>> [e.type for e in extract_events("Chile opened an embassy in Hanoi in 1998.")]
    ['EmbassyOpening']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dipevents.model import (
    Agreement,
    Country,
    EmbassyOpening,
    Event,
    Meeting,
    Money,
    PartialDate,
    Span,
    TradeFigure,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from dipevents.extract import extract_events


def __getattr__(name: str) -> Any:
    # Deferred so that `import dipevents` does not load spaCy.
    if name == "extract_events":
        from dipevents.extract import extract_events

        return extract_events
    raise AttributeError(f"module 'dipevents' has no attribute {name!r}")


__all__ = [
    "Agreement",
    "Country",
    "EmbassyOpening",
    "Event",
    "Meeting",
    "Money",
    "PartialDate",
    "Span",
    "TradeFigure",
    "__version__",
    "extract_events",
]
