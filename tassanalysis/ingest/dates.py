"""Dates on news pages: parsing and time zones.

TASS prints times in Moscow time with the offset (``December 26, 20:52 UTC+3``)
and often without a year. This module turns such strings into UTC datetimes;
:mod:`tassanalysis.ingest.years` recovers a missing year from whatever else is
known. ``date_source`` records how a date was found:

=============================  ==========================================================
``date_source``                meaning
=============================  ==========================================================
``page``                       the page prints the full date
``metadata``                   the year (or the whole date) comes from a sidecar / table
``inferred-year:given``        the caller passed the year
``inferred-year:crawl-time``   the latest year that puts the date before the crawl
``inferred-year:<cues>;       the page's own cues agree on one year
confidence=<level>``           (:mod:`~tassanalysis.ingest.year_cues`); ``low`` when the
                               weekday picked it among the years the hard cues leave
``inferred-year:url-id``       interpolated from dated articles with neighbouring url ids
``unknown-year:candidates=…``  the cues leave a few years (``2017|2023``): give the year
``unknown-year:<why>``         the year could not be found; ``published_at`` is null
=============================  ==========================================================

A ``;assumed-moscow-time`` suffix says that the page printed no UTC offset and
Moscow time was assumed (UTC+3 today; the zone's history is applied to old
dates); ``;dateline-date`` that only the dateline (``MOSCOW, May 5.``) gave the
day, so the time is set to 12:00 local.

Examples
--------
>>> from tassanalysis.ingest.dates import parse_date_line
>>> d = parse_date_line("December 26, 20:52 UTC+3")
>>> (d.month, d.day, d.hour, d.minute, d.year, d.utc_offset_minutes)
(12, 26, 20, 52, None, 180)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "MOSCOW_OFFSET_MINUTES",
    "MONTHS",
    "PageDate",
    "EARLIEST_YEAR",
    "MAX_OFFSET_MINUTES",
    "latest_year",
    "parse_date_line",
    "plausible",
    "to_utc",
]

#: The offset TASS prints on its pages (Moscow time, UTC+3 since 2014).
MOSCOW_OFFSET_MINUTES = 180
#: Moscow time, for pages that print no offset.
MOSCOW = ZoneInfo("Europe/Moscow")
#: The earliest year a news date may have; later than next year is implausible too.
EARLIEST_YEAR = 1900
#: The largest UTC offset any zone uses (UTC−12 … UTC+14).
MAX_OFFSET_MINUTES = 14 * 60


def latest_year() -> int:
    """Return the latest plausible year of a news date: next year.

    Examples
    --------
    >>> latest_year() == datetime.now(UTC).year + 1
    True
    """
    return datetime.now(UTC).year + 1


def plausible(when: datetime | None) -> bool:
    """Whether an instant can be a news date: from 1900 to the end of next year.

    Parameters
    ----------
    when
        A datetime (None is not plausible).

    Returns
    -------
    bool

    Examples
    --------
    >>> plausible(datetime(2017, 2, 7, tzinfo=UTC)), plausible(datetime(9999, 12, 31))
    (True, False)
    """
    return when is not None and EARLIEST_YEAR <= when.year <= latest_year()

_EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december"]
_RU_MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                  "сентября", "октября", "ноября", "декабря"]
_RU_MONTHS_NOM = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                  "сентябрь", "октябрь", "ноябрь", "декабрь"]


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for i, name in enumerate(_EN_MONTHS, 1):
        table[name] = i
        table[name[:3]] = i
    table["sept"] = 9
    for i, (gen, nom) in enumerate(zip(_RU_MONTHS_GEN, _RU_MONTHS_NOM, strict=True), 1):
        table[gen] = i
        table[nom] = i
        table[gen[:3]] = i
    table["мая"] = 5
    return table


#: Lower-case month names and abbreviations (English and Russian) → month number.
MONTHS: dict[str, int] = _month_table()

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_OFFSET = (r"(?:\s*\(?(?P<tzl>UTC|GMT|МСК|MSK)\s*"
           r"(?:(?P<sign>[+\-−–])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?\)?)?")
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"

# "December 26, 20:52 UTC+3", "May 05 2019, 12:08", "Dec 26, 2017, 20:52", "May 05, 12:08 UTC+3 MOSCOW"
_EN_DATE = re.compile(
    rf"(?P<month>{_MONTH_ALT})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s*,?\s*(?P<year>(?:19|20)\d\d))?"
    rf"(?:\s*,?\s*(?:at\s+)?{_TIME}{_OFFSET})?"
    r"(?P<rest>\s+\S.*)?$",
    re.IGNORECASE,
)
# "26 декабря, 20:52", "26 декабря 2017, 20:52", "5 May 2019, 12:08", "26 ДЕК, 20:52"
_DM_DATE = re.compile(
    rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ALT})\.?"
    rf"(?:\s*,?\s*(?P<year>(?:19|20)\d\d)(?:\s*г\.?)?)?"
    rf"(?:\s*,?\s*(?:в\s+)?{_TIME}{_OFFSET})?"
    r"(?P<rest>\s+\S.*)?$",
    re.IGNORECASE,
)
# "26.12.2017, 20:52", "2017-12-26 20:52"
_NUM_DATE = re.compile(
    rf"(?:(?P<d1>\d{{1,2}})\.(?P<m1>\d{{1,2}})\.(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<y2>(?:19|20)\d\d)-(?P<m2>\d{{2}})-(?P<d2>\d{{2}}))"
    rf"(?:\s*,?\s*(?:T|\s)?{_TIME}(?::\d{{2}})?{_OFFSET})?$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_PREFIX = re.compile(r"^(?:updated|published|обновлено|опубликовано)\s*:?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageDate:
    """A date as printed on a page; any part may be missing.

    ``utc_offset_minutes`` is None when the page printed no offset; ``rest``
    holds text printed after the date on the same line (e.g. a city).
    """

    month: int
    day: int
    year: int | None = None
    hour: int | None = None
    minute: int | None = None
    utc_offset_minutes: int | None = None
    rest: str | None = None

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    def to_utc(self, year: int, *, default_offset: int | None = None) -> datetime | None:
        """Return the UTC datetime in ``year`` (None if the day does not exist then,
        or the year is outside :data:`EARLIEST_YEAR` to next year).

        Without a printed offset the time is read as ``default_offset`` minutes east
        of UTC, or, by default, as Moscow time of that date (UTC+3 since October
        2014, UTC+4 from 2011 to 2014, UTC+3/+4 with summer time before).

        Without a time the day is placed at 12:00 local time, so the calendar
        day is the same in UTC and in Moscow.
        """
        if self.utc_offset_minutes is not None:
            zone: Any = timezone(timedelta(minutes=self.utc_offset_minutes))
        elif default_offset is None:
            zone = MOSCOW
        else:
            zone = timezone(timedelta(minutes=default_offset))
        hour = self.hour if self.hour is not None else 12
        minute = self.minute if self.minute is not None else 0
        if not EARLIEST_YEAR <= year <= latest_year():
            return None
        try:
            local = datetime(year, self.month, self.day, hour, minute, tzinfo=zone)
            return local.astimezone(UTC)
        except (ValueError, OverflowError):
            return None


def _offset_minutes(m: re.Match[str]) -> int | None:
    label = m.group("tzl")
    if label is None:
        return None
    minutes = 0
    if m.group("oh") is not None:
        minutes = int(m.group("oh")) * 60 + int(m.group("om") or 0)
        if m.group("sign") != "+":
            minutes = -minutes
    if label.upper() in ("МСК", "MSK"):  # "МСК+1" is relative to Moscow
        minutes += MOSCOW_OFFSET_MINUTES
    return minutes if -MAX_OFFSET_MINUTES <= minutes <= MAX_OFFSET_MINUTES else None


def parse_date_line(line: str) -> PageDate | None:
    """Parse a line that is a date (with optional year, time and UTC offset).

    Returns None when the line is not a date line. Text after a complete date
    and time (``May 05, 12:08 UTC+3 MOSCOW``) is kept in ``rest``; a line that
    is a date followed by other words but no time is not a date line.

    Examples
    --------
    >>> parse_date_line("May 05 2019, 12:08").year
    2019
    >>> parse_date_line("26 декабря, 20:52").month
    12
    >>> parse_date_line("Russia and the US") is None
    True
    """
    s = line.strip()
    if not s or len(s) > 80:
        return None
    if s[0] in "UuPpОо":
        s = _PREFIX.sub("", s)
    if _DIGIT.search(s, 0, 14) is None:
        return None
    m = _EN_DATE.match(s) or _DM_DATE.match(s)
    if m is not None:
        month = MONTHS.get(m.group("month").lower())
        if month is None:
            return None
        day = int(m.group("day"))
        hour = m.group("hour")
        rest = (m.group("rest") or "").strip() or None
        if rest is not None and hour is None:
            return None
        year = int(m.group("year")) if m.group("year") else None
        offset = _offset_minutes(m) if hour is not None else None
        if offset is None and hour is not None and m.group("oh") is not None:
            return None  # "UTC+99": no zone has it; not a date we can place
    else:
        m = _NUM_DATE.match(s)
        if m is None:
            return None
        if m.group("y1"):
            year, month, day = int(m.group("y1")), int(m.group("m1")), int(m.group("d1"))
        else:
            year, month, day = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        hour = m.group("hour")
        offset = _offset_minutes(m) if hour is not None else None
        if offset is None and hour is not None and m.group("oh") is not None:
            return None
        rest = None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if hour is not None and (int(hour) > 23 or int(m.group("minute")) > 59):
        return None
    return PageDate(month=month, day=day, year=year,
                    hour=int(hour) if hour is not None else None,
                    minute=int(m.group("minute")) if hour is not None else None,
                    utc_offset_minutes=offset, rest=rest)


# ----------------------------------------------------------------------------- time zones

_UTC_OFFSET_NAME = re.compile(r"^(?:UTC|GMT)?\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def _zone(name: str) -> Any:
    name = name.strip()
    if name.upper() in ("UTC", "GMT", "Z"):
        return UTC
    m = _UTC_OFFSET_NAME.match(name)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        if minutes > MAX_OFFSET_MINUTES:
            raise ValueError(f"unknown time zone {name!r}: no zone is more than 14 hours "
                             "from UTC")
        return timezone(timedelta(minutes=-minutes if m.group(1) != "+" else minutes))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown time zone {name!r}") from err


_LOOSE_DATE = re.compile(
    r"^(?P<y>\d{4})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d{1,6})\d*)?)?)?"
    r"\s*(?P<tz>Z|[+\-]\d{2}:?\d{2})?$"
)


def to_utc(value: Any, *, timezone: str) -> datetime | None:
    """Return ``value`` as a tz-aware UTC datetime; naive values are read in ``timezone``.

    Parameters
    ----------
    value
        A :class:`datetime`, :class:`date`, or a string such as ``2024-12-26 21:09:18``,
        ``2017/2/7``, ``2024-12-26T18:09:18+00:00`` or a page date line. None, empty
        and unparseable values give None, and so do implausible ones: a year before
        1900 or after next year, an offset beyond ±14 hours.
    timezone
        The zone of naive values: an IANA name (``Europe/Moscow``), ``UTC`` or
        ``UTC+3``. Aware values keep their own offset.

    Examples
    --------
    >>> to_utc("2024-12-26 21:09:18", timezone="Europe/Moscow").isoformat()
    '2024-12-26T18:09:18+00:00'
    >>> to_utc("2017/2/7", timezone="UTC").isoformat()
    '2017-02-07T00:00:00+00:00'
    >>> to_utc("not a date", timezone="UTC") is None
    True
    >>> to_utc("9999-12-31T23:59:59-12:00", timezone="UTC") is None
    True
    """
    zone = _zone(timezone)
    if value is None:
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        m = _LOOSE_DATE.match(s)
        if m:
            try:
                dt = datetime(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0),
                              int(m["M"] or 0), int(m["S"] or 0),
                              int((m["f"] or "0").ljust(6, "0")))
            except ValueError:
                return None
            if m["tz"]:
                tz = m["tz"]
                if tz == "Z":
                    dt = dt.replace(tzinfo=UTC)
                else:
                    sign = -1 if tz[0] == "-" else 1
                    digits = tz[1:].replace(":", "")
                    off = sign * (int(digits[:2]) * 60 + int(digits[2:]))
                    if abs(off) > MAX_OFFSET_MINUTES:
                        return None
                    dt = dt.replace(tzinfo=_zone_fixed(off))
        else:
            try:
                dt = datetime.fromisoformat(s)
            except ValueError:
                page = parse_date_line(s)
                if page is None or page.year is None:
                    return None
                return page.to_utc(page.year, default_offset=_offset_of(zone, page))
    else:
        return None
    try:
        if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
            dt = dt.replace(tzinfo=zone)
        offset = dt.utcoffset()
        if offset is not None and abs(offset) > timedelta(minutes=MAX_OFFSET_MINUTES):
            return None
        when = dt.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return when if plausible(when) else None


def _zone_fixed(minutes: int) -> Any:
    return timezone(timedelta(minutes=minutes))


def _offset_of(zone: Any, page: PageDate) -> int:
    probe = datetime(page.year or 2000, page.month, min(page.day, 28), 12, tzinfo=zone)
    off = probe.utcoffset()
    return int(off.total_seconds() // 60) if off is not None else 0


_MOVED = ("infer_year", "infer_years_from_ids", "url_article_id", "weekday_cues",
          "years_mentioned")


def __getattr__(name: str) -> Any:
    """Year inference lives in :mod:`tassanalysis.ingest.years`; the old names still resolve."""
    if name in _MOVED:
        from tassanalysis.ingest import years

        return getattr(years, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
