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
import itertools
import json
import operator
import re
import sys
import threading
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs
import numpy

from dipevents._regex import WordPattern
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


# What find_people asks of a token depends on its text alone, so it is worked out
# once per word and kept as bits, keyed by the word's hash (the same in every
# StringStore): the regex, the set look-ups and the StringStore's decoding are paid
# once per new word, not once per token of every article.
# The bits common words carry are below 256: a list of ints under 257 costs no int
# object per token (CPython keeps one of each), so the rare ones are the high bits.
_W_NAME = 1  # a name word
# May start a name: a capitalised name word with no final ".". Capitalised is spaCy's
# IS_TITLE or IS_UPPER, which every language computes as str.istitle / str.isupper;
# reading them off the text spares a pass over the Doc's flag columns.
_W_START = 2
_W_TITLED = 4  # a title just before a name: "Mr.", "President" (not a comma)
_W_BACK = 8  # may stand in a title phrase before a name
_W_FORTH = 16  # may stand in an appositive title phrase after a name
_W_KEEP = 32  # a name part whose later uses are the person: 3+ letters, no connector
_W_CONN = 64  # "bin", "de", "al" ...
_W_COMMA = 128
_W_SUFFIX = 256  # "Jr.", "III" ...
_W_HYPHEN = 512
_W_LEN = 16  # the word's length is kept above the bits: offsets need no string
_W_MASK = (1 << _W_LEN) - 1
_W_GROWS = _W_NAME | _W_CONN | _W_SUFFIX | _W_HYPHEN  # may carry a name on


def _word_bits(w: str) -> int:
    name = _is_name_word(w)
    cap = w.istitle() or w.isupper()
    low = w.lower()
    upper_first = w[:1].isupper()
    return (
        (_W_NAME if name else 0)
        | (_W_START if cap and name and not w.endswith(".") else 0)
        | (_W_CONN if w in _CONNECTOR else 0)
        | (_W_SUFFIX if w in _SUFFIX else 0)
        | (_W_HYPHEN if w == "-" else 0)
        | (_W_COMMA if w == "," else 0)
        | (_W_TITLED if _titled(low) else 0)
        | (
            _W_BACK
            if low in _TITLE_WORDS or upper_first or w in (",", "’s", "'s", "(", ")", "–", "-")
            else 0
        )
        | (_W_FORTH if low in _TITLE_WORDS or upper_first or w in (",", "’s", "'s") else 0)
        | (_W_KEEP if len(w) >= 3 and w not in _CONNECTOR and w not in _SUFFIX and name else 0)
        | len(w) << _W_LEN
    )


def _titled(low: str) -> bool:
    return low != "," and (low in _TITLES_BEFORE or low.rstrip(".") in _TITLES_BEFORE)


_TITLED_AT_START = _titled("")  # no word before the first token
_FAR = sys.maxsize
_START_OF = operator.attrgetter("start")
# Cleared when full, so that a long run over news stays bounded.
_BITS: dict[int, int] = {}
_BITS_MAX = 1 << 16
# The words seen last, in a table indexed by 18 bits of their hash (a word in its slot,
# its bits and length beside it): numpy reads every token's slot at once, and only a
# word not in its slot is looked up in ``_BITS``. No hash is in a slot at first: each
# slot holds a number whose own low bits are another slot's.
_SLOTS = 1 << 18
_SLOT_KEY = numpy.arange(_SLOTS, dtype=numpy.uint64) ^ numpy.uint64(1)
_SLOT_BITS = numpy.zeros(_SLOTS, dtype=numpy.uint16)
_SLOT_LEN = numpy.zeros(_SLOTS, dtype=numpy.int64)
_SLOT_MASK = numpy.uint64(_SLOTS - 1)
_SLOT_LOCK = threading.Lock()


def _token_bits(orth: Any, doc: Doc) -> tuple[Any, Any]:
    """The bits (``_W_MASK``) and the length of each token, as numpy arrays.

    ``orth``: the tokens' ORTH hashes (numpy uint64). A word is decoded from the
    StringStore only the first time it is seen (or again once ``_BITS`` starts over).
    """
    slots = orth & _SLOT_MASK
    # A slot's word, bits and length are three writes: threads take turns, so that none
    # reads a slot half written.
    with _SLOT_LOCK:
        new = (_SLOT_KEY.take(slots) != orth).nonzero()[0]
        if len(new):
            if len(_BITS) > _BITS_MAX:
                _BITS.clear()
            strings = doc.vocab.strings
            hashes = orth.take(new)
            got = [_known_bits(h, strings) for h in hashes.tolist()]
            values = numpy.array(got, dtype=numpy.int64)
            at = slots.take(new)
            _SLOT_KEY[at] = hashes
            _SLOT_BITS[at] = values & _W_MASK
            _SLOT_LEN[at] = values >> _W_LEN
        bits = _SLOT_BITS.take(slots)
        lens = _SLOT_LEN.take(slots)
        if len(new):
            # A word just written may hold the slot of another word of this Doc.
            lost = (_SLOT_KEY.take(slots) != orth).nonzero()[0].tolist()
            for i in lost:
                b = _known_bits(orth.item(i), strings)
                bits[i] = b & _W_MASK
                lens[i] = b >> _W_LEN
    return bits, lens


def _known_bits(h: int, strings: Any) -> int:
    b = _BITS.get(h)
    if b is None:
        b = _BITS[h] = _word_bits(strings[h])
    return b


def _country_in_phrase(
    lo: int, hi: int, starts: list[int], ends: list[int], mentions: Sequence[CountryMention]
) -> str | None:
    """The state named in ``[lo, hi)``, nearest to ``hi`` for a phrase before a name."""
    i = bisect.bisect_left(starts, lo)
    found = -1
    while i < len(starts) and starts[i] < hi:
        if ends[i] <= hi:
            found = i
        i += 1
    return mentions[found].country.alpha3 if found >= 0 else None


def _phrase_start(bits: list[int], idx: list[int], k: int, limit: int = 16) -> int:
    """Walk back from word ``k`` over title words, names and commas; the phrase start."""
    j = k
    while j > 0 and k - j < limit and bits[j - 1] & _W_BACK:
        j -= 1
    return idx[j] if j < len(idx) else idx[-1]


def _phrase_end(bits: list[int], lens: list[int], idx: list[int], k: int, limit: int = 24) -> int:
    """Walk forward from word ``k`` over an appositive title phrase after a name."""
    n = len(idx)
    if k >= n or not bits[k] & _W_COMMA:
        return idx[k - 1] + lens[k - 1] if k > 0 else 0
    j = k + 1
    while j < n and j - k < limit and bits[j] & _W_FORTH:
        j += 1
    return idx[j - 1] + lens[j - 1]


def _glued(lens: list[int], idx: list[int], k: int) -> bool:
    """Token ``k`` touches the tokens on both sides ("Ji" "-" "hoon")."""
    return (
        0 < k < len(idx) - 1
        and idx[k - 1] + lens[k - 1] == idx[k]
        and idx[k] + lens[k] == idx[k + 1]
    )


class _Cover:
    """Whether a character offset lies inside a country mention, for offsets asked in
    increasing order (as ``find_people`` walks the tokens): the mentions are read in
    step with them, ``reach`` being the farthest end of those begun so far."""

    __slots__ = ("ahead", "next_start", "reach", "seen")

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.ahead = sorted(zip(starts, ends, strict=True))
        self.ahead.append((_FAR, _FAR))
        self.next_start = self.ahead[0][0]
        self.seen = 0
        self.reach = -1

    def inside(self, x: int) -> bool:
        while self.next_start <= x:
            end = self.ahead[self.seen][1]
            if end > self.reach:
                self.reach = end
            self.seen += 1
            self.next_start = self.ahead[self.seen][0]
        return x < self.reach


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
    idx, orth = arrays.idx, arrays.orth_at
    n = len(idx)
    bit_array, len_array = _token_bits(arrays.orth_column(), doc)
    # The tokens that may start a name, found by numpy; all else is read around them.
    cands = (bit_array & _W_START).nonzero()[0].tolist()
    bits, lens = bit_array.tolist(), len_array.tolist()
    # Read once into a list: extraction passes a Sequence whose items cost a Python call.
    states = list(mentions)
    starts = [m.start for m in states]
    ends = [m.end for m in states]
    cover = _Cover(starts, ends)

    people: list[Person] = []
    # Names by the hash of their text: equal hashes are equal texts in a StringStore.
    known: dict[int, Person] = {}
    taken: set[int] = set()  # tokens of the people found
    done_until = -1
    for k in cands:
        if k <= done_until:
            continue
        # A lone name word needs a title before it: most candidates are one word with
        # neither a name part nor a title beside them, and are dropped here before the
        # mentions are looked at (the word after such a word starts no name either).
        if not (
            (bits[k + 1] & _W_GROWS if k + 1 < n else 0)
            or (bits[k - 1] & _W_TITLED if k > 0 else _TITLED_AT_START)
        ):
            continue
        if cover.inside(idx[k]):
            continue
        j = k + 1
        parts = [k]
        while j < n:
            if cover.inside(idx[j]):
                break
            b = bits[j]
            if b & (_W_NAME | _W_CONN | _W_SUFFIX):
                parts.append(j)
                j += 1
                continue
            if b & _W_HYPHEN and _glued(lens, idx, j) and bits[j + 1] & _W_NAME:
                j += 1  # "Ji-hoon": spaCy splits at the hyphen
                continue
            break
        done_until = j
        while parts and bits[parts[-1]] & _W_CONN:
            parts.pop()
        if not parts:
            continue
        titled = bits[k - 1] & _W_TITLED if k > 0 else _TITLED_AT_START
        if len(parts) < 2 and not titled:
            continue
        first, last = parts[0], parts[-1]
        start, end = idx[first], idx[last] + lens[last]
        name = text[start:end]
        if city_country(name) is not None:
            continue  # "New York, The Minister ...": a place, not a person
        country = _country_in_phrase(_phrase_start(bits, idx, first), start, starts, ends, states)
        if country is None:
            after = _phrase_end(bits, lens, idx, last + 1)
            if after > end:
                country = _country_in_phrase(end, after, starts, ends, states)
        person = Person(start, end, name, country)
        people.append(person)
        taken.update(range(first, last + 1))
        for p in range(first, last + 1):
            if bits[p] & _W_KEEP:
                h = orth(p)
                old = known.get(h)
                if old is None or (old.country is None and country is not None):
                    known[h] = person
    # Later uses of a known name, alone ("Amani met ...", "Quispe said ..."): a known
    # name is a capitalised name word of 3+ letters (no final "."), so its uses are
    # among ``cands``; the tokens of the people found are taken.
    if known:
        for k in itertools.compress(cands, map(known.__contains__, map(orth, cands))):
            if k in taken:
                continue
            earlier = known[orth(k)]
            a = idx[k]
            people.append(Person(a, a + lens[k], earlier.name, earlier.country))
    people.sort(key=_START_OF)
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


_PLACE_AFTER_IN = WordPattern(
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
