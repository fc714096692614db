"""Money figures in English news text: "$41.37 million", "1.4 trillion won", "Rs 500 crore".

One focused parser. A figure is a number with a currency: a symbol or code before it
("US$", "€", "EUR", "Br"), or a code or currency word after it ("USD", "euros",
"Belarusian rubles"), with an optional scale ("million", "bn", "mln", "m", "k",
"crore", "lakh"). A number without a currency is not money: ``parse("1.4 billion")``
is ``None``. Amounts are exact ``Decimal`` values in whole currency units.

A range ("$1.2-1.5 billion", "$5 to $7 billion", "between $5bn and $7bn") gives its
lower bound with ``is_range=True``. A figure in brackets right after another, in a
different currency ("318.6 billion euros ($342.9 billion)"), is that figure's
``conversion``, not a mention of its own. ``docs/money.md`` states every rule for
ambiguous symbols and words.

Example:
    >>> parse("Trade reached $41.37 million last year.")
    Money(amount=Decimal('41370000'), currency='USD', is_range=False)
    >>> [m.text for m in find("318.6 billion euros ($342.9 billion) and A$5bn")]
    ['318.6 billion euros', 'A$5bn']
"""

from __future__ import annotations

import decimal
import re
import string
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

import attrs

from dipevents._ranges import merged
from dipevents.model import Money

__all__ = ["MoneyMention", "find", "parse"]


@attrs.frozen
class MoneyMention:
    """One money figure found in a text.

    Attributes:
        start: Offset of the figure's first character.
        end: Offset just past its last character; ``text[start:end] == mention.text``.
        text: The figure as written, e.g. ``"318.6 billion euros"``.
        money: What it says.
        conversion: The bracketed figure in another currency that follows it
            ("($342.9 billion)"), or ``None``.

    Example:
        >>> find("A$187bn (US$124bn)")[0].conversion
        Money(amount=Decimal('124000000000'), currency='USD', is_range=False)
    """

    start: int
    end: int
    text: str
    money: Money
    conversion: Money | None = None


def parse(text: str) -> Money | None:
    """The first money figure in ``text``, or ``None`` when it has none.

    Example:
        >>> parse("exports of 36 billion roubles")
        Money(amount=Decimal('36000000000'), currency='RUB', is_range=False)
        >>> parse("1.4 billion people") is None
        True
    """
    for hit in _scan(text, 0, len(text)):
        return hit.money
    return None


def find(text: str, within: Sequence[tuple[int, int]] | None = None) -> list[MoneyMention]:
    """Every money figure in ``text``, in text order.

    A bracketed conversion is attached to the figure it converts and is not listed.
    ``within``: ``(start, end)`` character ranges (sentences, say) to read instead of
    the whole text, in any order; a figure must lie inside one of them.

    Example:
        >>> [(m.text, m.money.currency) for m in find("EUR 2.5bn and 1.4 trillion won")]
        [('EUR 2.5bn', 'EUR'), ('1.4 trillion won', 'KRW')]
        >>> [m.text for m in find("$5m here. $7m there.", within=[(10, 20)])]
        ['$7m']
    """
    out: list[MoneyMention] = []
    for lo, hi in merged(within, len(text)):
        for hit in _scan(text, lo, hi):
            surface = text[hit.start : hit.end]
            out.append(MoneyMention(hit.start, hit.end, surface, hit.money, hit.conversion))
    return out


# --- the grammar --------------------------------------------------------------------------

# Thousands separators: commas, Indian lakh grouping, dots (only with two or more groups,
# or with a decimal comma: a single ".234" in English news is a decimal point), and
# no-break or thin spaces (never a plain space: "in 2018 5 million" is two numbers).
# A comma followed by one or two digits is a decimal comma ("2,5 mln euros").
# The first digit stands outside the alternatives so that the regex engine can skip
# straight to digits (four times faster over a page than a bare alternation). ASCII
# digits only: \d would also take other scripts' digits, and is slower.
_NUMBER = r"""
    (?P<{name}>[0-9](?:
        [0-9]?(?:,[0-9]{{2}})+,[0-9]{{3}}(?:\.[0-9]+)?
      | [0-9]{{0,2}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?
      | [0-9]{{0,2}}(?:\.[0-9]{{3}}){{2,}}(?:,[0-9]+)?
      | [0-9]{{0,2}}(?:\.[0-9]{{3}})+,[0-9]+
      | [0-9]{{0,2}}(?:[\u00a0\u202f\u2009][0-9]{{3}})+(?:\.[0-9]+)?
      | [0-9]*,[0-9]{{1,2}}
      | [0-9]*(?:\.[0-9]+)?
    ))(?![0-9%]|[.,][0-9])
"""

# Scales. Single letters only attached ("$300k", "$5b", "€3.2m"), except "m", which may
# follow a space when no letter follows it ("$3.2 m,").
_SCALE = r"""
    (?P<{name}>
        [\s\u00a0]?-?[\s\u00a0]?(?i:thousand|million|billion|trillion)(?![A-Za-z])
      | [\s\u00a0]?(?i:(?:thousand|lakh|lac)[\s\u00a0]+crores?|crores?|lakhs?|lacs?)(?![A-Za-z])
      | [\s\u00a0]?(?i:mln|mn|bln|bn|trln|tn)(?![A-Za-z])
      | (?i:[mbk])(?![A-Za-z\d])
      | [\s\u00a0]m(?![A-Za-z\d])
    )
"""

_SCALES: dict[str, int] = {
    "thousand": 3, "k": 3,
    "million": 6, "mln": 6, "mn": 6, "m": 6,
    "billion": 9, "bln": 9, "bn": 9, "b": 9,
    "trillion": 12, "trln": 12, "tn": 12,
    "lakh": 5, "lakhs": 5, "lac": 5, "lacs": 5,
    "crore": 7, "crores": 7,
}  # fmt: skip

# Words that only count as a currency after a scaled or large figure ("1.4 trillion won",
# not "Team 3 won"), and never before what reads as the verb's object ("won the vote").
_VERB_OBJECT = re.compile(r"[\s\u00a0]+(?:the|a|an|by|over|his|her|their|its|against)\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
_OF = re.compile(r"[\s\u00a0]+of\b")  # "5 million pounds of beef" is a weight
_BETWEEN = re.compile(r"(?<![A-Za-z])between[\s\u00a0]+\Z", re.IGNORECASE)
_FROM = re.compile(r"(?<![A-Za-z])from[\s\u00a0]+\Z", re.IGNORECASE)

# What may stand between "(" and a conversion: hedges only, so that "(up from $3bn)" is
# not taken for a conversion.
_CONVERSION_OPEN = re.compile(
    r"[\s\u00a0]*\([\s\u00a0]*(?:(?i:about|around|approximately|approx\.?|roughly|some|"
    r"nearly|almost|over|just over|just under|under|more than|less than|or|equivalent to|"
    r"equal to|worth|circa|ca\.|c\.|at least|an estimated|estimated at)[\s\u00a0]+"
    r"|[~≈][\s\u00a0]*)?"
)

# Codes that are also everyday capitalised words or acronyms ("ALL 5", "TOP 10").
_CODE_STOPLIST = frozenset({"ALL", "TOP", "CUP", "MOP", "BOB", "SOS", "BAM", "PEN", "MAD", "GEL"})

_PREC = decimal.Context(prec=decimal.MAX_PREC)
_ONE = Decimal(1)


@attrs.frozen
class _Grammar:
    tail: re.Pattern[str]
    prefix: re.Pattern[str]
    prefix_inline: re.Pattern[str]
    prefixes: dict[str, str]
    words: dict[str, str]
    ambiguous: dict[str, str]
    symbols: dict[str, str]
    codes: frozenset[str]
    prefix_ends: frozenset[str]
    first_suffix_group: int


@attrs.frozen
class _Hit:
    start: int
    end: int
    money: Money
    conversion: Money | None


def _trie(surfaces: list[str]) -> str:
    """One regex for many words, shaped as a trie: the engine tests each letter once."""
    root: dict[str, Any] = {}
    for word in surfaces:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [
            (r"[\s\u00a0]+" if ch == " " else re.escape(ch)) + emit(sub)
            for ch, sub in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            body = ("(?:" + body + ")" if len(branches) == 1 else body) + "?"
        return body

    return emit(root)


def _alternation(surfaces: list[str]) -> str:
    # Longest first: Python's alternation takes the first branch that matches.
    return "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True))


@cache
def _iso_codes() -> frozenset[str]:
    import pycountry  # deferred: importing dipevents must stay cheap

    return frozenset(str(c.alpha_3) for c in pycountry.currencies)


def _key(surface: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", surface).lower()


@cache
def _grammar() -> _Grammar:
    codes = _iso_codes()
    tables: dict[str, dict[str, str]] = {"prefix": {}, "word": {}, "ambiguous": {}, "symbol": {}}
    from importlib import resources  # deferred with the rest of the grammar

    raw = resources.files("dipevents").joinpath("lexicons/currencies.tsv").read_text("utf-8")
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, surface, code = line.split("\t")[:3]
        if code not in codes:  # a data slip must not emit a code that does not exist
            continue
        key = surface if kind in ("prefix", "symbol") else _key(surface)
        tables[kind][key] = code
    prefixes = tables["prefix"]
    lettered = [p for p in prefixes if p[0].isalpha()]
    other = [p for p in prefixes if not p[0].isalpha()]
    # "$" after letters is some other dollar ("Z$"), so a bare "$" needs a non-letter before.
    prefix_alt = (
        rf"(?<![A-Za-z])(?:{_alternation(lettered)}|[A-Z]{{3}})"
        rf"|(?<![A-Za-z])(?:{_alternation(other)})"
    )
    prefix = re.compile(rf"(?:{prefix_alt})[\s\u00a0]?\Z")
    prefix_inline = re.compile(rf"(?:{prefix_alt})[\s\u00a0]?")
    suffix = (
        rf"(?:[\s\u00a0]+|-)(?P<word>(?i:{_trie(list(tables['word']))})"
        rf"|{_alternation(list(tables['ambiguous']))})(?![A-Za-z])"
        rf"|[\s\u00a0]+(?P<code>[A-Z]{{3}})(?![A-Za-z])"
        rf"|[\s\u00a0]?(?P<symbol>{_alternation(list(tables['symbol']))})"
    )
    tail = (
        _NUMBER.format(name="n1")
        + "(?:" + _SCALE.format(name="s1") + ")?"
        + r"(?:(?P<sep>[\s\u00a0]*[-–][\s\u00a0]*|[\s\u00a0]+(?:to|and)[\s\u00a0]+)"
        + r"(?P<p2>[^\s\d]{1,4}[\s\u00a0]?)?"
        + _NUMBER.format(name="n2")
        + "(?:" + _SCALE.format(name="s2") + "))?"
        + "(?:" + suffix + ")?"
    )  # fmt: skip
    compiled = re.compile(tail, re.VERBOSE)
    return _Grammar(
        tail=compiled,
        prefix=prefix,
        prefix_inline=prefix_inline,
        prefixes=prefixes,
        words=tables["word"],
        ambiguous=tables["ambiguous"],
        symbols=tables["symbol"],
        codes=codes - _CODE_STOPLIST,
        # The characters a prefix can end with; any capital can end a code ("EUR").
        prefix_ends=frozenset({p[-1] for p in prefixes} | set(string.ascii_uppercase)),
        first_suffix_group=compiled.groupindex["word"],
    )


# --- reading a match ----------------------------------------------------------------------

_DIGIT = re.compile(r"[0-9]")


def _number(raw: str) -> Decimal:
    for space in ("\u00a0", "\u202f", "\u2009"):
        raw = raw.replace(space, "")
    dot, comma = raw.rfind("."), raw.rfind(",")
    if dot >= 0 and comma >= 0:
        # Both marks: the later one is the decimal mark ("1,234.5", "1.234,5").
        if dot > comma:
            return Decimal(raw.replace(",", ""))
        return Decimal(raw.replace(".", "").replace(",", "."))
    if raw.count(".") > 1:
        return Decimal(raw.replace(".", ""))  # 1.234.567
    if raw.count(",") == 1 and len(raw) - comma <= 3:
        return Decimal(raw.replace(",", "."))  # decimal comma: 2,5 and 3,50
    return Decimal(raw.replace(",", ""))


def _scale(raw: str | None) -> int:
    if not raw:
        return 0
    words = raw.replace("-", " ").lower().split()
    return sum(_SCALES[w] for w in words)


def _amount(number: str, scale: str | None) -> Decimal:
    value = _PREC.scaleb(_number(number), _scale(scale))
    if value == value.to_integral_value():
        return value.quantize(_ONE, context=_PREC)
    return _PREC.normalize(value)


def _prefix_code(g: _Grammar, surface: str) -> str | None:
    surface = surface.rstrip("\u00a0 ")
    code = g.prefixes.get(surface)
    if code is None and surface in g.codes:
        code = surface
    return code


def _suffix_code(g: _Grammar, m: re.Match[str]) -> tuple[str | None, bool]:
    """The currency a matched suffix names, and whether it is an ambiguous word."""
    if m["word"] is not None:
        key = _key(m["word"])
        if key in g.words:
            return g.words[key], False
        return g.ambiguous.get(m["word"]), True
    if m["code"] is not None:
        return (m["code"] if m["code"] in g.codes else None), False
    if m["symbol"] is not None:
        return g.symbols.get(m["symbol"]), False
    return None, False


def _scan(text: str, pos: int, endpos: int) -> Iterator[_Hit]:
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}")
    if not _DIGIT.search(text, pos, endpos):  # most sentences: no number, no work
        return
    g = _grammar()
    ends, first_suffix = g.prefix_ends, g.first_suffix_group
    while True:
        restart = -1
        floor = pos  # a prefix may not reach back into the previous figure
        for m in g.tail.finditer(text, pos, endpos):
            s = m.start()
            # Most numbers in news are dates, counts and percentages: drop them here, before
            # any call, when no currency word follows (the suffix groups are the pattern's
            # last, so ``lastindex`` tells) and no prefix can end just before.
            if (m.lastindex or 0) < first_suffix and s > floor:
                c = text[s - 1]
                if c in " \u00a0" and s - 1 > floor:
                    c = text[s - 2]
                if c not in ends:
                    if m["n2"] is not None:  # the second number may be a figure of its own
                        restart = m.end("n1")
                        break
                    continue
            hit = _read(g, text, m, floor, endpos)
            if hit is None:
                if m.end() > m.end("n1"):
                    restart = m.end("n1")
                    break
                continue
            yield hit
            floor = hit.end if hit.conversion is None else _conversion_end(text, hit.end, endpos)
            if floor != m.end():
                restart = floor
                break
        if restart < 0:
            return
        pos = restart


def _conversion_end(text: str, end: int, endpos: int) -> int:
    close = text.find(")", end, endpos)
    return endpos if close < 0 else close + 1


def _read(g: _Grammar, text: str, m: re.Match[str], pos: int, endpos: int) -> _Hit | None:
    s = m.start()
    # Most numbers in news are dates, counts and percentages: reject those before any
    # further regex work, when no currency word follows and no prefix can end just before.
    before = text[s - 1] if s > pos else ""
    if before in " \u00a0" and s - 1 > pos:
        before = text[s - 2]
    # A prefix: the few characters before the number.
    pm = g.prefix.search(text, max(pos, s - 7), s) if before in g.prefix_ends else None
    pre_code = _prefix_code(g, pm.group()) if pm else None
    if pre_code is None:
        # Glued to a word or a number ("M1", "COVID19", "Z$5"): not a figure.
        if s > pos and (text[s - 1].isalnum() or text[s - 1] in "$.,"):
            return None
        start = s
    else:
        assert pm is not None
        start = pm.start()

    ranged = False
    if m["n2"] is not None:
        ranged = _range_ok(g, text, m, pos, start, pre_code)
        if not ranged:
            # The suffix, if any, belongs to the second number: try it on its own later.
            if pre_code is None:
                return None
            return _figure(g, text, m, start, pre_code, endpos, ranged=False, suffix=False)

    suf_code, ambiguous = _suffix_code(g, m)
    if suf_code == "GBP" and m["word"] is not None and _OF.match(text, m.end(), endpos):
        suf_code = None
    code, suffix = pre_code, False
    if suf_code is not None and (
        pre_code is None or suf_code == pre_code or (pm is not None and pm.group().strip() == "¥")
    ):
        # "¥5 billion yuan": the word settles what "¥" means. Any other clash ("€5 million
        # dollars") keeps the prefix and leaves the word out of the figure.
        code, suffix = suf_code, True
    if code is None:
        return None
    if ambiguous and suffix and pre_code is None:
        scaled = m["s1"] is not None or m["s2"] is not None
        if not (scaled or len(m["n1"]) >= 4) or _VERB_OBJECT.match(text, m.end(), endpos):
            return None
        if not scaled and not ranged and _YEAR.fullmatch(m["n1"]):
            return None  # "In 2018 won ..."
    if ranged and m["sep"].strip() == "and":
        b = _BETWEEN.search(text, max(pos, start - 9), start)
        assert b is not None
        start = b.start()
    return _figure(g, text, m, start, code, endpos, ranged=ranged, suffix=suffix)


def _figure(
    g: _Grammar,
    text: str,
    m: re.Match[str],
    start: int,
    code: str,
    endpos: int,
    *,
    ranged: bool,
    suffix: bool,
) -> _Hit:
    if ranged:
        shared = m["s1"] or m["s2"]  # "$5 to $7 billion": the scale covers both
        amount = min(_amount(m["n1"], shared), _amount(m["n2"], m["s2"]))
        end = m.end("s2") if m["s2"] else m.end("n2")
    else:
        amount = _amount(m["n1"], m["s1"])
        end = m.end("s1") if m["s1"] else m.end("n1")
    if suffix:
        end = m.end()
    return _Hit(start, end, Money(amount, code, ranged), _conversion(g, text, end, endpos, code))


def _range_ok(
    g: _Grammar, text: str, m: re.Match[str], pos: int, start: int, pre_code: str | None
) -> bool:
    sep = m["sep"].strip()
    p2 = m["p2"]
    if p2 is not None:
        p2m = g.prefix_inline.fullmatch(p2)
        if pre_code is None or p2m is None or _prefix_code(g, p2) != pre_code:
            return False
    elif sep in ("to", "and") and pre_code is not None and m["s1"] is not None:
        return False  # "$5 billion to 2020"
    if m["s1"] is not None and m["s2"] is None:
        return False
    if sep == "and":
        return _BETWEEN.search(text, max(pos, start - 9), start) is not None
    if sep == "to":
        # "rose from $5 billion to $7 billion" is a change, not a range.
        if m["s1"] is not None and _FROM.search(text, max(pos, start - 6), start):
            return False
        if m["s2"] is None and p2 is None and _YEAR.fullmatch(m["n2"]):
            return False
    return True


def _conversion(g: _Grammar, text: str, end: int, endpos: int, code: str) -> Money | None:
    if end >= endpos or "(" not in text[end : end + 3]:
        return None
    om = _CONVERSION_OPEN.match(text, end, endpos)
    if om is None:
        return None
    close = text.find(")", om.end(), min(endpos, om.end() + 120))
    if close < 0:
        return None
    for hit in _scan(text, om.end(), close):
        if hit.start != om.end() or hit.money.currency == code:
            return None
        return hit.money
    return None
