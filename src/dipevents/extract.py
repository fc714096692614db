"""The public entry: text in, merged events out.

CONTRACT (being implemented): the pipeline is built once per process.

    Extractor(nlp=None)            # nlp: a Language whose vocab our matchers use;
                                   # None -> spacy.blank("en") + sentencizer
    Extractor.nlp                  # the Language used to make Docs from text
    Extractor.__call__(text, published=None) -> list[Event]
    Extractor.extract_doc(doc, published=None) -> list[Event]
                                   # doc made by any pipeline with this vocab; uses
                                   # doc.sents when sentence boundaries are set,
                                   # else splits sentences itself
    get_default() -> Extractor     # cached per process
    extract_events(text, published=None) -> list[Event]
    check_published(value) -> datetime.date | None   # str ISO date / date / None,
                                   # ValueError otherwise
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import TYPE_CHECKING

from dipevents.model import Event

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def check_published(value: object) -> _dt.date | None:
    """Validate a publication date: a ``date``, an ISO ``YYYY-MM-DD`` string or ``None``.

    Raises:
        ValueError: a string that is not an ISO date.
        TypeError: any other type.

    Example:
        >>> check_published("2018-09-06")
        datetime.date(2018, 9, 6)
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"published must be an ISO date like '2018-09-06', got {value!r}"
            ) from None
    raise TypeError(f"published must be a datetime.date, an ISO date str or None, got {type(value).__name__}")


class Extractor:
    """A built pipeline: reuse one per process (see ``get_default``)."""

    def __init__(self, nlp: Language | None = None) -> None:
        import spacy

        if nlp is None:
            nlp = spacy.blank("en")
            nlp.add_pipe("sentencizer")
        self.nlp = nlp

    def __call__(self, text: str, published: object = None) -> list[Event]:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        pub = check_published(published)
        if not text.strip():
            return []
        return self.extract_doc(self.nlp(text), pub)

    def extract_doc(self, doc: Doc, published: object = None) -> list[Event]:
        check_published(published)
        return []  # rules land here


@functools.lru_cache(maxsize=1)
def get_default() -> Extractor:
    """The process-wide extractor, built on first use."""
    return Extractor()


def extract_events(text: str, published: object = None) -> list[Event]:
    """Diplomatic events stated in ``text``, merged, in text order.

    Args:
        text: The article.
        published: Its publication date (``date`` or ISO string), the reference for
            relative dates; ``None`` when unknown.

    Raises:
        TypeError: ``text`` is not a ``str``.
        ValueError: ``published`` is not a date.
    """
    return get_default()(text, published)
