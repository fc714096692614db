"""Arguments of events: people and their states, places, and the document's pair.

People are found as runs of capitalised name words next to a title ("Foreign
Minister Han Ji-hoon", "Mr. Okafor") and tied to a state by the title phrase
around them ("Kenyan Foreign Minister ...", "..., the Vice President of
Peru"). A later mention of one of their names ("Amani met ...") carries that state.

Example:
    >>> text = ("Kenyan President Daniel Amani spoke. "
    ...         "Amani met Peruvian President Rosa Quispe.")
    >>> from dipevents import countries
    >>> people = find_people(text, countries.find_mentions(text))
    >>> [(p.name, p.country) for p in people]
    [('Daniel Amani', 'KEN'), ('Daniel Amani', 'KEN'), ('Rosa Quispe', 'PER')]
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs

from dipevents.countries import CountryMention, city_country, resolve
from dipevents.matching import TokenArrays

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _load_words() -> dict[str, frozenset[str]]:
    raw = json.loads(
        resources.files("dipevents.rules").joinpath("people.json").read_text(encoding="utf-8")
    )
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


_WORDS = _load_words()

# Words of a title phrase: they may stand between a person and the state named for
# them ("the Minister of Foreign Affairs of the Republic of Ghana HE ...").
_TITLE_WORDS = _WORDS["title_phrase_words"]
_TITLES_BEFORE = _WORDS["titles_before_name"]
# Capitalised words that are not parts of a person's name.
_NOT_NAME = _WORDS["not_name_words"]
_NAME_WORD = re.compile(
    r"(?:[A-Z][a-zà-ÿ'’]+(?:-[A-Za-zà-ÿ]+)*|[A-Z]\.|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+)"
)
_CONNECTOR = frozenset(
    {
        "bin",
        "bint",
        "ibn",
        "Al",
        "al",
        "el",
        "El",
        "de",
        "da",
        "van",
        "von",
        "der",
        "du",
        "di",
        "le",
        "La",
        "Le",
        "abu",
        "Abu",
        "dos",
        "das",
        "del",
    }
)
_SUFFIX = frozenset({"II", "III", "IV", "Jr.", "Sr."})
_DATELINE_CITY = re.compile(
    r"^[ \t]*(?:date \d{4}-\d{2}-\d{2}[ \t]+)?([A-Z][A-Za-z]+(?:[ \t][A-Z][A-Za-z]+)?)"
    r"(?=[ \t]*(?:,|:|\(|\.\s*/)|[ \t]+[–—-])",
    re.M,
)


@attrs.frozen
class Person:
    """A person mentioned at ``[start, end)``: the full name and the state, if known."""

    start: int
    end: int
    name: str
    country: str | None


def _is_name_word(w: str) -> bool:
    return bool(_NAME_WORD.fullmatch(w)) and w.strip(".’'") not in _NOT_NAME


def _country_in_phrase(
    lo: int, hi: int, starts: list[int], mentions: Sequence[CountryMention]
) -> str | None:
    """The state named in ``[lo, hi)``, nearest to ``hi`` for a phrase before a name."""
    i = bisect.bisect_left(starts, lo)
    found = None
    while i < len(mentions) and mentions[i].start < hi:
        if mentions[i].end <= hi:
            found = mentions[i].country.alpha3
        i += 1
    return found


def _phrase_start(words: Sequence[tuple[int, int, str]], k: int, limit: int = 16) -> int:
    """Walk back from word ``k`` over title words, names and commas; the phrase start."""
    j = k
    while j > 0 and k - j < limit:
        w = words[j - 1][2]
        low = w.lower()
        if low in _TITLE_WORDS or w[:1].isupper() or w in (",", "’s", "'s", "(", ")", "–", "-"):
            j -= 1
            continue
        break
    return words[j][0] if j < len(words) else words[-1][0]


def _phrase_end(words: Sequence[tuple[int, int, str]], k: int, limit: int = 24) -> int:
    """Walk forward from word ``k`` over an appositive title phrase after a name."""
    if k >= len(words) or words[k][2] != ",":
        return words[k - 1][1] if k > 0 else 0
    j = k + 1
    while j < len(words) and j - k < limit:
        w = words[j][2]
        if w.lower() in _TITLE_WORDS or w[:1].isupper() or w in (",", "’s", "'s"):
            j += 1
            continue
        break
    return words[j - 1][1]


class _Words(Sequence[tuple[int, int, str]]):
    """The Doc's tokens as ``(start, end, text)``, read off arrays once."""

    def __init__(self, doc: Doc, arrays: TokenArrays) -> None:
        strings = doc.vocab.strings
        self.texts = [strings[h] for h in arrays.orth]
        self.idx = arrays.idx

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, k: int) -> tuple[int, int, str]:  # type: ignore[override]
        w = self.texts[k]
        a = self.idx[k]
        return a, a + len(w), w

    def glued(self, k: int) -> bool:
        """Token ``k`` touches the tokens on both sides ("Ji" "-" "hoon")."""
        idx, texts = self.idx, self.texts
        return (
            0 < k < len(texts) - 1
            and idx[k - 1] + len(texts[k - 1]) == idx[k]
            and idx[k] + len(texts[k]) == idx[k + 1]
        )

    def covered_by(self, mentions: Sequence[CountryMention]) -> list[bool]:
        """Which tokens start inside a country mention."""
        out = [False] * len(self.texts)
        for m in mentions:
            k = bisect.bisect_left(self.idx, m.start)
            while k < len(out) and self.idx[k] < m.end:
                out[k] = True
                k += 1
        return out


@functools.cache
def _tokenizer() -> Any:
    import spacy

    return spacy.blank("en").tokenizer


def find_people(
    text: str,
    mentions: Sequence[CountryMention],
    doc: Doc | None = None,
    arrays: TokenArrays | None = None,
) -> list[Person]:
    """People named in ``text`` next to a title, and every later use of their names.

    ``mentions`` are the document's country mentions (``countries.find_mentions``),
    used to tie a person to a state through the title phrase around the name.
    ``doc`` is the text's spaCy Doc when there is one (else it is tokenized here);
    only capitalised tokens are looked at closely.
    """
    if doc is None:
        doc = _tokenizer()(text)
    if arrays is None:
        arrays = TokenArrays.of(doc)
    words = _Words(doc, arrays)
    texts = words.texts
    n = len(texts)
    caps = [i for i, (t, u) in enumerate(zip(arrays.title, arrays.upper, strict=True)) if t or u]
    starts = [m.start for m in mentions]
    inside = words.covered_by(mentions)

    people: list[Person] = []
    known: dict[str, Person] = {}
    done_until = -1
    for k in caps:
        if k <= done_until:
            continue
        w = texts[k]
        if inside[k] or w.endswith(".") or not _is_name_word(w):
            continue
        j = k
        parts: list[int] = []
        while j < n and not inside[j]:
            t = texts[j]
            if _is_name_word(t) or (parts and (t in _CONNECTOR or t in _SUFFIX)):
                parts.append(j)
                j += 1
                continue
            if parts and t == "-" and words.glued(j) and _is_name_word(texts[j + 1]):
                j += 1  # "Ji-hoon": spaCy splits at the hyphen
                continue
            break
        done_until = j
        while parts and texts[parts[-1]] in _CONNECTOR:
            parts.pop()
        if not parts:
            continue
        prev = texts[k - 1].lower() if k > 0 else ""
        titled = prev in _TITLES_BEFORE or prev.rstrip(".") in _TITLES_BEFORE or prev == ","
        if len(parts) < 2 and not (titled and prev != ","):
            continue
        start, end = words[parts[0]][0], words[parts[-1]][1]
        name = text[start:end]
        if city_country(name) is not None:
            continue  # "New York, The Minister ...": a place, not a person
        country = _country_in_phrase(_phrase_start(words, parts[0]), start, starts, mentions)
        if country is None:
            after = _phrase_end(words, parts[-1] + 1)
            if after > end:
                country = _country_in_phrase(end, after, starts, mentions)
        person = Person(start, end, name, country)
        people.append(person)
        for p in range(parts[0], parts[-1] + 1):
            t = texts[p]
            if len(t) >= 3 and t not in _CONNECTOR and t not in _SUFFIX and _is_name_word(t):
                old = known.get(t)
                if old is None or (old.country is None and country is not None):
                    known[t] = person
    # Later uses of a known name, alone ("Amani met ...", "Quispe said ...").
    if known:
        # people are found in text order and do not overlap: bisect on their starts
        taken_starts = [p.start for p in people]
        taken_ends = [p.end for p in people]
        for k in caps:
            earlier = known.get(texts[k])
            if earlier is None:
                continue
            a, b, _t = words[k]
            i = bisect.bisect_right(taken_starts, a) - 1
            if i < 0 or a >= taken_ends[i]:
                people.append(Person(a, b, earlier.name, earlier.country))
    people.sort(key=lambda p: p.start)
    return people


def salience(mentions: Sequence[CountryMention], people: Sequence[Person]) -> Counter[str]:
    """How often each state is named in the document (names, demonyms, capitals, people)."""
    counts: Counter[str] = Counter(m.country.alpha3 for m in mentions)
    counts.update(p.country for p in people if p.country)
    return counts


def partner(counts: Counter[str], present: set[str]) -> str | None:
    """The most named state of the document that is not in ``present``."""
    for code, _n in counts.most_common():
        if code not in present:
            return code
    return None


def dateline_city(text: str) -> tuple[str, int] | None:
    """The city of a dispatch's dateline ("ASTANA, 14 February (Kazinform) –") and its offset.

    Only the first lines of a text are looked at; the city is returned as written,
    title-cased when the dateline shouts it ("ASTANA" -> "Astana").
    """
    head = text[:400]
    for m in _DATELINE_CITY.finditer(head):
        city = m.group(1)
        if city.split()[0] in _NOT_NAME or city.lower() in ("date", "photo", "source"):
            continue
        if resolve(city) is not None and city_country(city) is None:
            continue  # "India-Bangladesh trade ...": a headline naming a state, not a dateline
        tail = head[m.end(1) : m.end(1) + 40]
        if not re.match(
            r"[ \t]*(?:,[ \t]*(?:\d|[A-Z][a-z]+\.?[ \t]+\d|[A-Z]{3,})|:|[ \t]+[–—-]|[ \t]*\("
            r"|,?[ \t]*\.?\s*/)",
            tail,
        ):
            continue
        if city.isupper():
            city = " ".join(w.capitalize() for w in city.split())
        return city, m.start(1)
    return None


_PLACE_AFTER_IN = re.compile(
    r"\b(?:in|at)\s+(?:the\s+(?:capital|city)(?:\s+of)?,?\s+)?"
    r"((?:[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+){0,2}))"
)
_NOT_PLACE = _NOT_NAME - {"North", "South", "East", "West", "New", "Abu"} | {
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "Mr",
    "Dr",
    "This",
    "That",
    "January",
    "February",
}


def place_after_in(sentence: str) -> list[tuple[int, str]]:
    """Capitalised places after "in"/"at" in a sentence, with their offsets.

    Example:
        >>> place_after_in("They met in Hanoi on December 14.")
        [(12, 'Hanoi')]
    """
    out = []
    for m in _PLACE_AFTER_IN.finditer(sentence):
        place = m.group(1)
        first = place.split()[0].split("-")[0]
        if first in _NOT_PLACE:
            continue
        out.append((m.start(1), place))
    return out
