"""What a corpus holds: articles over time, data quality, date range, languages.

Also the selection every report starts from: a date range given as
``start``/``end`` or as a rolling ``window`` ("7d", "last 30 days", "3 months")
that ends at the corpus' last date, plus lists of sources and sections
(:func:`parse_window`, :func:`resolve_dates`, :func:`select_corpus`).

Frames are tidy; counts are ``u32`` columns named ``articles`` (or ``rejects``)
with a ``share`` column (0–1) where a share makes sense.

Examples
--------
>>> import polars as pl
>>> from datetime import datetime, UTC
>>> from tassanalysis.schema import validate
>>> corpus = validate(pl.DataFrame({
...     "doc_id": ["a", "b", "c"], "source": ["tass.com", "tass.com", "ria.ru"],
...     "body": ["x", "y", "z"], "date_source": ["page"] * 3, "language": ["en"] * 3,
...     "origin": ["f"] * 3,
...     "published_at": [datetime(2017, 1, 2, tzinfo=UTC), datetime(2017, 1, 3, tzinfo=UTC),
...                      datetime(2017, 1, 10, tzinfo=UTC)]}), cast=True)
>>> articles_over_time(corpus, by="source", period="week").rows()  # doctest: +NORMALIZE_WHITESPACE
[(datetime.date(2017, 1, 2), 'ria.ru', 0), (datetime.date(2017, 1, 2), 'tass.com', 2),
 (datetime.date(2017, 1, 9), 'ria.ru', 1), (datetime.date(2017, 1, 9), 'tass.com', 0)]
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

__all__ = [
    "PERIODS",
    "Comparison",
    "compare_terms",
    "comparison",
    "stopword_option",
    "term_trends",
    "Window",
    "TimeFocus",
    "articles_outside_focus",
    "auto_period",
    "ingest_summary_facts",
    "sections_by_source",
    "tass_sources",
    "time_focus",
    "coverage_note",
    "sources_per_period",
    "articles_over_time",
    "chart_articles_over_time",
    "chart_counts",
    "corpus_facts",
    "corpus_last_date",
    "first_kwic_lines",
    "date_source_counts",
    "ingest_summary_frame",
    "language_counts",
    "latest_articles",
    "parse_window",
    "reject_counts",
    "resolve_dates",
    "section_counts",
    "select_corpus",
]

#: Names of time buckets and their Polars truncation intervals.
PERIODS: dict[str, str] = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q",
                           "year": "1y"}

_UNITS = {
    "d": "day", "day": "day", "days": "day",
    "w": "week", "wk": "week", "week": "week", "weeks": "week",
    "m": "month", "mo": "month", "month": "month", "months": "month",
    "y": "year", "yr": "year", "year": "year", "years": "year",
}
_WINDOW = re.compile(r"^\s*(?:last\s+)?(\d+)?\s*([a-z]+)\s*$", re.IGNORECASE)

CorpusLike = pl.DataFrame | pl.LazyFrame


# --------------------------------------------------------------------------- selection

@dataclass(frozen=True)
class Window:
    """A rolling window: ``count`` days, weeks, months or years.

    Examples
    --------
    >>> parse_window("last 7 days").first_day(date(2017, 3, 10))
    datetime.date(2017, 3, 4)
    """

    count: int
    unit: str  # day, week, month or year

    def first_day(self, last: date) -> date:
        """Return the first day of the window that ends on (and includes) ``last``."""
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

    Raises
    ------
    ValueError
        The text is not a count and a unit (day, week, month, year).

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


def _as_date(value: str | date | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date: use YYYY-MM-DD") from None


def _scan(corpus: str | Path | CorpusLike) -> pl.LazyFrame:
    if isinstance(corpus, pl.LazyFrame):
        return corpus
    if isinstance(corpus, pl.DataFrame):
        return corpus.lazy()
    from tassanalysis.store import load_corpus

    return load_corpus(corpus, lazy=True)


def corpus_last_date(corpus: str | Path | CorpusLike) -> date | None:
    """Return the (UTC) day of the latest article in a corpus, None if no article has a date.

    Examples
    --------
    >>> corpus_last_date("data/corpus")  # doctest: +SKIP
    datetime.date(2017, 12, 27)
    """
    last = _scan(corpus).select(pl.col("published_at").max()).collect().item()
    return None if last is None else last.date()


def resolve_dates(corpus: str | Path | CorpusLike, *, start: str | date | None = "",
                  end: str | date | None = "", window: str = "") -> tuple[date | None, date | None]:
    """Turn ``start``/``end``/``window`` report parameters into a day range.

    A ``window`` ends at ``end`` when given, else at the corpus' last date, and
    cannot be combined with ``start``. Empty values mean "no bound".

    Returns
    -------
    tuple of (date or None, date or None)
        First and last day, both included.

    Raises
    ------
    ValueError
        A malformed date or window, ``start`` after ``end``, or both ``start`` and
        ``window``.

    Examples
    --------
    >>> resolve_dates(None, start="2017-01-01", end="2017-01-31")
    (datetime.date(2017, 1, 1), datetime.date(2017, 1, 31))
    """
    first, last = _as_date(start, "start"), _as_date(end, "end")
    if window:
        span = parse_window(window)
        if first is not None:
            raise ValueError("give either start or window, not both")
        if last is None:
            last = corpus_last_date(corpus)
            if last is None:
                return None, None
        first = span.first_day(last)
    if first is not None and last is not None and first > last:
        raise ValueError(f"start {first} is after end {last}")
    return first, last


def _as_list(values: str | Iterable[str] | None) -> list[str]:
    if values is None or values == "":
        return []
    if isinstance(values, str):
        return [v.strip() for v in values.split(",") if v.strip()]
    return list(values)


def select_corpus(corpus: str | Path | CorpusLike, *, start: str | date | None = "",
                  end: str | date | None = "", window: str = "",
                  sources: str | Sequence[str] | None = None,
                  sections: str | Sequence[str] | None = None,
                  lazy: bool = False) -> CorpusLike:
    """Return the articles a report looks at: a day range, sources and sections.

    Parameters
    ----------
    corpus
        A corpus store path, or a canonical frame.
    start, end, window
        See :func:`resolve_dates`; both days are included.
    sources, sections
        Keep only these (a list, or one comma-separated string); empty = all.
    lazy
        Return a LazyFrame.

    Examples
    --------
    >>> week = select_corpus("data/corpus", window="7d", sources=["tass.com"])  # doctest: +SKIP
    """
    first, last = resolve_dates(corpus, start=start, end=end, window=window)
    scan = _scan(corpus)
    if first is not None:
        scan = scan.filter(pl.col("published_at").dt.date() >= first)
    if last is not None:
        scan = scan.filter(pl.col("published_at").dt.date() <= last)
    if wanted := _as_list(sources):
        scan = scan.filter(pl.col("source").is_in(pl.Series(wanted, dtype=pl.String).implode()))
    if wanted := _as_list(sections):
        scan = scan.filter(pl.col("section").is_in(pl.Series(wanted, dtype=pl.String).implode()))
    return scan if lazy else scan.collect()


# --------------------------------------------------------------------------- term options

_PERIOD_SPEC = re.compile(r"^\d{4}(?:-(?:Q[1-4]|\d{1,2}(?:-\d{1,2})?))?$")


def stopword_option(value: str | Sequence[str] | None) -> str | tuple[str, ...] | None:
    """Turn a report's ``stopwords`` parameter into the argument :mod:`tassanalysis.terms` takes.

    ``"en"``, ``"ru"``, ``"en+ru"`` (or ``"en,ru"``) name the built-in lists;
    ``"none"`` or empty keeps every word.

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


def _is_period_spec(text: str) -> bool:
    return all(_PERIOD_SPEC.match(part.strip()) for part in text.split("..", 1))


@dataclass(frozen=True)
class Comparison:
    """Which parts of a corpus a keyness analysis sets against each other.

    ``kind`` is ``"each"`` (each value of ``by`` against the rest), ``"values"``
    (values of ``by``) or ``"periods"`` (period strings such as ``2017-Q4`` or
    ``2017-11..2017-12``). ``target`` / ``reference`` are what
    :func:`tassanalysis.terms.keyness` takes (``reference`` None: the rest).
    """

    kind: str
    by: str
    target: Any
    reference: Any
    label: str


def tass_sources(sources: Iterable[str]) -> list[str]:
    """The TASS outlets among source names: ``tass.com``, ``tass.ru`` (and their subdomains).

    Examples
    --------
    >>> tass_sources(["bbc.co.uk", "tass.ru", "tass.com", "tass.com.example.org"])
    ['tass.com', 'tass.ru']
    """
    pattern = re.compile(r"^(?:[\w-]+\.)*tass\.(?:com|ru)$", re.IGNORECASE)
    return sorted(s for s in set(sources) if s and pattern.match(s))


def comparison(corpus: str | Path | CorpusLike, *, by: str = "source", target: str = "",
               reference: str = "") -> Comparison:
    """Resolve a report's keyness parameters into a :class:`Comparison`.

    Parameters
    ----------
    corpus
        The corpus (or store path) whose values ``target`` must name.
    by
        Column compared: ``source``, ``section`` or ``language``.
    target
        Empty: when ``by`` is ``source`` and the corpus holds a TASS source
        (:func:`tass_sources`) and other outlets, TASS against the other
        outlets; otherwise each value of ``by`` against the rest. ``"each"``:
        each value against the rest in any case. A value of ``by`` (or
        several, comma-separated): those articles. A period (``2017``,
        ``2017-Q4``, ``2017-12``, ``2017-12-01``, ``2017-11..2017-12``): the
        articles published in it.
    reference
        Empty: the rest of the corpus; else values of ``by`` or a period, like
        ``target``.

    Raises
    ------
    ValueError
        ``by`` is not a column one can compare, or a value does not occur.

    Examples
    --------
    >>> comparison(corpus).label  # doctest: +SKIP
    'tass.com vs the other 8 sources'
    """
    if by not in ("source", "section", "language", "dateline"):
        raise ValueError(f"compare_by {by!r}: use source, section, language or dateline")
    target, reference = (target or "").strip(), (reference or "").strip()
    if not target or target.lower() == "each":
        if reference:
            raise ValueError("a keyness reference needs a target")
        if not target and by == "source":
            known = _scan(corpus).select(pl.col("source").drop_nulls().unique()).collect()
            values = sorted(known["source"].to_list())
            tass = tass_sources(values)
            others = [v for v in values if v not in tass]
            if tass and others:
                what = f"the other {len(others)} sources" if len(others) > 1 else others[0]
                return Comparison("values", by, {by: tass}, None,
                                  f"{', '.join(tass)} vs {what}")
        return Comparison("each", by, None, None, f"each {by} vs the rest")
    if _is_period_spec(target):
        if reference and not _is_period_spec(reference):
            raise ValueError(f"reference {reference!r} is not a period like {target!r}")
        label = f"{target} vs {reference or 'the rest'}"
        return Comparison("periods", by, target, reference or None, label)
    known = set(_scan(corpus).select(pl.col(by).drop_nulls().unique()).collect()[by].to_list())
    wanted = _as_list(target)
    others = _as_list(reference)
    missing = [v for v in wanted + others if v not in known]
    if missing:
        raise ValueError(f"{by} {', '.join(map(repr, missing))} not in the corpus "
                         f"(it has: {', '.join(sorted(known)[:30])})")
    ref = {by: others} if others else None
    label = f"{', '.join(wanted)} vs {', '.join(others) if others else 'the rest'}"
    return Comparison("values", by, {by: wanted}, ref, label)


def compare_terms(corpus: CorpusLike, comparison: Comparison, *, top: int = 15,
                  min_count: int = 5, **options: Any) -> pl.DataFrame:
    """Run the keyness analysis a :class:`Comparison` describes.

    ``kind="each"`` runs :func:`tassanalysis.terms.each_vs_rest` (a ``by``
    column first; empty when fewer than two values occur); the others run
    :func:`tassanalysis.terms.keyness`. ``options`` go to those functions
    (``text``, ``stopwords``, ``ngram``…).

    Returns
    -------
    polars.DataFrame
        The keyness table: ``[by,] term, count_target, count_reference,
        rate_target, rate_reference, g2, g2_p, chi2, chi2_p, log_ratio,
        direction``; ``top`` over- and ``top`` under-used terms (per group).

    Examples
    --------
    >>> compare_terms(corpus, comparison(corpus, target="tass.com"))  # doctest: +SKIP
    """
    from tassanalysis import terms

    if comparison.kind == "each":
        values = _scan(corpus).select(pl.col(comparison.by).drop_nulls().n_unique()).collect()
        if values.item() < 2:
            return pl.DataFrame()
        options = {k: v for k, v in options.items() if k != "stem"}
        return terms.each_vs_rest(corpus, by=comparison.by, top=top, min_count=min_count,
                                  **options)
    return terms.keyness(corpus, target=comparison.target, reference=comparison.reference,
                         top=top, min_count=min_count, **options)


def first_kwic_lines(corpus: pl.DataFrame, pattern: str, *, limit: int = 25,
                     **options: Any) -> pl.DataFrame:
    """The ``limit`` oldest keyword-in-context lines of ``pattern``, without reading every article.

    Gives the same lines as ``terms.kwic(corpus, pattern, sort="date",
    limit=limit)``, but looks at the oldest articles first and widens the
    search only while fewer than ``limit`` lines are found, so a frequent
    word in a large corpus costs little. ``options`` go to
    :func:`tassanalysis.terms.kwic`.

    Examples
    --------
    >>> first_kwic_lines(corpus, "sanctions", limit=10)  # doctest: +SKIP
    """
    from tassanalysis import terms

    if options.get("sort", "date") != "date":
        return terms.kwic(corpus, pattern, limit=limit, **options)
    ordered = corpus.sort(["published_at", "doc_id"], nulls_last=True)
    size = max(200, 8 * limit)
    while True:
        lines = terms.kwic(ordered.head(size), pattern, limit=limit, **options)
        if lines.height >= limit or size >= ordered.height:
            return lines
        size *= 8


def term_trends(counts: pl.DataFrame, terms: Sequence[str], *, period: str,
                lowercase: bool = True) -> pl.DataFrame:
    """Follow chosen terms over time in a per-period term count table.

    Parameters
    ----------
    counts
        :func:`tassanalysis.terms.term_counts` with ``period=`` (one row per
        period and term that occurs, with the period's ``tokens``).
    terms
        Terms to follow (as they appear in ``counts["term"]``).
    period
        The ``period`` the counts were made with; periods with no article in
        between are filled in.
    lowercase
        Lowercase ``terms`` first (as the counts are unless made with
        ``lowercase=False``).

    Returns
    -------
    polars.DataFrame
        ``period``, ``term``, ``count``, ``tokens``, ``rate_per_10k``: every
        period from the first to the last for every term; ``count`` 0 where the
        term is absent, ``rate_per_10k`` null in periods without any article
        (so a chart does not show a gap in the data as a fall to zero).

    Examples
    --------
    >>> counts = terms.term_counts(corpus, period="month")  # doctest: +SKIP
    >>> term_trends(counts, ["sanctions", "syria"], period="month")  # doctest: +SKIP
    """
    every = _check_period(period)
    wanted = pl.Series("term", list(dict.fromkeys(
        t.strip().lower() if lowercase else t.strip() for t in terms)), dtype=pl.String)
    schema = {"period": pl.Date, "term": pl.String, "count": pl.UInt32, "tokens": pl.UInt32,
              "rate_per_10k": pl.Float64}
    totals = counts.group_by("period").agg(pl.col("tokens").first())
    if totals.height == 0 or wanted.len() == 0:
        return pl.DataFrame(schema=schema)
    periods = pl.date_range(totals["period"].min(), totals["period"].max(), every,
                            eager=True).alias("period").to_frame()
    periods = periods.join(totals, on="period", how="left")
    grid = periods.join(wanted.to_frame(), how="cross")
    found = (counts.filter(pl.col("term").is_in(wanted.implode()))
             .group_by("period", "term").agg(pl.col("count").sum()))
    out = grid.join(found, on=["period", "term"], how="left")
    return out.select(
        "period", "term",
        pl.col("count").fill_null(0).cast(pl.UInt32),
        pl.col("tokens").fill_null(0).cast(pl.UInt32),
        rate_per_10k=pl.when(pl.col("tokens").fill_null(0) > 0)
        .then(pl.col("count").fill_null(0) / pl.col("tokens") * 10_000),
    ).sort("period", "term")


# --------------------------------------------------------------------------- frames

def _check_period(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"period {period!r} is not one of {', '.join(PERIODS)}")
    return PERIODS[period]


def articles_over_time(corpus: CorpusLike, *, by: str | None = "source", period: str = "week",
                       top: int | None = None, other: str = "other") -> pl.DataFrame:
    """Count articles per time bucket (and group), with zeros for empty buckets.

    Parameters
    ----------
    corpus
        Canonical article frame; undated articles are left out.
    by
        Column to split by (``source``, ``section``, ``language``…) or None.
    period
        ``day``, ``week`` (starting Monday), ``month``, ``quarter`` or ``year``.
    top
        Keep the ``top`` largest groups and pool the rest as ``other``.
    other
        Label of the pooled groups. Missing values of ``by`` read ``(none)``.

    Returns
    -------
    polars.DataFrame
        ``period`` (date: first day of the bucket), ``by`` column (if any),
        ``articles`` (u32); every bucket between the first and the last is
        present for every group.

    Examples
    --------
    >>> articles_over_time(corpus, by=None, period="month")  # doctest: +SKIP
    """
    every = _check_period(period)
    counts = _article_counts(_scan(corpus), by=by, every=every)
    return _articles_table(counts, by=by, every=every, top=top, other=other)


def _article_counts(scan: pl.LazyFrame, *, by: str | None, every: str) -> pl.DataFrame:
    """Dated articles per ``period`` (and ``by`` value): additive over parts of a corpus."""
    dated = scan.filter(pl.col("published_at").is_not_null()).select(
        pl.col("published_at").dt.date().dt.truncate(every).alias("period"),
        *([pl.col(by).cast(pl.String).fill_null("(none)")] if by else []),
    )
    keys = ["period", by] if by else ["period"]
    return dated.group_by(keys).agg(pl.len().cast(pl.UInt32).alias("articles")).collect()


def _articles_table(counts: pl.DataFrame, *, by: str | None, every: str, top: int | None,
                    other: str) -> pl.DataFrame:
    """The :func:`articles_over_time` table from :func:`_article_counts`."""
    keys = ["period", by] if by else ["period"]
    schema = {"period": pl.Date, **({by: pl.String} if by else {}), "articles": pl.UInt32}
    if counts.height == 0:
        return pl.DataFrame(schema=schema)
    if by and top is not None:
        totals = counts.group_by(by).agg(pl.col("articles").sum()).sort(
            ["articles", by], descending=[True, False])
        keep = totals.head(top)[by].implode()
        counts = (counts.with_columns(pl.when(pl.col(by).is_in(keep)).then(pl.col(by))
                                      .otherwise(pl.lit(other)).alias(by))
                  .group_by(keys).agg(pl.col("articles").sum().cast(pl.UInt32)))
    periods = pl.date_range(counts["period"].min(), counts["period"].max(), every,
                            eager=True).alias("period").to_frame()
    grid = periods.join(counts.select(by).unique(), how="cross") if by else periods
    return (grid.join(counts, on=keys, how="left")
            .with_columns(pl.col("articles").fill_null(0).cast(pl.UInt32))
            .sort(keys).select(list(schema)))


def _with_share(frame: pl.DataFrame, count: str) -> pl.DataFrame:
    total = frame[count].sum()
    return frame.with_columns((pl.col(count) / total if total else pl.lit(0.0)).alias("share"))


def language_counts(corpus: CorpusLike) -> pl.DataFrame:
    """Articles per language: ``language, articles, share``, largest first.

    Examples
    --------
    >>> language_counts(corpus)["language"].to_list()  # doctest: +SKIP
    ['en', 'ru']
    """
    counts = (_scan(corpus).group_by("language").agg(pl.len().cast(pl.UInt32).alias("articles"))
              .collect().sort(["articles", "language"], descending=[True, False]))
    return _with_share(counts, "articles")


def section_counts(corpus: CorpusLike, *, by: str | None = "source",
                   top: int | None = None) -> pl.DataFrame:
    """Articles per section (within each ``by`` group): ``[by,] section, articles, share``.

    ``share`` is the section's share of its group; missing sections read
    ``(none)``; ``top`` keeps the largest sections of each group.

    Examples
    --------
    >>> section_counts(corpus, top=5)  # doctest: +SKIP
    """
    keys = [by, "section"] if by else ["section"]
    counts = (_scan(corpus).with_columns(pl.col("section").fill_null("(none)"))
              .group_by(keys).agg(pl.len().cast(pl.UInt32).alias("articles")).collect())
    over = [by] if by else None
    total = pl.col("articles").sum().over(over) if over else pl.col("articles").sum()
    counts = counts.with_columns((pl.col("articles") / total).alias("share"))
    counts = counts.sort([*([by] if by else []), "articles", "section"],
                         descending=[*([False] if by else []), True, False])
    if top is not None:
        rank = pl.int_range(pl.len()).over(over) if over else pl.int_range(pl.len())
        counts = counts.filter(rank < top)
    return counts.select(*keys, "articles", "share")


def date_source_counts(corpus: CorpusLike) -> pl.DataFrame:
    """How publication dates were found: ``method, date_source, articles, share``.

    ``method`` is the part of ``date_source`` before ``:`` (``page``,
    ``metadata``, ``table``, ``inferred-year``, ``unknown-year``…);
    ``date_source`` is the full value. Largest first.

    Examples
    --------
    >>> date_source_counts(corpus)["method"].to_list()  # doctest: +SKIP
    ['page', 'inferred-year']
    """
    counts = (_scan(corpus).group_by("date_source")
              .agg(pl.len().cast(pl.UInt32).alias("articles")).collect()
              .with_columns(pl.col("date_source").str.split(":").list.first().alias("method"))
              .sort(["articles", "date_source"], descending=[True, False]))
    return _with_share(counts.select("method", "date_source", "articles"), "articles")


def reject_counts(rejects: pl.DataFrame) -> pl.DataFrame:
    """Rejected inputs per reason: ``reason, rejects, share``, largest first.

    Examples
    --------
    >>> import polars as pl
    >>> reject_counts(pl.DataFrame({"origin": ["a", "b"], "reason": ["no-body", "no-body"],
    ...                             "raw": ["", ""]}))["rejects"].to_list()
    [2]
    """
    counts = (rejects.group_by("reason").agg(pl.len().cast(pl.UInt32).alias("rejects"))
              .sort(["rejects", "reason"], descending=[True, False]))
    return _with_share(counts, "rejects")


def ingest_summary_frame(summary: Mapping[str, Any]) -> pl.DataFrame:
    """Flatten an ingest summary (``store.load_summary``) into ``measure, key, count``.

    Plain numbers become one row with an empty ``key``; dictionaries of counts
    (``rejected``, ``duplicates``, ``date_sources``, ``languages``…) one row per
    key. Other values are left out.

    Examples
    --------
    >>> ingest_summary_frame({"read": 10, "duplicates": {"exact": 2}}).rows()
    [('read', '', 10), ('duplicates', 'exact', 2)]
    """
    rows: list[tuple[str, str, int]] = []
    for measure, value in summary.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            rows.append((measure, "", int(value)))
        elif isinstance(value, Mapping):
            rows.extend((measure, str(k), int(v)) for k, v in value.items()
                        if isinstance(v, int | float) and not isinstance(v, bool))
    return pl.DataFrame(rows, schema={"measure": pl.String, "key": pl.String,
                                      "count": pl.Int64}, orient="row")


def sections_by_source(corpus: CorpusLike, *, top: int = 4) -> pl.DataFrame:
    """One line per source: its articles, how many sections, and its largest sections.

    Returns
    -------
    polars.DataFrame
        ``source``, ``articles`` (u32), ``sections`` (distinct named sections,
        u32), ``without_section`` (share of articles with no section),
        ``largest_sections`` (the ``top`` largest named sections with their
        articles and share of the source, e.g. ``"politics 222 (47%), world 73
        (15%)"``); largest
        source first.

    Examples
    --------
    >>> sections_by_source(corpus, top=3)  # doctest: +SKIP
    """
    per = (_scan(corpus).group_by("source", "section")
           .agg(pl.len().cast(pl.UInt32).alias("n")).collect())
    per = per.with_columns(share=pl.col("n") / pl.col("n").sum().over("source"))
    named = (per.filter(pl.col("section").is_not_null())
             .sort(["source", "n", "section"], descending=[False, True, False])
             .filter(pl.int_range(pl.len()).over("source") < top)
             .group_by("source", maintain_order=True)
             .agg(largest_sections=pl.concat_str(
                 pl.col("section"), pl.lit(" "), pl.col("n").cast(pl.String), pl.lit(" ("),
                 pl.when(pl.col("share") < 0.005).then(pl.lit("<1"))
                 .otherwise((pl.col("share") * 100).round(0).cast(pl.Int64).cast(pl.String)),
                 pl.lit("%)")).str.join(", ")))
    totals = per.group_by("source").agg(
        articles=pl.col("n").sum().cast(pl.UInt32),
        sections=pl.col("section").drop_nulls().n_unique().cast(pl.UInt32),
        without_section=pl.col("share").filter(pl.col("section").is_null()).sum())
    return (totals.join(named, on="source", how="left")
            .with_columns(pl.col("largest_sections").fill_null("—"))
            .sort(["articles", "source"], descending=[True, False]))


def ingest_summary_facts(summary: Mapping[str, Any]) -> dict[str, str]:
    """The last ingest run (``store.load_summary``) as a few plain sentences, label → text.

    Examples
    --------
    >>> ingest_summary_facts({"files": 3, "skipped_unchanged": 0, "records_read": 10,
    ...     "accepted": 8, "rejected_total": 2, "rejected": {"no-text": 2},
    ...     "duplicates": {"exact": 1}})["Rejected"]
    '2 (no-text 2)'
    """
    def num(key: str) -> int:
        value = summary.get(key, 0)
        return int(value) if isinstance(value, int | float) else 0

    def parts(key: str) -> str:
        items = summary.get(key) or {}
        shown = [f"{k} {int(v):,}" for k, v in sorted(items.items(), key=lambda kv: -kv[1])
                 if isinstance(v, int | float) and v]
        return f" ({', '.join(shown)})" if shown else ""

    if not summary:
        return {"Last ingest run": "no record of an ingest run in this store"}
    dups = sum(int(v) for v in (summary.get("duplicates") or {}).values()
               if isinstance(v, int | float))
    facts = {
        "Input files": f"{num('files'):,} ({num('skipped_unchanged'):,} skipped as unchanged "
                       "since the run before)",
        "Records read": f"{num('records_read'):,}",
        "Accepted as articles": f"{num('accepted'):,}",
        "Rejected": f"{num('rejected_total'):,}{parts('rejected')}",
        "Merged as duplicates": f"{dups:,}{parts('duplicates')}",
    }
    store = summary.get("corpus") or {}
    if store:
        span = ""
        if store.get("start") and store.get("end"):
            span = f", dated {str(store['start'])[:10]} – {str(store['end'])[:10]}"
        rejects = int(store.get("rejects", 0))
        facts["Store after the run"] = (f"{int(store.get('articles', 0)):,} articles, "
                                        f"{rejects:,} rejected input{'s' if rejects != 1 else ''} "
                                        f"on record{span}")
    return facts


def latest_articles(corpus: CorpusLike, *, n: int = 10) -> pl.DataFrame:
    """The ``n`` most recent articles: ``published_at, source, section, title, url``.

    Examples
    --------
    >>> latest_articles(corpus, n=5).columns  # doctest: +SKIP
    ['published_at', 'source', 'section', 'title', 'url']
    """
    return (_scan(corpus).filter(pl.col("published_at").is_not_null())
            .sort(["published_at", "doc_id"], descending=True).head(n)
            .select("published_at", "source", "section", "title", "url").collect())


def corpus_facts(corpus: CorpusLike) -> dict[str, Any]:
    """Key facts about a corpus, as label → value, for a summary box.

    Labels: Articles, Sources, Sections, First article, Last article, Undated
    articles, Languages, Inputs merged as duplicates.

    Examples
    --------
    >>> corpus_facts(corpus)["Articles"]  # doctest: +SKIP
    1200
    """
    row = _scan(corpus).select(
        pl.len().alias("n"),
        pl.col("source").n_unique().alias("sources"),
        pl.col("section").drop_nulls().n_unique().alias("sections"),
        pl.col("published_at").min().alias("first"),
        pl.col("published_at").max().alias("last"),
        pl.col("published_at").null_count().alias("undated"),
        pl.col("merged").cast(pl.Int64).sum().alias("merged"),
    ).collect().row(0, named=True)
    languages = language_counts(corpus)
    return {
        "Articles": row["n"],
        "Sources": row["sources"],
        "Sections": row["sections"],
        "First article": row["first"].strftime("%Y-%m-%d %H:%M UTC") if row["first"] else "—",
        "Last article": row["last"].strftime("%Y-%m-%d %H:%M UTC") if row["last"] else "—",
        "Undated articles": row["undated"],
        "Languages": ", ".join(f"{lang} {share:.0%}" for lang, share in
                               languages.select("language", "share").iter_rows()) or "—",
        "Inputs merged as duplicates": row["merged"] or 0,
    }


# --------------------------------------------------------------------------- time focus

#: Longest span (in days) drawn with each automatic period, shortest first.
_AUTO_PERIODS: tuple[tuple[int, str], ...] = ((45, "day"), (550, "week"), (365 * 15, "month"))


def auto_period(first: date, last: date) -> str:
    """Pick a time bucket for a span: days up to ~6 weeks, weeks up to ~18 months, then months.

    A span over 15 years gets years.

    Examples
    --------
    >>> auto_period(date(2016, 12, 1), date(2017, 3, 31))
    'week'
    >>> auto_period(date(2014, 1, 1), date(2024, 1, 1))
    'month'
    """
    days = (last - first).days + 1
    return next((name for limit, name in _AUTO_PERIODS if days <= limit), "year")


def _period_label(day: date, period: str) -> str:
    if period == "week":
        return f"the week of {_fmt_day(day)}"
    if period == "month":
        return day.strftime("%b %Y")
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if period == "year":
        return str(day.year)
    return _fmt_day(day)


def _fmt_day(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


@dataclass(frozen=True)
class TimeFocus:
    """The days an over-time view shows, and how many dated articles fall inside.

    ``trimmed`` is True when sparse tails were left out of the view; they are
    ``outside`` articles (:func:`articles_outside_focus` lists them).
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

    @property
    def trimmed(self) -> bool:
        return self.articles < self.total

    @property
    def outside(self) -> int:
        return self.total - self.articles

    @property
    def span(self) -> str:
        """The days shown, for a title: ``"2 Dec 2016 – 30 Mar 2017"`` (empty if none)."""
        if self.first is None or self.last is None:
            return ""
        return f"{_fmt_day(self.first)} – {_fmt_day(self.last)}"

    def filter(self, corpus: CorpusLike) -> CorpusLike:
        """The dated articles of ``corpus`` inside the focus (lazy in, lazy out)."""
        day = pl.col("published_at").dt.date()
        if self.first is None or self.last is None:
            return corpus.filter(pl.col("published_at").is_not_null())
        return corpus.filter(day.is_between(self.first, self.last))

    def describe(self) -> str:
        """One sentence for a reader: the span shown, the period and what was left out.

        Examples
        --------
        >>> TimeFocus(date(2016, 12, 2), date(2017, 3, 30), "week", 3816, 3840,
        ...           date(2016, 4, 19), date(2024, 12, 26)).describe()  # doctest: +ELLIPSIS
        'Showing 2 Dec 2016 – 30 Mar 2017 by week: 3,816 of 3,840 dated articles (99.4%). ...'
        """
        if self.first is None or self.last is None:
            return "No dated articles to show over time."
        text = f"Showing {self.span} by {self.period}: "
        if not self.trimmed:
            return text + f"all {self.total:,} dated articles."
        low = self.outside_first or self.corpus_first
        high = self.outside_last or self.corpus_last
        return (text + f"{self.articles:,} of {self.total:,} dated articles "
                f"({self.articles / self.total:.1%}). The other {self.outside:,}, scattered "
                f"between {_fmt_day(low)} and {_fmt_day(high)}, "
                "would squeeze this span into a sliver; they are listed in the table below.")


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
               min_ratio: float = 2.0, min_share: float = 0.95) -> TimeFocus:
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
    corpus
        A store path or canonical frame (the selection a report looks at).
    period
        ``"auto"`` picks the bucket from the length of the span shown
        (:func:`auto_period`); or one of :data:`PERIODS`.
    share
        Share of dated articles the focus must hold (1 turns trimming off).
    min_ratio
        How many times longer than the focus the full range must be to trim.
    min_share
        The smallest share tried when ``share`` does not trim (``share`` 1
        never trims).

    Examples
    --------
    >>> focus = time_focus("data/corpus")  # doctest: +SKIP
    >>> focus.describe()  # doctest: +SKIP
    'Showing 2 Dec 2016 – 30 Mar 2017 by week: 3,816 of 3,840 dated articles (99.4%). …'
    """
    if period != "auto":
        _check_period(period)
    if not 0 < share <= 1:
        raise ValueError(f"share {share!r} must be above 0 and at most 1")
    daily = (_scan(corpus).filter(pl.col("published_at").is_not_null())
             .group_by(pl.col("published_at").dt.date().alias("day"))
             .agg(pl.len().alias("n")).sort("day").collect())
    if daily.height == 0:
        return TimeFocus(None, None, "week" if period == "auto" else period, 0, 0, None, None)
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
                     min(outside, default=None), max(outside, default=None))


def sources_per_period(corpus: CorpusLike, *, period: str = "week",
                       by: str = "source") -> pl.DataFrame:
    """Which sources (or other ``by`` values) have articles in each period.

    Returns
    -------
    polars.DataFrame
        ``period`` (date), ``sources`` (u32: how many), ``names`` (list of str,
        sorted); every period from the first to the last, empty ones included.

    Examples
    --------
    >>> sources_per_period(corpus, period="month")  # doctest: +SKIP
    """
    every = _check_period(period)
    found = (_scan(corpus).filter(pl.col("published_at").is_not_null())
             .group_by(pl.col("published_at").dt.date().dt.truncate(every).alias("period"))
             .agg(pl.col(by).drop_nulls().unique().sort().alias("names")).collect())
    schema = {"period": pl.Date, "sources": pl.UInt32, "names": pl.List(pl.String)}
    if found.height == 0:
        return pl.DataFrame(schema=schema)
    periods = pl.date_range(found["period"].min(), found["period"].max(), every,
                            eager=True).alias("period").to_frame()
    return (periods.join(found, on="period", how="left")
            .with_columns(pl.col("names").fill_null(pl.lit([], dtype=pl.List(pl.String))))
            .with_columns(pl.col("names").list.len().cast(pl.UInt32).alias("sources"))
            .select(list(schema)).sort("period"))


def coverage_note(corpus: CorpusLike, *, period: str = "week", by: str = "source") -> str:
    """Warn where fewer than half of the sources have articles, so a trend is one outlet's.

    Returns a sentence for each of the (up to three) longest runs of such
    periods, naming the source that wrote most of their articles when it
    wrote half or more; empty text when every period has at least half of
    the sources, or there is a single source.

    Examples
    --------
    >>> coverage_note(corpus, period="week")  # doctest: +SKIP
    'From the week of 28 Nov 2016 to the week of 30 Jan 2017 (10 weeks) at most 3 of the 9 …'
    """
    per = sources_per_period(corpus, period=period, by=by)
    every = set().union(*per["names"].to_list()) if per.height else set()
    if len(every) < 2:
        return ""
    thin = (per["sources"] * 2 < len(every)).to_list()
    runs: list[tuple[int, int]] = []
    start = None
    for i, flag in enumerate([*thin, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i - 1))
            start = None
    runs = [r for r in runs if r[1] > r[0]] or runs[:1]  # single thin periods are noise
    longest = sorted(runs, key=lambda r: (r[0] - r[1], r[0]))[:3]
    notes = []
    every_len = {"day": 1, "week": 7}
    for i, j in sorted(longest):
        first, last = per["period"][i], per["period"][j]
        upto = (pl.date_range(last, last + timedelta(days=400), PERIODS[period], eager=True)[1]
                if period not in every_len else last + timedelta(days=every_len[period]))
        in_run = (_scan(corpus).filter(pl.col("published_at").dt.date() >= first,
                                       pl.col("published_at").dt.date() < upto)
                  .group_by(by).agg(pl.len().alias("n")).collect()
                  .sort(["n", by], descending=[True, False]))
        count = j - i + 1
        span = (f"In {_period_label(first, period)}" if count == 1 else
                f"From {_period_label(first, period)} to {_period_label(last, period)} "
                f"({count} {period}s)")
        most = int(per["sources"][i:j + 1].max())
        have = "has" if most == 1 else "have"
        text = (f"{span} no {by} has articles" if most == 0 else
                f"{span} at most {most} of the {len(every)} {by}s {have} articles in any {period}"
                if count > 1 else f"{span} only {most} of the {len(every)} {by}s {have} articles")
        if in_run.height:
            top, n = in_run.row(0)
            share = n / in_run["n"].sum()
            text += (f"; {top} wrote {share:.0%} of them, so the lines there mostly show "
                     "that outlet" if share >= 0.5 else "")
        notes.append(text + ".")
    if len(runs) > len(longest):
        notes.append(f"{len(runs) - len(longest)} shorter stretches are thin as well.")
    return " ".join(notes)


def articles_outside_focus(corpus: CorpusLike, focus: TimeFocus) -> pl.DataFrame:
    """The dated articles an over-time view leaves out, grouped by source and month.

    Returns
    -------
    polars.DataFrame
        ``source``, ``month`` (``YYYY-MM``), ``articles`` (u32), ``first``,
        ``last`` (publication times), ``example`` (one title); oldest first.
        Empty when nothing is left out.

    Examples
    --------
    >>> articles_outside_focus(corpus, time_focus(corpus))  # doctest: +SKIP
    """
    schema = {"source": pl.String, "month": pl.String, "articles": pl.UInt32,
              "first": pl.Datetime("us", "UTC"), "last": pl.Datetime("us", "UTC"),
              "example": pl.String}
    if not focus.trimmed:
        return pl.DataFrame(schema=schema)
    day = pl.col("published_at").dt.date()
    return (_scan(corpus).filter(pl.col("published_at").is_not_null()
                                 & ~day.is_between(focus.first, focus.last))
            .group_by("source", pl.col("published_at").dt.strftime("%Y-%m").alias("month"))
            .agg(pl.len().cast(pl.UInt32).alias("articles"),
                 pl.col("published_at").min().alias("first"),
                 pl.col("published_at").max().alias("last"),
                 pl.col("title").sort_by("published_at").first().alias("example"))
            .sort("first", "source").collect().select(list(schema)))


# --------------------------------------------------------------------------- charts

def chart_articles_over_time(frame: pl.DataFrame, *, by: str | None = "source",
                             title: str | None = None, width: int = 640, height: int = 260):
    """Line chart of :func:`articles_over_time` (one line per group).

    Examples
    --------
    >>> chart = chart_articles_over_time(articles_over_time(corpus))  # doctest: +SKIP
    """
    import altair as alt

    encode = {
        "x": alt.X("period:T", title=None),
        "y": alt.Y("articles:Q", title="articles"),
        "tooltip": [alt.Tooltip("period:T"), *([alt.Tooltip(f"{by}:N")] if by else []),
                    alt.Tooltip("articles:Q", format=",")],
    }
    if by:
        encode["color"] = alt.Color(f"{by}:N", title=by, sort="-y")
    chart = alt.Chart(frame).mark_line(point=frame.height <= 400)
    return chart.encode(**encode).properties(
        width=width, height=height, title=title or "Articles over time")


def chart_counts(frame: pl.DataFrame, *, category: str, value: str = "articles",
                 color: str | None = None, title: str | None = None, width: int = 480):
    """Horizontal bar chart of counts per ``category``, largest first.

    Examples
    --------
    >>> chart = chart_counts(language_counts(corpus), category="language")  # doctest: +SKIP
    """
    import altair as alt

    tooltip = [alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", format=",")]
    if "share" in frame.columns:
        tooltip.append(alt.Tooltip("share:Q", format=".1%"))
    encode = {
        "y": alt.Y(f"{category}:N", sort="-x", title=None),
        "x": alt.X(f"{value}:Q", title=value),
        "tooltip": tooltip,
    }
    if color:
        encode["color"] = alt.Color(f"{color}:N")
    rows = max(1, frame.select(pl.col(category).n_unique()).item())
    return alt.Chart(frame).mark_bar().encode(**encode).properties(
        width=width, height=min(600, 22 * rows + 10), title=title or "")


def chart_comparison(keyness_frame: pl.DataFrame, comparison: Comparison, *, top: int = 15,
                     width: int = 420):
    """Keyness of one comparison as one readable panel; each-vs-rest as a panel per value.

    A single comparison (``kind`` ``values`` or ``periods``) is drawn as
    diverging bars of the binary log ratio of the two rates per 10,000 words,
    the ``top`` strongest (by G²) over- and under-used terms, with the axis
    saying what a bar's length means. ``kind="each"`` keeps one panel per
    value (:func:`tassanalysis.charts.chart_keyness`).

    Examples
    --------
    >>> chart = chart_comparison(compare_terms(corpus, comparison(corpus)),
    ...                          comparison(corpus))  # doctest: +SKIP
    """
    import altair as alt

    from tassanalysis import charts

    if comparison.kind == "each":
        return charts.chart_keyness(keyness_frame, top=top,
                                    title=f"Keyness: {comparison.label} (G², signed)")
    target, _, reference = comparison.label.partition(" vs ")
    axis = (f"log₂ of (rate in {target} ÷ rate in {reference}): "
            "+1 = twice as frequent, −1 = half as frequent")
    chart = charts.chart_keyness(keyness_frame, top=top, value="log_ratio", width=width,
                                 title=f"Terms over- and under-used in {target} "
                                       f"compared with {reference}")
    return chart.encode(x=alt.X("value:Q", title=axis))


def keyness_table(keyness_frame: pl.DataFrame, comparison: Comparison) -> pl.DataFrame:
    """A keyness result for reading: over-used terms first, strongest first, named columns.

    The ``count``/``rate`` columns are renamed after the two sides of a
    single comparison (``"count in tass.com"``, ``"per 10k in others"``
    where the reference is the other sources); the p-values and ``chi2``
    columns are dropped (G² above 10.8 means p < 0.001). Each-vs-rest
    results keep their group column and read ``target``/``rest``.

    Examples
    --------
    >>> keyness_table(compare_terms(corpus, comparison(corpus)),
    ...               comparison(corpus)).columns[:3]  # doctest: +SKIP
    ['direction', 'term', 'count in tass.com']
    """
    if keyness_frame.height == 0:
        return keyness_frame
    if comparison.kind == "each":
        target, reference = "target", "rest"
    else:
        target, _, reference = comparison.label.partition(" vs ")
        if reference.startswith("the other "):
            reference = "others"
    groups = [c for c in keyness_frame.columns if c not in (
        "term", "count_target", "count_reference", "rate_target", "rate_reference", "g2",
        "g2_p", "chi2", "chi2_p", "log_ratio", "direction")]
    return (keyness_frame.sort([*groups, "direction", "g2"],
                               descending=[*(False for _ in groups), False, True])
            .select(*groups, "direction", "term",
                    pl.col("count_target").alias(f"count in {target}"),
                    pl.col("count_reference").alias(f"count in {reference}"),
                    pl.col("rate_target").alias(f"per 10k in {target}"),
                    pl.col("rate_reference").alias(f"per 10k in {reference}"),
                    "log_ratio", "g2"))
