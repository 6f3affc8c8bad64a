"""Resolve dates: the year of a date printed without one.

TASS pages often print ``December 26, 20:52 UTC+3`` with no year. The year is
found, in this order, from a year the caller gives, metadata beside the page
(``published_at``, ``crawled_at``), cues in the page
(:mod:`tassanalysis.ingest.year_cues`; a weekday named in the text and the years it
mentions only list candidates: :func:`infer_year`), and,
across a corpus, interpolation from increasing article ids in URLs against
articles of known date (:func:`infer_years_from_ids`). ``date_source`` records
which rule gave the year (see :mod:`tassanalysis.ingest.dates`).

Examples
--------
>>> from tassanalysis.ingest.dates import parse_date_line
>>> infer_year(parse_date_line("December 26, 20:52 UTC+3"), year=2017)
(2017, 'inferred-year:given')
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tassanalysis.ingest.dates import PageDate, to_utc

__all__ = [
    "infer_year",
    "infer_years_from_ids",
    "publication_weekday",
    "url_article_id",
    "weekday_cues",
    "years_mentioned",
]

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


#: Verbs that report what was said: a weekday next to one names the day of the report.
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|stated|states|announced|announces|reported|reports|"
    r"noted|notes|stressed|stresses|added|adds|wrote|writes|declared|declares|confirmed|"
    r"confirms|informed|informs|explained|explains|emphasized|emphasised|warned|warns|"
    r"pointed out|claimed|insisted|reiterated|commented|urged|"
    r"заяви\w*|сообщ\w*|сказал\w*|отмети\w*|рассказа\w*|подчеркну\w*|переда[её]т|"
    r"написал\w*|уточни\w*|добави\w*)\b", re.IGNORECASE)
_MONTH_AFTER = re.compile(
    r"^\W{0,3}(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}"
    r"(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|янв|фев|мар|апр|ма[йя]|"
    r"июн|июл|авг|сен|окт|ноя|дек))", re.IGNORECASE)


def _weekday_mentions(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, weekday)`` of every weekday the text names, in text order."""
    lowered = text.lower()
    found: list[tuple[int, int, int]] = []
    names = [(wd, name) for wd, name in enumerate(_EN_WEEKDAYS)]
    if not lowered.isascii():
        names += [(wd, name) for wd, (name,) in enumerate(_RU_WEEKDAYS)]
    for wd, name in names:
        pos = lowered.find(name)
        while pos >= 0:
            if _word_at(lowered, pos, name) and (
                    name.isascii() or _previous_word(lowered, pos) in _RU_PREPOSITIONS):
                found.append((pos, pos + len(name), wd))
            pos = lowered.find(name, pos + 1)
    found.sort()
    return found


#: Words that put what follows in the future: "will meet on Friday" is not the day
#: of the report.
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is to|are to|is due|are due|scheduled|planned|plans? to|"
    r"expected to|next|upcoming|until|till|будет|будут|состоится|планиру\w*|намерен\w*)\b",
    re.IGNORECASE)


def _future_before(text: str, start: int) -> bool:
    """Whether the clause before ``start`` speaks of the future ("will hold talks on")."""
    before = text[max(0, start - 80):start]
    cut = max(before.rfind(". "), before.rfind("\n"), before.rfind(", "), before.rfind("; "))
    clause = before[cut + 1:] if cut >= 0 else before
    return bool(_FUTURE.search(clause))


def _reported_on(text: str, start: int, end: int) -> bool:
    """Whether the weekday at ``start:end`` is the day of a report.

    So it is when a reporting verb comes shortly before it in its sentence
    ("said on Tuesday", "told reporters on Tuesday"), or when the sentence opens
    with it and a reporting verb follows ("On Tuesday, the ministry said"), and
    its clause does not speak of the future ("said it will meet on Friday").
    """
    if _future_before(text, start):
        return False
    before = text[max(0, start - 28):start]
    cut = max(before.rfind(". "), before.rfind("\n"))
    before = before[cut + 1:] if cut >= 0 else before
    if _REPORTING.search(before):
        return True
    if before.strip().lower() not in ("", "on", "в", "во") or (cut < 0 and start >= 28):
        return False  # not at the start of its sentence
    after = text[end:end + 90]
    stops = [i for i in (after.find(". "), after.find("\n")) if i >= 0]
    return bool(_REPORTING.search(after[:min(stops)] if stops else after))


def publication_weekday(text: str) -> int | None:
    """The weekday (0 = Monday) a news text names for its own day, or None.

    A weekday followed by a date ("on Friday, November 12") names that date, not
    the day of the report, and is left out. Of the others, the first that stands
    with a verb of reporting in its sentence ("said on Tuesday", "told reporters
    Friday", "заявил в среду") is the day of the report; without one, a weekday
    counts only when it is the only weekday the text names ("arrived on Tuesday
    ... on Wednesday he met" names two days and gives none). A weekday in a clause
    that speaks of the future ("will hold talks on Friday") never counts.

    Examples
    --------
    >>> publication_weekday("He will speak on Friday, November 12, the Kremlin says on Wednesday.")
    2
    >>> publication_weekday("He arrived on Tuesday. On Wednesday he met the press.") is None
    True
    >>> publication_weekday("Talks went on all day on Monday.")
    0
    >>> publication_weekday("The leaders will hold talks at the White House on Friday.") is None
    True
    """
    undated = [(a, b, wd) for a, b, wd in _weekday_mentions(text)
               if not _MONTH_AFTER.match(text[b:b + 24])]
    for a, b, wd in undated:
        if _reported_on(text, a, b):
            return wd
    days = {wd for _, _, wd in undated}
    if len(days) != 1 or any(_future_before(text, a) for a, _, _ in undated):
        return None
    return days.pop()


def infer_year(page_date: PageDate, *, year: int | None = None,
               metadata: Mapping[str, Any] | None = None, text: str = "",
               body: str = "", min_year: int = 1990, max_year: int | None = None,
               recent_years: int = 4, now: datetime | None = None) -> tuple[int | None, str]:
    """Find the year of a date printed without one.

    Tries, in order: ``year`` (``inferred-year:given``), ``metadata["published_at"]``
    (``metadata``), ``metadata["crawled_at"]`` (the latest year that does not put the
    date after the crawl, ``inferred-year:crawl-time``). A weekday named in ``body``
    (else anywhere in ``text``) with the years ``text`` mentions decides nothing: a
    weekday sometimes names the day before publication ("met on Wednesday") and
    then fits another year, and news names plans and anniversaries as often as its
    own year. They narrow the year to candidates, listed in ``date_source``
    (``unknown-year:candidates=2017|2023``): the years, not after ``now``, whose
    calendar gives that weekday and that the mentioned years support (an article
    of year *y* mostly mentions *y*, the next year and the ``recent_years`` before
    it, +2 each; rarely the few years after, -1 each). The year itself then comes
    from ``year`` or metadata, or from the page's other cues
    (:func:`tassanalysis.ingest.year_cues.infer_page_year`).

    Returns
    -------
    (year, date_source)
        ``year`` is None when nothing decides it; ``date_source`` is then
        ``unknown-year:<why>``.

    Examples
    --------
    >>> from tassanalysis.ingest.dates import parse_date_line
    >>> d = parse_date_line("December 26, 20:52 UTC+3")
    >>> infer_year(d, text="on Tuesday ... by 2018", body="on Tuesday")
    (None, 'unknown-year:candidates=2017')
    >>> infer_year(d, text="on Tuesday ... by 2018", body="on Tuesday", year=2017)
    (2017, 'inferred-year:given')
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
        scored.append((year_support(y, mentioned, back=recent_years), y))
    if not scored:
        return None, "unknown-year:weekday-fits-no-year"
    supported = sorted(y for score, y in scored if score > 0)
    if not supported:
        return None, "unknown-year:weekday-unsupported-by-years"
    if len(supported) > _MAX_LISTED:
        return None, "unknown-year:weekday-ambiguous"
    # a weekday read wrong fits another year as well: the cues never decide, they list
    return None, "unknown-year:candidates=" + "|".join(str(y) for y in supported)


#: Most candidate years an ``unknown-year:candidates=`` verdict lists.
_MAX_LISTED = 6


def year_support(year: int, mentioned: list[int], *, back: int) -> int:
    """How well the years a text mentions fit ``year``.

    An article of year *y* mostly mentions *y*, the next year and the ``back`` years
    before it (+2 each), rarely the few years after (-1 each).

    Examples
    --------
    >>> year_support(2017, [2017, 2016, 2020], back=2)
    3
    """
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

_URL_ID = re.compile(r"^(?:https?://)?(?:www\.|m\.)?(?P<host>[^/\s]+)/(?:[^?#\s]*/)?(?P<id>\d{3,})"
                     r"(?:/amp)?/?(?:[?#].*)?$")


def url_article_id(url: str | None) -> tuple[str, int] | None:
    """Return ``(host, numeric id)`` of an article url such as ``https://tass.com/politics/1894093``.

    Examples
    --------
    >>> url_article_id("https://tass.com/politics/1894093")
    ('tass.com', 1894093)
    >>> url_article_id("https://tass.com/science/907294/amp")  # the AMP version of a page
    ('tass.com', 907294)
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
                or "confidence=low" in str(r.get("date_source") or ""):
            continue  # only firm dates anchor the interpolation (not a weekday's pick)
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
