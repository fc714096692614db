"""Events and the value objects they hold.

Everything here is a small frozen ``attrs`` class. ``to_dict`` emits exactly the JSON
shape of the gold guidelines and ``from_dict`` reads it back, so that
``Event.from_dict(e.to_dict()) == e`` for every event.

Example:
    >>> d = PartialDate(2018, 9)
    >>> str(d), d.precision
    ('2018-09', 'month')
    >>> PartialDate.parse("XXXX-09-09")
    PartialDate(year=None, month=9, day=9)
"""

from __future__ import annotations

import builtins
import calendar
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Literal, TypeVar

import attrs

Status = Literal["occurred", "planned", "proposed", "denied"]
STATUSES: tuple[Status, ...] = ("occurred", "planned", "proposed", "denied")
Flow = Literal["export", "turnover"]
Mission = Literal["embassy", "consulate"]
Precision = Literal["year", "month", "day"]

_ALPHA3 = re.compile(r"^[A-Z]{3}$")
_EDTF = re.compile(r"^(?P<y>\d{4}|XXXX)(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


def _check_alpha3(_inst: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    _need_alpha3(attribute.name, value)


def _need_alpha3(name: str, value: str | None) -> None:
    if value is not None and not _ALPHA3.match(value):
        raise ValueError(f"{name} must be an ISO 3166-1 alpha-3 code such as 'KOR', got {value!r}")


@attrs.frozen(order=True)
class Country:
    """A state, by its ISO 3166-1 alpha-3 code.

    Attributes:
        alpha3: The code, e.g. ``"KOR"``.
        name: The common English short name, e.g. ``"South Korea"``.

    Example:
        >>> Country.from_code("BLR").name
        'Belarus'
    """

    alpha3: str = attrs.field(validator=_check_alpha3)
    name: str = attrs.field(eq=False, order=False)

    def __str__(self) -> str:
        return self.alpha3

    @classmethod
    def from_code(cls, alpha3: str) -> Country:
        """The country with this alpha-3 code, named as pycountry names it.

        Raises:
            ValueError: ``alpha3`` is not three capital letters.
        """
        _need_alpha3("alpha3", alpha3)
        return cls(alpha3, _country_name(alpha3))


def _country_name(alpha3: str) -> str:
    import pycountry  # deferred: importing dipevents must stay cheap

    rec = pycountry.countries.get(alpha_3=alpha3)
    if rec is None:
        return {"XKX": "Kosovo"}.get(alpha3, alpha3)
    return str(getattr(rec, "common_name", None) or rec.name)


def _check_date_parts(inst: PartialDate, _a: attrs.Attribute[Any], _v: object) -> None:
    y, m, d = inst.year, inst.month, inst.day
    if y is not None and not 1 <= y <= 9999:
        raise ValueError(f"year must be 1..9999, got {y}")
    if m is None:
        if d is not None:
            raise ValueError("a day needs a month: PartialDate(year, month, day)")
        if y is None:
            raise ValueError("a PartialDate needs at least a year or a month")
        return
    if not 1 <= m <= 12:
        raise ValueError(f"month must be 1..12, got {m}")
    if d is not None:
        last = calendar.monthrange(y if y is not None else 2000, m)[1]
        if not 1 <= d <= last:
            raise ValueError(f"day must be 1..{last} for month {m}, got {d}")


@attrs.frozen(order=True)
class PartialDate:
    """A calendar date at the precision the text gives: year, month or day.

    The year may be unknown (``None``) when the text names a day and month only
    and no reference date supplies the year; ``str()`` then writes ``XXXX``.

    Example:
        >>> str(PartialDate(None, 9, 9)), str(PartialDate(2007))
        ('XXXX-09-09', '2007')
    """

    year: int | None
    month: int | None = None
    day: int | None = attrs.field(default=None, validator=_check_date_parts)

    @property
    def precision(self) -> Precision:
        """``"day"``, ``"month"`` or ``"year"``: the finest part known."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def __str__(self) -> str:
        out = "XXXX" if self.year is None else f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    @classmethod
    def parse(cls, edtf: str) -> PartialDate:
        """Read an EDTF string of this library's subset.

        Raises:
            ValueError: not ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``XXXX-MM[-DD]``.

        Example:
            >>> PartialDate.parse("2015-03")
            PartialDate(year=2015, month=3, day=None)
        """
        m = _EDTF.match(edtf) if isinstance(edtf, str) else None
        if m is None:
            raise ValueError(
                f"expected an EDTF date like '2018-09-06', '2018-09', '2018' or "
                f"'XXXX-09-09', got {edtf!r}"
            )
        y = None if m["y"] == "XXXX" else int(m["y"])
        mo = int(m["m"]) if m["m"] else None
        d = int(m["d"]) if m["d"] else None
        return cls(y, mo, d)


def _to_decimal(value: Decimal | int | str) -> Decimal:
    try:
        out = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"amount must be a number, got {value!r}") from None
    if not out.is_finite() or out < 0:
        raise ValueError(f"amount must be a finite non-negative number, got {value!r}")
    return out


def _check_currency(_inst: object, _a: attrs.Attribute[Any], value: str) -> None:
    if not (isinstance(value, str) and len(value) == 3 and value.isalpha() and value.isupper()):
        raise ValueError(f"currency must be an ISO 4217 code such as 'USD', got {value!r}")


@attrs.frozen(order=True)
class Money:
    """An amount of money in whole currency units.

    Attributes:
        amount: A non-negative ``Decimal``.
        currency: ISO 4217 code.
        is_range: The text gave a range ("$1.2-1.5 billion") and ``amount`` is its
            lower bound.

    Example:
        >>> Money(Decimal("41370000"), "USD") == Money(41370000, "USD")
        True
    """

    amount: Decimal = attrs.field(converter=_to_decimal)
    currency: str = attrs.field(validator=_check_currency)
    is_range: bool = False


@attrs.frozen(order=True)
class Span:
    """Character offsets ``[start, end)`` into the document text."""

    start: int
    end: int = attrs.field()

    @end.validator
    def _check(self, _a: attrs.Attribute[Any], end: int) -> None:
        if not 0 <= self.start <= end:
            raise ValueError(f"a span needs 0 <= start <= end, got ({self.start}, {end})")

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


def _sorted_codes(codes: Iterable[object]) -> tuple[str, ...]:
    if isinstance(codes, str):
        raise TypeError("countries must be a sequence of alpha-3 codes, not one string")
    items = tuple(str(c) for c in codes)
    for c in items:
        _need_alpha3("countries", c)
    return tuple(sorted(set(items)))


def _check_status(_inst: object, _a: attrs.Attribute[Any], value: str) -> None:
    if value not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}; got {value!r}")


def _opt_date(value: PartialDate | str | None) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    return PartialDate.parse(value)


def _spans(value: Iterable[Span]) -> tuple[Span, ...]:
    return tuple(value)


E = TypeVar("E", bound="Event")


@attrs.frozen(kw_only=True)
class Event:
    """What every event has.

    Attributes:
        status: ``occurred``, ``planned``, ``proposed`` or ``denied``.
        date: When it happened, at the text's precision, or ``None``.
        countries: Sorted alpha-3 codes of every state taking part.
        evidence: Offsets of every sentence that states the event, in text order.
    """

    TYPE: ClassVar[str] = "Event"
    _FIELDS: ClassVar[tuple[str, ...]] = ()

    status: Status = attrs.field(default="occurred", validator=_check_status)
    date: PartialDate | None = attrs.field(default=None, converter=_opt_date)
    countries: tuple[str, ...] = attrs.field(default=(), converter=_sorted_codes)
    evidence: tuple[Span, ...] = attrs.field(default=(), converter=_spans)

    @property
    def type(self) -> str:
        return self.TYPE

    def _extra(self) -> dict[str, Any]:
        return {}

    def to_dict(self, *, evidence: bool = True) -> dict[str, Any]:
        """The event as the guidelines' JSON object.

        Example:
            >>> Meeting(countries=("KOR", "BLR"), location="Seoul").to_dict()["countries"]
            ['BLR', 'KOR']
        """
        out: dict[str, Any] = {"type": self.TYPE, "status": self.status}
        if self.TYPE != "TradeFigure":
            out["date"] = None if self.date is None else str(self.date)
        out["countries"] = list(self.countries)
        out.update(self._extra())
        if evidence:
            out["evidence"] = [s.to_dict() for s in self.evidence]
        return out

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Event:
        """Read an event from its JSON object (any of the four types).

        Raises:
            ValueError: an unknown ``type`` or a malformed field.

        Example:
            >>> e = Meeting(countries=("BLR", "KOR"))
            >>> Event.from_dict(e.to_dict()) == e
            True
        """
        kind = data.get("type")
        cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise ValueError(f"type must be one of {', '.join(EVENT_TYPES)}; got {kind!r}")
        return cls._from_fields(data)

    @classmethod
    def _from_fields(cls: builtins.type[E], data: Mapping[str, Any]) -> E:
        common: dict[str, Any] = {
            "status": data.get("status", "occurred"),
            "countries": tuple(data.get("countries") or ()),
            "evidence": tuple(
                Span(int(s["start"]), int(s["end"])) for s in data.get("evidence") or ()
            ),
        }
        if cls.TYPE != "TradeFigure":
            common["date"] = data.get("date")
        return cls(**common, **cls._read_extra(data))

    @classmethod
    def _read_extra(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        return {}


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _names(value: Iterable[object] | None) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError("names must be a sequence of strings, not one string")
    return tuple(str(v) for v in value or ())


@attrs.frozen(kw_only=True)
class Meeting(Event):
    """Talks, visits, receptions, joint sessions or phone calls between states.

    Example:
        >>> Meeting(countries=("BLR", "KOR"), location="Seoul").location
        'Seoul'
    """

    TYPE: ClassVar[str] = "Meeting"

    location: str | None = attrs.field(default=None, converter=_opt_str)
    participants: tuple[str, ...] = attrs.field(default=(), converter=_names)

    def _extra(self) -> dict[str, Any]:
        return {"location": self.location, "participants": list(self.participants)}

    @classmethod
    def _read_extra(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"location": data.get("location"), "participants": data.get("participants") or ()}


@attrs.frozen(kw_only=True)
class Agreement(Event):
    """A signed or agreed instrument between states or their bodies.

    Example:
        >>> Agreement(countries=("BLR", "PRK"), status="occurred").type
        'Agreement'
    """

    TYPE: ClassVar[str] = "Agreement"

    location: str | None = attrs.field(default=None, converter=_opt_str)
    signatories: tuple[str, ...] = attrs.field(default=(), converter=_names)

    def _extra(self) -> dict[str, Any]:
        return {"location": self.location, "signatories": list(self.signatories)}

    @classmethod
    def _read_extra(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"location": data.get("location"), "signatories": data.get("signatories") or ()}


def _check_flow(_inst: object, _a: attrs.Attribute[Any], value: str) -> None:
    if value not in ("export", "turnover"):
        raise ValueError(f"flow must be 'export' or 'turnover', got {value!r}")


@attrs.frozen(kw_only=True)
class TradeFigure(Event):
    """A money figure for goods or services trade naming at least one country.

    ``date`` is unused (always ``None`` and not emitted): a trade figure is dated by
    its ``period``.

    Example:
        >>> t = TradeFigure(countries=("BLR", "KOR"), flow="export", exporter="KOR",
        ...                 importer="BLR", money=Money(41370000, "USD"))
        >>> t.to_dict()["amount"], t.to_dict()["currency"]
        (41370000, 'USD')
    """

    TYPE: ClassVar[str] = "TradeFigure"

    flow: Flow = attrs.field(default="turnover", validator=_check_flow)
    exporter: str | None = attrs.field(default=None, validator=_check_alpha3)
    importer: str | None = attrs.field(default=None, validator=_check_alpha3)
    money: Money = attrs.field(factory=lambda: Money(0, "USD"))
    period: PartialDate | None = attrs.field(default=None, converter=_opt_date)

    @property
    def amount(self) -> Decimal:
        return self.money.amount

    @property
    def currency(self) -> str:
        return self.money.currency

    def _extra(self) -> dict[str, Any]:
        amount = self.money.amount
        number: int | float = int(amount) if amount == amount.to_integral_value() else float(amount)
        return {
            "flow": self.flow,
            "exporter": self.exporter,
            "importer": self.importer,
            "amount": number,
            "currency": self.money.currency,
            "period": None if self.period is None else str(self.period),
        }

    @classmethod
    def _read_extra(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "flow": data.get("flow", "turnover"),
            "exporter": data.get("exporter"),
            "importer": data.get("importer"),
            "money": Money(Decimal(str(data.get("amount", 0))), str(data.get("currency", ""))),
            "period": data.get("period"),
        }


def _check_mission(_inst: object, _a: attrs.Attribute[Any], value: str) -> None:
    if value not in ("embassy", "consulate"):
        raise ValueError(f"mission must be 'embassy' or 'consulate', got {value!r}")


@attrs.frozen(kw_only=True)
class EmbassyOpening(Event):
    """The opening (or reopening) of a state's embassy or consulate in another state.

    Example:
        >>> EmbassyOpening(countries=("BLR", "KOR"), sender="BLR", host="KOR").mission
        'embassy'
    """

    TYPE: ClassVar[str] = "EmbassyOpening"

    sender: str | None = attrs.field(default=None, validator=_check_alpha3)
    host: str | None = attrs.field(default=None, validator=_check_alpha3)
    city: str | None = attrs.field(default=None, converter=_opt_str)
    mission: Mission = attrs.field(default="embassy", validator=_check_mission)

    def _extra(self) -> dict[str, Any]:
        return {
            "sender": self.sender,
            "host": self.host,
            "city": self.city,
            "mission": self.mission,
        }

    @classmethod
    def _read_extra(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "sender": data.get("sender"),
            "host": data.get("host"),
            "city": data.get("city"),
            "mission": data.get("mission", "embassy"),
        }


_A = TypeVar("_A")
_SET = object.__setattr__


def _trusted(cls: builtins.type[_A], **values: Any) -> _A:
    """``cls(**values)`` for an attrs class, with neither converters nor validators run.

    Only for values already in the form the converters give and that the validators
    accept, such as the library's own (``extract._freeze``). ``values`` must name every
    field; the instance is the same as the constructor's (``==``, hash, repr).
    """
    inst = object.__new__(cls)
    for name, value in values.items():
        _SET(inst, name, value)
    return inst


def _trusted_span(start: int, end: int) -> Span:
    """``Span(start, end)`` for offsets known to satisfy ``0 <= start <= end``."""
    span = object.__new__(Span)
    _SET(span, "start", start)
    _SET(span, "end", end)
    return span


EVENT_TYPES: dict[str, type[Event]] = {
    c.TYPE: c for c in (Meeting, Agreement, TradeFigure, EmbassyOpening)
}

__all__ = [
    "EVENT_TYPES",
    "STATUSES",
    "Agreement",
    "Country",
    "EmbassyOpening",
    "Event",
    "Meeting",
    "Money",
    "PartialDate",
    "Span",
    "Status",
    "TradeFigure",
]
