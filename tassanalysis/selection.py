"""Which articles an analysis looks at: one meaning of start, end, window, sources, sections.

The store's loader (:func:`tassanalysis.store.load_corpus`) and every report
select articles with the same options, read here:

* ``start`` / ``end``: first and last day (``YYYY-MM-DD``, UTC), both included;
* ``window``: a rolling window (``"7d"``, ``"4w"``, ``"3 months"``,
  ``"last 30 days"``) that ends at ``end`` or, without one, at the corpus'
  last day; it cannot be combined with ``start``;
* ``sources`` / ``sections``: keep only these (a list, or one comma-separated
  string).

``None`` (or an empty string or list, as a report parameter gives it) means
"no bound". :func:`selection_filter` turns the options into one Polars
predicate, so a Parquet scan pushes it down to the files.

Examples
--------
>>> from tassanalysis import datasets
>>> sample = datasets.load_sample()
>>> select_corpus(sample, window="7d", sources="tass.com").height
20
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

from tassanalysis.vocab import as_date, as_list

__all__ = [
    "Window",
    "corpus_last_date",
    "parse_window",
    "resolve_dates",
    "scan_corpus",
    "select_corpus",
    "undated_left_out",
    "selection_filter",
]

CorpusLike = pl.DataFrame | pl.LazyFrame

_UNITS = {
    "d": "day", "day": "day", "days": "day",
    "w": "week", "wk": "week", "week": "week", "weeks": "week",
    "m": "month", "mo": "month", "month": "month", "months": "month",
    "y": "year", "yr": "year", "year": "year", "years": "year",
}
_WINDOW = re.compile(r"^\s*(?:last\s+)?(\d+)?\s*([a-z]+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Window:
    """A rolling date window: ``count`` days, weeks, months or years.

    Examples
    --------
    >>> parse_window("last 7 days").first_day(date(2017, 3, 10))
    datetime.date(2017, 3, 4)
    """

    count: int
    unit: str  # day, week, month or year

    def first_day(self, last: date) -> date:
        """The first day of the window that ends on (and includes) ``last``.

        Parameters
        ----------
        last : datetime.date
            The window's last day.

        Returns
        -------
        datetime.date

        Examples
        --------
        >>> Window(1, "month").first_day(date(2017, 3, 31))
        datetime.date(2017, 3, 1)
        """
        if self.unit == "day":
            return last - timedelta(days=self.count - 1)
        if self.unit == "week":
            return last - timedelta(weeks=self.count) + timedelta(days=1)
        months = self.count * (12 if self.unit == "year" else 1)
        total = last.year * 12 + (last.month - 1) - months
        year, month = divmod(total, 12)
        day = min(last.day, calendar.monthrange(year, month + 1)[1])
        return date(year, month + 1, day) + timedelta(days=1)

    def __str__(self) -> str:
        return f"last {self.count} {self.unit}{'s' if self.count != 1 else ''}"


def parse_window(window: str) -> Window:
    """Parse a rolling window such as ``"7d"``, ``"2w"``, ``"last 30 days"``, ``"3 months"``.

    Parameters
    ----------
    window : str
        A count (default 1) and a unit: day, week, month or year.

    Returns
    -------
    Window

    Raises
    ------
    ValueError
        The text is not a count and a unit.

    Examples
    --------
    >>> parse_window("7d")
    Window(count=7, unit='day')
    >>> parse_window("last month")
    Window(count=1, unit='month')
    """
    match = _WINDOW.match(window or "")
    unit = _UNITS.get(match.group(2).lower()) if match else None
    count = int(match.group(1) or 1) if match else 0
    if unit is None or count < 1:
        raise ValueError(f"window {window!r} is not a rolling window: use a count and a unit, "
                         "e.g. '7d', '4w', '3 months', 'last 30 days'")
    return Window(count, unit)


def scan_corpus(corpus: str | Path | CorpusLike) -> pl.LazyFrame:
    """A lazy view of a corpus given as a store path, a DataFrame or a LazyFrame.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame

    Returns
    -------
    polars.LazyFrame

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> scan_corpus(datasets.load_sample()).select(pl.len()).collect().item()
    301
    """
    if isinstance(corpus, pl.LazyFrame):
        return corpus
    if isinstance(corpus, pl.DataFrame):
        return corpus.lazy()
    from tassanalysis.store import load_corpus

    return load_corpus(corpus, lazy=True)


def corpus_last_date(corpus: str | Path | CorpusLike) -> date | None:
    """The (UTC) day of the latest article of a corpus.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame

    Returns
    -------
    datetime.date or None
        None when no article has a date.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> corpus_last_date(datasets.load_sample())
    datetime.date(2024, 12, 26)
    """
    last = scan_corpus(corpus).select(pl.col("published_at").max()).collect().item()
    return None if last is None else last.date()


def resolve_dates(corpus: str | Path | CorpusLike | None, *, start: str | date | None = None,
                  end: str | date | None = None, window: str | None = None
                  ) -> tuple[date | None, date | None]:
    """Turn ``start`` / ``end`` / ``window`` into a day range.

    Parameters
    ----------
    corpus : str, Path, frame or None
        Needed only for a ``window`` without ``end`` (it ends at the corpus'
        last day).
    start, end : str, date or None
        First and last day, both included; None or ``""`` for no bound.
    window : str or None
        A rolling window (:func:`parse_window`); not together with ``start``.

    Returns
    -------
    tuple of (date or None, date or None)
        First and last day, both included.

    Raises
    ------
    ValueError
        A malformed date or window, ``start`` after ``end``, or both ``start``
        and ``window``.

    Examples
    --------
    >>> resolve_dates(None, start="2017-01-01", end="2017-01-31")
    (datetime.date(2017, 1, 1), datetime.date(2017, 1, 31))
    >>> resolve_dates(None, end="2017-01-31", window="7d")
    (datetime.date(2017, 1, 25), datetime.date(2017, 1, 31))
    """
    first, last = as_date(start, "start"), as_date(end, "end")
    if window:
        span = parse_window(window)
        if first is not None:
            raise ValueError("give either start or window, not both")
        if last is None:
            last = None if corpus is None else corpus_last_date(corpus)
            if last is None:
                return None, None
        first = span.first_day(last)
    if first is not None and last is not None and first > last:
        raise ValueError(f"start {first} is after end {last}")
    return first, last


def selection_filter(*, start: str | date | None = None, end: str | date | None = None,
                     sources: str | Iterable[str] | None = None,
                     sections: str | Iterable[str] | None = None) -> pl.Expr | None:
    """One predicate for a day range, sources and sections (None when nothing is selected).

    This is what :func:`tassanalysis.store.load_corpus` and :func:`select_corpus`
    filter with; resolve a ``window`` first with :func:`resolve_dates`.

    Parameters
    ----------
    start, end : str, date, datetime or None
        First and last day (UTC), both included; a ``datetime`` is an instant
        (naive means UTC).
    sources, sections : str, iterable of str, or None
        Names to keep (a string is split on commas).

    Returns
    -------
    polars.Expr or None

    Examples
    --------
    >>> str(selection_filter(sources="tass.com")).startswith('col("source")')
    True
    >>> selection_filter() is None
    True
    """
    parts: list[pl.Expr] = []
    when = pl.col("published_at")
    for bound, name in ((start, "start"), (end, "end")):
        if isinstance(bound, str) and ("T" in bound or ":" in bound):
            try:  # "2017-01-31T12:00" / "2017-01-31 12:00:00+03:00": an instant
                bound = datetime.fromisoformat(bound)
            except ValueError:
                raise ValueError(f"{name} {bound!r} is not a day (YYYY-MM-DD) or an "
                                 "ISO date and time") from None
        if isinstance(bound, datetime):  # an instant: compared as it is (UTC when naive)
            instant = bound if bound.tzinfo else bound.replace(tzinfo=UTC)
            parts.append(when >= instant if name == "start" else when <= instant)
        elif (value := as_date(bound, name)) is not None:
            # whole UTC days, as instants so that Parquet statistics prune row groups
            first = datetime.combine(value, datetime.min.time(), tzinfo=UTC)
            parts.append(when >= first if name == "start"
                         else when < first + timedelta(days=1))
    for column, values in (("source", sources), ("section", sections)):
        if wanted := as_list(values):
            parts.append(pl.col(column).is_in(pl.Series(wanted, dtype=pl.String).implode()))
    if not parts:
        return None
    return pl.all_horizontal(parts) if len(parts) > 1 else parts[0]


def select_corpus(corpus: str | Path | CorpusLike, *, start: str | date | None = None,
                  end: str | date | None = None, window: str | None = None,
                  sources: str | Iterable[str] | None = None,
                  sections: str | Iterable[str] | None = None,
                  lazy: bool = False) -> CorpusLike:
    """The articles an analysis looks at: a day range, sources and sections.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
        A corpus store path, or a canonical frame.
    start, end, window
        See :func:`resolve_dates`; both days are included.
    sources, sections : str, iterable of str, or None
        Keep only these (a list, or one comma-separated string); None = all.
    lazy : bool, default False
        Return a LazyFrame.

    Returns
    -------
    polars.DataFrame or polars.LazyFrame

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> select_corpus(datasets.load_sample(), start="2017-02-01", end="2017-02-28").height
    93
    """
    first, last = resolve_dates(corpus, start=start, end=end, window=window)
    scan = scan_corpus(corpus)
    predicate = selection_filter(start=first, end=last, sources=sources, sections=sections)
    if predicate is not None:
        scan = scan.filter(predicate)
    return scan if lazy else scan.collect()


def undated_left_out(corpus: str | Path | CorpusLike, *, start: str | date | None = None,
                     end: str | date | None = None, window: str | None = None,
                     sources: str | Iterable[str] | None = None,
                     sections: str | Iterable[str] | None = None) -> int:
    """How many articles a day range leaves out because their date is not known.

    :func:`select_corpus` (and :func:`tassanalysis.store.load_corpus`) with a
    ``start``, ``end`` or ``window`` keep only dated articles; the undated ones
    of the same sources and sections (pages and table rows without a date,
    ``date_source`` ``none`` or ``unknown-year:…``) still count for terms and
    actors when no day range is given.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
    start, end, window, sources, sections
        The selection, as for :func:`select_corpus`.

    Returns
    -------
    int
        Undated articles of the selected sources and sections; 0 when no day
        range is given.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> frame = pl.DataFrame({"source": ["a", "a", "b"], "section": [None, None, None],
    ...                       "published_at": [datetime(2024, 5, 1, tzinfo=timezone.utc),
    ...                                        None, None]})
    >>> undated_left_out(frame, start="2024-01-01"), undated_left_out(frame, sources="a")
    (2, 0)
    """
    if not (start or end or window):
        return 0
    scan = scan_corpus(corpus)
    predicate = selection_filter(sources=sources, sections=sections)
    if predicate is not None:
        scan = scan.filter(predicate)
    return int(scan.select(pl.col("published_at").null_count()).collect().item())
