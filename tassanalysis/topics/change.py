"""What changes: emerging (and falling) terms, and change points in topic shares.

* :func:`emerging_terms` compares the share of articles (or words) using each
  term in a target period (by default the latest) with a baseline window of the
  periods before it: ranked by an effect size (binary log ratio of the two
  rates, with 0.5 added to each count) among terms whose change is significant
  by the log-likelihood G² of the 2×2 table, with minimum counts so that rare
  words do not dominate.
* :func:`change_points` finds where a topic's share shifts, with ``ruptures``'
  PELT search on a least-squares cost; the penalty is scaled to the noise of the
  series (estimated from its period-to-period differences).

Examples
--------
>>> import polars as pl, datetime as dt
>>> shares = pl.DataFrame({"period": pl.date_range(dt.date(2025, 1, 1), dt.date(2025, 12, 1),
...                                                "1mo", eager=True),
...                        "topic": "x", "period_articles": 100,
...                        "share": [0.1, 0.11, 0.09, 0.1, 0.1, 0.11, 0.4, 0.41, 0.39, 0.4, 0.42,
...                                  0.4]})
>>> change_points(shares)["period"].to_list()
[datetime.date(2025, 7, 1)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import polars as pl

from tassanalysis.topics.learned import _long_terms, _stopword_set
from tassanalysis.topics.trends import (
    PERIODS,
    ReadText,
    _as_list,
    _period_expr,
    reading_text,
)

__all__ = ["change_points", "emerging_terms", "g_squared"]

Corpus = pl.DataFrame | pl.LazyFrame


def g_squared(a: pl.Expr, n1: pl.Expr, b: pl.Expr, n2: pl.Expr) -> pl.Expr:
    """Log-likelihood G² of the 2×2 table (a, n1 − a; b, n2 − b) as an expression.

    Examples
    --------
    >>> import polars as pl
    >>> f = pl.DataFrame({"a": [30], "n1": [100], "b": [10], "n2": [100]})
    >>> round(f.select(g_squared(pl.col("a"), pl.col("n1"), pl.col("b"), pl.col("n2"))).item(), 3)
    12.972
    """
    a, b, n1, n2 = (x.cast(pl.Float64) for x in (a, b, n1, n2))
    n = n1 + n2
    cells = [(a, n1 * (a + b) / n), (n1 - a, n1 * (n - a - b) / n),
             (b, n2 * (a + b) / n), (n2 - b, n2 * (n - a - b) / n)]
    terms = [pl.when(o > 0).then(o * (o / e).log()).otherwise(0.0) for o, e in cells]
    return (2 * pl.sum_horizontal(terms)).clip(lower_bound=0.0)


def _target_period(spec: str | dt.date | None, periods: pl.Series, period: str) -> dt.date:
    if spec is None or spec == "":
        return periods.max()
    day = spec if isinstance(spec, dt.date) else dt.date.fromisoformat(
        spec if len(spec) == 10 else f"{spec}-01" if len(spec) == 7 else f"{spec}-01-01")
    got = pl.select(pl.lit(dt.datetime.combine(day, dt.time()), dtype=pl.Datetime("us"))
                    .dt.truncate(PERIODS[period]).dt.date()).item()
    if got not in set(periods.to_list()):
        raise ValueError(f"no articles in the {period} of {spec}")
    return got


def emerging_terms(corpus: Corpus, *, period: str = "month", target: str | dt.date | None = None,
                   baseline: int | None = 3, min_count: int = 5, top: int | None = 20,
                   falling: bool = False, min_g2: float = 10.83, measure: str = "articles",
                   text: str | Iterable[str] | ReadText = "auto",
                   stopwords: str | Iterable[str] | None = "en+ru", ngram: int = 1,
                   by: str | Sequence[str] | None = None) -> pl.DataFrame:
    """Terms whose share rises (or falls) most in a period against the periods before it.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        Canonical corpus with ``published_at``.
    period : str, default "month"
        ``day``, ``week``, ``month``, ``quarter`` or ``year``.
    target : str or date, optional
        The period looked at (``"2026-02"``, ``"2026-02-16"``); default the latest.
    baseline : int or None, default 3
        How many periods before the target form the baseline; None for all of them.
    min_count : int, default 5
        A rising term needs this many articles (or uses) in the target; a falling
        one this many in the baseline.
    top : int or None, default 20
        Terms returned (per group).
    falling : bool, default False
        Return the terms that fall most instead.
    min_g2 : float, default 10.83
        Smallest G² kept (10.83: p < 0.001, one degree of freedom).
    measure : {"articles", "tokens"}
        Rates are articles using the term per article, or uses per word.
    text, stopwords, ngram
        As :func:`~tassanalysis.topics.learned.document_terms`.
    by : str or list of str, optional
        Compare within each group (e.g. ``"source"``).

    Returns
    -------
    polars.DataFrame
        ``by…``, ``term``, ``count_target``, ``count_baseline``, ``rate_target``,
        ``rate_baseline`` (per 1,000 articles or words), ``log_ratio`` (binary log
        of the rate ratio), ``g2``, ``p_value``, ``rank``, plus ``target`` (the
        period), ``baseline_from`` / ``baseline_to`` and ``skipped_periods``: the
        calendar periods between the baseline's first and the target that have no
        article (0 when the baseline is the periods just before the target; more
        when it reaches back over a gap, which a report must say).

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> days = [dt.datetime(2025, m, 1) for m in (1, 2, 3) for _ in range(20)]
    >>> bodies = ["talks on trade"] * 40 + ["talks on drones"] * 20
    >>> c = pl.DataFrame({"doc_id": [str(i) for i in range(60)], "body": bodies,
    ...                   "published_at": days})
    >>> emerging_terms(c, text="body")[["term", "count_target", "count_baseline"]].rows()
    [('drones', 20, 0)]
    """
    from scipy.stats import chi2

    if measure not in ("articles", "tokens"):
        raise ValueError(f"measure must be 'articles' or 'tokens', not {measure!r}")
    read = reading_text(corpus, text)
    keys = _as_list(by)
    rows = (corpus.lazy().with_row_index("row")
            .select("row", _period_expr(period), *[pl.col(c) for c in keys])
            .filter(pl.col("period").is_not_null()).collect())
    if rows.height == 0:
        raise ValueError("no dated articles")
    periods = rows["period"].unique().sort()
    when = _target_period(target, periods, period)
    before = periods.filter(periods < when)
    if baseline is not None:
        before = before.tail(baseline)
    if before.len() == 0:
        raise ValueError(f"nothing before {when} to compare with")
    rows = rows.with_columns(side=pl.when(pl.col("period") == when).then(pl.lit("target"))
                             .when(pl.col("period").is_in(before.implode()))
                             .then(pl.lit("baseline")).otherwise(None)).drop_nulls("side")
    # Only the target and baseline articles are cut into words.
    sub = (corpus.lazy().with_row_index("_orig")
           .filter(pl.col("_orig").is_in(rows["row"].implode())).collect())
    sides = (sub.select(pl.col("_orig").alias("row"))
             .with_row_index("sub_row").join(rows, on="row", how="inner"))
    long = pl.concat(_long_terms(sub.drop("_orig"), read, stop=_stopword_set(stopwords),
                                 ngram=ngram))
    long = (long.rename({"row": "sub_row"})
            .join(sides.lazy().select("sub_row", "row", "side", *keys), on="sub_row",
                  how="inner").drop("sub_row"))
    if measure == "articles":
        counts = long.unique(["row", "term"]).group_by(keys + ["side", "term"]).agg(n=pl.len())
        totals = rows.group_by(keys + ["side"]).agg(total=pl.len())
    else:
        counts = long.group_by(keys + ["side", "term"]).agg(n=pl.len())
        totals = long.group_by(keys + ["side"]).agg(total=pl.len()).collect()
    wide = (counts.collect().pivot("side", index=keys + ["term"], values="n")
            .with_columns([pl.col(c).fill_null(0) if c in ("target", "baseline")
                           else pl.lit(0).alias(c) for c in ("target", "baseline")]))
    tot = totals.pivot("side", index=keys, values="total") if keys else totals.pivot(
        "side", values="total")
    for c in ("target", "baseline"):
        if c not in tot.columns:
            tot = tot.with_columns(pl.lit(0).alias(c))
    tot = tot.rename({"target": "n_target", "baseline": "n_baseline"})
    wide = wide.join(tot, on=keys, how="left") if keys else wide.join(tot, how="cross")
    a, b = pl.col("target"), pl.col("baseline")
    n1, n2 = pl.col("n_target"), pl.col("n_baseline")
    out = wide.with_columns(
        rate_target=1000 * a / n1, rate_baseline=1000 * b / n2,
        log_ratio=(((a + 0.5) / n1) / ((b + 0.5) / n2)).log(2),
        g2=g_squared(a, n1, b, n2),
    ).filter((n1 > 0) & (n2 > 0))
    if falling:
        out = out.filter((b >= min_count) & (pl.col("log_ratio") < 0))
    else:
        out = out.filter((a >= min_count) & (pl.col("log_ratio") > 0))
    out = out.filter(pl.col("g2") >= min_g2)
    out = out.with_columns(p_value=pl.Series(chi2.sf(out["g2"].to_numpy(), 1)))
    out = out.sort(keys + ["log_ratio", "g2", "term"],
                   descending=[False] * len(keys) + [not falling, True, False])
    out = out.with_columns(rank=pl.int_range(1, pl.len() + 1).over(keys) if keys
                           else pl.int_range(1, pl.len() + 1))
    if top:
        out = out.filter(pl.col("rank") <= top)
    return out.select(*keys, "term", count_target="target", count_baseline="baseline",
                      rate_target="rate_target", rate_baseline="rate_baseline",
                      log_ratio="log_ratio", g2="g2", p_value="p_value", rank="rank",
                      target=pl.lit(when), baseline_from=pl.lit(before.min()),
                      baseline_to=pl.lit(before.max()),
                      skipped_periods=pl.lit(_skipped(before, when, period), dtype=pl.Int64))


def _skipped(before: pl.Series, when: dt.date, period: str) -> int:
    """Calendar periods from the baseline's first to the target without any article."""
    from tassanalysis.topics.trends import _all_periods

    calendar = _all_periods(before.min(), when, period)
    return int(calendar.len() - before.len() - 1)


def _noise(x: np.ndarray) -> float:
    """Standard deviation of the noise, from the median absolute first difference."""
    if len(x) < 3:
        return float(np.std(x)) or 1e-9
    d = np.diff(x)
    sigma = np.median(np.abs(d - np.median(d))) / (0.6745 * np.sqrt(2))
    return float(sigma) if sigma > 0 else (float(np.std(d)) / np.sqrt(2) or 1e-9)


def change_points(trends: pl.DataFrame, *, value: str = "share", penalty: float = 3.0,
                  min_size: int = 2, by: str | Sequence[str] | None = None,
                  topic: str | None = None) -> pl.DataFrame:
    """Periods where a series' level shifts (ruptures PELT, least-squares cost).

    Parameters
    ----------
    trends : polars.DataFrame
        Output of :func:`~tassanalysis.topics.trends.topic_trends` or
        ``term_trends`` (``period``, the topic column, ``value``). Periods
        without any article (``period_articles == 0``) are left out of the series.
    value : str, default "share"
        The column searched.
    penalty : float, default 3.0
        Penalty per change point, in units of ``noise² × log(n)`` (noise from the
        median absolute period-to-period difference); larger finds fewer.
    min_size : int, default 2
        Fewest periods between two change points.
    by : str or list of str, optional
        Further grouping columns of ``trends`` (e.g. ``"source"``).
    topic : str, optional
        The topic column; ``"topic"`` or ``"term"`` by default.

    Returns
    -------
    polars.DataFrame
        ``by…``, topic column, ``period`` (first period at the new level),
        ``before`` and ``after`` (mean ``value`` of the segments either side),
        ``change`` (after − before).

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> t = pl.DataFrame({"period": pl.date_range(dt.date(2025, 1, 5), dt.date(2025, 3, 2),
    ...                                           "1w", eager=True), "topic": "x",
    ...                   "share": [0.2, 0.21, 0.19, 0.2, 0.6, 0.61, 0.59, 0.6, 0.6]})
    >>> change_points(t).select("period", pl.col("change").round(3)).rows()
    [(datetime.date(2025, 2, 2), 0.4)]
    """
    import ruptures

    col = topic or ("topic" if "topic" in trends.columns else "term")
    keys = _as_list(by) + [col]
    frame = trends
    if "period_articles" in frame.columns:
        frame = frame.filter(pl.col("period_articles") > 0)
    out: list[dict[str, Any]] = []
    for key, part in frame.sort("period").group_by(keys, maintain_order=True):
        x = part[value].to_numpy().astype(np.float64)
        if len(x) < 2 * min_size:
            continue
        sigma = _noise(x)
        pen = penalty * sigma * sigma * np.log(len(x))
        algo = ruptures.Pelt(model="l2", min_size=min_size, jump=1).fit(x.reshape(-1, 1))
        bkps = algo.predict(pen=pen)[:-1]
        edges = [0, *bkps, len(x)]
        for i, b in enumerate(bkps):
            before = float(x[edges[i]:b].mean())
            after = float(x[b:edges[i + 2]].mean())
            out.append({**dict(zip(keys, key, strict=True)), "period": part["period"][b],
                        "before": before, "after": after, "change": after - before})
    schema = {k: trends.schema[k] for k in keys} | {
        "period": pl.Date, "before": pl.Float64, "after": pl.Float64, "change": pl.Float64}
    return pl.DataFrame(out, schema=schema, orient="row")
