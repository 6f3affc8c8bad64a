"""Dates on news pages: parsing, time zones and year inference.

TASS prints times in Moscow time with the offset (``December 26, 20:52 UTC+3``)
and often without a year. This module turns such strings into UTC datetimes and
recovers a missing year from whatever else is known, recording how in
``date_source``:

=============================  ==========================================================
``date_source``                meaning
=============================  ==========================================================
``page``                       the page prints the full date
``metadata``                   the year (or the whole date) comes from a sidecar / table
``inferred-year:given``        the caller passed the year
``inferred-year:crawl-time``   the latest year that puts the date before the crawl
``inferred-year:weekday``      the year whose calendar gives the weekday named in the text
``inferred-year:url-id``       interpolated from dated articles with neighbouring url ids
``unknown-year:<why>``         the year could not be found; ``published_at`` is null
=============================  ==========================================================

A ``;assumed-moscow-time`` suffix says that the page printed no UTC offset and
Moscow time was assumed (UTC+3 today; the zone's history is applied to old dates); ``;dateline-date`` that only the dateline (``MOSCOW, May 5.``)
gave the day, so the time is set to 12:00 local.

Examples
--------
>>> from tassanalysis.ingest.dates import parse_date_line
>>> d = parse_date_line("December 26, 20:52 UTC+3")
>>> (d.month, d.day, d.hour, d.minute, d.year, d.utc_offset_minutes)
(12, 26, 20, 52, None, 180)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "MOSCOW_OFFSET_MINUTES",
    "MONTHS",
    "PageDate",
    "infer_year",
    "infer_years_from_ids",
    "parse_date_line",
    "to_utc",
    "url_article_id",
    "weekday_cues",
    "years_mentioned",
]

#: The offset TASS prints on its pages (Moscow time, UTC+3 since 2014).
MOSCOW_OFFSET_MINUTES = 180
#: Moscow time, for pages that print no offset.
MOSCOW = ZoneInfo("Europe/Moscow")

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
        """Return the UTC datetime in ``year`` (None if the day does not exist then).

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
        try:
            local = datetime(year, self.month, self.day, hour, minute, tzinfo=zone)
        except ValueError:
            return None
        return local.astimezone(UTC)


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
    return minutes if -14 * 60 <= minutes <= 14 * 60 else None


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
        or unparseable values give None.
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
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        dt = dt.replace(tzinfo=zone)
    return dt.astimezone(UTC)


def _zone_fixed(minutes: int) -> Any:
    return timezone(timedelta(minutes=minutes))


def _offset_of(zone: Any, page: PageDate) -> int:
    probe = datetime(page.year or 2000, page.month, min(page.day, 28), 12, tzinfo=zone)
    off = probe.utcoffset()
    return int(off.total_seconds() // 60) if off is not None else 0


# ----------------------------------------------------------------------------- page cues

_YEAR = re.compile(r"(?:19|20)\d\d")
_EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Russian weekdays as named for a day of the week ("в среду", "во вторник"); the
# nominative "среда" also means "environment", so only these forms count.
_RU_WEEKDAYS = [("понедельник",), ("вторник",), ("среду",), ("четверг",), ("пятницу",),
                ("субботу",), ("воскресенье",)]
_RU_PREPOSITIONS = frozenset({"в", "во", "на", "до", "с", "со", "к", "ко", "по", "прошлый",
                              "прошлую", "прошлое", "этот", "эту", "это", "следующий",
                              "следующую", "следующее"})


def years_mentioned(text: str) -> list[int]:
    """Return the four-digit years (1950-2049) a text mentions, in order of first mention.

    Numbers inside larger numbers (``20,000``, ``1.2015``) and percentages are skipped.

    Examples
    --------
    >>> years_mentioned("by 2018, not 2015; 20,2000 people, 2016% and 2018 or 12018")
    [2018, 2015]
    """
    seen: dict[int, None] = {}
    n = len(text)
    for m in _YEAR.finditer(text):
        a, b = m.span()
        if a > 0 and (text[a - 1].isdigit() or text[a - 1] in ".,/-"):
            continue
        if b < n and (text[b].isdigit() or text[b] == "%"):
            continue
        y = int(m.group())
        if 1950 <= y <= 2049:
            seen.setdefault(y, None)
    return list(seen)


def _word_at(text: str, start: int, word: str) -> bool:
    end = start + len(word)
    return (start == 0 or not text[start - 1].isalpha()) and (
        end >= len(text) or not text[end].isalpha())


def _previous_word(text: str, start: int) -> str:
    head = text[max(0, start - 20):start].split()
    return head[-1] if head else ""


def weekday_cues(text: str) -> list[int]:
    """Return the weekdays (0 = Monday) named in the text (``Tuesday``, ``в среду``).

    Examples
    --------
    >>> weekday_cues("On Tuesday he said; в среду; the среда of business")
    [1, 2]
    """
    lowered = text.lower()
    found: list[tuple[int, int]] = []  # (position, weekday)
    for wd, name in enumerate(_EN_WEEKDAYS):
        pos = lowered.find(name)
        while pos >= 0:
            if _word_at(lowered, pos, name):
                found.append((pos, wd))
                break
            pos = lowered.find(name, pos + 1)
    if not lowered.isascii():
        for wd, (name,) in enumerate(_RU_WEEKDAYS):
            pos = lowered.find(name)
            while pos >= 0:
                if _word_at(lowered, pos, name) and _previous_word(lowered, pos) in _RU_PREPOSITIONS:
                    found.append((pos, wd))
                    break
                pos = lowered.find(name, pos + 1)
    found.sort()
    return [wd for _, wd in found]


def infer_year(page_date: PageDate, *, year: int | None = None,
               metadata: Mapping[str, Any] | None = None, text: str = "",
               body: str = "", min_year: int = 1990, max_year: int | None = None,
               recent_years: int = 4, now: datetime | None = None) -> tuple[int | None, str]:
    """Find the year of a date printed without one.

    Tries, in order: ``year`` (``inferred-year:given``), ``metadata["published_at"]``
    (``metadata``), ``metadata["crawled_at"]`` (the latest year that does not put the
    date after the crawl, ``inferred-year:crawl-time``), then a weekday named in
    ``body`` (else anywhere in ``text``) together with the years ``text`` mentions
    (``inferred-year:weekday``): among the years, not after ``now``, whose calendar
    gives that weekday, the one the mentioned years support best. An article of year
    *y* mostly mentions *y*, the next year and the ``recent_years`` before it (each
    distinct year counts +2), rarely the few years after (-1 each); years far in the
    past or future count nothing. A candidate with no support, or one that does not
    beat the runner-up clearly, leaves the year unknown. A weekday sometimes names
    the day before publication ("met on Wednesday"), so this cue is the weakest.

    Returns
    -------
    (year, date_source)
        ``year`` is None when nothing decides it; ``date_source`` is then
        ``unknown-year:<why>``.

    Examples
    --------
    >>> d = parse_date_line("December 26, 20:52 UTC+3")
    >>> infer_year(d, text="on Tuesday ... by 2018", body="on Tuesday")
    (2017, 'inferred-year:weekday')
    """
    if page_date.year is not None:
        return page_date.year, "page"
    if year is not None:
        return int(year), "inferred-year:given"
    meta = metadata or {}
    published = _meta_datetime(meta.get("published_at"))
    if published is not None:
        return _closest_year(page_date, published), "metadata"
    crawled = _meta_datetime(meta.get("crawled_at"))
    if crawled is not None:
        found = _latest_year_before(page_date, crawled)
        if found is not None:
            return found, "inferred-year:crawl-time"
    now = now or datetime.now(UTC)
    upper = min(max_year if max_year is not None else now.year, now.year)
    weekdays = weekday_cues(body) or weekday_cues(text)
    if not weekdays:
        return None, "unknown-year:no-weekday-cue"
    mentioned = [y for y in years_mentioned(text) if min_year - 5 <= y <= upper + 5]
    if not mentioned:
        return None, "unknown-year:no-year-mentioned"
    scored: list[tuple[int, int]] = []
    for y in range(max(min_year, min(mentioned) - 6), min(upper, max(mentioned) + 6) + 1):
        try:
            wd = date(y, page_date.month, page_date.day).weekday()
        except ValueError:
            continue
        if wd not in weekdays:
            continue
        utc = page_date.to_utc(y)
        if utc is None or utc > now:
            continue
        scored.append((_year_support(y, mentioned, back=recent_years), y))
    if not scored:
        return None, "unknown-year:weekday-fits-no-year"
    scored.sort(reverse=True)
    if scored[0][0] <= 0:
        return None, "unknown-year:weekday-unsupported-by-years"
    if len(scored) > 1 and scored[0][0] - scored[1][0] < 2:
        return None, "unknown-year:weekday-ambiguous"
    return scored[0][1], "inferred-year:weekday"


def _year_support(year: int, mentioned: list[int], *, back: int) -> int:
    score = 0
    for m in mentioned:
        if year - back <= m <= year + 1:
            score += 2
        elif year + 1 < m < year + 5:
            score -= 1
    return score


def _meta_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        return to_utc(value, timezone="Europe/Moscow")
    except ValueError:
        return None


def _closest_year(page_date: PageDate, ref: datetime) -> int:
    options = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        utc = page_date.to_utc(y)
        if utc is not None:
            options.append((abs((utc - ref).total_seconds()), y))
    return min(options)[1] if options else ref.year


def _latest_year_before(page_date: PageDate, limit: datetime) -> int | None:
    for y in range(limit.year, limit.year - 9, -1):
        utc = page_date.to_utc(y)
        if utc is not None and utc <= limit:
            return y
    return None


# ----------------------------------------------------------------------------- corpus pass

_URL_ID = re.compile(r"^(?:https?://)?(?:www\.|m\.)?(?P<host>[^/\s]+)/(?:[^?#\s]*/)?(?P<id>\d{3,})/?(?:[?#].*)?$")


def url_article_id(url: str | None) -> tuple[str, int] | None:
    """Return ``(host, numeric id)`` of an article url such as ``https://tass.com/politics/1894093``.

    Examples
    --------
    >>> url_article_id("https://tass.com/politics/1894093")
    ('tass.com', 1894093)
    >>> url_article_id("https://tass.com/politics") is None
    True
    """
    if not url:
        return None
    m = _URL_ID.match(url.strip())
    if m is None:
        return None
    return m.group("host").lower(), int(m.group("id"))


def _partial_date(partial: Mapping[str, Any]) -> PageDate:
    return PageDate(month=int(partial["month"]), day=int(partial["day"]),
                    hour=partial.get("hour"), minute=partial.get("minute"),
                    utc_offset_minutes=partial.get("utc_offset_minutes"))


def infer_years_from_ids(records: list[dict[str, Any]], *,
                         slack: timedelta = timedelta(days=2)) -> list[dict[str, Any]]:
    """Give year-less records the year their url ids imply, across one corpus.

    Article ids grow with time. For a record with a ``_partial`` date and a url
    with a numeric id, the nearest dated records of the same host with a smaller
    and a larger id bracket it (records dated by a weekday cue are not used); the year that puts the month and day between the
    two neighbours' dates (within ``slack``) is taken, with ``date_source``
    ``inferred-year:url-id``. Records left undecided keep ``published_at`` None and
    an ``unknown-year:<why>`` reason. ``_partial`` is removed from every record.

    Parameters
    ----------
    records
        Dicts with at least ``url`` and ``published_at``; year-less ones also have
        ``_partial`` (``month, day, hour, minute, utc_offset_minutes``) and
        ``date_source``. Other keys are kept.

    Returns
    -------
    list of dict
        New dicts in the input order.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> recs = [
    ...     {"url": "https://tass.com/world/100", "published_at": datetime(2019, 5, 1, tzinfo=UTC)},
    ...     {"url": "https://tass.com/world/150", "published_at": None, "date_source": "unknown-year:x",
    ...      "_partial": {"month": 5, "day": 5, "hour": 12, "minute": 8, "utc_offset_minutes": 180}},
    ...     {"url": "https://tass.com/world/200", "published_at": datetime(2019, 5, 9, tzinfo=UTC)},
    ... ]
    >>> out = infer_years_from_ids(recs)
    >>> out[1]["published_at"].isoformat(), out[1]["date_source"]
    ('2019-05-05T09:08:00+00:00', 'inferred-year:url-id')
    """
    out = [dict(r) for r in records]
    anchors: dict[str, list[tuple[int, datetime]]] = {}
    for r in out:
        when = r.get("published_at")
        if "_partial" in r or not isinstance(when, datetime) \
                or str(r.get("date_source") or "").startswith("inferred-year:weekday"):
            continue  # only firm dates anchor the interpolation
        key = url_article_id(r.get("url"))
        if key is None:
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        anchors.setdefault(key[0], []).append((key[1], when))
    index = {host: sorted(pairs) for host, pairs in anchors.items()}
    ids = {host: [p[0] for p in pairs] for host, pairs in index.items()}

    for r in out:
        partial = r.pop("_partial", None)
        if partial is None:
            continue
        reason = _resolve_by_id(r, partial, index, ids, slack)
        if reason is not None:
            r["published_at"] = None
            previous = str(r.get("date_source") or "unknown-year:")
            why = previous.split(":", 1)[1] if previous.startswith("unknown-year:") else ""
            r["date_source"] = f"unknown-year:{why + '+' if why else ''}{reason}"
    return out


def _resolve_by_id(r: dict[str, Any], partial: Mapping[str, Any],
                   index: dict[str, list[tuple[int, datetime]]], ids: dict[str, list[int]],
                   slack: timedelta) -> str | None:
    key = url_article_id(r.get("url"))
    if key is None:
        return "no-url-id"
    host, art_id = key
    if host not in index:
        return "no-dated-neighbours"
    pos = bisect.bisect_left(ids[host], art_id)
    if pos == 0 or pos >= len(ids[host]):
        return "ids-not-bracketed"
    lower, upper = index[host][pos - 1][1], index[host][pos][1]
    if ids[host][pos] == art_id:  # same id as a dated record: take its time directly
        upper = lower = index[host][pos][1]
    try:
        page_date = _partial_date(partial)
    except (KeyError, TypeError, ValueError):
        return "bad-partial-date"
    fits = []
    for y in range(lower.year - 1, upper.year + 2):
        utc = page_date.to_utc(y)
        if utc is not None and lower - slack <= utc <= upper + slack:
            fits.append((y, utc))
    if len(fits) != 1:
        return "ids-fit-no-year" if not fits else "ids-fit-several-years"
    r["published_at"] = fits[0][1]
    suffix = ""
    old = str(r.get("date_source") or "")
    if ";" in old:
        suffix = old[old.index(";"):]
    r["date_source"] = "inferred-year:url-id" + suffix
    return None
