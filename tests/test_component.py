"""The "dipevents" spaCy component.

Expected events always come from ``extract_events``, so the equalities below hold
whatever the rules find and become stricter as the rules grow.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

import dipevents.component  # noqa: F401  (registers the factory even without the entry point)
from dipevents import extract_events
from dipevents.model import Event
from tests.conftest import GOLD_DIR, require

SAMPLE = (
    "The foreign ministers of Qatar and Honduras met in Tegucigalpa on Monday. "
    "They signed a memorandum of understanding. "
    "Chile opened an embassy in Hanoi in 1998."
)


def gold_records() -> list[dict[str, Any]]:
    require(GOLD_DIR)
    rows = []
    for path in sorted(GOLD_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    if not rows:
        pytest.skip(f"no gold records under {GOLD_DIR}")
    return rows


def texts_and_dates() -> list[tuple[str, str | None]]:
    """The gold texts when present, else a built-in sample; the tests run either way."""
    if GOLD_DIR.exists() and any(GOLD_DIR.glob("*.jsonl")):
        return [(r["text"], r["published"]) for r in gold_records()]
    return [(SAMPLE, "2018-09-06"), (SAMPLE, None)]


def expected(text: str, published: object = None) -> list[dict[str, Any]]:
    return [e.to_dict() for e in extract_events(text, published)]


def pipeline(*before: str, **config: Any) -> Language:
    """Blank English, the named components, then ours.

    With no sentence boundaries set before it, the component splits sentences as
    ``extract_events`` does; so does the extractor's own pipeline put before it.
    """
    nlp = spacy.blank("en")
    for name in before:
        nlp.add_pipe(name)
    nlp.add_pipe("dipevents", config=config)
    return nlp


def default_components() -> tuple[str, ...]:
    """The components of the pipeline extract_events makes its Docs with."""
    from dipevents.extract import get_default

    return tuple(get_default().nlp.pipe_names)


SAME_AS_EXTRACT_EVENTS = [(), default_components()]


def run(nlp: Language, text: str, published: object = None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


@pytest.mark.parametrize("before", SAME_AS_EXTRACT_EVENTS, ids=["bare-blank", "default-sentences"])
def test_add_pipe_on_blank_matches_extract_events(before: tuple[str, ...]) -> None:
    nlp = pipeline(*before)
    assert nlp.pipe_names == [*before, "dipevents"]
    for text, published in texts_and_dates():
        doc = run(nlp, text, published)
        assert doc._.dipevents == expected(text, published)
        assert doc._.dipevents_events == extract_events(text, published)
        assert all(isinstance(e, Event) for e in doc._.dipevents_events)
        json.dumps(doc._.dipevents)


def test_users_sentence_boundaries_are_used() -> None:
    # A plain sentencizer does not break at line breaks, so results may differ from
    # extract_events; they must equal the extractor's own answer for those sentences.
    nlp = pipeline("sentencizer")
    extractor = nlp.get_pipe("dipevents").extractor
    for text, published in texts_and_dates():
        with nlp.select_pipes(disable=["dipevents"]):
            reference = nlp(text)
        want = [e.to_dict() for e in extractor.extract_doc(reference, published)]
        assert run(nlp, text, published)._.dipevents == want


def test_doc_without_the_component_has_no_results() -> None:
    pipeline()
    doc = spacy.blank("en")("Some text.")
    assert doc._.dipevents is None
    assert doc._.dipevents_events == []
    assert doc._.published is None


def test_published_extension_validates_and_reads_back_as_date() -> None:
    pipeline()
    doc = spacy.blank("en").make_doc(SAMPLE)
    doc._.published = "2018-09-06"
    assert doc._.published == dt.date(2018, 9, 6)
    doc._.published = dt.datetime(2020, 1, 2, 3, 4)
    assert doc._.published == dt.date(2020, 1, 2)
    doc._.published = None
    assert doc._.published is None
    with pytest.raises(ValueError, match="ISO date"):
        doc._.published = "6 September 2018"
    with pytest.raises(TypeError):
        doc._.published = 20180906


def test_published_reaches_the_extractor() -> None:
    # Relative dates ("on Monday", "last year") resolve against doc._.published:
    # the component must give exactly what extract_events gives for each date.
    nlp = pipeline()
    for text, published in texts_and_dates():
        for pub in {published, "2001-01-15", None}:
            assert run(nlp, text, pub)._.dipevents == expected(text, pub), (text[:60], pub)


def test_custom_attr() -> None:
    nlp = pipeline(attr="diplo")
    doc = run(nlp, SAMPLE, "2018-09-06")
    assert doc._.diplo == expected(SAMPLE, "2018-09-06")
    assert doc._.diplo_events == extract_events(SAMPLE, "2018-09-06")
    with pytest.raises(ValueError, match="identifier"):
        pipeline(attr="not an identifier")


def test_doc_bytes_and_docbin_round_trip() -> None:
    nlp = pipeline()
    docs = [run(nlp, text, pub) for text, pub in texts_and_dates()]
    for doc in docs:
        back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
        assert back._.dipevents == doc._.dipevents
        assert back._.published == doc._.published
        assert back._.dipevents_events == doc._.dipevents_events
    store = DocBin(store_user_data=True, docs=docs)
    back_docs = list(DocBin().from_bytes(store.to_bytes()).get_docs(nlp.vocab))
    assert [d._.dipevents for d in back_docs] == [d._.dipevents for d in docs]


def test_to_disk_and_spacy_load(tmp_path: Path) -> None:
    nlp = pipeline(*default_components(), attr="saved_events")
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == [*default_components(), "dipevents"]
    assert loaded.get_pipe("dipevents").attr == "saved_events"
    for text, pub in texts_and_dates():
        assert run(loaded, text, pub)._.saved_events == expected(text, pub)
    again = spacy.blank("en").from_config(nlp.config).from_bytes(nlp.to_bytes())
    assert run(again, SAMPLE)._.saved_events == expected(SAMPLE)


def test_spacy_load_in_a_fresh_interpreter(tmp_path: Path) -> None:
    # Nothing imports dipevents first: the spacy_factories entry point must do it.
    pipeline(*default_components()).to_disk(tmp_path / "pipe")
    code = (
        "import json, sys, spacy\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "doc = nlp.make_doc(sys.argv[2]); doc._.published = '2018-09-06'\n"
        "print(json.dumps(nlp(doc)._.dipevents))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "pipe"), SAMPLE],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == expected(SAMPLE, "2018-09-06")


def test_pipe_with_two_processes() -> None:
    nlp = pipeline()
    pairs = texts_and_dates()
    docs = []
    for text, pub in pairs:
        doc = nlp.make_doc(text)
        doc._.published = pub
        docs.append(doc)
    out = list(nlp.pipe(docs, n_process=2, batch_size=4))
    assert [d.text for d in out] == [t for t, _ in pairs]
    assert [d._.dipevents for d in out] == [expected(t, p) for t, p in pairs]
    assert [d._.published for d in out] == [
        None if p is None else dt.date.fromisoformat(p) for _, p in pairs
    ]
    plain = list(nlp.pipe([t for t, _ in pairs], n_process=2))
    assert [d._.dipevents for d in plain] == [expected(t) for t, _ in pairs]


@Language.component("test_user_preset_marker")
def _user_marker(doc: Doc) -> Doc:
    # A user's own rule component that writes its own extension.
    doc._.user_seen = True
    return doc


def test_after_a_users_own_pipeline() -> None:
    if not Doc.has_extension("user_seen"):
        Doc.set_extension("user_seen", default=False)
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [
            {"label": "GPE", "pattern": "Seoul"},
            {"label": "GPE", "pattern": "Tegucigalpa"},
            {"label": "ORG", "pattern": [{"LOWER": "ministry"}, {"LOWER": "of"}]},
        ]
    )
    nlp.add_pipe("test_user_preset_marker")
    nlp.add_pipe("dipevents")
    assert nlp.pipe_names == ["entity_ruler", "test_user_preset_marker", "dipevents"]

    def user_doc(text: str, pub: str | None) -> Doc:
        doc = nlp.make_doc(text)
        # Entities set before the pipeline runs, as a statistical NER would leave them.
        doc.ents = [Span(doc, 0, 1, label="SOURCE")]
        doc._.published = pub
        return doc

    for text, pub in texts_and_dates():
        with nlp.select_pipes(disable=["dipevents"]):
            reference = nlp(user_doc(text, pub))
        doc = nlp(user_doc(text, pub))
        assert doc._.user_seen is True
        assert doc.ents[0].label_ == "SOURCE"
        # Our component reads the Doc and leaves the user's annotations alone.
        assert [(e.start, e.end, e.label_) for e in doc.ents] == [
            (e.start, e.end, e.label_) for e in reference.ents
        ]
        assert doc._.dipevents == expected(text, pub)


def fake_extract_doc(self: Any, doc: Doc, published: object = None) -> list[Event]:
    """Stands in for the rules: one Meeting per sentence, dated by ``published``.

    It lets the plumbing (dicts on the Doc, serialization, the date hand-over) be
    checked with non-empty results, whatever state the real rules are in.
    """
    from dipevents.extract import check_published
    from dipevents.model import Meeting, PartialDate
    from dipevents.model import Span as Offsets

    pub = check_published(published)
    date = None if pub is None else PartialDate(pub.year, pub.month, pub.day)
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    return [
        Meeting(
            countries=("BLR", "KOR"),
            date=date,
            evidence=(Offsets(s.start_char, s.end_char),),
            participants=(s.text[:10],),
        )
        for s in sents
    ]


def test_plumbing_with_stand_in_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    from dipevents.extract import Extractor

    monkeypatch.setattr(Extractor, "extract_doc", fake_extract_doc)
    nlp = pipeline("sentencizer")
    doc = run(nlp, SAMPLE, "2018-09-06")
    assert len(doc._.dipevents) == 3
    assert doc._.dipevents[0]["date"] == "2018-09-06"
    assert doc._.dipevents[0]["countries"] == ["BLR", "KOR"]
    assert [e.to_dict() for e in doc._.dipevents_events] == doc._.dipevents
    assert run(nlp, SAMPLE)._.dipevents[0]["date"] is None

    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.dipevents == doc._.dipevents
    store = DocBin(store_user_data=True, docs=[doc])
    (from_bin,) = DocBin().from_bytes(store.to_bytes()).get_docs(nlp.vocab)
    assert from_bin._.dipevents == doc._.dipevents  # lists, not msgpack's tuples
    assert from_bin._.dipevents_events == doc._.dipevents_events
