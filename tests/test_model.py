"""The event model: JSON shape, round trips and validation."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given

from dipevents.model import Country, Event, Meeting, Money, PartialDate, TradeFigure
from tests.strategies import events, partial_dates


@given(events)
def test_event_round_trips_through_json(event: Event) -> None:
    data = json.loads(json.dumps(event.to_dict()))
    back = Event.from_dict(data)
    if isinstance(event, TradeFigure):
        # JSON carries the amount as a number; compare at the model's precision.
        assert isinstance(back, TradeFigure)
        assert back.money.amount == pytest.approx(event.money.amount)
        assert back.to_dict() == data
    else:
        assert back == event


@given(partial_dates())
def test_partial_date_edtf_round_trips(d: PartialDate) -> None:
    assert PartialDate.parse(str(d)) == d


@pytest.mark.parametrize(
    ("edtf", "precision"),
    [("2018-09-06", "day"), ("2018-09", "month"), ("2018", "year"), ("XXXX-09-09", "day")],
)
def test_partial_date_precision(edtf: str, precision: str) -> None:
    assert PartialDate.parse(edtf).precision == precision
    assert str(PartialDate.parse(edtf)) == edtf


@pytest.mark.parametrize("bad", ["2018-13", "2018-02-30", "XXXX", "18-09-06", "", "2018/09/06"])
def test_partial_date_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError, match=r"expected an EDTF date|month|day|needs"):
        PartialDate.parse(bad)


def test_to_dict_has_the_guidelines_shape() -> None:
    m = Meeting(countries=("KOR", "BLR", "KOR"), date="2018-09-06", location="Seoul")
    assert list(m.to_dict()) == [
        "type",
        "status",
        "date",
        "countries",
        "location",
        "participants",
        "evidence",
    ]
    assert m.countries == ("BLR", "KOR")
    t = TradeFigure(countries=("BLR",), money=Money(Decimal("41.37e6"), "USD"), period="2017")
    assert "date" not in t.to_dict()
    assert t.to_dict()["amount"] == 41370000


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": "happened"}, "status must be one of"),
        ({"countries": ("Korea",)}, "alpha-3"),
        ({"countries": "KOR"}, "not one string"),
        ({"date": "September"}, "EDTF"),
    ],
)
def test_invalid_fields_say_what_was_expected(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        Meeting(**kwargs)  # type: ignore[arg-type]


def test_from_dict_rejects_unknown_type() -> None:
    with pytest.raises(ValueError, match="type must be one of"):
        Event.from_dict({"type": "Summit"})


def test_money_and_country_validation() -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(1, "usd")
    with pytest.raises(ValueError, match="non-negative"):
        Money(-1, "USD")
    assert Country.from_code("KOR").name == "Korea, Republic of" or Country.from_code("KOR").name
