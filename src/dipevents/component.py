"""The extractor as a spaCy pipeline component named ``"dipevents"``.

The component adds the events of each Doc as plain JSON-ready dicts (the
``Event.to_dict()`` shape) on ``doc._.dipevents``, so Docs keep working with
``Doc.to_bytes``/``DocBin``, ``nlp.pipe(n_process=...)`` and ``spacy.load`` of a
saved pipeline. ``doc._.dipevents_events`` gives the same events as ``Event``
objects, built on access. The attribute name comes from the ``attr`` setting.

The publication date, the reference for relative dates ("on Monday", "last
year"), is read from ``doc._.published``: set it on the Doc before the component
runs. It accepts a ``datetime.date`` or an ISO ``YYYY-MM-DD`` string and reads back
as a ``datetime.date`` (stored as a string so the Doc still serializes).

Example:
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("dipevents")  # found through the spacy_factories entry point
    >>> doc = nlp.make_doc("The presidents of Chile and Vietnam met in Hanoi on Monday.")
    >>> doc._.published = "2018-09-06"
    >>> doc = nlp(doc)
    >>> [(e["type"], e["date"], e["countries"]) for e in doc._.dipevents]
    [('Meeting', '2018-09-03', ['CHL', 'VNM'])]
    >>> doc._.dipevents_events[0].location
    'Hanoi'

The component needs no sentence boundaries. Without them it splits sentences as
``extract_events`` does, so results are identical; after a component that sets them
(a sentencizer, a parser) it uses those. spaCy's sentencizer does not break at line
breaks; use ``"dipevents_sentencizer"`` instead for ``extract_events``' boundaries.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from spacy.language import Language
from spacy.tokens import Doc

from dipevents import matching  # noqa: F401  registers dipevents_sentencizer, dipevents_lines
from dipevents.model import Event

if TYPE_CHECKING:
    from dipevents.extract import Extractor

# spaCy imports this module through its entry point whenever any pipeline is built,
# so the extractor (rules, normalizers) is imported only when the component is used.

__all__ = ["PUBLISHED_ATTR", "DipEventsComponent", "make_dipevents"]

PUBLISHED_ATTR = "published"
# Our own user_data key: a getter/setter extension stores nothing by itself, and a
# tuple key of strings survives Doc.to_bytes (user_data is msgpack-ed).
_PUBLISHED_KEY = ("dipevents", PUBLISHED_ATTR)


def _user_data(doc: Doc) -> dict[Any, Any]:
    # spaCy's stubs type user_data as dict[str, Any], but its own extension keys
    # are tuples too.
    return cast("dict[Any, Any]", doc.user_data)


def _get_published(doc: Doc) -> _dt.date | None:
    value = _user_data(doc).get(_PUBLISHED_KEY)
    return None if value is None else _dt.date.fromisoformat(value)


def _set_published(doc: Doc, value: object) -> None:
    # Validate at assignment, where the mistake is made, and keep an ISO string
    # because a datetime.date in user_data would make Doc.to_bytes fail.
    from dipevents.extract import check_published

    date = check_published(value)
    if date is None:
        _user_data(doc).pop(_PUBLISHED_KEY, None)
    else:
        _user_data(doc)[_PUBLISHED_KEY] = date.isoformat()


def _as_json(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    return value


class _Results:
    """``doc._.<attr>`` (get and set) and ``doc._.<attr>_events`` (get).

    A class rather than closures so spaCy can pickle the extension table into its
    worker processes under the ``spawn`` start method.
    """

    def __init__(self, attr: str) -> None:
        self.key = ("dipevents", attr)

    def get(self, doc: Doc) -> list[dict[str, Any]] | None:
        data = _user_data(doc)
        value = data.get(self.key)
        if isinstance(value, tuple):
            # DocBin reads user_data back with every list as a tuple; restore the
            # JSON shape once so results compare equal to freshly computed ones.
            value = data[self.key] = _as_json(value)
        return cast("list[dict[str, Any]] | None", value)

    def set(self, doc: Doc, value: list[dict[str, Any]] | None) -> None:
        if value is None:
            _user_data(doc).pop(self.key, None)
        else:
            _user_data(doc)[self.key] = value

    def events(self, doc: Doc) -> list[Event]:
        return [Event.from_dict(d) for d in self.get(doc) or ()]


def _register_extensions(attr: str) -> None:
    # Registration is process-global; a user's own "published" extension (or one
    # from an earlier pipeline) is respected rather than overwritten.
    if not Doc.has_extension(PUBLISHED_ATTR):
        Doc.set_extension(PUBLISHED_ATTR, getter=_get_published, setter=_set_published)
    results = _Results(attr)
    if not Doc.has_extension(attr):
        Doc.set_extension(attr, getter=results.get, setter=results.set)
    if not Doc.has_extension(f"{attr}_events"):
        Doc.set_extension(f"{attr}_events", getter=results.events)


class DipEventsComponent:
    """Sets ``doc._.<attr>`` to the list of event dicts found in the Doc."""

    def __init__(self, nlp: Language, name: str = "dipevents", *, attr: str = "dipevents") -> None:
        if not isinstance(attr, str) or not attr.isidentifier():
            raise ValueError(f"attr must be a Python identifier, got {attr!r}")
        _register_extensions(attr)
        self.nlp = nlp
        self.name = name
        self.attr = attr
        self._extractor: Extractor | None = None

    @property
    def extractor(self) -> Extractor:
        # Built on first use, not at add_pipe: building the rule matchers is the
        # expensive part and a pipeline may be assembled without ever running.
        if self._extractor is None:
            from dipevents.extract import Extractor

            self._extractor = Extractor(self.nlp)
        return self._extractor

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.get(PUBLISHED_ATTR)
        events = self.extractor.extract_doc(doc, published)
        doc._.set(self.attr, [e.to_dict() for e in events])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    def __getstate__(self) -> dict[str, Any]:
        # The matchers are rebuilt in the receiving process rather than pickled.
        state = self.__dict__.copy()
        state["_extractor"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        _register_extensions(self.attr)

    # No weights: the rules ship with the package, so serialization only has to
    # round-trip the settings. spaCy already stores them in config.cfg; the file
    # written here lets a reader check which settings were saved.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps({"attr": self.attr}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> DipEventsComponent:
        self._load_cfg(json.loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_text(json.dumps({"attr": self.attr}), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DipEventsComponent:
        cfg = Path(path) / "cfg.json"
        if cfg.exists():
            self._load_cfg(json.loads(cfg.read_text(encoding="utf-8")))
        return self

    def _load_cfg(self, cfg: object) -> None:
        if isinstance(cfg, dict) and cfg.get("attr", self.attr) != self.attr:
            raise ValueError(
                f"saved dipevents component used attr={cfg['attr']!r} but the config "
                f"says attr={self.attr!r}"
            )


@Language.factory("dipevents", default_config={"attr": "dipevents"})
def make_dipevents(nlp: Language, name: str, attr: str) -> DipEventsComponent:
    """Build the ``dipevents`` component (``nlp.add_pipe("dipevents")``).

    Args:
        nlp: The pipeline; its vocab is shared with the extractor's matchers.
        name: The component's name in the pipeline.
        attr: The Doc extension for the event dicts; ``f"{attr}_events"`` gives
            the ``Event`` objects.
    """
    return DipEventsComponent(nlp, name, attr=attr)
