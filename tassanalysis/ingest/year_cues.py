"""The year of a page date printed without one, from several independent cues.

A tass.com page prints ``December 26, 20:52 UTC+3``: month, day and time, no year.
Each cue below narrows the years the page can be from; the year is given only when
the cues agree on exactly one, and ``date_source`` names every cue that was used
and how sure the verdict is:

==================  ===========================================================
cue                 what it says
==================  ===========================================================
``url-id``          the article id in the URL against the shipped table of
                    tass.com / tass.ru ids and their days
                    (``tassanalysis/resources/tass_article_ids.csv``, built from
                    dated public records): the page lies between the days of
                    the neighbouring ids
``layout``          the page chrome of the era the page was saved in: the
                    menu-first layout of 2014-2018, the ``Back to Main page``
                    header (2018-2023), the ``All news`` header (2020 on), an
                    ``ITAR-TASS`` dateline (2014 and before). tass.com shows its
                    old articles in its current chrome, so a layout bounds the
                    year only from above (the article is no later than the
                    layout's last year); ``All news`` bounds nothing
``office``          office-holders named with their title ("Secretary of
                    State Tillerson" is 2017-2018)
``named-since``     names that did not exist before a year ("COVID-19" 2020,
                    "special military operation" 2022, "Donetsk People's
                    Republic" 2014): the year or later
``weekday``         the weekday the text names for the day of the report
                    ("said on Tuesday", :func:`~tassanalysis.ingest.years.publication_weekday`)
                    falls on the printed day only in some years
``years``           the years the text mentions (an article mostly mentions
                    its own year and the few before)
==================  ===========================================================

Hard cues (``url-id``, ``layout``, ``office``, ``named-since``) are intersected; when they leave no
year the cues disagree and the year stays unknown. The weekday the article's opening
names for its report then picks among what is left, unless the years mentioned speak
against it. When the cues leave two or more years (a weekday falls on a day in 2017
and in 2023 alike), the year stays unknown and ``date_source`` lists the candidates,
``unknown-year:candidates=2017|2023`` (up to :data:`MAX_LISTED_CANDIDATES`): give the
year (``--year``, a sidecar's ``published_at``) to resolve it. Years mentioned never
decide and never break a tie.
A news text does not name years far after its own except as plans, and plans
reach a few decades at most: the latest year mentioned, less
:data:`PLAN_HORIZON`, bounds the year from below (an article naming "until 2040"
is not of 1993, whatever history it recalls).
The weekday picks a year only among the three at most (:data:`WEEKDAY_MAX_CANDIDATES`)
that hard cues leave; alone it never decides.
``confidence`` is ``high`` when the id table alone, or two hard cues, fix the year;
``medium`` when one hard cue fixes it; ``low`` when the weekday picks it.

Examples
--------
>>> from tassanalysis.ingest.dates import PageDate
>>> v = infer_page_year(PageDate(month=12, day=26, hour=20, minute=52),
...                     text="US Secretary of State Rex Tillerson spoke on Tuesday.",
...                     body="On Tuesday, Secretary of State Rex Tillerson spoke.",
...                     now_year=2026)
>>> v.year, v.date_source
(2017, 'inferred-year:office+weekday;confidence=low')
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from tassanalysis.ingest.dates import PageDate, url_article_id, years_mentioned
from tassanalysis.ingest.years import publication_weekday, year_support

__all__ = ["LAYOUT_ERAS", "LEAD_CHARS", "MAX_LISTED_CANDIDATES", "MIN_IDS_PER_DAY",
           "NAMED_SINCE", "OFFICE_HOLDERS", "PLAN_HORIZON", "WEEKDAY_MAX_CANDIDATES",
           "YearVerdict", "article_id_years", "find_url", "infer_page_year", "layout_of",
           "layout_years", "named_since_years", "office_years"]

#: (pattern, first year, last year): titled office-holders with their terms (a
#: pattern listed twice held the office twice: its terms are joined). A holder
#: counts only when named with the title (not "former ...").
OFFICE_HOLDERS: tuple[tuple[str, int, int], ...] = (
    (r"Secretary of State (?:John )?Kerry", 2013, 2017),
    (r"Secretary of State (?:Rex )?Tillerson", 2017, 2018),
    (r"Secretary of State (?:Mike )?Pompeo", 2018, 2021),
    (r"Secretary of State (?:Antony )?Blinken", 2021, 2025),
    (r"Secretary of State (?:Marco )?Rubio", 2025, 2029),
    (r"(?:US|U\.S\.) President (?:Barack )?Obama", 2009, 2017),
    (r"(?:US|U\.S\.) President (?:Joe )?Biden", 2021, 2025),
    (r"UN Secretary[- ]General Ban Ki-moon", 2007, 2016),
    (r"UN Secretary[- ]General (?:Antonio )?Guterres", 2017, 2029),
    (r"Prime Minister (?:Dmitry )?Medvedev", 2012, 2020),
    (r"Prime Minister (?:Mikhail )?Mishustin", 2020, 2029),
    (r"Defense Minister (?:Sergey |Sergei )?Shoigu", 2012, 2024),
    (r"Defense Minister (?:Andrey |Andrei )?Belousov", 2024, 2029),
    (r"Ukrainian President (?:Petro |Pyotr )?Poroshenko", 2014, 2019),
    (r"Ukrainian President (?:Vladimir |Volodymyr )?Zelensky", 2019, 2029),
    (r"NATO Secretary[- ]General (?:Jens )?Stoltenberg", 2014, 2024),
    (r"NATO Secretary[- ]General (?:Mark )?Rutte", 2024, 2029),
    (r"German Chancellor (?:Angela )?Merkel", 2005, 2021),
    (r"German Chancellor (?:Olaf )?Scholz", 2021, 2025),
    (r"French President (?:Francois |François )?Hollande", 2012, 2017),
    (r"French President (?:Emmanuel )?Macron", 2017, 2029),
    (r"British Prime Minister (?:Theresa )?May", 2016, 2019),
    (r"British Prime Minister (?:Boris )?Johnson", 2019, 2022),
    (r"British Prime Minister (?:Keir )?Starmer", 2024, 2029),
    (r"(?:US|U\.S\.) President (?:Donald )?Trump", 2017, 2021),
    (r"(?:US|U\.S\.) President (?:Donald )?Trump", 2025, 2029),
    (r"(?:US|U\.S\.) President-elect (?:Donald )?Trump", 2016, 2017),
    (r"(?:US|U\.S\.) President-elect (?:Donald )?Trump", 2024, 2025),
    (r"(?:US|U\.S\.) Vice President (?:Mike )?Pence", 2017, 2021),
    (r"(?:US|U\.S\.) Vice President (?:Kamala )?Harris", 2021, 2025),
    (r"(?:US|U\.S\.) Vice President (?:JD |J\.D\. )?Vance", 2025, 2029),
    (r"Secretary of State (?:Hillary )?Clinton", 2009, 2013),
    (r"(?:Defense|Defence) Secretary (?:James |Jim )?Mattis", 2017, 2019),
    (r"(?:Defense|Defence) Secretary (?:Lloyd )?Austin", 2021, 2025),
    (r"(?:Defense|Defence|War) Secretary (?:Pete )?Hegseth", 2025, 2029),
    (r"British Prime Minister (?:David )?Cameron", 2010, 2016),
    (r"British Prime Minister (?:Liz )?Truss", 2022, 2022),
    (r"British Prime Minister (?:Rishi )?Sunak", 2022, 2024),
    (r"German Chancellor (?:Friedrich )?Merz", 2025, 2029),
    (r"French President (?:Nicolas )?Sarkozy", 2007, 2012),
    (r"Italian Prime Minister (?:Matteo )?Renzi", 2014, 2016),
    (r"Italian Prime Minister (?:Paolo )?Gentiloni", 2016, 2018),
    (r"Italian Prime Minister (?:Giuseppe )?Conte", 2018, 2021),
    (r"Italian Prime Minister (?:Mario )?Draghi", 2021, 2022),
    (r"Italian Prime Minister (?:Giorgia )?Meloni", 2022, 2029),
    (r"Japanese Prime Minister (?:Shinzo )?Abe", 2012, 2020),
    (r"Japanese Prime Minister (?:Yoshihide )?Suga", 2020, 2021),
    (r"Japanese Prime Minister (?:Fumio )?Kishida", 2021, 2024),
    (r"Japanese Prime Minister (?:Shigeru )?Ishiba", 2024, 2025),
    (r"Iranian President (?:Hassan )?Rouhani", 2013, 2021),
    (r"Iranian President (?:Ebrahim )?Raisi", 2021, 2024),
    (r"Iranian President (?:Masoud )?Pezeshkian", 2024, 2029),
    (r"Kazakh(?:h|stan's|stani)? President (?:Nursultan )?Nazarbayev", 1991, 2019),
    (r"Kazakh(?:h|stan's|stani)? President (?:Kassym-Jomart )?Tokayev", 2019, 2029),
    (r"Armenian Prime Minister (?:Nikol )?Pashinyan", 2018, 2029),
    (r"Moldovan President (?:Igor )?Dodon", 2016, 2020),
    (r"Moldovan President (?:Maia )?Sandu", 2020, 2029),
    (r"Ukrainian President (?:Viktor )?Yanukovych", 2010, 2014),
    (r"Turkish President (?:Recep Tayyip )?Erdogan", 2014, 2029),
    (r"Syrian President (?:Bashar )?(?:al-)?Assad", 2000, 2024),
    (r"European Commission President (?:Jean-Claude )?Juncker", 2014, 2019),
    (r"European Commission President (?:Ursula )?von der Leyen", 2019, 2029),
    (r"Energy Minister (?:Alexander )?Novak", 2012, 2020),
    (r"(?:Economic Development|Economy) Minister (?:Maxim )?Oreshkin", 2016, 2020),
    (r"Emergencies Minister (?:Vladimir )?Puchkov", 2012, 2018),
    (r"(?:президент|президента|президентом) США (?:Дональд |Дональда |Дональдом )?Трамп",
     2017, 2021),
    (r"(?:президент|президента|президентом) США (?:Дональд |Дональда |Дональдом )?Трамп",
     2025, 2029),
    (r"(?:президент|президента|президентом) США (?:Джо )?Байден", 2021, 2025),
    (r"(?:президент|президента|президентом) США (?:Барак |Барака )?Обам", 2009, 2017),
    (r"(?:госсекретарь|госсекретаря) США (?:Рекс )?Тиллерсон", 2017, 2018),
    (r"(?:госсекретарь|госсекретаря) США (?:Энтони )?Блинкен", 2021, 2025),
    (r"(?:премьер-министр|премьер-министра|председатель правительства|председателя правительства)"
     r" (?:РФ |России )?(?:Дмитрий |Дмитрия )?Медведев", 2012, 2020),
    (r"(?:министр обороны|министра обороны) (?:РФ |России )?(?:Сергей |Сергея )?Шойгу",
     2012, 2024),
)
#: (pattern, first year): names that did not exist before a year, so a text that
#: uses them is of that year or later.
NAMED_SINCE: tuple[tuple[str, int], ...] = (
    (r"\bCOVID-19\b|\bSARS-CoV-2\b|\bcoronavirus pandemic\b|\bnovel coronavirus\b", 2020),
    (r"\bspecial military operation\b|\bспециальн\w+ военн\w+ операци", 2022),
    (r"\b(?:Donetsk|Lugansk|Luhansk) People's Republic\b|\b(?:Донецк|Луганск)\w* народн\w+ "
     r"республик", 2014),
)
_NAMED_SINCE = tuple((re.compile(p, re.IGNORECASE), first) for p, first in NAMED_SINCE)
#: Each holder's pattern, behind one search for all the surnames (most texts name none).
_OFFICES = tuple((re.search(r"(\w+)$", p).group(1),  # type: ignore[union-attr]
                  re.compile(rf"(?<![Ff]ormer )(?<!ex-)(?<![Tt]hen-)(?<![Tt]hen )(?<![Ll]ate )\b{p}"), a, b)
                 for p, a, b in OFFICE_HOLDERS)
_SURNAMES = re.compile("|".join(sorted({o[0] for o in _OFFICES}, key=len, reverse=True)))
#: Fewest new article ids a site uses in a day: tass.com used 155-470 a day on
#: average over the spans of the shipped table (2014-2026) and never fewer than 35
#: between two days of it.
MIN_IDS_PER_DAY = 20
#: Years a plan named in a news text reaches beyond the text's own year, at most.
PLAN_HORIZON = 35
#: How much of an article's opening the weekday cue reads (the lead and a few paragraphs).
LEAD_CHARS = 1500
#: The section menu that opens pages of the menu-first layout.
_MENU_RUN = "Russian Politics & Diplomacy\nWorld\nBusiness & Economy\nMilitary & Defense"
#: Eras of tass.com page chrome: (name, first year, last year).
LAYOUT_ERAS = {
    "itar-tass": (1992, 2014),
    "menu-first": (2014, 2018),
    "back-to-main": (2018, 2023),
    "all-news": (2020, 2100),
}


@dataclass(frozen=True, slots=True)
class YearVerdict:
    """The year found (or None), the cues used and how sure the verdict is."""

    year: int | None
    cues: tuple[str, ...]
    confidence: str | None
    why: str | None = None

    @property
    def date_source(self) -> str:
        """``inferred-year:<cue>+<cue>;confidence=<level>`` or ``unknown-year:<why>``."""
        if self.year is None:
            return f"unknown-year:{self.why or 'no-cue'}"
        return f"inferred-year:{'+'.join(self.cues)};confidence={self.confidence}"


@lru_cache(maxsize=1)
def _id_table() -> dict[str, tuple[list[int], list[date]]]:
    """Per site: sorted ids and their days, from the shipped table."""
    points: dict[str, list[tuple[int, date]]] = {}
    ref = resources.files("tassanalysis.resources").joinpath("tass_article_ids.csv")
    with ref.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            day = date.fromisoformat(row["day"])
            for key in ("id_min", "id_max"):
                points.setdefault(row["site"], []).append((int(row[key]), day))
    out = {}
    for site, pairs in points.items():
        pairs.sort()
        out[site] = ([p[0] for p in pairs], [p[1] for p in pairs])
    return out


def article_id_years(url: str | None, month: int, day: int, *, slack_days: int = 3,
                     table: dict[str, tuple[list[int], list[date]]] | None = None
                     ) -> tuple[set[int] | None, bool]:
    """Years the URL's article id allows for ``month``/``day``, and whether they are exact.

    The page lies between the days of the neighbouring ids in the table; as ids grow
    by at least :data:`MIN_IDS_PER_DAY` a day, an id close to a known one is also
    close to its day. Returns ``(None, False)`` when the URL has no id of a site in
    the table. ``exact`` is True when the days the id allows span a year at most.

    Examples
    --------
    >>> article_id_years("https://tass.com/politics/1894093", 12, 26)
    ({2024}, True)
    """
    key = url_article_id(url)
    if key is None:
        return None, False
    host = key[0].removeprefix("www.").removeprefix("m.")
    table = _id_table() if table is None else table
    if host not in table:
        return None, False
    ids, days = table[host]
    art = key[1]
    pos = bisect.bisect_left(ids, art)
    lower = days[pos - 1] if pos > 0 else None
    upper = days[pos] if pos < len(ids) else None
    if pos < len(ids) and ids[pos] == art:
        lower = upper = days[pos]
    # ids grow by at least MIN_IDS_PER_DAY a day: a near id is near its neighbour's day
    if lower is not None and pos > 0:
        reach = lower + timedelta(days=(art - ids[pos - 1]) // MIN_IDS_PER_DAY + 1)
        upper = min(upper, reach) if upper is not None else reach
    if upper is not None and pos < len(ids):
        reach = upper - timedelta(days=(ids[pos] - art) // MIN_IDS_PER_DAY + 1)
        lower = max(lower, reach) if lower is not None else reach
    slack = timedelta(days=slack_days)
    lo = (lower - slack) if lower else date(1990, 1, 1)
    hi = (upper + slack) if upper else date(2100, 1, 1)
    years = set()
    for y in range(lo.year, hi.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if lo <= d <= hi:
            years.add(y)
    exact = lower is not None and upper is not None and (upper - lower).days <= 366
    return years, exact


def layout_of(text: str) -> str | None:
    """Name the tass.com layout era of a page text (see :data:`LAYOUT_ERAS`).

    Examples
    --------
    >>> layout_of("Back to Main page\\nWorld\\nTitle")
    'back-to-main'
    """
    head = text[:700].lstrip()
    first = head.split("\n", 1)[0].strip().lower()
    if first == "back to main page":
        return "back-to-main"
    if first == "all news":
        return "all-news"
    if first in ("itar-tass", "итар-тасс") or "/ITAR-TASS/" in text or "/itar-tass/" in text:
        return "itar-tass"
    if _MENU_RUN in head:
        return "menu-first"
    return None


def layout_years(text: str, *, min_year: int = 1990) -> set[int] | None:
    """Years an article can be from, given the layout era of its page text.

    The chrome is that of the day the page was saved, and the site shows old
    articles in its current chrome: a layout says the article is no later than
    the era's last year, nothing about how old it is. None when the layout is not
    known or bounds nothing (``All news``, still in use).

    Examples
    --------
    >>> max(layout_years("Russian Politics & Diplomacy\\nWorld\\nBusiness & Economy\\n"
    ...                  "Military & Defense\\nTitle"))
    2018
    >>> layout_years("All news\\nTitle") is None
    True
    """
    era = layout_of(text)
    if era is None:
        return None
    return _years_up_to(min_year, LAYOUT_ERAS[era][1])


@lru_cache(maxsize=32)
def _years_up_to(first: int, last: int) -> frozenset[int] | None:
    """The years ``first`` to ``last``; None when ``last`` is not past (a bound of nothing)."""
    return None if last >= date.today().year else frozenset(range(first, last + 1))


def office_years(text: str) -> set[int] | None:
    """Years in which every titled office-holder the text names held office (None: none named).

    Examples
    --------
    >>> sorted(office_years("said Secretary of State Rex Tillerson and Defense Minister Shoigu"))
    [2017, 2018]
    """
    named = set(_SURNAMES.findall(text))
    if not named:
        return None
    terms: dict[str, set[int]] = {}
    for surname, pattern, first, last in _OFFICES:
        if surname in named and pattern.search(text):
            terms.setdefault(pattern.pattern, set()).update(range(first, last + 1))
    allowed: set[int] | None = None
    for years in terms.values():
        allowed = years if allowed is None else allowed & years
    return allowed


def named_since_years(text: str, *, last: int) -> set[int] | None:
    """Years from the latest :data:`NAMED_SINCE` name the text uses to ``last``
    (None: it uses none).

    Examples
    --------
    >>> min(named_since_years("during the special military operation", last=2026))
    2022
    >>> named_since_years("a quiet day", last=2026) is None
    True
    """
    firsts = [first for pattern, first in _NAMED_SINCE if pattern.search(text)]
    return set(range(max(firsts), last + 1)) if firsts else None


def _weekday_years(page_date: PageDate, weekdays: list[int], candidates: set[int]) -> set[int]:
    out = set()
    for y in candidates:
        try:
            if date(y, page_date.month, page_date.day).weekday() in weekdays:
                out.add(y)
        except ValueError:
            continue
    return out


def infer_page_year(page_date: PageDate, *, text: str = "", body: str = "",
                    url: str | None = None, max_year: int | None = None,
                    min_year: int = 1990, now_year: int | None = None,
                    recent_years: int = 4) -> YearVerdict:
    """Combine the cues of a page into a year, or leave it unknown.

    Parameters
    ----------
    page_date
        The date as printed (month and day; no year).
    text, body
        The whole page text (layout, office-holders, years mentioned) and the
        article body (weekday named for the event).
    url
        The article URL, from a sidecar or the page text.
    max_year, min_year
        Bounds known otherwise (an ``ITAR-TASS`` dateline gives 2014).
    now_year
        The current year (dates after it are impossible); default: today.

    Returns
    -------
    YearVerdict
        ``year`` None when the cues disagree or do not decide; ``date_source``
        says which cues were used and how sure the verdict is.
    """
    if now_year is None:
        now_year = date.today().year
    upper = min(max_year, now_year) if max_year is not None else now_year
    candidates = set(range(min_year, upper + 1))
    used: list[str] = []
    hard = 0
    id_exact = False
    id_years, id_exact = article_id_years(url, page_date.month, page_date.day)
    cues = (("url-id", lambda: id_years),
            ("layout", lambda: layout_years(text, min_year=min_year)),
            # titled office-holders are named early in a story: its first paragraphs
            ("office", lambda: office_years((body or text)[:1500])),
            ("named-since", lambda: named_since_years(text, last=upper)))
    for name, cue in cues:
        if name != "url-id" and id_exact and len(candidates) == 1:
            break  # the id table has decided: the other hard cues can only disagree
        years = cue()
        if years is None:
            continue
        narrowed = candidates & years
        if not narrowed:
            return YearVerdict(None, tuple(used + [name]), None, "cues-disagree")
        if narrowed != candidates:
            used.append(name)
            hard += 1
        candidates = narrowed
    candidates = {y for y in candidates if _day_exists(y, page_date)}
    if not candidates:
        return YearVerdict(None, tuple(used), None, "day-not-in-year")
    named = years_mentioned(text)
    if named and len(candidates) > 1:
        # no plan reaches further than PLAN_HORIZON years: older years are out
        recent = {y for y in candidates if y >= max(named) - PLAN_HORIZON}
        candidates = recent or candidates
    if len(candidates) == 1:
        year = next(iter(candidates))
        conf = "high" if (id_exact and used == ["url-id"]) or hard >= 2 else "medium"
        return YearVerdict(year, tuple(used), conf)
    # The weekday the article's opening names for the day of its report. On 485
    # tass.com articles of 2017 the first weekday was the day of publication in 89%
    # within the first 300 characters, 83% in the next 500 and 43% further on. The
    # years the text mentions only veto: deciding or breaking a tie on them was
    # wrong on real pages (news names plans and anniversaries as often as its own
    # year: a page about the crash of August 23, 2023 recalls 2017).
    day_named = publication_weekday((body or text)[:LEAD_CHARS])
    if day_named is None:
        return YearVerdict(None, tuple(used), None, _left_open("no-weekday-cue", candidates))
    fit = _weekday_years(page_date, [day_named], candidates)
    if not fit:
        return YearVerdict(None, tuple(used + ["weekday"]), None,
                           "cues-disagree" if hard else "weekday-fits-no-year")
    used.append("weekday")
    if len(fit) > 1:  # that weekday falls on that day in several years: say which
        return YearVerdict(None, tuple(used), None, _left_open("weekday-ambiguous", fit))
    if not hard or len(candidates) > WEEKDAY_MAX_CANDIDATES:
        # the weekday is read wrong often enough (the day before publication) to
        # fit one year of a wide range by chance: 5 of 20 such verdicts were wrong
        # on the year-less tass.com articles of NewsArticles with no other cue
        return YearVerdict(None, tuple(used), None,
                           "weekday-alone" if not hard else _left_open("weekday-only", candidates))
    year = next(iter(fit))
    mentioned = [y for y in named if min_year - 5 <= y <= upper + 5]
    support = {y: year_support(y, mentioned, back=recent_years) for y in candidates}
    if support[year] < max(support.values()) - 1:  # the years mentioned speak against it
        return YearVerdict(None, tuple(used + ["years"]), None,
                           _left_open("cues-disagree", candidates))
    # a weekday read wrong (the day before publication) can fit the other year: low
    return YearVerdict(year, tuple(used), "low")


#: Most years the hard cues may leave for the weekday to pick one of them.
WEEKDAY_MAX_CANDIDATES = 3
#: Most candidate years an ``unknown-year`` verdict lists.
MAX_LISTED_CANDIDATES = 6


def _left_open(why: str, years: set[int]) -> str:
    """``candidates=2017|2023`` when few years are left, else the reason ``why``."""
    if 2 <= len(years) <= MAX_LISTED_CANDIDATES:
        return "candidates=" + "|".join(str(y) for y in sorted(years))
    return why


def _day_exists(year: int, page_date: PageDate) -> bool:
    try:
        date(year, page_date.month, page_date.day)
    except ValueError:
        return False
    return True


def find_url(text: str) -> str | None:
    """The first tass.com / tass.ru article URL printed in a page text, if any.

    Examples
    --------
    >>> find_url("Read at https://tass.com/politics/1894093 today")
    'https://tass.com/politics/1894093'
    """
    m = _TEXT_URL.search(text)
    return m.group(0) if m else None


_TEXT_URL = re.compile(r"https?://(?:www\.)?tass\.(?:com|ru)/(?:[\w-]+/)*\d{4,}")
