"""The time an over-time view shows: the bulk of the articles, its period, its partial edges.

A corpus often has a dense stretch and a few stray articles years away; drawn
whole, the stretch becomes a sliver. :func:`time_focus` finds the span worth
drawing and the period (day, week, month…) that suits it;
:func:`articles_outside_focus` lists what it leaves out. The first and last
period of a selection usually hold only part of their days (a crawl started on
a Thursday): :func:`mark_partial` flags them so charts draw them apart instead
of as a collapse.

Examples
--------
>>> from tassanalysis import datasets
>>> focus = time_focus(datasets.load_sample().filter(pl.col("published_at").dt.year() < 2024))
>>> focus.period, focus.trimmed, focus.span
('week', True, '2 Dec 2016 – 30 Mar 2017')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from tassanalysis.selection import scan_corpus
from tassanalysis.vocab import PERIODS, check_period, format_day

__all__ = [
    "TimeFocus",
    "articles_outside_focus",
    "auto_period",
    "mark_partial",
    "period_end",
    "time_focus",
]

CorpusLike = pl.DataFrame | pl.LazyFrame

#: Longest span (in days) drawn with each automatic period, shortest first.
_AUTO_PERIODS: tuple[tuple[int, str], ...] = ((45, "day"), (550, "week"), (365 * 15, "month"))


def auto_period(first: date, last: date) -> str:
    """Pick a time bucket for a span: days up to ~6 weeks, weeks up to ~18 months, then months.

    A span over 15 years gets years.

    Parameters
    ----------
    first, last : datetime.date
        The span, both days included.

    Returns
    -------
    str
        A period name.

    Examples
    --------
    >>> auto_period(date(2016, 12, 1), date(2017, 3, 31))
    'week'
    >>> auto_period(date(2014, 1, 1), date(2024, 1, 1))
    'month'
    """
    days = (last - first).days + 1
    return next((name for limit, name in _AUTO_PERIODS if days <= limit), "year")


def period_end(start: date, period: str) -> date:
    """The last day of the period that starts on ``start``.

    Parameters
    ----------
    start : datetime.date
        First day of a period.
    period : str
        A period name.

    Returns
    -------
    datetime.date

    Examples
    --------
    >>> period_end(date(2017, 2, 1), "month"), period_end(date(2017, 1, 2), "week")
    (datetime.date(2017, 2, 28), datetime.date(2017, 1, 8))
    """
    every = check_period(period)
    nxt = pl.select(pl.lit(start).dt.offset_by(every)).item()
    return nxt - timedelta(days=1)


def mark_partial(frame: pl.DataFrame, first: date | None, last: date | None, *,
                 period: str, column: str = "period") -> pl.DataFrame:
    """Add a ``partial`` column: True for periods only partly inside ``first`` … ``last``.

    Parameters
    ----------
    frame : polars.DataFrame
        Rows with a ``Date`` column of period starts.
    first, last : datetime.date or None
        The days the data covers (a selection's bounds, or its first and last
        article); None leaves that side unmarked.
    period : str
        The period the frame was counted by.
    column : str, default "period"

    Returns
    -------
    polars.DataFrame
        ``frame`` with a boolean ``partial`` column.

    Examples
    --------
    >>> f = pl.DataFrame({"period": [date(2017, 1, 2), date(2017, 1, 9), date(2017, 1, 16)]})
    >>> mark_partial(f, date(2017, 1, 4), date(2017, 1, 22), period="week")["partial"].to_list()
    [True, False, False]
    """
    check_period(period)
    flag = pl.lit(False)
    if first is not None:
        flag = flag | (pl.col(column) < first)
    if last is not None:
        ends = pl.col(column).dt.offset_by(PERIODS[period]) - pl.duration(days=1)
        flag = flag | (ends > last)
    return frame.with_columns(partial=flag)


@dataclass(frozen=True)
class TimeFocus:
    """The days an over-time view shows, and how many dated articles fall inside.

    ``trimmed`` is True when sparse tails were left out of the view; they are
    ``outside`` articles (:func:`articles_outside_focus` lists them). ``undated``
    articles (of the corpus looked at, and those a day range left out of it) have no
    place on a time axis at all.

    Examples
    --------
    >>> TimeFocus(date(2017, 1, 1), date(2017, 3, 31), "week", 90, 93, None, None).outside
    3
    """

    first: date | None
    last: date | None
    period: str
    articles: int
    total: int
    corpus_first: date | None
    corpus_last: date | None
    outside_first: date | None = None
    outside_last: date | None = None
    undated: int = 0

    @property
    def trimmed(self) -> bool:
        """True when articles outside the span shown exist."""
        return self.articles < self.total

    @property
    def outside(self) -> int:
        """Dated articles outside the span shown."""
        return self.total - self.articles

    @property
    def span(self) -> str:
        """The days shown, for a title: ``"2 Dec 2016 – 30 Mar 2017"``, one day alone
        as ``"26 Dec 2024"`` (empty if none)."""
        if self.first is None or self.last is None:
            return ""
        if self.first == self.last:
            return format_day(self.first)
        return f"{format_day(self.first)} – {format_day(self.last)}"

    def filter(self, corpus: CorpusLike) -> CorpusLike:
        """The dated articles of ``corpus`` inside the focus (lazy in, lazy out).

        Parameters
        ----------
        corpus : polars.DataFrame or polars.LazyFrame

        Returns
        -------
        polars.DataFrame or polars.LazyFrame
        """
        day = pl.col("published_at").dt.date()
        if self.first is None or self.last is None:
            return corpus.filter(pl.col("published_at").is_not_null())
        return corpus.filter(day.is_between(self.first, self.last))

    def mark_partial(self, frame: pl.DataFrame, column: str = "period") -> pl.DataFrame:
        """:func:`mark_partial` with this focus' days and period.

        Parameters
        ----------
        frame : polars.DataFrame
            Counted by ``self.period``.
        column : str, default "period"

        Returns
        -------
        polars.DataFrame
        """
        return mark_partial(frame, self.first, self.last, period=self.period, column=column)

    def describe(self) -> str:
        """One sentence for a reader: the span shown, the period and what was left out.

        Returns
        -------
        str

        Examples
        --------
        >>> TimeFocus(date(2016, 12, 2), date(2017, 3, 30), "week", 3816, 3840,
        ...           date(2016, 4, 19), date(2024, 12, 26)).describe()  # doctest: +ELLIPSIS
        'Showing 2 Dec 2016 – 30 Mar 2017 by week: 3,816 of 3,840 dated articles (99.4%). ...'
        """
        from tassanalysis.prose import describe_focus

        return describe_focus(self)


def _densest_span(days: list[date], counts: list[int], need: int) -> tuple[int, int]:
    """Indices (i, j) of the shortest run of days whose counts add up to ``need`` or more."""
    best, best_len, total, j = (0, len(days) - 1), days[-1] - days[0], 0, -1
    for i in range(len(days)):
        while total < need and j + 1 < len(days):
            j += 1
            total += counts[j]
        if total < need:
            break
        if days[j] - days[i] < best_len:
            best, best_len = (i, j), days[j] - days[i]
        total -= counts[i]
    return best


def time_focus(corpus: str | Path | CorpusLike, *, period: str = "auto", share: float = 0.99,
               min_ratio: float = 2.0, min_share: float = 0.95,
               left_out: int = 0) -> TimeFocus:
    """Find the span an over-time chart should show: the bulk of the articles, not sparse tails.

    The shortest run of days holding at least ``share`` of the dated articles
    is found, then widened over neighbouring articles that lie closer than a
    tenth of that run (at least a week), so the edges of the bulk stay in.
    The view is narrowed to it only when the full date range is at least
    ``min_ratio`` times as long, i.e. when the tails are long and sparse.
    Failing that, smaller shares down to ``min_share`` are tried (in steps of
    0.01), each accepted only when the full range is at least ten times
    ``min_ratio`` as long as the focus: a tail of a few percent spread over
    a far longer time. Otherwise every dated article is shown.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
        A store path or canonical frame (the selection a report looks at).
    period : str, default "auto"
        ``"auto"`` picks the bucket from the length of the span shown
        (:func:`auto_period`); or one of :data:`~tassanalysis.vocab.PERIODS`.
    share : float, default 0.99
        Share of dated articles the focus must hold (1 turns trimming off).
    min_ratio : float, default 2.0
        How many times longer than the focus the full range must be to trim.
    min_share : float, default 0.95
        The smallest share tried when ``share`` does not trim.
    left_out : int, default 0
        Undated articles a day range already left out of ``corpus``
        (:func:`tassanalysis.selection.undated_left_out`); they count among the
        ``undated`` articles the time axis cannot show.

    Returns
    -------
    TimeFocus

    Raises
    ------
    ValueError
        An unknown period, or ``share`` outside (0, 1].

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> time_focus(datasets.load_sample(), period="month").span
    '2 Dec 2016 – 26 Dec 2024'
    """
    if period != "auto":
        check_period(period)
    if not 0 < share <= 1:
        raise ValueError(f"share {share!r} must be above 0 and at most 1")
    scan = scan_corpus(corpus)
    daily = (scan.filter(pl.col("published_at").is_not_null())
             .group_by(pl.col("published_at").dt.date().alias("day"))
             .agg(pl.len().alias("n")).sort("day").collect())
    undated = int(scan.select(pl.col("published_at").null_count()).collect().item()) + left_out
    if daily.height == 0:
        return TimeFocus(None, None, "week" if period == "auto" else period, 0, 0, None, None,
                         undated=undated)
    days, counts = daily["day"].to_list(), daily["n"].to_list()
    total = sum(counts)
    full = (days[-1] - days[0]).days + 1

    def widened(fraction: float) -> tuple[int, int, int]:
        i, j = _densest_span(days, counts, max(1, math.ceil(fraction * total - 1e-9)))
        gap = max(timedelta(days=7), (days[j] - days[i]) / 10)
        while i > 0 and days[i] - days[i - 1] <= gap:
            i -= 1
        while j < len(days) - 1 and days[j + 1] - days[j] <= gap:
            j += 1
        return i, j, (days[j] - days[i]).days + 1

    i, j, length = widened(share)
    if full < min_ratio * length:
        i, j = 0, len(days) - 1
        steps = round((share - min_share) * 100) if share < 1 else 0
        for step in range(1, steps + 1):
            a, b, length = widened(share - step / 100)
            if full >= 10 * min_ratio * length:
                i, j = a, b
                break
    first, last = days[i], days[j]
    chosen = auto_period(first, last) if period == "auto" else period
    outside = days[:i] + days[j + 1:]
    return TimeFocus(first, last, chosen, sum(counts[i:j + 1]), total, days[0], days[-1],
                     min(outside, default=None), max(outside, default=None), undated)


def articles_outside_focus(corpus: str | Path | CorpusLike, focus: TimeFocus) -> pl.DataFrame:
    """The dated articles an over-time view leaves out, grouped by source and month.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
    focus : TimeFocus
        From :func:`time_focus` on the same corpus.

    Returns
    -------
    polars.DataFrame
        ``source``, ``month`` (``YYYY-MM``), ``articles`` (u32), ``first``,
        ``last`` (days), ``example`` (one title); oldest first. Empty when
        nothing is left out.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> sample = datasets.load_sample().filter(pl.col("published_at").dt.year() < 2024)
    >>> articles_outside_focus(sample, time_focus(sample))[["source", "month"]].rows()
    [('tass.com', '2017-12')]
    """
    schema = {"source": pl.String, "month": pl.String, "articles": pl.UInt32,
              "first": pl.Date, "last": pl.Date, "example": pl.String}
    if not focus.trimmed:
        return pl.DataFrame(schema=schema)
    day = pl.col("published_at").dt.date()
    return (scan_corpus(corpus).filter(pl.col("published_at").is_not_null()
                                       & ~day.is_between(focus.first, focus.last))
            .group_by("source", pl.col("published_at").dt.strftime("%Y-%m").alias("month"))
            .agg(pl.len().cast(pl.UInt32).alias("articles"),
                 day.min().alias("first"), day.max().alias("last"),
                 pl.col("title").sort_by("published_at").first().alias("example"))
            .sort("first", "source").collect().select(list(schema)))
