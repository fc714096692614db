"""Date expressions of English news, normalised to :class:`~dipevents.model.PartialDate`.

Two entry points:

* :func:`resolve` turns one expression ("last year", "Dec. 31, 2021", "on Tuesday")
  into a date at the precision the words support, given a reference date.
* :func:`find` lists every date expression of a text, with its span and value;
  relative ones are resolved against the reference date or, without one, against
  the latest full date the text has stated before them.

The grammar is our own (:mod:`dipevents._dategrammar`): it never invents a year,
month or day the words do not give, money and counts are not dates, and nothing
heavy is imported.

Example:
    >>> import datetime
    >>> str(resolve("last year", datetime.date(2018, 9, 6)))
    '2017'
    >>> [(m.text, str(m.value)) for m in find("ASTANA, 14 February (Kazinform) - talks in 2019")]
    [('14 February', 'XXXX-02-14'), ('2019', '2019')]
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
import string
from collections.abc import Callable, Sequence
from typing import Any, Literal, NamedTuple, TypeVar

import attrs

from dipevents import _dategrammar as g
from dipevents._ranges import merged
from dipevents.model import PartialDate

Tense = Literal["past", "future"]
Reference = datetime.date | PartialDate | None

__all__ = ["DateMention", "find", "resolve"]


@attrs.frozen
class DateMention:
    """One date expression found in a text.

    Attributes:
        start: Offset of its first character in the text.
        end: Offset just past its last character (``text[start:end] == self.text``).
        text: The expression as written.
        value: Its date, or ``None`` when it is relative and nothing supplies the
            missing parts (a bare day and month still gives ``XXXX-MM-DD``).
        reference: The date a relative expression was resolved against (``None``
            for absolute expressions and when there was none).
        relative: The expression needs a reference ("last year", "on Tuesday",
            "in March", "9 September" without a year).

    Example:
        >>> m = find("Talks were held on 9 September.")[0]
        >>> (m.text, str(m.value), m.relative)
        ('9 September', 'XXXX-09-09', True)
    """

    start: int
    end: int
    text: str
    value: PartialDate | None
    reference: datetime.date | PartialDate | None
    relative: bool


# ---------------------------------------------------------------------------
# Reference dates


@attrs.frozen
class _Ref:
    year: int | None
    month: int | None
    day: int | None

    @property
    def date(self) -> datetime.date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return datetime.date(self.year, self.month, self.day)


def _ref(reference: object) -> _Ref | None:
    if isinstance(reference, datetime.datetime):
        reference = reference.date()
    if isinstance(reference, datetime.date):
        return _Ref(reference.year, reference.month, reference.day)
    if isinstance(reference, PartialDate):
        return _Ref(reference.year, reference.month, reference.day)
    return None


# A bare month, or day and month, with no tense read in news: from nine months back
# to two months ahead. Reports look back far more than forward, yet "in January"
# written in November is the coming one.
_MONTH_WINDOW: dict[Tense | None, tuple[int, int]] = {
    None: (-9, 2),
    "past": (-11, 0),
    "future": (0, 11),
}
# A bare weekday: the past five days, the day itself or tomorrow. Agency copy names
# the weekday where others write "yesterday" or "tomorrow"; a day six back is
# usually written "last Tuesday".
_WEEKDAY_WINDOW: dict[Tense | None, tuple[int, int]] = {
    None: (-5, 1),
    "past": (-6, 0),
    "future": (0, 6),
}
_REL_WINDOW: dict[str, tuple[int, int]] = {
    "last": (-12, -1),
    "past": (-12, -1),
    "this past": (-12, -1),
    "next": (1, 12),
    "coming": (1, 12),
    "this coming": (1, 12),
}


def _year_for_month(month: int, ref: _Ref | None, window: tuple[int, int]) -> int | None:
    if ref is None or ref.year is None:
        return None
    if ref.month is None:
        return ref.year
    base = ref.year * 12 + ref.month - 1
    for k in range(window[0], window[1] + 1):
        if (base + k) % 12 == month - 1:
            return (base + k) // 12
    return None  # pragma: no cover - a twelve-month window always holds the month


def _day_month(
    month: int, day: int, ref: _Ref | None, tense: Tense | None, window: tuple[int, int] | None
) -> PartialDate | None:
    year: int | None
    when = ref.date if ref is not None else None
    if window is None and tense is not None and when is not None:
        # A tense fixes the side of the reference to the day, not just the month.
        year = when.year
        for y in (when.year - 1, when.year, when.year + 1):
            if not _valid(y, month, day):
                continue
            candidate = datetime.date(y, month, day)
            if (tense == "past" and candidate <= when) or (tense == "future" and candidate >= when):
                year = y
                if tense == "future":
                    break
    else:
        year = _year_for_month(month, ref, window or _MONTH_WINDOW[tense])
    if year is not None and _valid(year, month, day):
        return _date(year, month, day)
    if ref is not None and ref.year is not None:
        return None  # 29 February in a year without one
    return _date(None, month, day) if _valid(None, month, day) else None


@functools.lru_cache(maxsize=4096)
def _date(year: int | None, month: int | None = None, day: int | None = None) -> PartialDate:
    # PartialDate validates its parts on every construction; the same few dates come
    # back across an archive's articles, and a frozen value can be shared.
    return PartialDate(year, month, day)


def _valid(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year if year is not None else 2000, month)[1]


def _weekday(wd: int, ref: _Ref | None, window: tuple[int, int]) -> PartialDate | None:
    when = ref.date if ref is not None else None
    if when is None:
        return None
    for k in range(window[0], window[1] + 1):
        day = when + datetime.timedelta(days=k)
        if day.weekday() == wd:
            return _pd(day)
    return None  # pragma: no cover - a seven-day window always holds the weekday


def _pd(day: datetime.date) -> PartialDate:
    return _date(day.year, day.month, day.day)


def _span(first: datetime.date, last: datetime.date) -> PartialDate | None:
    # An interval is dated by the finest unit that holds all of it.
    if first.year != last.year:
        return None
    if first.month != last.month:
        return _date(first.year)
    return _date(first.year, first.month)


def _shift_month(ref: _Ref | None, n: int) -> PartialDate | None:
    if ref is None or ref.year is None or ref.month is None:
        return None
    y, m = divmod(ref.year * 12 + ref.month - 1 + n, 12)
    return _date(y, m + 1) if 1 <= y <= 9999 else None


def _shift_year(ref: _Ref | None, n: int) -> PartialDate | None:
    if ref is None or ref.year is None or not 1 <= ref.year + n <= 9999:
        return None
    return _date(ref.year + n)


def _shift_day(ref: _Ref | None, n: int) -> PartialDate | None:
    when = ref.date if ref is not None else None
    if when is None:
        return None
    try:
        return _pd(when + datetime.timedelta(days=n))
    except OverflowError:
        return None


def _week(ref: _Ref | None, n: int, weekend: bool) -> PartialDate | None:
    when = ref.date if ref is not None else None
    if when is None:
        return None
    try:
        monday = when - datetime.timedelta(days=when.weekday()) + datetime.timedelta(weeks=n)
        if weekend:
            return _span(monday + datetime.timedelta(days=5), monday + datetime.timedelta(days=6))
        return _span(monday, monday + datetime.timedelta(days=6))
    except OverflowError:
        return None


def _thanksgiving(year: int) -> int:
    first = datetime.date(year, 11, 1).weekday()
    return 1 + (3 - first) % 7 + 21


# ---------------------------------------------------------------------------
# From a grammar match to a value

_Eval = Callable[[_Ref | None, "Tense | None"], "PartialDate | None"]
_REL_OFFSET = {
    "this": 0,
    "the": 0,
    "the current": 0,
    "current": 0,
    "the same": 0,
    "last": -1,
    "previous": -1,
    "the previous": -1,
    "this past": -1,
    "past": -1,
    "next": 1,
    "coming": 1,
    "this coming": 1,
}
_DAY_WORDS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}
_WS = re.compile(r"\s+")


# The only non-ASCII letters Python's regex engine takes for ASCII ones when it ignores
# case: the grammar matches "ſeventh" and "İn", so the words are read back the same way.
_AS_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _norm(s: str | None) -> str:
    return _WS.sub(" ", s or "").translate(_AS_ASCII).strip().lower()


def _month_of(word: str) -> int:
    w = _norm(word).rstrip(".")
    return g.MONTHS.get(w) or g.MONTH_ABBR[w[:4] if w.startswith("sept") else w[:3]]


def _year_of(m: re.Match[str], prefix: str) -> int | None:
    y = m.group(prefix + "_y")
    return int(y) if y else None


def _day_of(m: re.Match[str], prefix: str) -> int:
    d = m.group(prefix + "_d")
    if d:
        return int(d)
    return g.ORDINAL_DAYS[_norm(m.group(prefix + "_dw")).replace(" ", "-")]


def _number(word: str) -> int | None:
    w = _norm(word)
    return int(w) if w.isdigit() else g.NUMBER_WORDS.get(w)


def _spelled_year(words: str) -> int | None:
    parts = [p for p in re.split(r"[\s-]+", _norm(words)) if p != "and"]
    if parts[:2] == ["two", "thousand"]:
        low = _small(parts[2:])
        return None if low is None else 2000 + low
    century = g.NUMBER_WORDS.get(parts[0], 0) * 100
    rest = parts[1:]
    if rest and rest[0] in ("hundred", "oh", "o"):
        rest = rest[1:]
    low = _small(rest)
    return None if low is None else century + low


def _small(words: list[str]) -> int | None:
    if not words:
        return 0
    total = 0
    for w in words:
        if w not in g.NUMBER_WORDS or w in ("a", "an"):
            return None
        total += g.NUMBER_WORDS[w]
    return total if total < 100 else None


def _const(value: PartialDate | None) -> _Eval:
    return lambda _ref, _tense: value


def _absolute(m: re.Match[str], p: str, month: int, day: int) -> tuple[_Eval, bool]:
    year = _year_of(m, p)
    if year is not None:
        return _const(_date(year, month, day) if _valid(year, month, day) else None), False
    return (lambda ref, tense: _day_month(month, day, ref, tense, None)), True


_Spec = tuple[_Eval, bool] | None
_SPECS: dict[tuple[str, str | None, tuple[str | Any, ...]], _Spec] = {}
_MEMO_MAX = 4096
_K = TypeVar("_K")
_V = TypeVar("_V")


def _keep(memo: dict[_K, _V], key: _K, value: _V) -> _V:
    """Store ``value`` in a per-expression memo, emptied when full so that it stays bounded."""
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    memo[key] = value
    return value


def _spec(m: re.Match[str]) -> _Spec:
    """How to value match ``m``, and whether that needs a reference.

    Memoised on all it reads of the match (its pattern, kind and groups): the same
    expressions ("last year", "2019", "on Tuesday") recur, and reading one costs
    several small string operations. The pattern is keyed by its source, whose hash
    is kept, not by the object, whose hash reads all its compiled code. The memo is
    emptied when full.
    """
    key = (m.re.pattern, m.lastgroup, m.groups())
    try:
        return _SPECS[key]
    except KeyError:
        return _keep(_SPECS, key, _spec_of(m))


def _spec_of(m: re.Match[str]) -> _Spec:
    kind = m.lastgroup
    if kind == "iso":
        y, mo, d = int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])
        return _const(_date(y, mo, d) if _valid(y, mo, d) else None), False
    if kind == "num":
        a, b, y = int(m["num_a"]), int(m["num_b"]), int(m["num_y"])
        # Dots are day-first everywhere; with slashes only a part above 12 (or two
        # equal parts) tells the order.
        if m["num_s"] == "." or (a > 12 >= b) or a == b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            return _const(None), False
        return _const(_date(y, month, day) if _valid(y, month, day) else None), False
    if kind in ("xrange", "xrange2"):
        m1, m2 = _month_of(m[kind + "_m1"]), _month_of(m[kind + "_m"])
        d1 = int(m[kind + "_d1"])
        year = _year_of(m, kind)
        if year is not None:
            y1 = year - 1 if m1 > m2 else year
            return _const(_date(y1, m1, d1) if _valid(y1, m1, d1) else None), False
        return (lambda ref, tense: _day_month(m1, d1, ref, tense, None)), True
    if kind in ("drange", "drange2"):
        # A range of days is dated by its first day.
        return _absolute(m, kind, _month_of(m[kind + "_m"]), int(m[kind + "_d"]))
    if kind in ("dmy", "mdy"):
        return _absolute(m, kind, _month_of(m[kind + "_m"]), _day_of(m, kind))
    if kind == "myr":
        return _const(_date(int(m["myr_y"]))), False
    if kind == "my":
        month = _month_of(m["my_m"])
        year = _year_of(m, "my")
        if year is not None:
            return _const(_date(year, month)), False
        off = _REL_OFFSET[_norm(m["my_rel"])]
        return (lambda ref, _t: _with_month(_shift_year(ref, off), month)), True
    if kind == "ymod":
        year = _year_of(m, "ymod")
        if year is not None:
            return _const(_date(year)), False
        off = _REL_OFFSET.get(_norm(m["ymod_rel"]), 0)
        return (lambda ref, _t: _shift_year(ref, off)), True
    if kind == "yend":
        off = _REL_OFFSET.get(_norm(m["yend_rel"]), 0)
        return (lambda ref, _t: _shift_year(ref, off)), True
    if kind == "qtr":
        return (lambda ref, _t: _shift_year(ref, 0)), True
    if kind == "mmod":
        if m["mmod_m"]:
            return _bare_month(_month_of(m["mmod_m"]), None)
        off = _REL_OFFSET[_norm(m["mmod_rel"])]
        return (lambda ref, _t: _shift_month(ref, off)), True
    if kind == "mrel":
        return _bare_month(_month_of(m["mrel_m"]), _norm(m["mrel_rel"]))
    if kind == "myrel":
        # A span of months without a year: dated by the year of its first month.
        first = _bare_month(_month_of(m["myrel_m1"]), None)[0]
        return (lambda ref, t: _year_only(first(ref, t))), True
    if kind == "month":
        return _bare_month(_month_of(m["month_m"]), None)
    if kind == "wd":
        wd = g.WEEKDAYS[_norm(m["wd_w"])]
        rel = _norm(m["wd_rel"])
        if rel in _REL_WINDOW:
            lo, hi = _REL_WINDOW[rel]
            window = (max(lo, -7), min(hi, 7))
            return (lambda ref, _t: _weekday(wd, ref, window)), True
        return (lambda ref, t: _weekday(wd, ref, _WEEKDAY_WINDOW[t])), True
    if kind == "hol":
        name = _norm(m["hol_h"]).replace("’", "'")
        month, day = g.HOLIDAYS[name]
        if day:
            return (lambda ref, t: _day_month(month, day, ref, t, None)), True
        return (lambda ref, t: _thanksgiving_value(ref, t)), True
    if kind == "rday":
        off = _DAY_WORDS[_norm(m["rday_w"])]
        return (lambda ref, _t: _shift_day(ref, off)), True
    if kind == "runit":
        unit = _norm(m["runit_u"])
        off = _REL_OFFSET[_norm(m["runit_rel"])]
        if unit == "year":
            return (lambda ref, _t: _shift_year(ref, off)), True
        if unit == "month":
            return (lambda ref, _t: _shift_month(ref, off)), True
        weekend = unit == "weekend"
        return (lambda ref, _t: _week(ref, off, weekend)), True
    if kind == "ago":
        n = _number(m["ago_n"])
        unit = _norm(m["ago_u"])
        if n is None:
            return None
        if unit == "year":
            return (lambda ref, _t: _shift_year(ref, -n)), True
        if unit == "month":
            return (lambda ref, _t: _shift_month(ref, -n)), True
        days = n * 7 if unit == "week" else n
        return (lambda ref, _t: _shift_day(ref, -days)), True
    if kind == "yrange":
        # Several years: no single year, month or day holds the span.
        return _const(None), False
    if kind == "year":
        return _const(_date(int(m["year_y"]))), False
    if kind == "syear":
        year = _spelled_year(m["syear_w"])
        if year is None or not 1000 <= year <= 2100:
            return None
        return _const(_date(year)), False
    return None  # pragma: no cover - every alternative of the grammar is handled above


def _with_month(year: PartialDate | None, month: int) -> PartialDate | None:
    return None if year is None else _date(year.year, month)


def _year_only(value: PartialDate | None) -> PartialDate | None:
    return None if value is None or value.year is None else _date(value.year)


def _bare_month(month: int, rel: str | None) -> tuple[_Eval, bool]:
    def value(ref: _Ref | None, tense: Tense | None) -> PartialDate | None:
        if rel == "this":
            year = ref.year if ref is not None else None
        elif rel in _REL_WINDOW:
            year = _year_for_month(month, ref, _REL_WINDOW[rel])
        else:
            year = _year_for_month(month, ref, _MONTH_WINDOW[tense])
        return None if year is None else _date(year, month)

    return value, True


def _thanksgiving_value(ref: _Ref | None, tense: Tense | None) -> PartialDate | None:
    year = _year_for_month(11, ref, _MONTH_WINDOW[tense])
    if year is None:
        return None
    return _date(year, 11, _thanksgiving(year))


# ---------------------------------------------------------------------------
# Scanning


class _Hit(NamedTuple):  # a named tuple: cheaper to build than a frozen attrs class
    start: int
    end: int
    evaluate: _Eval
    relative: bool


_NEEDS_CONTEXT = frozenset({"year", "syear", "month"})


def _evaluate(hit: _Hit, ref: _Ref | None, tense: Tense | None) -> PartialDate | None:
    try:
        return hit.evaluate(ref, tense)
    except (ValueError, OverflowError):
        return None  # the arithmetic left the years 1..9999 a date can have


_ASCII_LETTERS = frozenset(string.ascii_letters)


def _prev_word(text: str, start: int) -> str | None:
    """Group 1 of ``PREV_WORD.search(text, max(0, start - 24), start)``, read backwards.

    The search tries the pattern at every letter of the window; the word it finds
    is the run of ASCII letters that only white space and hyphens (``str.isspace``
    is the engine's ``\\s``) separate from ``start``, cut at the window's start.
    """
    lo = max(0, start - 24)
    i = start
    while i > lo and (text[i - 1].isspace() or text[i - 1] == "-"):
        i -= 1
    j = i
    while j > lo and text[j - 1] in _ASCII_LETTERS:
        j -= 1
    return text[j:i] if j < i else None


def _context_ok(text: str, start: int, end: int) -> bool:
    before = _prev_word(text, start)
    if before is None:
        return False
    word = before.lower()
    if text[start:end].lower() == "may":
        return word in g.MAY_CONTEXT
    return word in g.CONTEXT_WORDS


def _scan(
    text: str, *, loose: bool, prefilter: bool, within: Sequence[tuple[int, int]] | None = None
) -> list[_Hit]:
    hits: list[_Hit] = []
    for m in _matches(text, within) if prefilter else g.full_grammar().finditer(text):
        kind = m.lastgroup
        # An expression handed to resolve() may be the bare year or month itself.
        bare_ok = loose and not text[: m.start()].strip()
        if kind in _NEEDS_CONTEXT and not bare_ok and not _context_ok(text, m.start(), m.end()):
            continue
        if not loose and _the_without_modifier(m):
            continue
        spec = _spec(m)
        if spec is None:
            continue
        hits.append(_Hit(m.start(), m.end(), spec[0], spec[1]))
    return hits


def _the_without_modifier(m: re.Match[str]) -> bool:
    # "the year" and "the month" alone are dates only when someone says so (resolve);
    # in running text they are as often "the year of the tiger".
    return (
        m.lastgroup == "runit"
        and _norm(m["runit_rel"]) == "the"
        and not m["runit_pre"]
        and _norm(m["runit_u"]) != "weekend"
    )


_LOOK_BACK = 48  # chars: "the first quarter of" before "2019"
_MAX_STARTS = 5


_AMOUNT_AFTER = re.compile(
    r"(?:[.,]\d+)*\s*(?:%|per\s?cent|percent|million|mln|mn|billion|bln|bn|trillion|tn|thousand)\b|"
    r"(?:[.,]\d+)*%",
    re.I,
)


def _is_amount(text: str, start: int, end: int) -> bool:
    """A number that is plainly an amount ("$155.1", "63.2%", "12 million")."""
    if start > 0 and text[start - 1] in "$€£¥₩₹₽":
        return True
    nxt = text[end : end + 1]
    if nxt and nxt not in ".,%":
        # Without a decimal part the pattern needs "%" or a unit word after white
        # space, and no other letter folds onto their first letters: most numbers
        # ("15 people") are told apart here without running it.
        i = end
        while nxt.isspace():
            i += 1
            nxt = text[i : i + 1]
        if nxt not in _AMOUNT_FIRST:
            return False
    return _AMOUNT_AFTER.match(text, end) is not None


_AMOUNT_FIRST = frozenset("%pPmMbBtT")


_DIGITS = re.compile(r"\d+")


def _matches(text: str, within: Sequence[tuple[int, int]] | None = None) -> list[re.Match[str]]:
    """Leftmost grammar matches, tried only at word starts near a core word.

    Running the whole grammar at every position of a long text costs seconds per
    megabyte; every expression holds a core word (a month, a number, "year"...)
    and starts at most a few words before it, at the core or at a word of a small
    set ("early", "the", "last"...).
    """
    out: list[re.Match[str]] = []
    done = 0
    ranges = merged(within, len(text))
    follows = g.follow_test()
    for pos, end in (c for lo, hi in ranges for c in g.cores(text, lo, hi)):
        if pos < done:
            continue
        digits = text[pos].isdigit()  # then the core is a run of digits
        if digits and _is_amount(text, pos, end):
            continue
        if digits and end < len(text) and text[end].isdecimal():
            # The range ends inside the number, and the grammar reads all of it.
            whole = _DIGITS.match(text, pos)
            end = whole.end() if whole is not None else end
        starts = g.starters(text, max(done, pos - _LOOK_BACK), pos)[-_MAX_STARTS:]
        starts.append(pos)
        for start in starts:
            if start < pos:
                if not follows(text, start):
                    continue  # an expression from here would end before the core word
                grammar = g.grammar_at(text, start)
            elif digits:
                grammar = g.grammar_for_digit_run(text, pos, end)
            else:
                grammar = g.grammar_at(text, start)
            m = None if grammar is None else grammar.match(text, start)
            if m is not None and m.end() > pos:
                out.append(m)
                done = m.end()
                break
    return out


# ---------------------------------------------------------------------------
# Public API


def resolve(
    expression: str,
    reference: datetime.date | PartialDate | None = None,
    *,
    tense: Tense | None = None,
) -> PartialDate | None:
    """The date an expression denotes, at the precision its words support.

    Relative expressions ("last year", "on Tuesday", "in March", "9 September")
    take what they lack from ``reference``; without one they give ``None``, except
    that a day and month give ``XXXX-MM-DD``. Without a ``tense``, a bare weekday is
    one of the five days before the reference, the day itself or the day after,
    and a bare month (with or without a day) lies from nine months before to two
    months after the reference's month. ``tense="past"`` takes the latest on or
    before the reference, ``"future"`` the first on or after it.

    If the expression holds several dates, the longest is used.

    Args:
        expression: The words, e.g. ``"early December"`` or ``"Dec. 31, 2021"``.
        reference: The date the text was written, or another anchor; a
            ``PartialDate`` anchors only the parts it has.
        tense: ``"past"``, ``"future"`` or ``None`` (nearest reading in news).

    Returns:
        A ``PartialDate``, or ``None`` when the words give no date.

    Example:
        >>> import datetime
        >>> ref = datetime.date(2018, 9, 6)
        >>> [str(resolve(e, ref)) for e in ("in March 2015", "last year", "on Tuesday")]
        ['2015-03', '2017', '2018-09-04']
        >>> str(resolve("in March", ref, tense="future"))
        '2019-03'
    """
    if tense not in (None, "past", "future"):
        raise ValueError(f"tense must be 'past', 'future' or None, got {tense!r}")
    if not isinstance(expression, str) or not expression:
        return None
    if reference is None or isinstance(reference, (datetime.date, PartialDate)):
        # The same few expressions ("on Tuesday", "last year") come back with the same
        # publication date across an archive's articles.
        return _resolve_cached(expression, reference, tense)
    return _resolve(expression, reference, tense)


@functools.lru_cache(maxsize=4096)
def _resolve_cached(
    expression: str, reference: datetime.date | PartialDate | None, tense: Tense | None
) -> PartialDate | None:
    return _resolve(expression, reference, tense)


def _resolve(
    expression: str, reference: datetime.date | PartialDate | None, tense: Tense | None
) -> PartialDate | None:
    hits = _scan(expression, loose=True, prefilter=False)
    if not hits:
        return _full_date_fallback(expression)
    best = max(hits, key=lambda h: h.end - h.start)
    value = _evaluate(best, _ref(reference), tense)
    return value if value is not None else _full_date_fallback(expression)


# Written forms our grammar does not value ("2018-09-06T10:15:00Z", "06-Sep-2018",
# "2018.09.06") but which state a full date: a year and at least two more parts.
_FULL_DATE_HINT = re.compile(
    r"^(?=.*\b(?:1[5-9]|20)\d\d(?!\d))(?=(?:.*?(?:\d+|[A-Za-z]{3,})){3}).{6,60}$", re.S
)


def _full_date_fallback(expression: str) -> PartialDate | None:
    """A full date in a form our grammar does not know, read by dateparser.

    dateparser runs only here, on the whole expression a caller handed to
    ``resolve``, and must find the day, the month and the year in it
    (``REQUIRE_PARTS``), so it cannot fill in what the text does not say. It is
    imported on first need (its first call costs about a second) and its answers
    are cached.
    """
    text = expression.strip()
    if not _FULL_DATE_HINT.match(text):
        return None
    return _dateparser_full_date(text)


@functools.lru_cache(maxsize=4096)
def _dateparser_full_date(text: str) -> PartialDate | None:
    try:
        found = _dateparser().get_date_data(text)
    except Exception:  # dateparser raises on odd input: no date then
        return None
    day = getattr(found, "date_obj", None) if found is not None else None
    if day is None or getattr(found, "period", None) != "day":
        return None
    if not _stated(text, day.year, day.month, day.day):
        return None  # dateparser fills gaps from today even when told not to
    return _date(day.year, day.month, day.day)


_NUMBER = re.compile(r"\d+")
_YEAR_FIRST = re.compile(r"(?<!\d)\d{4}[-./]\d{1,2}[-./]\d{1,2}(?!\d)")
_MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _stated(text: str, year: int, month: int, day: int) -> bool:
    """Whether the text itself says this year, month and day, in an order that is clear."""
    numbers = [int(n) for n in _NUMBER.findall(text)]
    if year not in numbers or day not in numbers:
        return False
    named = _MONTH_ABBR[month - 1] in text.lower()
    if named:
        return True
    if month not in numbers:
        return False
    # 6/9/2018 may be June or September: only a year-first form fixes the order
    return day > 12 or day == month or _YEAR_FIRST.search(text) is not None


@functools.cache
def _dateparser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True},
    )


def find(
    text: str,
    reference: datetime.date | None = None,
    within: Sequence[tuple[int, int]] | None = None,
) -> list[DateMention]:
    """Every date expression of ``text``, in text order.

    Relative expressions are resolved against ``reference`` when it is given;
    otherwise against the latest full date (year, month and day) the text stated
    before them, as a reader would, and left unresolved when there is none (a day
    and month then give ``XXXX-MM-DD``). A dateline ("ASTANA, 14 February (Kazinform) -")
    is found like any other date. A bare year counts only in a date context ("in
    2007", "since 1992", "for 2015"): "the 2030 Agenda", "$28" and "1,500 troops"
    are not dates.

    ``within``: ``(start, end)`` character ranges (sentences, say) to read instead of
    the whole text, in any order. Without a ``reference``, the full dates outside
    them are then not seen either.

    Example:
        >>> import datetime
        >>> text = "On 6 September 2018 the ministers met. A year earlier they had talked."
        >>> [(m.text, str(m.value)) for m in find(text)]
        [('6 September 2018', '2018-09-06'), ('A year earlier', '2017')]
        >>> [str(m.value) for m in find("on Tuesday", datetime.date(2018, 9, 6))]
        ['2018-09-04']
    """
    if not isinstance(text, str) or not text:
        return []
    anchor: datetime.date | None = _plain_date(reference)
    fixed = anchor is not None
    out: list[DateMention] = []
    ref = _ref(anchor)  # rebuilt only when the anchor moves
    for hit in _scan(text, loose=False, prefilter=True, within=within):
        if hit.relative:
            value = _relative_value(hit, anchor, ref)
            span = text[hit.start : hit.end]
            out.append(DateMention(hit.start, hit.end, span, value, anchor, True))
            continue
        value = _evaluate(hit, None, None)
        out.append(DateMention(hit.start, hit.end, text[hit.start : hit.end], value, None, False))
        if not fixed and value is not None and value.precision == "day" and value.year is not None:
            anchor = datetime.date(value.year, value.month or 1, value.day or 1)
            ref = _ref(anchor)
    return out


_VALUES: dict[tuple[_Eval, datetime.date | None], PartialDate | None] = {}


def _relative_value(
    hit: _Hit, anchor: datetime.date | None, ref: _Ref | None
) -> PartialDate | None:
    # Memoised on the expression's evaluator (one per expression, see _spec; the key
    # holds it, so its id is not reused) and the anchor ``ref`` is made of: "on
    # Tuesday" and "last year" come back with the same publication date.
    key = (hit.evaluate, anchor)
    try:
        return _VALUES[key]
    except KeyError:
        return _keep(_VALUES, key, _evaluate(hit, ref, None))


def _plain_date(reference: object) -> datetime.date | None:
    if isinstance(reference, datetime.datetime):
        return reference.date()
    if isinstance(reference, datetime.date):
        return reference
    return None
