"""The public entry: text in, merged events out.

Data flows one way: text -> sentences -> rule matches -> arguments (states, people,
places, dates, money) -> candidate events -> merged events. The pipeline (blank
English, sentencizer, line breaks, compiled matchers) is built once per process.

Example:
    >>> evs = extract_events("Chile opened an embassy in Hanoi in 1998.")
    >>> e = evs[0].to_dict(evidence=False)
    >>> e["type"], e["date"], e["sender"], e["host"], e["city"]
    ('EmbassyOpening', '1998', 'CHL', 'VNM', 'Hanoi')
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

import attrs

from dipevents import countries, dates, money
from dipevents._regex import WordPattern
from dipevents.arguments import (
    Person,
    dateline_city,
    find_people,
    partner,
    place_after_in,
    salience,
)
from dipevents.countries import CountryMention
from dipevents.dates import DateMention
from dipevents.matching import Hit, Matchers, TokenArrays, make_nlp, sentence_start_list
from dipevents.merge import Candidate, is_recent, merge
from dipevents.model import (
    _ALPHA3,
    STATUSES,
    Agreement,
    EmbassyOpening,
    Event,
    Flow,
    Meeting,
    Mission,
    Money,
    PartialDate,
    Span,
    Status,
    TradeFigure,
    _trusted,
    _trusted_span,
)
from dipevents.money import MoneyMention
from dipevents.status import status_of

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

T = TypeVar("T", CountryMention, DateMention, MoneyMention, Person)


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
    raise TypeError(
        f"published must be a datetime.date, an ISO date str or None, got {type(value).__name__}"
    )


class _Phrases:
    """A case-insensitive pattern of lower-case words, searched in a slice of a document.

    It runs case-sensitively on the document's lower-cased text when it has one (see
    ``_Document.lowered``): Python's regex engine is two to three times slower
    ignoring case, and these searches run for every trigger, date and figure.

    A window that cannot hold a match is not searched: the engine tries a pattern that
    does not begin with one fixed string at every position that could start it, at a
    cost of hundreds of instructions each, where ``in`` and ``endswith`` run through
    the text in C. ``needs``: strings of which every match holds at least one.
    ``ends``: for a pattern anchored at the end (``$``), strings of which every
    match ends with one, but for the white space after it.
    """

    __slots__ = ("ci", "ends", "lc", "needs")

    def __init__(
        self, pattern: str, needs: tuple[str, ...] = (), ends: tuple[str, ...] = ()
    ) -> None:
        if any(c.isupper() for c in pattern + "".join(needs + ends)):
            raise ValueError(f"a _Phrases pattern must be lower case: {pattern!r}")
        self.ci = re.compile(pattern, re.IGNORECASE)
        self.lc = WordPattern(pattern)
        self.needs = needs
        self.ends = ends

    def occurs(self, d: _Document, lo: int, hi: int) -> bool:
        """Whether the pattern matches in ``d.text[lo:hi]``."""
        return self.start(d, lo, hi) is not None

    def start(self, d: _Document, lo: int, hi: int) -> int | None:
        """Where the first match in ``d.text[lo:hi]`` starts (an offset into the text)."""
        low = d.lowered
        if low is None:
            m = self.ci.search(d.text[lo:hi])
        else:
            window = low[lo:hi]
            if self.ends and not window.rstrip().endswith(self.ends):
                return None
            if self.needs:
                for word in self.needs:
                    if word in window:
                        break
                else:
                    return None
            m = self.lc.search(window)
        return None if m is None else lo + m.start()


# Cues that make "the two countries", "both sides" and the like stand for the
# document's pair of states.
_PAIR_CUE = _Phrases(
    r"\b(?:the two (?:countries|nations|sides|states|governments|leaders|ministers|ministries|"
    r"foreign ministries|presidents|peoples)|both (?:sides|countries|nations|men|leaders)|"
    r"the sides|bilateral|counterpart|between them|their countries|our (?:bilateral|two))\b",
    (
        "the two ",
        "both ",
        "the sides",
        "bilateral",
        "counterpart",
        "between them",
        "their countries",
        "our two",
    ),
)
_FOREIGN_CUE = _Phrases(
    r"\b(?:foreign|counterpart|delegation|ambassador|envoy|visit|visited|visiting|bilateral|"
    r"the two|both)\b",
    (
        *("foreign", "counterpart", "delegation", "ambassador", "envoy", "visit", "bilateral"),
        *("the two", "both"),
    ),
)
_EXCLUDE_AFTER = _Phrases(
    r"\b(?:as well as|along with|other than|except|apart from|even as|whereas|amid)\b",
    (
        *("as well as", "along with", "other than", "except", "apart from", "even as"),
        *("whereas", "amid"),
    ),
)
_VENUE = _Phrases(
    r"\b(?:in|at)\s+(?:the\s+(?:capital|city)(?:\s+of)?,?\s+)?$",
    ends=("in", "at", "capital", "city", "of", ","),
)
# "Following the meeting, ...": the states of the meeting just told.
_BACK_TO_MEETING = _Phrases(
    r"\b(?:the|their|this|that|these) "
    r"(?:meeting|meetings|talks|visit|summit|negotiations|conversation|call)\b",
    ("meeting", "talks", "visit", "summit", "negotiations", "conversation", "call"),
)
_SAME_DAY = _Phrases(r"\b(?:on )?the same day\b", ("the same day",))
_NOT_TRADE = _Phrases(
    r"\b(?:invest\w*|gdp|aid|loans?|grants?|credits?|budget|surplus|deficit|targets?|goals?|aims?|"
    r"contracts?|deals?|tourism|remittances?|debt|market cap\w*|capitali[sz]ation|sales of "
    r"the company|valuation|assets|funds?|funding)\b",
    (
        *("invest", "gdp", "aid", "loan", "grant", "credit", "budget", "surplus", "deficit"),
        *("target", "goal", "aim", "contract", "deal", "tourism", "remittance", "debt"),
        *("market cap", "capitali", "sales of the company", "valuation", "assets", "fund"),
    ),
)
_TARGET = _Phrases(
    r"\b(?:to reach|to hit|to exceed|to increase to|to double|to grow to|to rise to|"
    r"to boost \w+ to|will reach|would reach|could reach|expected to|aim(?:s|ed)? (?:at|to)|"
    r"target of|goal of|by 20\d\d)\b"
)
_YEAR_BEFORE = re.compile(
    r"(?:a|one) year (?:earlier|before|ago)|the (?:previous|preceding|prior) year|the year before",
    re.I,
)
# "... to $25 billion by 2026": a goal, not a figure
_TARGET_AFTER = re.compile(r"\s*(?:\([^)]*\)\s*)?by\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d\b", re.I)
_INTENT_TO = _Phrases(
    r"\b(?:hope[sd]?|aim(?:s|ed)?|plan(?:s|ned)?|seek(?:s)?|want(?:s)?|intend(?:s|ed)?|pledge[sd]?|"
    r"agree[sd]?|expect(?:s|ed)?|target(?:s|ed)?|goal|will|would|could)\b[^.;]{0,60}\bto\s*$",
    ends=("to",),
)
# "in FY2022", "fiscal 2021": a year (the year a fiscal year is named for)
_FISCAL = re.compile(r"\b(?:FY\s?'?|fiscal\s+(?:year\s+)?)(\d{4}|\d{2})\b(?![-/]\d)")
_GOING_TO = WordPattern(
    r"\b(?:visit(?:ed|s|ing)?(?:\s+to)?|travel(?:led|ed|s|ling|ing)?\s+to|arriv(?:ed|es|e|ing)\s+in|"
    r"fl(?:ew|ies|y)\s+to|trip\s+to)\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)
# Every match of _GOING_TO holds one of these; most sentences hold none, and this
# literal search fails fast where the pattern tries every word start.
_GOING_TO_WORDS = re.compile("visit|travel|arriv|flew|flies|fly|trip")
# "signed ... following talks": the signing and the talks are one day
_AT_THE_TALKS = _Phrases(
    r"\b(?:following|after|during|at|on the sidelines of)\s+(?:the\s+|their\s+|his\s+|her\s+)?"
    r"(?:talks|meeting|visit|summit|negotiations)\b",
    ("talks", "meeting", "visit", "summit", "negotiations"),
)
# "Germany's most important trading partner": whose partners the text ranks
_PARTNER_OF = re.compile(
    r"\b[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)*(?:’s|'s)\s+(?:\w+\s+){0,3}?(trading|trade)\s+partners?\b"
)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_IMPORT_WORDS = frozenset(
    {"imports", "import", "imported", "importing", "purchases", "purchased", "bought"}
)
_SINCE = _Phrases(
    r"\b(?:since|until|till|from|before|after|by|(?:plan|programme|program|agenda|strategy|budget|"
    r"vision|forecast|target|goals?|outlook)\s+for)\s*$",
    ends=("since", "until", "till", "from", "before", "after", "by", "for"),
)
# A date beyond one of these words belongs to another clause than the trigger's.
_OTHER_CLAUSE = _Phrases(
    r"\b(?:which|who|whom|whose|since|while|whereas|but|although|though)\b|,\s*and\b|;",
    ("and", ";", "which", "who", "since", "while", "whereas", "but", "though"),
)
# "the two ministers signed": the signatories are the people of the meeting just told.
_PAIR_SUBJECT = _Phrases(
    r"\b(?:they|both (?:men|women|leaders|ministers|sides)|the two (?:ministers|leaders|presidents|"
    r"prime ministers|foreign ministers|sides|heads of state)|the (?:ministers|leaders))\b"
    r"[^.]{0,40}?"
    r"\b(?:signed|inked|exchanged|issued|adopted)\b",
    ("signed", "inked", "exchanged", "issued", "adopted"),
)
_REPORTING = _Phrases(
    r"\b(?:said|says|announced|reported|told|stated|added|noted|confirmed|according to)\b",
    (
        *("said", "says", "announced", "reported", "told", "stated", "added", "noted"),
        *("confirmed", "according to"),
    ),
)
# "postponed until March": the new date of the event, not a bound on another one
_MOVED_TO = _Phrases(
    r"\b(?:postponed|delayed|rescheduled|deferred|pushed back|moved)\s+(?:until|till|to|for)\s*$",
    ends=("until", "till", "to", "for"),
)
_SAYING = _Phrases(
    r"\b(?:said|says|announced|reported|told|stated|denied|denies|confirmed|claimed|claims|"
    r"rejected|dismissed|refuted)\b",
    (
        *("said", "says", "announced", "reported", "told", "stated", "denied", "denies"),
        *("confirmed", "claimed", "claims", "rejected", "dismissed", "refuted"),
    ),
)
_PAST_WORDS = _Phrases(
    r"\b(?:last|earlier|ago|yesterday|previous|before|recently)\b",
    ("last", "earlier", "ago", "yesterday", "previous", "before", "recently"),
)
_WEB_DATE_LINE = _Phrases(r"(?:^|\n)[ \t]*date[ \t]+$", ends=("date",))


M = TypeVar("M")
V = TypeVar("V")


class _lazy(Generic[V]):  # lower case: a decorator, like cached_property
    """``functools.cached_property`` without its lock: before Python 3.12 it takes one
    on every first read, and a document reads about ten of these once each."""

    def __init__(self, func: Callable[[Any], V]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _lazy[V]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> V: ...
    def __get__(self, obj: object, owner: type | None = None) -> V | _lazy[V]:
        if obj is None:
            return self
        value = self.func(obj)
        obj.__dict__[self.name] = value  # later reads find it there, not here
        return value


class _Sorted(Sequence[M]):
    """Mentions in text order that know their start offsets (for bisection)."""

    def __init__(self, items: Iterable[M]) -> None:
        self._items = list(items)
        self.starts = [getattr(x, "start") for x in self._items]  # noqa: B009

    def __len__(self) -> int:
        return len(self._items)

    # Sequence's own __iter__ and __reversed__ call __getitem__ once an item, in Python.
    def __iter__(self) -> Iterator[M]:
        return iter(self._items)

    def __reversed__(self) -> Iterator[M]:
        return reversed(self._items)

    @overload
    def __getitem__(self, i: int) -> M: ...
    @overload
    def __getitem__(self, i: slice) -> list[M]: ...
    def __getitem__(self, i: int | slice) -> M | list[M]:
        return self._items[i]


R = TypeVar("R")


def _per_sentence(memo: dict[int, R], s: _Sent, read: Callable[[_Sent], R]) -> R:
    """What ``read`` gives for sentence ``s``, read once and kept in ``memo``."""
    got = memo.get(s.index)
    if got is None:
        got = memo[s.index] = read(s)
    return got


def _between(items: Sequence[T], lo: int, hi: int) -> list[T]:
    if isinstance(items, _Sorted):
        seq, starts = items._items, items.starts
    else:
        seq = list(items)
        starts = [x.start for x in seq]
    i = bisect.bisect_left(starts, lo)
    j = bisect.bisect_left(starts, hi, i)
    return [x for x in seq[i:j] if x.end <= hi]


@attrs.define  # not frozen: a frozen attrs instance costs five times as much to build
class _Sent:
    index: int
    start: int  # char offsets, stripped of surrounding white space
    end: int
    tok_start: int
    tok_end: int
    text: str


def _sentences(
    doc: Doc,
    text: str,
    arrays: TokenArrays,
    own: bool | None = None,
    matchers: Matchers | None = None,
) -> list[_Sent]:
    """Sentence spans, stripped of surrounding white space.

    The Doc's own boundaries when it has them, else ``dipevents_sentencizer``'s
    (computed, not written into the Doc). Read off arrays: ``doc.sents`` makes a
    Token object for every token.
    """
    n = len(doc)
    if n == 0:
        return []
    if own is False or (own is None and doc.has_annotation("SENT_START")):
        from spacy.attrs import SENT_START

        marks = doc.to_array([SENT_START]).reshape(-1).astype("int64").tolist()
        firsts = [i for i, m in enumerate(marks) if m == 1 or i == 0]
    else:
        ends = None if matchers is None else matchers.sentence_ends(arrays)
        firsts = sentence_start_list(arrays, text, ends)
    idx = arrays.idx
    los = [idx[a] for a in firsts]
    his = los[1:]
    his.append(len(text))
    lasts = firsts[1:]
    lasts.append(n)
    out: list[_Sent] = []
    for k, (a, b, lo, hi) in enumerate(zip(firsts, lasts, los, his, strict=True)):
        raw = text[lo:hi]
        body = raw.lstrip()
        if body:
            start = hi - len(body)
            body = body.rstrip()
            out.append(_Sent(k, start, start + len(body), a, b, body))
    return out


def _in_sentence(hits: list[Hit], starts: list[int], s: _Sent) -> list[Hit]:
    """The matches lying wholly inside sentence ``s`` (``starts``: their token starts)."""
    i = bisect.bisect_left(starts, s.tok_start)
    j = bisect.bisect_left(starts, s.tok_end, i)
    if i == j:
        return []  # most sentences
    return [h for h in hits[i:j] if h.end <= s.tok_end]


class _Document:
    """Everything the rules see of one document, computed once."""

    def __init__(
        self,
        doc: Doc,
        text: str,
        published: _dt.date | None,
        matchers: Matchers,
        own_sentences: bool | None = None,
    ) -> None:
        self.doc = doc
        self.text = text  # Doc.text rebuilds the string token by token: pass it in
        self.published = published
        self.arrays = TokenArrays.of(doc)
        self.sents = _sentences(doc, text, self.arrays, own_sentences, matchers)
        self.hits = matchers.triggers(doc, self.arrays)
        self._matchers = matchers
        self.trigger_rules = matchers.trigger_rules
        self.cue_rules = matchers.cue_rules
        self._hit_starts = [h.start for h in self.hits]
        self.last_period: PartialDate | None = None  # of the trade figures told so far
        # Character spans of the sentences with a trigger, once known: the normalizers
        # that only serve those sentences read nothing else.
        self.active: list[tuple[int, int]] | None = None
        self.states_memo: dict[int, tuple[list[str], set[str], list[Person]]] = {}
        self._cues: dict[int, list[Hit]] = {}
        self._money: dict[int, list[MoneyMention]] = {}
        self._places: dict[int, list[tuple[int, str]]] = {}

    # The normalizers run on first use: a document without a trigger never pays for them.

    @_lazy
    def country_mentions(self) -> _Sorted[CountryMention]:
        return _Sorted(countries.find_mentions(self.text))

    @_lazy
    def date_mentions(self) -> _Sorted[DateMention]:
        if self.active is None:
            return _Sorted(dates.find(self.text, self.published))
        # Dates count only in the sentences with a trigger and in the dateline; without
        # a publication date, a full date before a trigger sentence is the reference of
        # what follows, and a full date states its year in four digits.
        spans = self.active
        if self.published is None and spans:
            text, last, active = self.text, spans[-1][0], set(spans)
            spans = [
                (s.start, s.end)
                for s in self.sents
                if (s.start, s.end) in active
                or (s.end <= last and _YEAR_DIGITS.search(text, s.start, s.end))
            ]
        within = [(0, _HEAD_CHARS), *spans]  # dates.find joins what overlaps
        return _Sorted(dates.find(self.text, self.published, within))

    @_lazy
    def lowered(self) -> str | None:
        """The text lower-cased, when ignoring case there is the same as lower-casing.

        Lower-casing may lengthen a text ("İ"), and Python's regex engine takes the
        dotless "ı" for "i" and the long "ſ" for "s" when it ignores case.
        """
        text = self.text
        low = text.lower()
        if len(low) != len(text) or "\u0131" in text or "\u017f" in text:  # ı, ſ
            return None
        return low

    @_lazy
    def people(self) -> _Sorted[Person]:
        return _Sorted(find_people(self.text, self.country_mentions, self.doc, self.arrays))

    @_lazy
    def full_dates(self) -> tuple[list[int], list[_dt.date]]:
        """Starts and values of the dates stated to the day, with their year."""
        starts: list[int] = []
        values: list[_dt.date] = []
        for m in self.date_mentions:
            v = m.value
            if v is not None and v.precision == "day" and v.year is not None:
                assert v.month is not None and v.day is not None
                starts.append(m.start)
                values.append(_dt.date(v.year, v.month, v.day))
        return starts, values

    @_lazy
    def counts(self) -> Counter[str]:
        return salience(self.country_mentions, self.people)

    @_lazy
    def ranked_for(self) -> str | None:
        """The state whose trading partners the text ranks ("Germany's largest trading partner")."""
        if "trad" not in self.text:
            return None  # every match names "trade" or "trading"; the scan is slow to fail
        for m in _PARTNER_OF.finditer(self.text):
            owner = _between(self.country_mentions, m.start(), m.start(1))
            if owner:
                return owner[-1].country.alpha3
        return None

    @_lazy
    def dateline_city(self) -> str | None:
        city = dateline_city(self.text)
        return city[0] if city else None

    @_lazy
    def dateline_date(self) -> tuple[PartialDate, int] | None:
        """A date standing at the head of the article (a dateline or a date line of its own)."""
        for d in self.date_mentions[:3]:
            if d.start > 400 or d.value is None or d.value.precision != "day":
                continue
            line_start = self.text.rfind("\n", 0, d.start) + 1
            line_end = self.text.find("\n", d.end)
            line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
            if line.lower().lstrip().startswith("date "):
                continue  # a web page's date line, not the dispatch's
            rest = line.replace(d.text, "", 1).strip(" ,.:-–—()\t")
            if len(rest) <= 40:
                return d.value, line_end if line_end >= 0 else len(self.text)
        return None

    @_lazy
    def dateline_mention(self) -> tuple[int, int] | None:
        """The date of a dispatch's dateline ("HANOI, 14 March 2024 (VNA) –").

        It is the reference of the report, not the date of an event in it.
        """
        for d in self.date_mentions[:2]:
            if d.start > 300:
                break
            line_start = self.text.rfind("\n", 0, d.start) + 1
            head = self.text[line_start : d.start]
            tail = self.text[d.end : d.end + 12]
            if _DATELINE_HEAD.fullmatch(head) and _DATELINE_TAIL.match(tail):
                return d.start, d.end
        return None

    def hits_in(self, s: _Sent) -> list[Hit]:
        return _in_sentence(self.hits, self._hit_starts, s)

    def cues_in(self, s: _Sent) -> list[Hit]:
        """Status cues of one sentence (read on first need)."""
        return _per_sentence(self._cues, s, self._read_cues)

    def _read_cues(self, s: _Sent) -> list[Hit]:
        cues = self._matchers.cues(self.doc, self.arrays, (s.tok_start, s.tok_end))
        return [c for c in cues if c.start >= s.tok_start and c.end <= s.tok_end]

    def places_in(self, s: _Sent) -> list[tuple[int, str]]:
        """Capitalised places after "in"/"at" in one sentence (``place_after_in``)."""
        return _per_sentence(self._places, s, lambda s: place_after_in(s.text))

    def money_in(self, s: _Sent) -> list[MoneyMention]:
        """Money figures of one sentence (read on first need)."""
        return _per_sentence(self._money, s, lambda s: money.find(self.text, [(s.start, s.end)]))

    def char(self, tok: int) -> int:
        idx = self.arrays.idx
        return idx[tok] if tok < len(idx) else len(self.text)


class Extractor:
    """A built pipeline; reuse one per process (``get_default`` keeps one).

    Args:
        nlp: A spaCy pipeline whose vocabulary the matchers use and that makes Docs
            from text; ``None`` builds blank English with a sentencizer.

    Example:
        >>> ex = Extractor()
        >>> [e.type for e in ex("Portugal will open an embassy in Nairobi.")]
        ['EmbassyOpening']
    """

    def __init__(self, nlp: Language | None = None) -> None:
        self._own_nlp = nlp is None
        self.nlp = make_nlp() if nlp is None else nlp
        if self._own_nlp:
            # spaCy's limit guards the memory of parsers and NER; a tokenizer and our
            # rules grow linearly, so archives' long documents are welcome.
            self.nlp.max_length = 10**9
        self.matchers = Matchers(self.nlp.vocab)

    def __call__(self, text: str, published: object = None) -> list[Event]:
        """Events in ``text``; see ``extract_events``."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        pub = check_published(published)
        if not text.strip():
            return []
        # Our own pipeline needs nothing but tokens: sentence bounds are read off arrays.
        if len(text) > _BLOCK_CHARS:
            return self._extract_blocks(text, pub)
        if self._own_nlp:
            return self._extract(self.nlp.make_doc(text), text, pub, own_sentences=True)
        return self._extract(self.nlp(text), text, pub)

    def _extract_blocks(self, text: str, pub: _dt.date | None) -> list[Event]:
        """A very long text (a whole archive file, a book) read in blocks.

        Each block ends at a paragraph, else a line, else a sentence end, and is read as
        a document of its own; evidence offsets are mapped back to the whole text. An
        event is not merged across blocks: no news story runs over 100,000 characters,
        and one huge Doc costs memory and time faster than its length grows.
        """
        out: list[Event] = []
        for lo, hi in _blocks(text, _BLOCK_CHARS):
            part = text[lo:hi]
            if not part.strip():
                continue
            doc = self.nlp.make_doc(part) if self._own_nlp else self.nlp(part)
            for event in self._extract(
                doc, part, pub, own_sentences=True if self._own_nlp else None
            ):
                spans = tuple(Span(sp.start + lo, sp.end + lo) for sp in event.evidence)
                out.append(attrs.evolve(event, evidence=spans))
        return out

    def extract_doc(self, doc: Doc, published: object = None) -> list[Event]:
        """Events in a Doc made by any pipeline that shares this vocabulary.

        Uses the Doc's sentence boundaries when it has them, else splits sentences
        itself (the Doc is annotated in place).
        """
        pub = check_published(published)
        text = doc.text
        if not text.strip():
            return []
        return self._extract(doc, text, pub)

    def _extract(
        self, doc: Doc, text: str, pub: _dt.date | None, own_sentences: bool | None = None
    ) -> list[Event]:
        d = _Document(doc, text, pub, self.matchers, own_sentences)
        cands: list[Candidate] = []
        if not any(self.matchers.trigger_rules[h.rule].kind in _MAKERS for h in d.hits):
            return []  # nothing here can make an event: skip the normalizers altogether
        # Only the sentences holding an event trigger are read further.
        rules = d.trigger_rules
        firsts = [s.tok_start for s in d.sents]
        near = {
            bisect.bisect_right(firsts, h.start) - 1
            for h in d.hits
            if rules[h.rule].kind in _MAKERS
        }
        active = []
        for i in sorted(near):
            s = d.sents[i]
            hits = _unblocked(d, d.hits_in(s))
            if any(rules[h.rule].kind in _MAKERS for h in hits):
                active.append((s, hits))
        d.active = [(s.start, s.end) for s, _hits in active]
        for s, hits in active:
            cands.extend(_meetings(d, s, hits, cands))
            cands.extend(_agreements(d, s, hits, cands))
            cands.extend(_embassies(d, s, hits, cands))
            cands.extend(_trade(d, s, hits, cands))
        cands.sort(key=lambda c: (c.span[0], _ORDER[c.type]))
        merged = merge(cands)
        _inherit(d, merged)
        return [e for e in (_freeze(c) for c in merged) if e is not None]


# Compiled once: a module-level re.search(pattern, ...) pays a cache lookup per call.
# a dateline's city before its date: "NAIROBI, "
_DATELINE_HEAD = re.compile(r"\s*(?:date\s+)?[A-Z][A-Za-z .'-]{1,40},\s*")
# and what follows that date: "(Reuters)", " - "
_DATELINE_TAIL = re.compile(r"\s*(?:\(|[–—-]|/|\.\s*/|,\s*[A-Z]{3,})")
_NOT_WORD = re.compile(r"[^\w ]")
_IN_TO_BEFORE = re.compile(r"\b(?:in|to)\s*$")
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
# a state after a preposition is not the subject (of an opening or a trade flow)
_OBJECT_BEFORE = re.compile(r"\b(?:in|to|from|with|of)\s+(?:the\s+)?$")
_IN_TO = re.compile(r"\b(?:in|to)\s+(?:the\s+)?")
_COMMA = re.compile(r",\s+")
_CAPITAL_AFTER = re.compile(r"(?:’s|'s)?\s+capital,?\s+")
_CITY_WORDS = re.compile(r"([A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)?)")
_AND_THEN = re.compile(r"^(?:\s+in\s+[^,;]{0,20}?)?,?\s+and\s+(?:the\s+)?")
_IN_TO_AFTER = re.compile(r"\s+(?:in|to)\s+(?:the\s+)?")
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")
_TO_BEFORE = re.compile(r"\b(?:to|into)\s+(?:the\s+)?$")
_BETWEEN = re.compile(r"\bbetween\s+")

# The head of an article, where a dateline's date stands (see dateline_date), plus the
# reach of a date expression back from its core word.
_HEAD_CHARS = 500
_YEAR_DIGITS = re.compile(r"[0-9]{4}")
_ORDER = {"EmbassyOpening": 0, "Meeting": 1, "Agreement": 2, "TradeFigure": 3}
# Texts longer than this (characters) are read in blocks (see Extractor._extract_blocks).
_BLOCK_CHARS = 100_000


def _blocks(text: str, size: int) -> list[tuple[int, int]]:
    """Cut ``text`` into pieces of at most about ``size`` characters at natural breaks."""
    out: list[tuple[int, int]] = []
    lo = 0
    n = len(text)
    while lo < n:
        hi = min(n, lo + size)
        if hi < n:
            window = text[lo + size // 2 : hi]
            for mark in ("\n\n", "\n", ". ", "? ", "! "):
                cut = window.rfind(mark)
                if cut >= 0:
                    hi = lo + size // 2 + cut + len(mark)
                    break
        out.append((lo, hi))
        lo = hi
    return out


# Trigger kinds that can make an event in a sentence (instruments and blocks cannot).
_MAKERS = frozenset({"assert", "turnover", "export", "mission"})


# ---------------------------------------------------------------- arguments


def _unblocked(d: _Document, hits: list[Hit]) -> list[Hit]:
    """Drop the triggers a blocking rule of the same type covers ("meet the needs")."""
    rules = d.trigger_rules
    blocks = [h for h in hits if rules[h.rule].kind == "block"]
    if not blocks:
        return hits
    return [
        h
        for h in hits
        if rules[h.rule].kind != "block"
        and not any(
            b.start <= h.start < b.end and rules[b.rule].type == rules[h.rule].type for b in blocks
        )
    ]


def _states(d: _Document, s: _Sent) -> tuple[list[str], set[str], list[Person]]:
    """States taking part as the sentence names them, the actors among them, and people."""
    order, actors, people = _per_sentence(d.states_memo, s, lambda s: _read_states(d, s))
    return list(order), set(actors), list(people)


def _read_states(d: _Document, s: _Sent) -> tuple[list[str], set[str], list[Person]]:
    mentions = _between(d.country_mentions, s.start, s.end)
    people = _between(d.people, s.start, s.end)
    cut = _EXCLUDE_AFTER.start(d, s.start, s.end)
    cut_at = s.end if cut is None else cut
    actors = {p.country for p in people if p.country}
    order: list[str] = []
    venues: list[str] = []
    for m in mentions:
        code = m.country.alpha3
        if m.start >= cut_at and code not in actors:
            continue
        if m.kind == "capital" and _VENUE.occurs(d, max(s.start, m.start - 12), m.start):
            venues.append(code)  # "in Brussels": where, which is not always who
            continue
        if code not in order:
            order.append(code)
    for p in people:
        if p.country and p.country not in order:
            order.append(p.country)
    for code in venues:
        if len(order) < 2 and code not in order:
            order.append(code)
    return order, actors, people


def _last_pair(d: _Document, done: Sequence[Candidate]) -> frozenset[str] | None:
    """The pair of the latest bilateral event told, else the document's two most named."""
    for c in reversed(done):
        if len(c.countries) == 2:
            return c.countries
    top = [c for c, _ in d.counts.most_common(2)]
    return frozenset(top) if len(top) == 2 else None


def _with_partner(
    d: _Document, s: _Sent, codes: list[str], people: list[Person], done: Sequence[Candidate] = ()
) -> list[str]:
    """Complete a bilateral event the sentence tells with one state or none."""
    if len(codes) >= 2:
        return codes
    if _BACK_TO_MEETING.occurs(d, s.start, s.end):
        last = next((c for c in reversed(done) if c.type == "Meeting"), None)
        if last is not None and set(codes) <= last.countries:
            return sorted(last.countries)
    pair_cue = _PAIR_CUE.occurs(d, s.start, s.end)
    if pair_cue and len(codes) == 1:
        pair = _last_pair(d, done)
        if pair is not None and codes[0] not in pair:
            return sorted(pair)  # "a Lithuanian portal said the two leaders ..."
    if not codes:
        if not pair_cue and not any(p.country is None for p in people):
            return codes
        if pair_cue:
            pair = _last_pair(d, done)  # "bilateral trade" after a China-Argentina story
            return sorted(pair) if pair is not None else codes
        top = [c for c, _ in d.counts.most_common(2)]
        return top if len(top) == 2 else codes
    unknown_person = any(p.country is None for p in people)
    if pair_cue or unknown_person or _FOREIGN_CUE.occurs(d, s.start, s.end):
        other = partner(d.counts, set(codes))
        if other is not None:
            return [*codes, other]
    # Last, a city that is not a capital ("talks in Vladivostok"): such cities are
    # often multilateral venues, so the document's own pair comes first.
    for _off, place in d.places_in(s):
        code = countries.city_country(place)
        if code is not None and code not in codes and countries.resolve(place) is None:
            return [*codes, code]
    return codes


def _event_date(
    d: _Document,
    s: _Sent,
    anchor: int,
    status: str,
    allowed: Callable[[DateMention], bool] | None = None,
) -> tuple[PartialDate | None, str | None]:
    """The date nearest to the trigger (a char offset) in the trigger's clause."""
    best: DateMention | None = None
    best_gap = 10**9
    for m in _between(d.date_mentions, s.start, s.end):
        if allowed is not None and not allowed(m):
            continue
        if d.dateline_mention == (m.start, m.end):
            continue
        back = max(s.start, m.start - 30)
        if (
            _SINCE.occurs(d, back, m.start)
            and not d.text[back : m.start].lower().rstrip().endswith("from")
            and not _MOVED_TO.occurs(d, back, m.start)
        ):
            continue
        if _WEB_DATE_LINE.occurs(d, max(0, m.start - 12), m.start):
            continue  # a web page's "date 2022-01-02" line dates the page, not the event
        lo, hi = (anchor, m.start) if m.start >= anchor else (m.end, anchor)
        if _OTHER_CLAUSE.occurs(d, lo, hi):
            continue
        if m.start >= anchor and _REPORTING.occurs(d, lo, m.start):
            continue  # "..., the ministry said on Sunday": when it was told, not done
        if m.start < anchor and _SAYING.occurs(d, m.end, anchor):
            continue  # "on Monday denied a report that they would meet"
        if status in ("planned", "proposed"):
            ahead = m.value
            if m.relative and m.reference is not None:
                ahead = dates.resolve(m.text, m.reference, tense="future")
            if _before(ahead, d.published) or _PAST_WORDS.occurs(d, m.start, m.end):
                continue  # a plan is not dated by when it was agreed
        gap = m.start - anchor if m.start >= anchor else (anchor - m.end) * 2
        if gap < best_gap:
            best, best_gap = m, gap
    if best is None:
        return None, None
    value = best.value
    if best.relative and best.reference is not None:
        # "on Friday", "in May": forward for what is to come, back for what happened;
        # a cancelled event may have been due either way (the nearest reading)
        if status in ("planned", "proposed"):
            value = dates.resolve(best.text, best.reference, tense="future")
        elif status in ("occurred", "claim"):
            value = dates.resolve(best.text, best.reference, tense="past")
    return value, _date_key(best.text) if value is None else None


_NOW_WORDS = re.compile(
    r"^(?:today|tonight|yesterday|this (?:morning|afternoon|evening|week|weekend)|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)$"
)


def _date_key(text: str) -> str:
    """An unresolved date's text, stripped of what does not change the day it names."""
    words = _NOT_WORD.sub(" ", text.lower()).split()
    keep = [
        w
        for w in words
        if w not in ("on", "the", "evening", "morning", "afternoon", "night", "last")
    ]
    return " ".join(keep)


def _is_now(date: PartialDate | None, date_text: str | None, reference: _dt.date | None) -> bool:
    """The article's "now": a recent full date, or an unresolved "today"/"on Tuesday"."""
    if date_text is not None:
        return _NOW_WORDS.match(date_text) is not None
    return is_recent(date, reference)


def _before(value: PartialDate | None, reference: _dt.date | None) -> bool:
    """Whether a date lies wholly before the reference date."""
    if value is None or value.year is None or reference is None:
        return False
    if value.precision == "year":
        return value.year < reference.year
    assert value.month is not None
    if value.precision == "month":
        return (value.year, value.month) < (reference.year, reference.month)
    assert value.day is not None
    return _dt.date(value.year, value.month, value.day) < reference


def _status(d: _Document, s: _Sent, hit: Hit, etype: str) -> str:
    cues = d.cues_in(s)
    status = status_of(hit.start, etype, cues, d.cue_rules, hit.end)
    if status in ("claim", "planned", "occurred"):
        categories = {d.cue_rules[c.rule].category for c in cues}
        if "claim" in categories and "denied" in categories:
            # a claim the same sentence goes on to deny ("..., but X denied the reports")
            return "denied"
    return status


def _names(people: Sequence[Person]) -> list[str]:
    out: list[str] = []
    for p in people:
        if p.name not in out and " " in p.name:
            out.append(p.name)
    return out


def _location(d: _Document, s: _Sent, anchor: int, codes: list[str]) -> str | None:
    """Where: a place after "in"/"at" after the trigger, or a state visited."""
    capitals = {
        (m.start, m.end): m
        for m in _between(d.country_mentions, s.start, s.end)
        if m.kind == "capital"
    }
    places = [
        (s.start + off, place) for off, place in d.places_in(s) if s.start + off >= anchor - 80
    ]
    # "in Kenyan ports": an adjective of a state is never a place
    places = [(at, place) for at, place in places if not _names_demonym(place)]
    for at, _place in places:
        mention = next((m for (a, _b), m in capitals.items() if a == at), None)
        if mention is not None:
            return mention.text
    if places:
        return places[0][1]
    visit = _GOING_TO.search(s.text) if _GOING_TO_WORDS.search(s.text) else None
    if visit and (
        countries.resolve(visit.group(1)) is not None
        or countries.city_country(visit.group(1)) is not None
    ):
        return visit.group(1)
    return None


@functools.lru_cache(maxsize=4096)
def _names_demonym(place: str) -> bool:
    # Place names recur across an archive; find_mentions is a pure function of the string.
    return any(m.kind == "demonym" for m in countries.find_mentions(place))


def _group_by_status(d: _Document, s: _Sent, hits: list[Hit], etype: str) -> dict[str, Hit]:
    groups: dict[str, Hit] = {}
    for h in hits:
        groups.setdefault(_status(d, s, h, etype), h)
    return groups


# ---------------------------------------------------------------- meetings


def _meetings(d: _Document, s: _Sent, hits: list[Hit], done: list[Candidate]) -> list[Candidate]:
    mine = [
        h
        for h in hits
        if d.trigger_rules[h.rule].type == "Meeting" and d.trigger_rules[h.rule].kind == "assert"
    ]
    if not mine:
        return []
    codes, _actors, people = _states(d, s)
    codes = _with_partner(d, s, codes, people, done)
    if len(codes) < 2:
        return []
    out = []
    groups = _group_by_status(d, s, mine, "Meeting")
    anchors = [d.char(h.start) for h in groups.values()]

    def same_clause(a: int, m: DateMention) -> bool:
        lo, hi = (a, m.start) if m.start >= a else (m.end, a)
        return not _OTHER_CLAUSE.occurs(d, lo, hi)

    def nearest_is(anchor: int) -> Callable[[DateMention], bool]:
        # a date goes to the nearest trigger of its own clause
        def test(m: DateMention) -> bool:
            own = [a for a in anchors if same_clause(a, m)] or anchors
            return min(own, key=lambda a: abs(a - m.start)) == anchor

        return test

    for n, (status, hit) in enumerate(groups.items()):
        anchor = d.char(hit.start)
        date, date_text = _event_date(d, s, anchor, status, nearest_is(anchor))
        if n > 0 and date is None and date_text is None:
            continue  # a second status in one sentence needs its own time to be its own event
        if date is None and date_text is None and _SAME_DAY.occurs(d, s.start, s.end) and done:
            date = next((c.date for c in reversed(done) if c.date is not None), None)
        phone = hit.rule in ("meeting-phone", "meeting-over-phone")
        out.append(
            Candidate(
                "Meeting",
                s.index,
                (s.start, s.end),
                status,
                frozenset(codes),
                date=date,
                date_text=date_text,
                location=None if phone else _location(d, s, anchor, codes),
                people=_names(people),
                recent=_is_now(date, date_text, d.published or _ref_date(d, s)),
                visit=hit.rule == "meeting-visit",
                remote=phone,
            )
        )
    return out


def _ref_date(d: _Document, s: _Sent) -> _dt.date | None:
    """The latest full date stated up to the end of the sentence."""
    starts, values = d.full_dates
    i = bisect.bisect_left(starts, s.end) - 1
    return values[i] if i >= 0 else None


# ---------------------------------------------------------------- agreements

_NAMED_AFTER = re.compile(
    r"^\s*(?:of understanding\s*)?(?:\(\s*mou\s*\)\s*)?(?:between|concerning|regarding|for|"
    r"to establish|in the (?:field|area|sphere)s? of|"
    r"on(?!\s+(?:the\s+)?(?:\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|this|that|the same|behalf|the sidelines)))\b",
    re.I,
)
_COUNT = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def _agreements(d: _Document, s: _Sent, hits: list[Hit], done: list[Candidate]) -> list[Candidate]:
    mine = [h for h in hits if d.trigger_rules[h.rule].type == "Agreement"]
    asserts = [h for h in mine if d.trigger_rules[h.rule].kind == "assert"]
    if not asserts:
        return []
    codes, _actors, people = _states(d, s)
    codes = _with_partner(d, s, codes, people, done)
    if len(codes) < 2:
        return []
    instruments = [h for h in mine if d.trigger_rules[h.rule].kind == "instrument"]
    named_ends: list[int] = []
    for h in instruments:
        tail = d.text[d.char(h.end) : d.char(h.end) + 60]
        m = _NAMED_AFTER.match(tail)
        if m is not None:
            end = d.char(h.end) + m.end()
            if end not in named_ends:
                named_ends.append(end)
            continue
        if h.start > 0 and d.doc[h.start - 1].is_title and d.doc[h.start].text[:1].isupper():
            named_ends.append(d.char(h.end))
    named = len(named_ends)
    counted = 1
    for h in instruments:
        prev = d.doc[h.start - 1].lower_ if h.start > 0 else ""
        prev2 = d.doc[h.start - 2].lower_ if h.start > 1 else ""
        counted = max(counted, _COUNT.get(prev, 0), _COUNT.get(prev2, 0))
    n = max(named, 1)
    if named == 0 and counted > 1:
        n = 1  # "signed 13 agreements" with none named is one Agreement
    hit = asserts[0]
    status = _status(d, s, hit, "Agreement")
    anchor = d.char(hit.start)
    date, date_text = _event_date(d, s, anchor, status)
    location = _location(d, s, anchor, codes)
    return [
        Candidate(
            "Agreement",
            s.index,
            (s.start, s.end),
            status,
            frozenset(codes),
            date=date,
            date_text=date_text,
            location=location,
            people=_names(people),
            named=named > 0,
        )
        for _ in range(n)
    ]


# ---------------------------------------------------------------- embassies


def _mention_at(mentions: Sequence[CountryMention], lo: int, hi: int) -> CountryMention | None:
    found = _between(mentions, lo, hi)
    return found[0] if found else None


def _embassies(d: _Document, s: _Sent, hits: list[Hit], done: list[Candidate]) -> list[Candidate]:
    missions = [h for h in hits if d.trigger_rules[h.rule].kind == "mission"]
    opens = [h for h in hits if d.trigger_rules[h.rule].kind == "open"]
    if not missions or not opens:
        return []
    mentions = _between(d.country_mentions, s.start, s.end)
    out: list[Candidate] = []
    used_until = -1
    named_before: str | None = None
    for mh in missions:
        if mh.start < used_until:
            continue
        used_until = mh.end
        elliptic = mh.rule == "embassy-open-one"
        if elliptic:
            if named_before is None:
                continue  # "open one" with no mission named before it
            oh = mh
            mh = Hit(mh.rule, mh.end - 1, mh.end)
        else:
            oh = min(opens, key=lambda o: abs(o.start - mh.start))
        if abs(oh.start - mh.start) > 10:
            continue
        m_start, m_end = d.char(mh.start), d.char(mh.end)
        first_word = d.doc[mh.start].lower_
        if elliptic and named_before:
            mission = named_before
        elif "consul" in first_word or first_word in ("assistant", "deputy"):
            mission = "consulate"  # an assistant or deputy high commission is a consulate
        else:
            mission = "embassy"
        named_before = mission
        det = "" if elliptic else (d.doc[mh.start - 1].lower_ if mh.start > s.tok_start else "")
        sender = None
        before = [m for m in mentions if m.end <= m_start and m_start - m.end <= 4]
        if before and not _IN_TO_BEFORE.search(
            d.text[max(0, before[-1].start - 5) : before[-1].start]
        ):
            sender = before[-1].country.alpha3
        of = _OF_THE.match(d.text[m_end : m_end + 12])
        if sender is None and of:
            after_of = _mention_at(mentions, m_end, m_end + of.end() + 40)
            if after_of is not None and after_of.start == m_end + of.end():
                sender = after_of.country.alpha3
        first_verb = min(m_start, d.char(oh.start))
        anaphoric = False
        if sender is None:
            if det == "the":
                anaphoric = True
            else:
                subj = [
                    m
                    for m in mentions
                    if m.end <= first_verb
                    and first_verb - m.end <= 60
                    and not _OBJECT_BEFORE.search(d.text[max(s.start, m.start - 10) : m.start])
                ]
                names = [m for m in subj if m.kind != "capital"]
                if names or subj:
                    sender = (names or subj)[-1].country.alpha3
                else:
                    anaphoric = True
        host, city, host_end = _host(d, s, mentions, m_end, sender)
        status = _status(d, s, oh, "EmbassyOpening")
        if status == "occurred" and _nominal(d, oh):
            # "the opening of an embassy" names the act without asserting it happened
            status = "claim"
        date, date_text = _event_date(d, s, m_end, status)
        if host is None and not anaphoric and sender is not None:
            other = [m.country.alpha3 for m in mentions if m.country.alpha3 != sender]
            host = other[0] if other else partner(d.counts, {sender})
        if sender is not None and host == sender:
            continue
        out.append(
            Candidate(
                "EmbassyOpening",
                s.index,
                (s.start, s.end),
                status,
                frozenset(x for x in (sender, host) if x),
                date=date,
                date_text=date_text,
                sender=sender,
                host=host,
                city=city,
                mission=mission,
                anaphoric=anaphoric,
            )
        )
        if host_end is not None and sender is not None:
            out.extend(_elliptic(d, s, mentions, host_end, out[-1]))
        if _RECIPROCAL.occurs(d, s.start, s.end):
            out.extend(_reciprocal(d, s, mentions, first_verb, out[-1]))
    return out


_RECIPROCAL = _Phrases(
    r"\b(?:each other|one another|reciprocal(?:ly)?|mutual(?:ly)?)\b",
    ("each other", "one another", "reciprocal", "mutual"),
)


def _reciprocal(
    d: _Document, s: _Sent, mentions: Sequence[CountryMention], verb: int, first: Candidate
) -> list[Candidate]:
    """ "Egypt and Sudan will reopen embassies in each other's capitals": both ways."""
    subjects = list(dict.fromkeys(m.country.alpha3 for m in mentions if m.end <= verb))
    if len(subjects) != 2:
        return []
    a, b = subjects
    first.sender, first.host, first.city, first.anaphoric = a, b, None, False
    first.countries = frozenset(subjects)
    twin = attrs.evolve(first, sender=b, host=a)
    twin.spans, twin.statuses = list(first.spans), list(first.statuses)
    return [twin]


_NOMINAL = frozenset(
    {"opening", "reopening", "re-opening", "inauguration", "establishment", "unveiling"}
)
_DETERMINERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "this", "that", "’s", "'s", "prospective"}
)


def _nominal(d: _Document, hit: Hit) -> bool:
    if d.doc[hit.start].lower_ not in _NOMINAL or hit.start == 0:
        return False
    return d.doc[hit.start - 1].lower_ in _DETERMINERS


def _host(
    d: _Document, s: _Sent, mentions: Sequence[CountryMention], after: int, sender: str | None
) -> tuple[str | None, str | None, int | None]:
    """The state and city a mission is in: "in Peru's capital Lima", "in Chicago"."""
    window = d.text[after : min(s.end, after + 80)]
    m = _IN_TO.search(window)
    if m is None:
        return None, None, None
    at = after + m.end()
    host = city = None
    end = at
    nxt = _between(mentions, at, min(s.end, at + 60))
    if nxt and nxt[0].start == at:
        first = nxt[0]
        end = first.end
        if first.kind == "capital":
            host, city = first.country.alpha3, first.text
            more = _COMMA.match(d.text[first.end : first.end + 3])
            if more and len(nxt) > 1 and nxt[1].start == first.end + more.end():
                end = nxt[1].end
        else:
            host = first.country.alpha3
            tail = d.text[first.end : first.end + 40]
            cap = _CAPITAL_AFTER.match(tail)
            if cap and len(nxt) > 1 and nxt[1].start == first.end + cap.end():
                city, end = nxt[1].text, nxt[1].end
    else:
        word = _CITY_WORDS.match(d.text[at : at + 40])
        if word is None:
            return None, None, None
        city = word.group(1)
        end = at + word.end()
        host = countries.city_country(city)
        country_after = _COMMA.match(d.text[end : end + 3])
        if country_after:
            nc = _mention_at(mentions, end, end + 40)
            if nc is not None and nc.start == end + country_after.end():
                host, end = nc.country.alpha3, nc.end  # "in Nairobi, Kenya" names it
    if host == sender:
        host = None
    return host, city, end


def _elliptic(
    d: _Document, s: _Sent, mentions: Sequence[CountryMention], after: int, first: Candidate
) -> list[Candidate]:
    """ "Finland opened an embassy in Santiago in 1993 and Chile in Helsinki in 1995"."""
    tail = d.text[after : s.end]
    m = _AND_THEN.match(tail)
    if m is None:
        return []
    at = after + m.end()
    nxt = _between(mentions, at, s.end)
    if len(nxt) < 2 or nxt[0].start != at:
        return []
    sender = nxt[0].country.alpha3
    link = _IN_TO_AFTER.match(d.text[nxt[0].end : nxt[0].end + 12])
    if link is None or nxt[1].start != nxt[0].end + link.end():
        return []
    host = nxt[1].country.alpha3
    if host == sender:
        return []
    date, date_text = _event_date(d, s, nxt[1].end, first.status)
    return [
        Candidate(
            "EmbassyOpening",
            s.index,
            (s.start, s.end),
            first.status,
            frozenset({sender, host}),
            date=date,
            date_text=date_text,
            sender=sender,
            host=host,
            city=nxt[1].text if nxt[1].kind == "capital" else None,
            mission=first.mission,
        )
    ]


# ---------------------------------------------------------------- trade


def _trade(d: _Document, s: _Sent, hits: list[Hit], done: list[Candidate]) -> list[Candidate]:
    cues = [h for h in hits if d.trigger_rules[h.rule].type == "TradeFigure"]
    if not cues:
        return []
    figures = d.money_in(s)
    if not figures:
        return []
    mentions = _between(d.country_mentions, s.start, s.end)
    respectively = _respectively(d, s, mentions, figures)
    out: list[Candidate] = []
    for k, fig in enumerate(figures):
        cue = _governing_cue(d, cues, fig)
        if cue is None:
            continue
        cue_start, cue_end = d.char(cue.start), d.char(cue.end)
        lead_out = d.text[fig.end : min(s.end, fig.end + 20)]
        if (
            _NOT_TRADE.occurs(d, min(cue_end, fig.start), fig.start)
            or _TARGET.occurs(d, max(s.start, fig.start - 40), fig.start)
            or _TARGET_AFTER.match(lead_out)
        ):
            continue
        if _INTENT_TO.occurs(d, max(s.start, fig.start - 90), fig.start):
            continue  # "the two sides hope to take trade to $25 billion"
        kind = d.trigger_rules[cue.rule].kind
        word = d.doc[cue.start].lower_
        exporter = importer = None
        codes = [respectively[k]] if respectively is not None else []
        if kind == "export":
            exporter, importer = _direction(d, s, mentions, cue_start, cue_end, fig.start, word)
            if exporter is None and importer is None:
                kind = "turnover"
            else:
                if exporter is None:
                    exporter = partner(d.counts, {importer} if importer else set())
                if importer is None:
                    importer = partner(d.counts, {exporter} if exporter else set())
                if exporter is None or importer is None or exporter == importer:
                    continue
                codes = [exporter, importer]
        if kind == "turnover":
            exporter = importer = None
            ranked = d.ranked_for if respectively is not None else None
            if ranked is not None and codes[0] != ranked:
                # "X and Y followed second and third": partners of the state being ranked
                codes = [codes[0], ranked]
            if not codes:
                codes = _turnover_states(d, s, mentions, figures, fig)
            codes = _with_partner(d, s, codes, [], done)
            if len(codes) == 1:
                other = partner(d.counts, set(codes))
                if other is not None:
                    codes.append(other)
            if len(codes) != 2:
                continue
        period = _period(d, s, fig, figures, d.last_period)
        if period is not None:
            d.last_period = period
        out.append(
            Candidate(
                "TradeFigure",
                s.index,
                (s.start, s.end),
                "occurred",
                frozenset(codes),
                flow=kind,
                exporter=exporter,
                importer=importer,
                money=fig.money,
                period=period,
            )
        )
    return out


def _governing_cue(d: _Document, cues: Sequence[Hit], fig: MoneyMention) -> Hit | None:
    before = [h for h in cues if d.char(h.end) <= fig.start]
    if before:
        return before[-1]
    after = [h for h in cues if d.char(h.start) >= fig.end and d.char(h.start) - fig.end <= 30]
    return after[0] if after else None


def _direction(
    d: _Document,
    s: _Sent,
    mentions: Sequence[CountryMention],
    cue_start: int,
    cue_end: int,
    fig_start: int,
    word: str,
) -> tuple[str | None, str | None]:
    """Exporter and importer around an export or import word."""
    if fig_start > cue_end:
        span_end = fig_start
    else:
        comma = d.text.find(",", cue_end, s.end)
        span_end = min(s.end, cue_end + 60, comma if comma >= 0 else s.end)
    frm = to = pre = None
    for m in mentions:
        if cue_end <= m.start < span_end:
            lead = d.text[max(cue_end, m.start - 12) : m.start].lower()
            if _FROM_BEFORE.search(lead) and frm is None:
                frm = m.country.alpha3
            elif _TO_BEFORE.search(lead) and to is None:
                to = m.country.alpha3
        elif m.end <= cue_start and cue_start - m.end <= 12:
            pre = m.country.alpha3
    subject = None
    clause_start = max(s.start, d.text.rfind(",", s.start, cue_start) + 1)
    for m in mentions:
        if clause_start <= m.start < cue_start and not _OBJECT_BEFORE.search(
            d.text[max(s.start, m.start - 10) : m.start]
        ):
            subject = m.country.alpha3
            break
    if word in _IMPORT_WORDS:
        return frm, to or pre or subject
    return frm or pre or subject, to


def _turnover_states(
    d: _Document,
    s: _Sent,
    mentions: Sequence[CountryMention],
    figures: Sequence[MoneyMention],
    fig: MoneyMention,
) -> list[str]:
    codes: list[str] = []
    for m in mentions:
        if m.country.alpha3 not in codes:
            codes.append(m.country.alpha3)
    if len(codes) > 2:
        between = _BETWEEN.search(s.text)
        if between:
            after = [m.country.alpha3 for m in mentions if m.start >= s.start + between.end()]
            codes = list(dict.fromkeys(after))[:2]
    return codes


def _respectively(
    d: _Document, s: _Sent, mentions: Sequence[CountryMention], figures: Sequence[MoneyMention]
) -> list[str] | None:
    """ "X and Y followed, with A and B, respectively": each figure's own state."""
    if len(figures) < 2 or not _RESPECTIVELY.search(s.text):
        return None
    listed = [m.country.alpha3 for m in mentions if m.end <= figures[0].start]
    listed = list(dict.fromkeys(listed))
    if len(listed) != len(figures):
        return None
    return listed


def _period(
    d: _Document,
    s: _Sent,
    fig: MoneyMention,
    figures: Sequence[MoneyMention],
    last: PartialDate | None,
) -> PartialDate | None:
    """The period of a figure: the date after it in its clause, else before, else as before."""
    nxt = [f.start for f in figures if f.start > fig.start]
    limit = nxt[0] if nxt else s.end

    def period_like(m: DateMention) -> bool:
        # A trade figure covers a year, a quarter or a month; a day is when it was reported.
        return m.value is not None and (m.value.precision != "day" or not m.relative)

    found = [m for m in _between(d.date_mentions, fig.end, limit) if period_like(m)]
    if not found:
        found = [
            m
            for m in _between(d.date_mentions, s.start, fig.start)
            if period_like(m)
            and not _SINCE.occurs(d, max(s.start, m.start - 8), m.start)
            and (m.start, m.end) != d.dateline_mention
        ]
        found = found[-1:]
    if not found:
        fiscal = _FISCAL.search(d.text, fig.end, limit) or _FISCAL.search(
            d.text, max(s.start, fig.start - 80), fig.start
        )
        if fiscal is not None:
            year = int(fiscal.group(1))
            return PartialDate(year + 2000 if year < 100 else year)
    if not found and last is not None and last.year is not None:
        # "In August" in a report about 2023: the year of the figures before it.
        bare = [m for m in _between(d.date_mentions, s.start, limit) if m.value is None]
        for m in bare:
            value = dates.resolve(m.text, PartialDate(last.year))
            if value is not None and value.year == last.year:
                return value
    if not found:
        return last
    if _YEAR_BEFORE.fullmatch(found[0].text.strip()) and fig is not figures[0]:
        earlier = _period(d, s, figures[0], figures, last)
        if earlier is not None and earlier.year is not None and earlier.precision == "year":
            return PartialDate(earlier.year - 1)  # relative to the figure it is compared with
    value = found[0].value
    if value is not None and value.year is None and last is not None and last.year is not None:
        value = PartialDate(last.year, value.month, value.day)
    return value


# ---------------------------------------------------------------- document level


def _inherit(d: _Document, events: list[Candidate]) -> None:
    """What one event lends another: dateline dates, meetings' dates and places."""
    lead_end = None
    if d.dateline_date is not None:
        value, line_end = d.dateline_date
        lead = [s for s in d.sents if s.start >= line_end][:2]
        lead_end = lead[-1].end if lead else None
        for e in events:
            if (
                lead_end is not None
                and e.type == "Meeting"
                and e.date is None
                and e.date_text is None
                and e.status == "occurred"
                and e.span[0] <= lead_end
            ):
                e.date = value
    by_span: dict[tuple[int, int], PartialDate] = {}
    for e in events:
        if e.type == "Agreement" and e.date is not None:
            for sp in e.spans:
                if _AT_THE_TALKS.occurs(d, sp[0], sp[1]):
                    by_span.setdefault(sp, e.date)
    for e in events:
        if (
            e.type == "Meeting"
            and e.date is None
            and e.date_text is None
            and e.status == "occurred"
        ):
            shared = next((by_span[sp] for sp in e.spans if sp in by_span), None)
            if shared is not None:
                e.date = shared  # "signed on Tuesday following talks": the same day
    last_meeting: Candidate | None = None
    last_embassy: Candidate | None = None
    for e in sorted(events, key=lambda c: c.span[0]):
        if e.type == "Meeting":
            if (
                (
                    e.countries == frozenset()
                    or (last_embassy is not None and e.countries == last_embassy.countries)
                )
                and last_embassy is not None
                and e.date is None
                and e.date_text is None
            ):
                e.date = last_embassy.date
                e.location = e.location or last_embassy.city
            if e.status == "occurred":
                last_meeting = e
        elif e.type == "Agreement":
            same = last_meeting is not None and last_meeting.countries == e.countries
            if same and e.date is None and e.date_text is None and e.status == "occurred":
                assert last_meeting is not None
                e.date = last_meeting.date
                e.location = e.location or last_meeting.location
            if same and not e.people and _PAIR_SUBJECT.occurs(d, e.span[0], e.span[1]):
                assert last_meeting is not None
                e.people = list(last_meeting.people)
        elif e.type == "EmbassyOpening" and e.status == "occurred":
            last_embassy = e
        if (
            e.type in ("Meeting", "Agreement")
            and e.location is None
            and d.dateline_city
            and not e.remote
        ):
            e.location = d.dateline_city


def _freeze(c: Candidate) -> Event | None:
    """The event a merged candidate stands for (``None``: an opening without its states).

    Built with ``model._trusted``: the values are the library's own, in the form the
    model's converters give (sorted codes, tuples, sentence spans, which start at 0 or
    later and end at their start or later). What comes from data files or other modules
    (codes, the trade flow of a rule) is checked here, and a candidate that fails a check
    goes to the public constructors, which raise as they always have.
    """
    if c.status not in STATUSES or not (
        _CODES_OK.issuperset(c.countries) or _learn_codes(c.countries)
    ):
        return _freeze_checked(c)
    codes = tuple(sorted(c.countries))
    evidence = tuple([_trusted_span(a, b) for a, b in sorted(c.spans)])
    status = c.status  # a Status from here on (the test above narrows it)
    if c.type == "Meeting":
        return _trusted(
            Meeting,
            status=status,
            date=c.date,
            countries=codes,
            evidence=evidence,
            location=c.location,
            participants=tuple(c.people),
        )
    if c.type == "Agreement":
        return _trusted(
            Agreement,
            status=status,
            date=c.date,
            countries=codes,
            evidence=evidence,
            location=c.location,
            signatories=tuple(c.people),
        )
    if c.type == "EmbassyOpening":
        if c.sender is None or c.host is None:
            return None
        pair = (c.sender, c.host)
        if c.mission not in ("embassy", "consulate") or not (
            _CODES_OK.issuperset(pair) or _learn_codes(pair)
        ):
            return _freeze_checked(c)
        return _trusted(
            EmbassyOpening,
            status=status,
            date=c.date,
            countries=codes,
            evidence=evidence,
            sender=c.sender,
            host=c.host,
            city=c.city,
            mission=cast(Mission, c.mission),
        )
    assert c.money is not None
    trade = (c.exporter, c.importer)
    if (
        c.flow not in ("export", "turnover")
        or c.money.is_range  # the event's money is never a range: Money builds it anew
        or not (_CODES_OK.issuperset(trade) or _learn_codes([x for x in trade if x is not None]))
    ):
        return _freeze_checked(c)
    return _trusted(
        TradeFigure,
        status=status,
        date=None,
        countries=codes,
        evidence=evidence,
        flow=cast(Flow, c.flow),
        exporter=c.exporter,
        importer=c.importer,
        money=c.money,
        period=c.period,
    )


# Codes that passed the model's check, learnt as they come: a per-word memo (a few
# hundred codes exist), emptied should it ever pass 4,096. None stands for a trade
# figure's unknown exporter or importer, which the model allows.
_CODES_OK: set[str | None] = {None}


def _learn_codes(codes: Iterable[str]) -> bool:
    """Whether every code passes the model's check (those that do are remembered)."""
    if not all(isinstance(x, str) and _ALPHA3.match(x) for x in codes):
        return False
    if len(_CODES_OK) > 4096:
        _CODES_OK.clear()
        _CODES_OK.add(None)
    _CODES_OK.update(codes)
    return True


def _freeze_checked(c: Candidate) -> Event | None:
    """``_freeze`` through the public constructors, every converter and validator run."""
    evidence = tuple(Span(a, b) for a, b in sorted(c.spans))
    status = cast(Status, c.status)
    codes = tuple(c.countries)
    if c.type == "Meeting":
        return Meeting(
            status=status,
            countries=codes,
            evidence=evidence,
            date=c.date,
            location=c.location,
            participants=c.people,
        )
    if c.type == "Agreement":
        return Agreement(
            status=status,
            countries=codes,
            evidence=evidence,
            date=c.date,
            location=c.location,
            signatories=c.people,
        )
    if c.type == "EmbassyOpening":
        if c.sender is None or c.host is None:
            return None
        return EmbassyOpening(
            status=status,
            countries=codes,
            evidence=evidence,
            date=c.date,
            sender=c.sender,
            host=c.host,
            city=c.city,
            mission=cast(Mission, c.mission),
        )
    assert c.money is not None
    return TradeFigure(
        status=status,
        countries=codes,
        evidence=evidence,
        flow=cast(Flow, c.flow),
        exporter=c.exporter,
        importer=c.importer,
        money=Money(c.money.amount, c.money.currency),
        period=c.period,
    )


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
        ValueError: ``published`` is not an ISO date.

    Example:
        >>> text = "Norway denied reports that it would open an embassy in Caracas."
        >>> [e.status for e in extract_events(text)]
        ['denied']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return get_default()(text, published)
