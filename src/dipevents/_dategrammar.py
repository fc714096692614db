"""The closed vocabulary and the compiled grammar behind :mod:`dipevents.dates`.

Month names, weekdays, ordinal and number words and the relative words of English
news are a small closed set, so the whole grammar is one compiled regular expression
with one named alternative per kind of expression. Each alternative's groups carry
the kind as a prefix (``dmy_m``, ``dmy_d``...) because Python needs group names to be
unique across the pattern; :func:`dipevents.dates._spec` reads them back.

The order of the alternatives matters: at a given position the first one that
matches wins, so the more specific shapes ("Tuesday, 6 September 2018", "2-4 March")
come before the parts they contain ("Tuesday", "March").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

MONTHS: dict[str, int] = {
    name: i
    for i, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
MONTH_ABBR: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    name: i
    for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS: dict[str, int] = {"a": 1, "an": 1}
NUMBER_WORDS.update({w: i for i, w in enumerate(_UNITS, start=1)})
NUMBER_WORDS.update({w: i for i, w in enumerate(_TEENS, start=10)})
NUMBER_WORDS.update({w: 10 * i for i, w in enumerate(_TENS, start=2)})

_ORD_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORD_TEENS = (
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
ORDINAL_DAYS: dict[str, int] = {w: i for i, w in enumerate(_ORD_UNITS, start=1)}
ORDINAL_DAYS.update({w: i for i, w in enumerate(_ORD_TEENS, start=10)})
ORDINAL_DAYS["twentieth"] = 20
ORDINAL_DAYS["thirtieth"] = 30
for _w in _ORD_UNITS:
    ORDINAL_DAYS[f"twenty-{_w}"] = 20 + ORDINAL_DAYS[_w]
ORDINAL_DAYS["thirty-first"] = 31

HOLIDAYS: dict[str, tuple[int, int]] = {
    # Thanksgiving (fourth Thursday of November) gets its day from the year.
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "thanksgiving": (11, 0),
}


def _alt(words: list[str] | tuple[str, ...]) -> str:
    """Literal words as one group that tries the longest first, written as a trie.

    A flat alternation of sixty words costs sixty failed attempts wherever none
    fits (case-insensitive literals get no quick first-character test in Python's
    engine); the trie fails at the first letter. It tries the same words in the
    same effective order: only a word and a longer word it begins can both match,
    and the longer comes first in both forms. The words must not differ only by
    case unless the group is read case-sensitively.
    """
    ordered = sorted(dict.fromkeys(words), key=lambda w: len(re.escape(w)), reverse=True)
    return "(?:" + _trie(ordered) + ")"


def _trie(words: list[str], char: Callable[[str], str] = re.escape) -> str:
    heads: dict[str, list[str]] = {}
    ends = False
    for w in words:
        if w:
            heads.setdefault(w[0], []).append(w[1:])
        else:
            ends = True  # a shorter word ends here: tried after every longer one
    alts = [char(c) + _trie(rest, char) for c, rest in heads.items()]
    if ends:
        alts.append("")
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _caps(words: list[str]) -> str:
    # Month and weekday names count only capitalised (or in a capitals headline):
    # "may", "march" and "sun" are ordinary words.
    forms = [w.capitalize() for w in words] + [w.upper() for w in words]
    return "(?-i:" + _alt(forms) + ")"


MONTH_FULL = _caps(list(MONTHS)) + r"\b"
MONTH_ABBREV = _caps(list(MONTH_ABBR)) + r"(?:\.|\b)"
MON = f"(?:{MONTH_FULL}|{MONTH_ABBREV})"
WEEKDAY = _caps(list(WEEKDAYS)) + r"\b"

_ORD_WORD = r"(?:" + _alt([w.replace("-", " ") for w in ORDINAL_DAYS] + list(ORDINAL_DAYS)) + r")\b"
_NUM_WORD = r"(?:" + _alt([w for w in NUMBER_WORDS if w not in ("a", "an")]) + r")"
_TENS_UNITS = rf"(?:(?:{_alt(_TENS)})(?:[\s-](?:{_alt(_UNITS)}))?|{_alt(_TEENS)})\b"
_ONE_TO_99 = rf"(?:(?:{_alt(_TENS)})(?:[\s-](?:{_alt(_UNITS)}))?|{_alt(_TEENS)}|{_alt(_UNITS)})\b"
SPELLED_YEAR = (
    rf"(?:(?:seventeen|eighteen|nineteen|twenty)\s+(?:hundred(?:\s+and)?(?:\s+{_ONE_TO_99})?"
    rf"|(?:oh|o)[\s-](?:{_alt(_UNITS)})\b|{_TENS_UNITS})"
    rf"|two\s+thousand(?:\s+and)?(?:\s+{_ONE_TO_99})?\b)"
)

# A number is a day only when no digit, decimal point or currency sign touches it.
_DAYN = r"(?<![\w$€£¥.,])(?P<{p}d>[0-3]?\d)(?:st|nd|rd|th)?(?![\w%]|[.,:/]\d)"
_DAY = rf"(?:{_DAYN}|(?:the\s+)?(?P<{{p}}dw>{_ORD_WORD}))"
_YEAR = r"(?<![\w$€£¥.,])(?P<{p}y>1\d{{3}}|20\d{{2}}|2100)(?![\w%]|[.,]\d)"
_WDPRE = (
    rf"(?:(?:(?:this\s+coming|this\s+past|this|next|last|coming|past)\s+)?{WEEKDAY},?\s+"
    rf"(?:\(\s*)?(?:the\s+)?)?"
)
_RANGE = r"\s*(?:-|–|—|to|until|till|through|and|&)\s*"
_MONTH_MOD = (
    r"(?:early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of"
    r"|the\s+(?:first|second|last|final)\s+(?:half|week|days|weeks|ten\s+days)\s+of)"
)
_YEAR_MOD = (
    r"(?:early|mid|late|(?:the\s+)?(?:end|beginning|start|middle|turn|close)\s+of"
    r"|(?:the\s+)?(?:first|second|latter|last)\s+half\s+of"
    r"|(?:the\s+)?(?:first|second|third|fourth|last|final)\s+quarter\s+of"
    r"|Q[1-4]|H[12]|fiscal(?:\s+year)?|FY)"
)
_REL_YEAR = (
    r"(?:(?P<{p}rel>this|last|next|the\s+current|the\s+previous|the\s+same|the|current|previous)"
    r"\s+)?year\b"
)


def _fmt(template: str, prefix: str) -> str:
    return template.replace("{p}", prefix + "_").replace("{{", "{").replace("}}", "}")


def _kinds() -> list[tuple[str, str]]:
    day1 = _fmt(_DAYN, "a")
    return [
        (
            "iso",
            r"(?<![\w.,/-])(?P<iso_y>1\d{3}|20\d{2})(?P<iso_s>[-/])(?P<iso_m>0[1-9]|1[0-2])"
            r"(?P=iso_s)(?P<iso_d>[0-3]\d)(?![\w/-]|[.,]\d)",
        ),
        (
            "num",
            r"(?<![\w.,/-])(?P<num_a>[0-3]?\d)(?P<num_s>[/.])(?P<num_b>[0-3]?\d)(?P=num_s)"
            r"(?P<num_y>1\d{3}|20\d{2})(?![\w/]|[.,]\d)",
        ),
        # 30 December - 2 January 2019; 2-4 March 2019; from 2 to 4 March; March 2-4, 2019
        (
            "xrange",
            _WDPRE.replace("?:(?:", "?:(?:", 1)
            + day1.replace("(?P<a_d>", "(?P<xrange_d1>")
            + rf"\s+(?:of\s+)?(?P<xrange_m1>{MON})"
            + rf"\s*(?:-|–|—|to|until|till|through)\s*(?:{WEEKDAY},?\s+)?"
            + _fmt(_DAYN, "xrange")
            + rf"\s+(?:of\s+)?(?P<xrange_m>{MON})(?:,?\s+{_fmt(_YEAR, 'xrange')})?",
        ),
        (
            "xrange2",
            rf"(?P<xrange2_m1>{MON})\s+"
            + day1.replace("(?P<a_d>", "(?P<xrange2_d1>")
            + rf"\s*(?:-|–|—|to|until|till|through)\s*(?P<xrange2_m>{MON})\s+"
            + _fmt(_DAYN, "xrange2")
            + rf"(?:,?\s+{_fmt(_YEAR, 'xrange2')})?",
        ),
        (
            "drange",
            _fmt(_WDPRE, "drange")
            + _fmt(_DAYN, "drange")
            + _RANGE
            + rf"(?:{WEEKDAY},?\s+)?"
            + day1.replace("(?P<a_d>", "(?P<drange_d2>")
            + rf"\s+(?:of\s+)?(?P<drange_m>{MON})(?:,?\s+{_fmt(_YEAR, 'drange')})?",
        ),
        (
            "drange2",
            rf"(?P<drange2_m>{MON})\s+"
            + _fmt(_DAYN, "drange2")
            + _RANGE
            + day1.replace("(?P<a_d>", "(?P<drange2_d2>")
            + rf"(?:,?\s+{_fmt(_YEAR, 'drange2')})?",
        ),
        (
            "dmy",
            _fmt(_WDPRE + _DAY, "dmy")
            + rf"\s+(?:of\s+)?(?P<dmy_m>{MON})(?:,?\s+(?:of\s+)?{_fmt(_YEAR, 'dmy')})?",
        ),
        (
            "mdy",
            _fmt(_WDPRE, "mdy")
            + rf"(?P<mdy_m>{MON})\s+(?:the\s+)?"
            + _fmt(_DAY, "mdy")
            + rf"(?:,?\s+{_fmt(_YEAR, 'mdy')})?",
        ),
        # January-August 2023, between January and March 2019
        (
            "myr",
            rf"(?:between\s+|from\s+)?(?P<myr_m1>{MON})\s*(?:-|–|—|to|through|until|till|and|or)"
            rf"\s*(?P<myr_m>{MON}),?\s+(?:of\s+)?" + _fmt(_YEAR, "myr"),
        ),
        (
            "my",
            rf"(?:(?P<my_mod>{_MONTH_MOD})[\s-]*)?(?P<my_m>{MON}),?\s+(?:of\s+)?"
            rf"(?:{_fmt(_YEAR, 'my')}|(?P<my_rel>this|last|next)\s+year\b)",
        ),
        (
            "ymod",
            rf"(?P<ymod_mod>{_YEAR_MOD})[\s-]*(?:of\s+)?(?:{_fmt(_YEAR, 'ymod')}|"
            + _fmt(_REL_YEAR, "ymod")
            + ")",
        ),
        (
            "yend",
            r"(?:(?P<yend_rel>this|last|next)\s+)?year(?:-|\s+|['’]s\s+)end\b",
        ),
        (
            "qtr",
            r"(?:the\s+)?(?P<qtr_q>first|second|third|fourth|final|last)\s+(?:quarter|half)\b"
            r"(?!\s+(?:of|century|a\b|an\b))",
        ),
        (
            "mmod",
            rf"(?P<mmod_mod>{_MONTH_MOD}|earlier|later)[\s-]*(?:in\s+)?"
            rf"(?:(?P<mmod_m>{MONTH_FULL})|(?P<mmod_rel>this|last|next|the)\s+month\b)",
        ),
        (
            "mrel",
            rf"(?P<mrel_rel>this\s+coming|this\s+past|this|next|last|coming|past)\s+"
            rf"(?P<mrel_m>{MONTH_FULL})",
        ),
        (
            "myrel",
            rf"(?P<myrel_m1>{MONTH_FULL})\s*(?:-|–|—)\s*(?P<myrel_m>{MONTH_FULL})",
        ),
        (
            "wd",
            r"(?:(?:early|late)\s+)?(?:(?P<wd_rel>this\s+coming|this\s+past|this|next|last|coming"
            rf"|past)\s+)?(?P<wd_w>{WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?",
        ),
        (
            "hol",
            r"(?-i:(?P<hol_h>Christmas\s+Eve|Christmas\s+Day|Christmas|New\s+Year['’]s\s+Eve"
            r"|New\s+Year['’]s\s+Day|Thanksgiving))(?:\s+Day)?\b",
        ),
        (
            "rday",
            r"(?:(?:early|late|earlier|later)\s+)?(?P<rday_w>today|tonight|yesterday|tomorrow"
            r"|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
            r"|this\s+(?:morning|afternoon|evening))\b(?:\s+(?:morning|afternoon|evening|night)\b)?",
        ),
        (
            "runit",
            r"(?:(?P<runit_pre>earlier|later|early|late)\s+(?:in\s+)?)?"
            r"(?P<runit_rel>this\s+coming|this\s+past|this|last|next|the\s+current|the\s+previous"
            r"|the|current|previous)\s+(?P<runit_u>year|month|week|weekend)\b",
        ),
        (
            "ago",
            rf"(?P<ago_n>an?|{_NUM_WORD}|\d{{1,2}})\s+(?P<ago_u>year|month|week|day)s?"
            r"\s+(?:or\s+so\s+)?(?:ago|earlier)\b",
        ),
        (
            "yrange",
            r"(?:(?:from|between)\s+)?(?<![\w$€£¥.,-])(?:1\d{3}|20\d{2})"
            r"\s*(?:-|–|—|/|to|until|till|through|and)\s*(?:1\d{3}|20\d{2}|\d{2})(?![\w%]|[.,]\d)",
        ),
        ("year", _fmt(_YEAR, "year") + r"(?![-–/]\d)"),
        ("syear", rf"(?P<syear_w>{SPELLED_YEAR})"),
        ("month", rf"(?P<month_m>{MONTH_FULL})"),
    ]


KINDS = _kinds()


def _compile(kinds: frozenset[str] | None = None) -> re.Pattern[str]:
    return re.compile(
        "|".join(f"(?P<{k}>{p})" for k, p in KINDS if kinds is None or k in kinds), re.IGNORECASE
    )


@functools.cache
def full_grammar() -> re.Pattern[str]:
    """Every kind in one pattern: what ``resolve`` reads an expression with (compiled on
    first use, about 40 ms; ``find`` needs only the parts)."""
    return _compile()


# The alternatives that can start with a digit, a month name or a weekday name, in
# the grammar's order: at such a position only these can match, and trying fewer
# alternatives is what makes the scan of a long text fast. Compiled on first use
# (find only) so that importing and the first resolve() stay cheap.
_START_KINDS: dict[str, frozenset[str]] = {
    "digit": frozenset({"iso", "num", "xrange", "drange", "dmy", "ago", "yrange", "year"}),
    "month": frozenset({"xrange2", "drange2", "mdy", "myr", "my", "myrel", "month"}),
    "weekday": frozenset({"xrange", "drange", "dmy", "mdy", "wd"}),
}


@functools.cache
def _grammar_for(start: str) -> re.Pattern[str]:
    return _compile(_START_KINDS[start])


# Each kind that can start with a digit reads a whole run of digits first: a day or
# a count ("3 years ago") has one or two, a year four ("2019", "2019-03-06",
# "2018-19"). A run of another length starts no expression.
_DIGIT_RUN_KINDS: dict[int, frozenset[str]] = {
    1: frozenset({"num", "xrange", "drange", "dmy", "ago"}),
    2: frozenset({"num", "xrange", "drange", "dmy", "ago"}),
    4: frozenset({"iso", "yrange", "year"}),
}


@functools.cache
def grammar_for_digits(length: int) -> re.Pattern[str] | None:
    """The part of the grammar that can match at a run of ``length`` digits (None: none)."""
    kinds = _DIGIT_RUN_KINDS.get(length)
    return None if kinds is None else _compile(kinds)


# What can follow a run of one or two digits in an expression: a date's separator
# ("12/06/2019"), a day's suffix or a range ("5th", "5-7", "5to 7", "ſ" is an s
# ignoring case), or white space and then a month name, "of", a range word or the
# unit of "3 years ago". The grammar is slow to fail, and most short numbers are
# counts ("15 people"). tests/test_dates_scan.py checks these sets against it.
_AFTER_DAY = frozenset("/.-–—&sSnNrRtTaAuU\u017f")
_AFTER_DAY_SPACE = frozenset("JFMASONDoO-–—&tTuUaAyYmMwWdD")


def grammar_for_digit_run(text: str, pos: int, end: int) -> re.Pattern[str] | None:
    """``grammar_for_digits(end - pos)`` for the run of digits ``text[pos:end]``, or
    None when nothing after the run lets one of its kinds match there."""
    if end - pos <= 2:
        nxt = text[end : end + 1]
        if nxt.isspace():  # the engine's \s
            i = end + 1
            while text[i : i + 1].isspace():
                i += 1
            if text[i : i + 1] not in _AFTER_DAY_SPACE:
                return None
        elif nxt not in _AFTER_DAY:
            return None
    return grammar_for_digits(end - pos)


_MONTH_WORDS = frozenset(list(MONTHS) + list(MONTH_ABBR))
_CAPS_WORD = re.compile(r"[A-Z][A-Za-z]*")


# The letters (either case) each kind can start with; kinds that start only with a
# digit are left out. tests/test_dates.py derives these sets from the parsed patterns
# and fails when one here is too small, so a new or edited kind cannot be skipped.
FIRST_LETTERS: dict[str, str] = {
    "xrange": "cflmnpstw",
    "xrange2": "adfjmnos",
    "drange": "cflmnpstw",
    "drange2": "adfjmnos",
    "dmy": "ceflmnpstw",
    "mdy": "acdfjlmnopstw",
    "myr": "abdfjmnos",
    "my": "abdefjlmnost",
    "ymod": "bcefhlmqst",
    "yend": "lnty",
    "qtr": "flst",
    "mmod": "belmst",
    "mrel": "clnpt",
    "myrel": "adfjmnos",
    "wd": "ceflmnpstw",
    "hol": "cnt",
    "rday": "elty",
    "runit": "celnpt",
    "ago": "aefnost",
    "yrange": "bf",
    "syear": "enst",
    "month": "adfjmnos",
}


@functools.cache
def _grammar_for_letter(letter: str) -> re.Pattern[str] | None:
    kinds = frozenset(k for k, first in FIRST_LETTERS.items() if letter in first)
    return _compile(kinds) if kinds else None


def grammar_at(text: str, pos: int) -> re.Pattern[str] | None:
    """The part of the grammar that can match at ``text[pos]`` (None: no part can).

    An attempt at a word that is not a digit, month or weekday ("the", "last",
    "year") tries only the kinds that can start with its letter: most such attempts
    fail, and the whole grammar is slow to fail.
    """
    ch = text[pos : pos + 1]
    if ch.isdigit():
        return _grammar_for("digit")
    w = _CAPS_WORD.match(text, pos)
    if w is not None:
        word = w.group().lower()
        if word in _MONTH_WORDS:
            return _grammar_for("month")
        if word in WEEKDAYS:
            return _grammar_for("weekday")
    low = ch.lower()
    if low == "t" and text[pos + 1 : pos + 3].lower() == "he" and _word_ends(text, pos + 3):
        return _grammar_for_the()
    if "a" <= low <= "z":
        return _grammar_for_letter(low)
    return full_grammar()


# The kinds that can start with the word "the", the commonest starter word: fewer
# than half of those of its letter. tests/test_dates_scan.py derives the others'
# failure from the parsed patterns.
THE_KINDS = frozenset({"dmy", "my", "ymod", "qtr", "mmod", "rday", "runit"})


@functools.cache
def _grammar_for_the() -> re.Pattern[str]:
    return _compile(THE_KINDS)


def _word_ends(text: str, pos: int) -> bool:
    # Where a word of WORD ends: no word character, apostrophe or hyphen follows.
    ch = text[pos : pos + 1]
    return not ch or not (ch.isalnum() or ch in "_'’-")


# The words every date expression holds at least one of ("March", "2019",
# "Tuesday", "year", "yesterday"...): the scan looks for these first and tries the
# grammar only a few words around them.
def _cased(words: str) -> list[str]:
    # Plain, Capitalised and CAPITALS forms: a case-insensitive scan is slower.
    ws = words.split()
    return [*ws, *(w.capitalize() for w in ws), *(w.upper() for w in ws)]


def _core_words() -> list[tuple[str, str]]:
    """Each core word and what must follow it, in the order the core pattern tries them."""
    # Month and weekday names only as whole words in the forms the grammar reads, so
    # that "Janelidze", "Mongolia" or "Declaration" cost nothing.
    names = [f(w) for w in (*MONTHS, *MONTH_ABBR, *WEEKDAYS) for f in (str.capitalize, str.upper)]
    return [
        *((f"{q}{n}", r"\b") for q in "QH" for n in "1234"),
        *((w, r"(?:\.|\b)") for w in sorted(names, key=len, reverse=True)),
        ("Christmas", ""),
        ("New", r"\s+Year"),
        ("Thanksgiving", ""),
        *((w, r"\b") for w in _cased("today tonight tomorrow yesterday day days quarter half")),
        *((w, "") for w in _cased("year month week")),
        *((w, r"\s+(?:morning|afternoon|evening)\b") for w in _cased("this")),
        *((w, r"\b") for w in _cased("seventeen eighteen nineteen twenty")),
        *((w, r"\s+thousand\b") for w in _cased("two")),
    ]


# The first characters of the core words: a cheap reject at most words. (It has no
# lowercase n, so "nineteen" in lower case is not a core word on its own.)
_CORE_FIRST = r"\dQHJFMASONDTWCNtTyYdDqQhHmMwWsSeE"


@functools.cache
def core_pattern() -> re.Pattern[str]:
    """The plain form of the core pattern, which the scan below must agree with (the
    tests' reference, compiled on first use)."""
    return re.compile(
        rf"\b(?=[{_CORE_FIRST}])(?:\d+|"
        + "|".join(re.escape(w) + tail for w, tail in _core_words())
        + ")"
    )


def _scan_core() -> str:
    # The alternatives grouped by first letter, so that most words fail at one test;
    # a name's abbreviation dot is looked at, not taken (see SCAN). Groups start with
    # different characters, so their order changes no match; the engine tries them in
    # turn at each word, so the first letters of common words come first.
    groups: dict[str, list[str]] = {"0": [r"\d+"]}
    for w, tail in _core_words():
        tail = tail.replace(r"(?:\.|\b)", r"(?:(?=\.)|\b)")
        groups.setdefault(w[0], []).append(re.escape(w[1:]) + tail)
    order = sorted(groups, key=lambda c: _COMMON_FIRST.find(c) % (len(_COMMON_FIRST) + 1))
    body = "|".join(
        r"\d+" if c == "0" else re.escape(c) + "(?:" + "|".join(groups[c]) + ")" for c in order
    )
    return f"(?:{body})"


# First characters of words from the commonest in English news ("0": a number).
_COMMON_FIRST = "t0swemdhyqnMSACTNDFEHJWYOQ"


# The core pattern with its leading \b leaves Python's engine no first character to
# skip to, so it runs the pattern at every position of the text. SCAN starts with the character
# before the word instead (any non-word character: the set, then the exact test
# for the non-ASCII ones), which the engine skips to in C. A match of SCAN ending
# at a name's abbreviation dot leaves the dot to the next search, as the character
# before a word that follows it ("Mar.2019").
SCAN = re.compile(rf"[^0-9A-Za-z_](?=[{_CORE_FIRST}])(?<=\W)" + _scan_core())
_SCAN_AT_START = re.compile(rf"(?=[{_CORE_FIRST}])" + _scan_core())  # nothing before it


def cores(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """Start and end of each match of :func:`core_pattern` in ``text[lo:hi]``, in order.

    The same starts as ``core_pattern().finditer(text, lo, hi)``, and the same ends except
    that a name's abbreviation dot is left out.
    """
    pos = max(lo - 1, 0)  # the character before lo tells whether a word starts at lo
    if lo == 0:
        first = _SCAN_AT_START.match(text, 0, hi)
        if first is not None:
            yield 0, first.end()
            pos = first.end()
    for m in SCAN.finditer(text, pos, hi):
        yield m.start() + 1, m.end()


# Words an expression can start with, before its core word.
_STARTERS = """the a an this last next early mid late end beginning start middle turn
    close first second third fourth final latter from between earlier later fiscal fy
    current previous coming past one two three four five six seven eight nine ten
    eleven twelve q1 q2 q3 q4 h1 h2 until till"""
STARTERS = frozenset([*_STARTERS.split(), *ORDINAL_DAYS])
WORD = re.compile(r"(?<![\w'’.$€£¥,-])[\w'’-]+")


def _any_case(c: str) -> str:
    # str.lower() folds only these two forms onto a starter word's letter (no
    # starter word holds a k, the one letter with a third form).
    return f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c)


def _first_cased_trie(words: list[str]) -> str:
    """``_trie(words, _any_case)`` with its first letters written as two literals each.

    The engine rejects an alternative that starts with a literal by one comparison,
    but calls its set-matching function for one that starts with a set such as
    ``[tT]``: at a character before a word, where the scan tries the words and most
    fail, that is one call per first letter.
    """
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[0], []).append(w[1:])
    alts = [
        re.escape(form) + _trie(rest, _any_case)
        for c, rest in heads.items()
        for form in dict.fromkeys((c, c.upper()))
    ]
    return "(?:" + "|".join(alts) + ")"


# The words of WORD that are starters, found like SCAN finds core words: from the
# character before them, a set Python's engine skips through in C.
_STARTER_WORD = rf"{_first_cased_trie(sorted(STARTERS))}(?![\w'’-])"
_STARTER_SCAN = re.compile(r"[^0-9A-Za-z_'’.$€£¥,\-](?<=\W)" + _STARTER_WORD)
_STARTER_AT_START = re.compile(_STARTER_WORD)


def starters(text: str, lo: int, hi: int) -> list[int]:
    """Where the starter words of ``text[lo:hi]`` begin: the words ``WORD`` finds
    there whose lower case is in :data:`STARTERS`."""
    out = [0] if lo == 0 and _STARTER_AT_START.match(text, 0, hi) else []
    out += [m.start() + 1 for m in _STARTER_SCAN.finditer(text, max(lo - 1, 0), hi)]
    return out


# What an expression that starts at a starter word can hold next. After the word
# and any white space comes either a non-letter, which must be listed (any
# non-ASCII character passes), or letters, which must begin one of the words listed
# or be begun by one ("Marchers" is begun by "mar"). "the Philippines", "between
# China" and "two countries" are thus no dates without trying the grammar, which
# is slow to fail. "till" and "until" start no expression. tests/test_dates_scan.py
# derives what can follow each starter word from the parsed patterns and fails when
# a list here is too short, so a new or edited kind cannot be skipped.
_MON = "jan feb mar apr may jun jul aug sep oct nov dec"
_WDAY = "mon tue wed thu fri sat sun"
_ORDINALS = " ".join(w for w in ORDINAL_DAYS if "-" not in w)
_FOLLOWING: list[tuple[str, str, str]] = [
    # (starter words, non-letters that may come first after them, next words)
    (
        "a an one two three four five six seven eight nine ten eleven twelve",
        "",
        "day week month year thousand",
    ),
    ("between from", "0123456789", _MON),
    ("beginning start middle end turn close", "", "of"),
    (
        "this last next coming past",
        "",
        f"{_MON} {_WDAY} week month year half quarter morning afternoon evening coming past",
    ),
    ("current previous", "", "week month year"),
    (
        "early late earlier later mid",
        "-0123456789",
        f"{_MON} {_WDAY} in of the this last next coming past current previous year"
        " today tonight tomorrow yesterday",
    ),
    (" ".join(ORDINAL_DAYS), "", f"{_MON} of half quarter"),
    ("final latter", "", "half quarter"),
    ("fiscal fy q1 q2 q3 q4 h1 h2", "-0123456789", "of the this last next current previous year"),
    (
        "the",
        "",
        f"{_ORDINALS} twenty thirty last final latter beginning start middle end turn close day"
        " current previous week month year",
    ),
    ("till until", "", ""),
]
FOLLOWERS: dict[str, tuple[str, str]] = {
    word: (chars, words) for starters, chars, words in _FOLLOWING for word in starters.split()
}


def _prefix_trie(words: list[str], root: bool = True) -> str:
    # Letters that begin a listed word, or that a listed word begins.
    heads: dict[str, list[str]] = {}
    for w in words:
        if not w:
            return ""
        heads.setdefault(w[0], []).append(w[1:])
    alts = [_any_case(c) + _prefix_trie(rest, False) for c, rest in sorted(heads.items())]
    if not root:
        alts.append("(?![A-Za-z])")
    return "(?:" + "|".join(alts) + ")" if alts else "(?!)"


@functools.cache
def _follow_pattern() -> re.Pattern[str]:
    # One alternative per set of starters that share what may follow them.
    groups: dict[tuple[str, str], list[str]] = {}
    for word, follow in FOLLOWERS.items():
        groups.setdefault(follow, []).append(word)
    alts = []
    for (chars, words), starter in groups.items():
        nxt = [r"\s*[^\x00-\x7f]"]
        if chars:
            nxt.append(rf"\s*[{re.escape(chars)}]")
        if words:
            nxt.append(r"\s+" + _prefix_trie(words.split()))
        alts.append(f"{_first_cased_trie(sorted(starter))}(?![\\w'’-])(?:{'|'.join(nxt)})")
    return re.compile("|".join(alts))


def follow_pattern() -> re.Pattern[str]:
    """Matches at a starter word only if an expression starting there can reach past it.

    The reference that :func:`follows` answers like; compiled on first use (it takes
    tens of milliseconds, which the first article of a cold start paid).
    """
    return _follow_pattern()


# dates._matches asks at each starter word whether an expression can reach past it.
# The compiled pattern answers about twice as fast as follows(), but compiling it
# takes tens of milliseconds, which the first article of a process would pay: a
# process's first documents are answered by follows(), later ones by the pattern.
_PATTERN_AFTER = 20
_asked = 0


def follow_test() -> Callable[[str, int], object]:
    """What tells, at ``(text, start)``, whether an expression can reach past the starter
    word there (truthy if it can): :func:`follows` for this process's first few calls,
    then the compiled :func:`follow_pattern`'s ``match``."""
    global _asked
    if _asked < _PATTERN_AFTER:
        _asked += 1
        return follows
    return _follow_pattern().match


_RUN = re.compile(r"[\w'’-]+")
_ASCII_RUN = re.compile(r"[A-Za-z]+")


@functools.cache
def _next_words(words: str) -> tuple[frozenset[str], tuple[str, ...]]:
    # A next word passes when it begins one of ``words`` or one of them begins it.
    listed = tuple(words.split())
    return frozenset(w[:k] for w in listed for k in range(1, len(w) + 1)), listed


def follows(text: str, start: int) -> bool:
    """Whether :func:`follow_pattern` matches at ``start``, read without the regex.

    A starter word is the whole run of word characters, apostrophes and hyphens at
    ``start``, in ASCII, any case. After it and any white space: a non-ASCII
    character (white space included) or one of the word's characters passes; after
    white space, a run of ASCII letters that begins a listed next word or is begun by
    one ("Marchers" by "mar") passes.
    """
    m = _RUN.match(text, start)
    if m is None:
        return False
    word = m.group()
    got = FOLLOWERS.get(word.lower()) if word.isascii() else None
    if got is None:
        return False
    chars, words = got
    end = p = m.end()
    c = text[p : p + 1]
    while c.isspace():
        if not c.isascii():
            return True
        p += 1
        c = text[p : p + 1]
    if c and (not c.isascii() or c in chars):
        return True
    if p == end or not words:
        return False
    letters = _ASCII_RUN.match(text, p)
    if letters is None:
        return False
    low = letters.group().lower()
    begun, listed = _next_words(words)
    return low in begun or low.startswith(listed)


# Words after which a bare year or month name is a date ("in 2007", "since
# March"); "the 2030 Agenda" and "Vision 2030" are names.
CONTEXT_WORDS = frozenset(
    [
        *("in", "since", "by", "of", "until", "till", "through", "throughout", "during"),
        *("from", "to", "for", "before", "after", "between", "and", "or", "year", "years"),
        *("month", "early", "mid", "late", "fiscal", "around", "circa", "about", "as"),
        *("spring", "summer", "autumn", "fall", "winter", "beginning", "end", "start"),
        "middle",
    ]
)
# "May" is also a name ("Merkel and May", "talks with May"): it needs a plainer
# temporal word before it.
MAY_CONTEXT = frozenset(
    [
        *("in", "since", "until", "till", "through", "throughout", "during", "early"),
        *("mid", "late", "before", "after", "from", "beginning", "end", "start", "middle"),
    ]
)
PREV_WORD = re.compile(r"([A-Za-z]+)[\s-]*$")
