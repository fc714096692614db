"""One event told in several sentences becomes one record.

Candidates come in text order, one per mention. Each is merged into the latest
earlier record it can only be the same event as, by type:

- Meeting: same states and status class; an undated mention joins the latest such
  meeting; a dated one joins a meeting of the same date, or an undated one when its
  date is recent (the article's "now"), never one told with another date.
- Agreement: an unnamed mention ("the MoU", "the document") joins the latest
  agreement of the same states; a named instrument joins an earlier unnamed mention
  ("several agreements, including ...") but never another named one.
- TradeFigure: same flow, states, direction, currency and amount within 0.5%.
- EmbassyOpening: "the embassy" with no sender joins the latest opening; otherwise
  same sender and host.

Example:
    >>> a = Candidate("Meeting", 0, (0, 10), "occurred", frozenset({"BLR", "KOR"}))
    >>> b = Candidate("Meeting", 1, (11, 20), "occurred", frozenset({"BLR", "KOR"}))
    >>> len(merge([a, b]))
    1
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from dipevents.model import Money, PartialDate
from dipevents.status import combine


@attrs.define
class Candidate:
    """An event as one or more sentences tell it, before it is frozen into the model."""

    type: str
    sent: int
    span: tuple[int, int]
    status: str
    countries: frozenset[str]
    date: PartialDate | None = None
    date_text: str | None = None
    location: str | None = None
    people: list[str] = attrs.field(factory=list)
    named: bool = False
    anaphoric: bool = False
    recent: bool = False
    visit: bool = False
    remote: bool = False  # a phone or video call: no place
    flow: str | None = None
    exporter: str | None = None
    importer: str | None = None
    money: Money | None = None
    period: PartialDate | None = None
    sender: str | None = None
    host: str | None = None
    city: str | None = None
    mission: str = "embassy"
    spans: list[tuple[int, int]] = attrs.field(factory=list)
    statuses: list[str] = attrs.field(factory=list)

    def __attrs_post_init__(self) -> None:
        self.spans = [self.span]
        self.statuses = [self.status]

    @property
    def date_key(self) -> str | None:
        if self.date is not None:
            return str(self.date)
        return self.date_text


def _status_class(status: str) -> str:
    return {"claim": "occurred", "denied": "any"}.get(status, status)


def _same_status(a: Candidate, b: Candidate) -> bool:
    ca, cb = _status_class(a.status), _status_class(b.status)
    return ca == cb or "any" in (ca, cb)


def _absorb(into: Candidate, c: Candidate, *, status: bool = True) -> None:
    if c.span not in into.spans:
        into.spans.append(c.span)
    if status:
        into.statuses.append(c.status)
    if into.date is None and c.date is not None:
        into.date, into.date_text = c.date, c.date_text
        into.visit = into.visit or c.visit
    elif into.visit and not c.visit and c.date is not None:
        # the day of the talks, not of the arrival: the text dates the encounter itself
        into.date, into.date_text, into.visit = c.date, c.date_text, False
    elif into.date_text is None and c.date_text is not None:
        into.date_text = c.date_text
    into.location = into.location or c.location
    for p in c.people:
        if p not in into.people:
            into.people.append(p)
    into.city = into.city or c.city
    into.named = into.named or c.named
    into.period = into.period or c.period


def _near_days(a: PartialDate | None, b: PartialDate | None, days: int = 7) -> bool:
    if a is None or b is None or a.precision != "day" or b.precision != "day":
        return False
    if a.year is None or b.year is None:
        return False
    assert a.month and a.day and b.month and b.day
    return abs((_dt.date(a.year, a.month, a.day) - _dt.date(b.year, b.month, b.day)).days) <= days


def _meeting_match(m: Candidate, c: Candidate) -> bool:
    if m.countries != c.countries or not _same_status(m, c):
        return False
    if c.date_key is None:
        return True
    if m.date_key is None:
        # an undated mention joins a dated one when that date is the article's now, or
        # when one of them denies it: a denial and the claim it denies are one event
        denial = "denied" in (m.status, c.status)
        return (c.recent or denial) and m.date_text is None
    if m.date_key == c.date_key:
        return True
    # A visit and the talks it consisted of, or the same named people a few days
    # apart: one encounter, dated loosely.
    if (m.visit or c.visit) and _near_days(m.date, c.date, 3):
        return True
    return bool(set(m.people) & set(c.people)) and _near_days(m.date, c.date)


def _agreement_match(m: Candidate, c: Candidate) -> bool:
    if m.countries != c.countries or not _same_status(m, c):
        return False
    if c.date_key is not None and m.date_key is not None and c.date_key != m.date_key:
        return False
    return not (c.named and m.named)


def _close(a: Decimal, b: Decimal) -> bool:
    if abs(a - b) <= Decimal("0.005") * max(a, b):
        return True
    # a headline rounds: "$18 billion" and "$18.1 billion" are one figure
    rough, fine = sorted((a, b), key=_significant)
    digits = _significant(rough)
    return digits < _significant(fine) and _round(fine, digits) == rough


def _significant(x: Decimal) -> int:
    return len(x.normalize().as_tuple().digits)


def _round(x: Decimal, digits: int) -> Decimal:
    if x == 0:
        return x
    exponent = x.adjusted() - digits + 1
    return x.quantize(Decimal(1).scaleb(exponent)).normalize()


def _trade_match(m: Candidate, c: Candidate) -> bool:
    if (m.flow, m.exporter, m.importer, m.countries) != (
        c.flow,
        c.exporter,
        c.importer,
        c.countries,
    ):
        return False
    if m.money is None or c.money is None or m.money.currency != c.money.currency:
        return False
    if m.period is not None and c.period is not None and m.period != c.period:
        return False
    return _close(m.money.amount, c.money.amount)


def _embassy_match(m: Candidate, c: Candidate) -> bool:
    if c.anaphoric:
        return True
    if m.sender != c.sender or (c.host is not None and m.host is not None and m.host != c.host):
        return False
    return c.date_key is None or m.date_key is None or m.date_key == c.date_key


_MATCH = {
    "Meeting": _meeting_match,
    "Agreement": _agreement_match,
    "TradeFigure": _trade_match,
    "EmbassyOpening": _embassy_match,
}


def merge(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Merge mentions of one event, keeping the order of first mention."""
    out: list[Candidate] = []
    # Only records of the same type and states (the same sender, for embassies) can
    # match: index them so a long document costs linear time, not quadratic.
    pools: dict[tuple[object, ...], list[Candidate]] = {}
    last_embassy: Candidate | None = None
    for c in candidates:
        match = _MATCH[c.type]
        if c.type == "EmbassyOpening" and c.anaphoric:
            pool = [last_embassy] if last_embassy is not None else []
        else:
            pool = pools.get(_pool_key(c), [])
        target = next((m for m in reversed(pool) if match(m, c)), None)
        if target is None:
            if c.anaphoric:
                continue  # "the embassy" with nothing earlier to refer to
            out.append(c)
            pools.setdefault(_pool_key(c), []).append(c)
            if c.type == "EmbassyOpening":
                last_embassy = c
            continue
        _absorb(target, c, status=not c.anaphoric or c.status != "occurred")
        if c.type == "Agreement" and c.named:
            target.named = True
        if (
            c.type == "TradeFigure"
            and c.money is not None
            and target.money is not None
            and _significant(c.money.amount) > _significant(target.money.amount)
        ):
            target.money = c.money  # keep the precise figure, not the headline's round one
        if c.type == "EmbassyOpening" and target.host is None:
            target.host = c.host
            target.countries = frozenset(x for x in (target.sender, c.host) if x)
    for m in out:
        m.status = combine(m.statuses)
        if m.status == "claim":
            m.status = "occurred"
    return out


def _pool_key(c: Candidate) -> tuple[object, ...]:
    if c.type == "EmbassyOpening":
        return (c.type, c.sender)
    return (c.type, c.countries)


def is_recent(value: PartialDate | None, reference: _dt.date | None, days: int = 10) -> bool:
    """A full date within ``days`` before (or on) the reference date: the article's now."""
    if value is None or reference is None or value.precision != "day" or value.year is None:
        return False
    assert value.month is not None and value.day is not None
    delta = (reference - _dt.date(value.year, value.month, value.day)).days
    return -1 <= delta <= days
