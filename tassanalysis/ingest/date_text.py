"""Dates and times as pages print them for readers ("August 18, 2010 3:21 PM PDT").

Used for the visible text of bylines, date lines and time stamps of saved HTML
pages (:mod:`tassanalysis.ingest.html_dates`): English month names, ISO dates and
numeric dates, a 12- or 24-hour clock, and the zone names printed after a time.

Examples
--------
>>> when, zone, precision = read_date_time("Friday June 7, 2013 @ 6:43pm EDT")
>>> when.isoformat(), str(zone), precision
('2013-06-07T18:43:00', 'UTC-04:00', 'minute')
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

__all__ = ["read_date_time"]

#: Month names (and their short forms) in the languages of the corpora: English,
#: German, French, Spanish, Italian, Portuguese, Dutch, and Russian (genitive).
_MONTH_NAMES = {
    1: "january jan januar jänner janvier janv enero gennaio janeiro januari января янв",
    2: "february feb februar février févr fevrier febrero febbraio fevereiro februari "
       "февраля фев",
    3: "march mar märz maerz mars marzo março maart марта мар",
    4: "april apr avril avr abril aprile апреля апр",
    5: "may mai mayo maggio maio mei мая",
    6: "june jun juni juin junio giugno junho июня июн",
    7: "july jul juli juillet juil julio luglio julho июля июл",
    8: "august aug août aout agosto augustus августа авг",
    9: "september sep sept septembre septiembre setiembre settembre setembro сентября сен",
    10: "october oct oktober okt octobre octubre ottobre outubro октября окт",
    11: "november nov novembre noviembre novembro ноября ноя",
    12: "december dec dezember dez décembre déc decembre diciembre dicembre dezembro "
        "декабря дек",
}
_MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}
_MONTH = (r"(?P<mon>" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
          + r")\.?")
_DATES = (
    re.compile(r"(?<!\w)" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
               r"(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})(?:\.|er|º)?\s+(?:de\s+)?" + _MONTH
               + r"(?!\w),?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    # 12.10.2015 is day.month; 10/12/2015 is month/day unless the first number is > 12
    re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)\b"),
)
_CLOCK = re.compile(
    r"(?<![\d:.])(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?![\d:])"
    r"(?:\s*(?P<ampm>[ap])\.?\s?(?:m\b\.?)?(?![a-z]))?"
    r"(?:(?P<offset>[+-]\d\d:?\d\d)\b|\s*\(?(?P<tz>(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d\d)?"
    r"|(?-i:[A-Z]{2,5})\b)\)?)?", re.I)
#: Zone names printed after times, as offsets in minutes; the US "ET"/"PT"/... kinds
#: follow daylight saving time.
_ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "BST": 60, "CET": 60, "CEST": 120, "MEZ": 60,
          "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180, "EST": -300, "EDT": -240,
          "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
          "AKST": -540, "AKDT": -480, "HST": -600, "JST": 540, "KST": 540, "HKT": 480,
          "SGT": 480, "AEST": 600, "AEDT": 660, "ACST": 570, "AWST": 480, "NZST": 720,
          "NZDT": 780}
_US_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
             "PT": "America/Los_Angeles"}


def read_date_time(text: str) -> tuple[datetime, tzinfo | None, str] | None:
    """The date and time a short text states: (wall clock, zone or None, precision).

    Reads month names ("August 18, 2010 3:21 PM PDT", "9:39AM BST 05 Oct 2011",
    "Friday June 7, 2013 @ 6:43pm EDT", "15. Mai 2019, 05:28 Uhr", "27 de octubre de
    2012 18:27", "12 января 2020, 14:05"), year-first dates (``2013-10-24``,
    ``2018/6/19``, ``2018年6月18日``) and numeric dates (``12.10.2015, 19:16``;
    ``11/18/2011 2:27 AM``). The date and the time must be
    close together; a text with only one of them gives None.

    Examples
    --------
    >>> read_date_time("Published August 18, 2010 3:21 PM PDT")[0].isoformat()
    '2010-08-18T15:21:00'
    >>> when, zone, _ = read_date_time("12.10.2015, 19:16 Uhr")
    >>> when.isoformat(), zone
    ('2015-10-12T19:16:00', None)
    >>> read_date_time("Updated 2 hours ago") is None
    True
    """
    pairs = []  # the date and the clock closest together: a text may hold two values
    for pattern in _DATES:
        for date_m in pattern.finditer(text):
            for clock in _CLOCK.finditer(text):
                gap = clock.start() - date_m.end() if clock.start() >= date_m.end() \
                    else date_m.start() - clock.end()
                if 0 <= gap <= 25:
                    pairs.append((gap, date_m.start(), date_m, clock))
    for _gap, _start, date_m, clock in sorted(pairs, key=lambda p: p[:2]):
        found = _build(date_m, clock)
        if found is not None:
            return found
    return None


def _build(date_m: re.Match, clock: re.Match) -> tuple[datetime, tzinfo | None, str] | None:
    groups = date_m.groupdict()
    year, day = int(groups["y"]), int(groups.get("d") or 0)
    if groups.get("mon"):
        month = _MONTHS[groups["mon"].lower()]
    elif groups.get("m"):
        month = int(groups["m"])
    else:
        a, b = int(groups["a"]), int(groups["b"])
        day, month = (a, b) if groups["sep"] == "." or a > 12 else (b, a)
    hour, minute = int(clock["H"]), int(clock["M"])
    if clock["ampm"]:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if clock["ampm"].lower() == "p" else 0)
    try:
        local = datetime(year, month, day, hour, minute, int(clock["S"] or 0))
    except ValueError:
        return None
    precision = "second" if clock["S"] else "minute"
    tz = (clock["tz"] or "").upper().replace(" ", "")
    zone: tzinfo | None = None
    if clock["offset"]:
        tz = "UTC" + clock["offset"]
    if tz in _ZONES:
        zone = timezone(timedelta(minutes=_ZONES[tz]))
    elif tz in _US_ZONES:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            zone = ZoneInfo(_US_ZONES[tz])
        except ZoneInfoNotFoundError:
            zone = None
    elif tz[:3] in ("GMT", "UTC") and len(tz) > 3:
        sign = -1 if tz[3] == "-" else 1
        digits = tz[4:].replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
        if int(hours) > 14 or int(minutes) > 59:  # no zone is that far from UTC
            return None
        zone = timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
    return local, zone, precision
