"""Hypothesis strategies for dipevents' value objects and events (one place for all)."""

from __future__ import annotations

import calendar
from decimal import Decimal

from hypothesis import strategies as st

from dipevents.model import (
    Agreement,
    EmbassyOpening,
    Event,
    Meeting,
    Money,
    PartialDate,
    Span,
    TradeFigure,
)

CODES = ("BLR", "KOR", "PRK", "USA", "CHN", "RUS", "DEU", "FRA", "GBR", "JPN", "ARE", "XKX")
codes = st.sampled_from(CODES)
statuses = st.sampled_from(("occurred", "planned", "proposed", "denied"))
names = st.text(st.characters(categories=("L", "Zs", "Pd")), min_size=1, max_size=30)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.none() | st.integers(1, 9999))
    month = draw(st.integers(1, 12) if year is None else st.none() | st.integers(1, 12))
    if month is None:
        return PartialDate(year)
    last = calendar.monthrange(year or 2000, month)[1]
    return PartialDate(year, month, draw(st.none() | st.integers(1, last)))


money = st.builds(
    Money,
    st.decimals(
        min_value=0, max_value=Decimal("1e15"), allow_nan=False, allow_infinity=False, places=2
    ),
    st.sampled_from(("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "BYN", "RUB", "AUD")),
    st.booleans(),
)


@st.composite
def spans(draw: st.DrawFn) -> Span:
    start = draw(st.integers(0, 10_000))
    return Span(start, start + draw(st.integers(0, 500)))


_common = {
    "status": statuses,
    "date": st.none() | partial_dates(),
    "countries": st.lists(codes, max_size=4),
    "evidence": st.lists(spans(), max_size=3),
}

events: st.SearchStrategy[Event] = st.one_of(
    st.builds(
        Meeting, **_common, location=st.none() | names, participants=st.lists(names, max_size=3)
    ),
    st.builds(
        Agreement, **_common, location=st.none() | names, signatories=st.lists(names, max_size=3)
    ),
    st.builds(
        TradeFigure,
        status=statuses,
        countries=st.lists(codes, min_size=1, max_size=2),
        evidence=st.lists(spans(), max_size=3),
        flow=st.sampled_from(("export", "turnover")),
        exporter=st.none() | codes,
        importer=st.none() | codes,
        money=money,
        period=st.none() | partial_dates(),
    ),
    st.builds(
        EmbassyOpening,
        **_common,
        sender=st.none() | codes,
        host=st.none() | codes,
        city=st.none() | names,
        mission=st.sampled_from(("embassy", "consulate")),
    ),
)
