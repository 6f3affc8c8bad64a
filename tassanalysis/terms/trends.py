"""Chosen terms followed over time, from a per-period term count table."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from tassanalysis.terms.counting import term_counts  # noqa: F401 - used in the example
from tassanalysis.vocab import check_period

__all__ = ["term_rates", "term_trends"]


def term_rates(counts: pl.DataFrame, terms: Iterable[str], *, period: str,
                lowercase: bool = True) -> pl.DataFrame:
    """Follow chosen terms over time in a per-period term count table.

    Parameters
    ----------
    counts : polars.DataFrame
        :func:`term_counts` with ``period=`` (one row per period and term that
        occurs, with the period's ``tokens``).
    terms : iterable of str
        Terms to follow (as they appear in ``counts["term"]``).
    period : str
        The ``period`` the counts were made with; periods with no article in
        between are filled in.
    lowercase : bool, default True
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
    >>> from tassanalysis import datasets
    >>> counts = term_counts(datasets.load_sample(), period="year")
    >>> term_rates(counts, ["Trump"], period="year").filter(pl.col("count") > 0).rows()
    [(datetime.date(2016, 1, 1), 'trump', 6, 8986, 6.677053193857112), (datetime.date(2017, 1, 1), 'trump', 486, 139772, 34.770912629138884), (datetime.date(2024, 1, 1), 'trump', 2, 4257, 4.698144233027954)]
    """
    every = check_period(period)
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




def term_trends(counts: pl.DataFrame, terms: Iterable[str], *, period: str,
                **options) -> pl.DataFrame:
    """Deprecated name of :func:`term_rates` (kept for one release).

    ``tassanalysis.term_trends`` is now the topic-trends function
    (:func:`tassanalysis.topics.term_trends`: shares of articles with intervals, from a
    corpus); rates per 10,000 words from a count table are :func:`term_rates`.

    Parameters
    ----------
    counts, terms, period, **options
        As for :func:`term_rates`.

    Returns
    -------
    polars.DataFrame
        As :func:`term_rates`.
    """
    import warnings

    warnings.warn("tassanalysis.terms.term_trends is renamed term_rates",
                  DeprecationWarning, stacklevel=2)
    return term_rates(counts, terms, period=period, **options)
