"""The package's vocabulary, defined once: periods, date bounds, lists, options, defaults.

Every module that takes a period, a day, a list of names or a stopword option
reads it here, so the same word means the same thing everywhere:

* **period**: one of :data:`PERIODS` (``day``, ``week`` starting Monday,
  ``month``, ``quarter``, ``year``), a time bucket of ``published_at`` (UTC);
* **period string**: a span of time named by its calendar unit — ``2017``,
  ``2017-Q1``, ``2017-03``, ``2017-03-05`` — or a range ``2017-01..2017-03``
  (:func:`period_bounds`);
* **date bound**: ``start`` / ``end`` are days (``YYYY-MM-DD``), both included;
* **window**: only ever a rolling date window (``"7d"``, ``"last 3 months"``,
  :mod:`tassanalysis.selection`); a collocation's reach is its ``span``, the
  words shown around a keyword its ``width``;
* **how many** is ``top`` (``None``: all); **no value** is ``None`` (an empty
  string or list from a report parameter means the same);
* **lowercase**: ``True`` folds case before matching or counting (everywhere);
* **stopwords**: ``"en"``, ``"ru"``, ``("en", "ru")`` (the default of the API
  and the reports alike, :data:`DEFAULT_STOPWORDS`), a set of words, or ``None``;
* **min_count**: plain counts keep every term (1); statistics that compare or
  associate terms (keyness, TF-IDF, collocations) ignore terms seen fewer than
  :data:`MIN_COUNT` times, where their scores are noise.

Options renamed to follow these rules still work for one release, with a
:class:`DeprecationWarning` (:func:`renamed_options`).

Examples
--------
>>> period_bounds("2017-Q1")
(datetime.datetime(2017, 1, 1, 0, 0, tzinfo=datetime.timezone.utc), datetime.datetime(2017, 4, 1, 0, 0, tzinfo=datetime.timezone.utc))
>>> as_list("tass.com, bbc.co.uk"), as_list(None), as_list(["a"])
(['tass.com', 'bbc.co.uk'], [], ['a'])
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import polars as pl

__all__ = [
    "AXIS_DATE_FORMATS",
    "DEFAULT_STOPWORDS",
    "MIN_COUNT",
    "PERIODS",
    "Corpus",
    "Stopwords",
    "as_date",
    "as_list",
    "check_period",
    "date_precision",
    "format_day",
    "is_period_string",
    "period_bounds",
    "period_expr",
    "period_label",
    "period_string",
    "renamed_options",
    "stopword_option",
    "stopword_set",
]

#: Names of time buckets and their Polars truncation intervals.
PERIODS: dict[str, str] = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q",
                           "year": "1y"}

#: One d3 date format per period, used on every time axis (one format per chart).
AXIS_DATE_FORMATS: dict[str, str] = {"day": "%-d %b %Y", "week": "%-d %b %Y", "month": "%b %Y",
                                     "quarter": "%b %Y", "year": "%Y"}

#: Stopword lists used when none are named: English and Russian (API and reports alike).
DEFAULT_STOPWORDS: tuple[str, ...] = ("en", "ru")

#: Fewest occurrences a term needs before keyness, TF-IDF or collocation scores it.
MIN_COUNT = 5

Corpus = pl.DataFrame | pl.LazyFrame
Stopwords = str | Sequence[str] | Iterable[str] | None

F = TypeVar("F", bound=Callable[..., Any])


# --------------------------------------------------------------------------- periods

def check_period(period: str) -> str:
    """Return the Polars interval of a period name; a clear error for anything else.

    Parameters
    ----------
    period : str
        One of :data:`PERIODS`.

    Returns
    -------
    str
        The truncation interval (``"1w"`` for ``"week"``).

    Raises
    ------
    ValueError
        Not a period name.

    Examples
    --------
    >>> check_period("week")
    '1w'
    """
    if period not in PERIODS:
        raise ValueError(f"period {period!r} is not one of {', '.join(PERIODS)}")
    return PERIODS[period]


def period_expr(period: str, column: str = "published_at") -> pl.Expr:
    """The first day of each row's period, as a ``Date`` expression named ``period``.

    Parameters
    ----------
    period : str
        One of :data:`PERIODS`.
    column : str, default "published_at"
        A datetime column.

    Returns
    -------
    polars.Expr
        ``Date``, aliased ``period``.

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> df = pl.DataFrame({"published_at": [dt.datetime(2017, 3, 9)]})
    >>> df.select(period_expr("month")).item()
    datetime.date(2017, 3, 1)
    """
    return pl.col(column).dt.truncate(check_period(period)).dt.date().alias("period")


_PERIOD_RE = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|(\d{1,2}))(?:-(\d{1,2}))?)?$")


def _add_months(d: dt.datetime, months: int) -> dt.datetime:
    m = d.month - 1 + months
    return d.replace(year=d.year + m // 12, month=m % 12 + 1)


def period_bounds(spec: str) -> tuple[dt.datetime, dt.datetime]:
    """The UTC bounds ``[start, end)`` of a period string.

    Parameters
    ----------
    spec : str
        ``"2017"``, ``"2017-Q1"``, ``"2017-03"``, ``"2017-03-05"`` or a range
        ``"A..B"`` of two of them (from the start of A to the end of B).

    Returns
    -------
    tuple of datetime
        Start (included) and end (excluded), both UTC.

    Raises
    ------
    ValueError
        Not a period string.

    Examples
    --------
    >>> [d.date().isoformat() for d in period_bounds("2016-12..2017-01")]
    ['2016-12-01', '2017-02-01']
    """
    if ".." in spec:
        a, b = spec.split("..", 1)
        return period_bounds(a.strip())[0], period_bounds(b.strip())[1]
    m = _PERIOD_RE.match(spec.strip())
    if not m:
        raise ValueError(f"not a period: {spec!r} (use 2017, 2017-Q1, 2017-03, 2017-03-05 "
                         "or a range A..B)")
    year, quarter, month, day = m.groups()
    y, utc = int(year), dt.UTC
    if quarter:
        start = dt.datetime(y, 3 * int(quarter) - 2, 1, tzinfo=utc)
        end = _add_months(start, 3)
    elif month and day:
        start = dt.datetime(y, int(month), int(day), tzinfo=utc)
        end = start + dt.timedelta(days=1)
    elif month:
        start = dt.datetime(y, int(month), 1, tzinfo=utc)
        end = _add_months(start, 1)
    else:
        start, end = dt.datetime(y, 1, 1, tzinfo=utc), dt.datetime(y + 1, 1, 1, tzinfo=utc)
    return start, end


def is_period_string(text: str) -> bool:
    """True when ``text`` names a period (``2017-Q4``) or a range of them (``2017-01..2017-03``).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_period_string("2017-Q4"), is_period_string("tass.com")
    (True, False)
    """
    return all(_PERIOD_RE.match(part.strip()) for part in text.split("..", 1))


def period_string(day: dt.date, period: str) -> str:
    """The period string of the period that starts on ``day`` (``2017-Q1``, ``2017-03``…).

    Weeks and days are named by their first day (``2017-03-06``).

    Parameters
    ----------
    day : datetime.date
        First day of the period.
    period : str
        One of :data:`PERIODS`.

    Returns
    -------
    str
        ``2017``, ``2017-Q1``, ``2017-03`` or, for weeks and days, ``2017-03-06``.

    Examples
    --------
    >>> import datetime as dt
    >>> period_string(dt.date(2017, 1, 1), "quarter"), period_string(dt.date(2017, 3, 1), "month")
    ('2017-Q1', '2017-03')
    """
    check_period(period)
    if period == "year":
        return str(day.year)
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


def format_day(day: dt.date) -> str:
    """A day for a reader: ``"2 Dec 2016"``.

    Parameters
    ----------
    day : datetime.date

    Returns
    -------
    str

    Examples
    --------
    >>> import datetime as dt
    >>> format_day(dt.date(2016, 12, 2))
    '2 Dec 2016'
    """
    return f"{day.day} {day.strftime('%b %Y')}"


def period_label(day: dt.date, period: str) -> str:
    """A period for a reader: ``"the week of 2 Jan 2017"``, ``"Mar 2017"``, ``"2017-Q1"``.

    Parameters
    ----------
    day : datetime.date
        First day of the period.
    period : str
        One of :data:`PERIODS`: a week is named by its first day, a day as
        :func:`format_day` writes it.

    Returns
    -------
    str
        A phrase for titles and prose.

    Examples
    --------
    >>> import datetime as dt
    >>> period_label(dt.date(2017, 1, 2), "week")
    'the week of 2 Jan 2017'
    """
    if period == "week":
        return f"the week of {format_day(day)}"
    if period == "month":
        return day.strftime("%b %Y")
    if period in ("quarter", "year"):
        return period_string(day, period)
    return format_day(day)


# --------------------------------------------------------------------------- values

def as_date(value: str | dt.date | None, name: str = "date") -> dt.date | None:
    """A date bound from a report parameter or an API argument; ``None``/``""`` is no bound.

    Parameters
    ----------
    value : str, date, datetime or None
        ``YYYY-MM-DD``, a date or a datetime (its day).
    name : str
        The parameter's name, for the error message.

    Returns
    -------
    datetime.date or None

    Raises
    ------
    ValueError
        Text that is not a ``YYYY-MM-DD`` day.

    Examples
    --------
    >>> as_date("2017-02-01"), as_date("")
    (datetime.date(2017, 2, 1), None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date: use YYYY-MM-DD") from None


def as_list(values: str | Iterable[str] | None) -> list[str]:
    """A list of names from a report parameter or an API argument.

    One rule everywhere: ``None`` or ``""`` is no names; a string is split on
    commas (``"tass.com, bbc.co.uk"``); any other iterable is taken as it is.

    Parameters
    ----------
    values : str, iterable of str, or None

    Returns
    -------
    list of str
        Stripped, empty items dropped.

    Examples
    --------
    >>> as_list("a, b,,c")
    ['a', 'b', 'c']
    """
    if values is None:
        return []
    if isinstance(values, str):
        return [v.strip() for v in values.split(",") if v.strip()]
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def stopword_option(value: str | Sequence[str] | None) -> str | tuple[str, ...] | None:
    """Turn a report's ``stopwords`` parameter into the option the analyses take.

    ``"en"``, ``"ru"``, ``"en+ru"`` (or ``"en,ru"``) name the built-in lists;
    ``"none"`` or empty keeps every word.

    Parameters
    ----------
    value : str, sequence of str, or None

    Returns
    -------
    str, tuple of str, or None

    Raises
    ------
    ValueError
        Another value.

    Examples
    --------
    >>> stopword_option("en+ru"), stopword_option("none")
    (('en', 'ru'), None)
    """
    if value is None:
        return None
    parts = [p.strip().lower() for p in re.split(r"[+,\s]+", value) if p.strip()] \
        if isinstance(value, str) else [str(p).lower() for p in value]
    if not parts or parts == ["none"]:
        return None
    unknown = [p for p in parts if p not in ("en", "ru")]
    if unknown:
        raise ValueError(f"stopwords {value!r}: use en, ru, en+ru or none")
    return parts[0] if len(parts) == 1 else tuple(dict.fromkeys(parts))


def stopword_set(stopwords: Stopwords) -> frozenset[str]:
    """The words a stopword option stands for.

    Parameters
    ----------
    stopwords : str, sequence of str, set of words, or None
        ``"en"``, ``("en", "ru")`` (built-in lists), any other words (used as
        they are, lower-cased), or None (no stopwords).

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> "the" in stopword_set("en"), stopword_set(None), stopword_set(["Foo"])
    (True, frozenset(), frozenset({'foo'}))
    """
    from tassanalysis import text

    if stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        return text.stopwords(stopwords)
    words = list(stopwords)
    if words and all(isinstance(w, str) and w in ("en", "ru") for w in words):
        return text.stopwords(tuple(words))
    return frozenset(w.lower() for w in words)


def date_precision(frame: pl.DataFrame) -> pl.Series:
    """How precisely each article's publication time is known: ``"day"`` or ``"time"``.

    Uses the corpus' ``date_precision`` column where it is filled. Without it,
    the articles of one source read from one input (the file part of ``origin``)
    that all share one time of day (midnight in the outlet's zone, say) are taken
    to give days only.

    Parameters
    ----------
    frame : polars.DataFrame
        Rows with ``published_at`` (and ``source``, ``date_precision`` if present).

    Returns
    -------
    polars.Series
        ``date_precision``: ``"day"`` or ``"time"`` per row (null where undated).

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> f = pl.DataFrame({"source": ["a", "a", "b"], "published_at": [
    ...     dt.datetime(2017, 1, 1, 21), dt.datetime(2017, 1, 2, 21), dt.datetime(2017, 1, 2, 9, 5)]})
    >>> date_precision(f).to_list()
    ['day', 'day', 'time']
    """
    known = None
    if "date_precision" in frame.columns:
        known = frame["date_precision"].cast(pl.String).replace(
            {"minute": "time", "second": "time"}).alias("date_precision")
        if known.null_count() == frame["published_at"].null_count():
            return known
    keys = ["source"] if "source" in frame.columns else []
    if "origin" in frame.columns:
        frame = frame.with_columns(_input=pl.col("origin").str.replace(r":\d+$", ""))
        keys.append("_input")
    same = pl.col("published_at").dt.time().drop_nulls().n_unique()
    same = same.over(keys) if keys else same
    many = (pl.col("published_at").is_not_null().sum().over(keys) if keys
            else pl.col("published_at").is_not_null().sum())
    guessed = frame.select(
        pl.when(pl.col("published_at").is_null()).then(None)
        .when((same == 1) & (many > 1)).then(pl.lit("day")).otherwise(pl.lit("time"))
        .alias("date_precision")).to_series()
    # rows the column leaves null (stores written before it existed) are judged as above
    return guessed if known is None else known.fill_null(guessed)


# --------------------------------------------------------------------------- renamed options

def renamed_options(**renames: str) -> Callable[[F], F]:
    """Accept old option names for one release, with a :class:`DeprecationWarning`.

    Parameters
    ----------
    **renames : str
        ``old="new"`` pairs.

    Returns
    -------
    callable
        A decorator.

    Examples
    --------
    >>> import warnings
    >>> @renamed_options(limit="top")
    ... def head(*, top=3):
    ...     return top
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     head(limit=2), caught[0].category.__name__
    (2, 'DeprecationWarning')
    """
    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{func.__name__}() got both {old}= and {new}=; "
                                        f"use {new}=")
                    warnings.warn(f"{func.__name__}({old}=…) is now {func.__name__}({new}=…); "
                                  f"the old name goes in the next release",
                                  DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
