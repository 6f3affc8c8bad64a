"""Keyness: terms over- and under-used in one part of a corpus against another.

:func:`keyness` sets a target against a reference; :func:`each_vs_rest` does it for
every value of a column in one pass. A :class:`Comparison` names what a report
compares — chosen by :func:`comparison` from a report's parameters, with sensible
defaults (TASS against the other outlets; on a single-outlet corpus the latest
period against the periods before it) — carries the names of its two sides and a
sentence saying what is compared, and runs with :func:`compare_terms`.

Examples
--------
>>> from tassanalysis import datasets
>>> sample = datasets.load_sample()
>>> compare = comparison(sample)
>>> compare.target_name, compare.reference_name
('tass.com', 'the other 8 sources')
>>> compare_terms(sample, compare, top=3).filter(direction="over")["term"].to_list()
['russia', 'russian', 'putin']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from tassanalysis.terms.counting import (
    _TEXT,
    Corpus,
    TextOption,
    _count,
    _display_forms,
    _Groups,
    _n_rows,
    _prepare_stems,
    _stopword_set,
    _text_column,
)
from tassanalysis.vocab import (
    DEFAULT_STOPWORDS,
    MIN_COUNT,
    Stopwords,
    as_list,
    is_period_string,
    period_bounds,
    period_string,
)

__all__ = [
    "Comparison",
    "compare_terms",
    "comparison",
    "each_vs_rest",
    "keyness",
    "tass_sources",
    "top_key_terms",
]


def _selector(spec, corpus: Corpus) -> pl.Expr:
    """Turn a target/reference spec into a boolean expression over ``corpus``."""
    if isinstance(spec, pl.Expr):
        return spec
    if isinstance(spec, Mapping):
        parts = []
        for col, value in spec.items():
            if isinstance(value, (list, tuple, set, frozenset)):
                parts.append(pl.col(col).is_in(pl.Series(list(value)).implode()))
            else:
                parts.append(pl.col(col) == value)
        return pl.all_horizontal(parts) if parts else pl.lit(True)
    if isinstance(spec, str):
        start, end = period_bounds(spec)
        ts = pl.col("published_at")
        return (ts >= start) & (ts < end)
    raise TypeError("target/reference must be a pl.Expr, a dict, a period string or a frame")


def _keyness_table(counts: pl.DataFrame, n_target: int, n_reference: int, *,
                   min_count: int) -> pl.DataFrame:
    """Statistics from ``term, count_target, count_reference`` and the two word totals."""
    from scipy.stats import chi2 as chi2_dist

    a = pl.col("count_target").cast(pl.Float64)
    b = pl.col("count_reference").cast(pl.Float64)
    n1, n2 = float(n_target), float(n_reference)
    total = n1 + n2
    out = counts.filter((pl.col("count_target") + pl.col("count_reference")) >= min_count)
    # 2×2 table: [[a, b], [n1 - a, n2 - b]]; expected = row total × column total / N.
    cells = [
        (a, (a + b) * n1 / total),
        (b, (a + b) * n2 / total),
        (n1 - a, (total - a - b) * n1 / total),
        (n2 - b, (total - a - b) * n2 / total),
    ]
    g2 = 2 * pl.sum_horizontal([
        pl.when(o > 0).then(o * (o / e).log()).otherwise(0.0) for o, e in cells])
    chi2 = pl.sum_horizontal([(o - e) ** 2 / e for o, e in cells])
    # Hardie's log ratio; with a zero count, half an occurrence in the larger corpus is
    # added to both relative frequencies (finite, and the sign follows `direction`).
    small = 0.5 / max(n1, n2, 1.0)
    zero = (a == 0) | (b == 0)
    rate_a = a / n1 if n1 else pl.lit(0.0)
    rate_b = b / n2 if n2 else pl.lit(0.0)
    log_ratio = (pl.when(zero).then((rate_a + small) / (rate_b + small))
                 .otherwise(rate_a / rate_b).log(2))
    out = out.with_columns(
        rate_target=a / n1 * 10_000 if n1 else pl.lit(0.0),
        rate_reference=b / n2 * 10_000 if n2 else pl.lit(0.0),
        g2=g2 if n1 and n2 else pl.lit(float("nan")),
        chi2=chi2 if n1 and n2 else pl.lit(float("nan")),
        log_ratio=log_ratio if n1 and n2 else pl.lit(float("nan")),
    )
    out = out.with_columns(
        g2_p=pl.Series(chi2_dist.sf(out["g2"].to_numpy(), 1), dtype=pl.Float64),
        chi2_p=pl.Series(chi2_dist.sf(out["chi2"].to_numpy(), 1), dtype=pl.Float64),
        direction=pl.when(pl.col("rate_target") >= pl.col("rate_reference"))
        .then(pl.lit("over")).otherwise(pl.lit("under")),
    )
    return out


def _sorted_keyness(out: pl.DataFrame, top: int | None, keys: list[str]) -> pl.DataFrame:
    signed = pl.when(pl.col("direction") == "over").then(pl.col("g2")).otherwise(-pl.col("g2"))
    out = out.with_columns(_signed=signed)
    if top is not None:
        rank = pl.col("g2").rank("ordinal", descending=True)
        over_keys = keys + ["direction"]
        out = out.filter(rank.over(over_keys) <= top)
    cols = keys + ["term", "count_target", "count_reference", "rate_target", "rate_reference",
                   "g2", "g2_p", "chi2", "chi2_p", "log_ratio", "direction"]
    return out.sort(keys + ["_signed", "term"], descending=[False] * len(keys) + [True, False]
                    ).select(cols)


def keyness(corpus: Corpus, *, target: Any, reference: Any = None, text: TextOption = "body",
            stopwords: Stopwords = DEFAULT_STOPWORDS, stem: bool = False, ngram: int = 1,
            min_count: int = MIN_COUNT, top: int | None = None, lowercase: bool = True,
            dateline: bool = False) -> pl.DataFrame:
    """Terms over- and under-used in a target part of a corpus against a reference.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        Canonical corpus.
    target, reference : polars.Expr, dict, str, frame or None
        Each a boolean ``pl.Expr`` (``pl.col("source") == "tass.com"``), a dict of
        column values (``{"source": "tass.com"}``; a list value means any of them),
        a period string (``"2017"``, ``"2017-Q1"``, ``"2017-03"``, ``"2017-03-05"``,
        ``"2017-01..2017-03"``; of ``published_at``, UTC), or a whole second corpus
        frame. ``reference=None`` means the rest of ``corpus`` (needs a non-frame target).
    text : str or sequence of str, default "body"
        The text read (:func:`tassanalysis.text.analysis_text`).
    stopwords, stem, ngram, lowercase
        As in :func:`~tassanalysis.terms.term_frequency`.
    min_count : int, default 5
        Drop terms seen fewer times than this in target and reference together.
    top : int or None
        Keep the ``top`` over-used and the ``top`` under-used terms (by G²).
    dateline : bool, default False
        Count the body's opening dateline too.

    Returns
    -------
    polars.DataFrame
        ``term``, ``count_target``, ``count_reference``, ``rate_target``,
        ``rate_reference`` (per 10k words), ``g2`` (log-likelihood G² of the 2×2
        table term/other words × target/reference, as ``scipy.stats.chi2_contingency(
        lambda_="log-likelihood", correction=False)``), ``g2_p``, ``chi2`` (Pearson,
        no continuity correction), ``chi2_p`` (both p-values with 1 degree of
        freedom), ``log_ratio`` (Hardie's binary log ratio ``log2(rate_target /
        rate_reference)``; when either count is zero, ``0.5 / max(N_target,
        N_reference)`` — half an occurrence in the larger corpus — is added to both
        relative frequencies, so that it stays finite and its sign agrees with
        ``direction``),
        ``direction`` (``"over"`` when the target rate is higher, else ``"under"``).
        Sorted from the most over-used to the most under-used (G² signed by
        direction); sort by ``log_ratio`` or ``g2`` for other views.

    Examples
    --------
    >>> c = pl.DataFrame({"source": ["tass.com", "bbc"],
    ...                   "body": ["Moscow Moscow Moscow London", "London London London Moscow"]})
    >>> keyness(c, target={"source": "tass.com"}, min_count=1)[["term", "direction"]].rows()
    [('moscow', 'over'), ('london', 'under')]
    """
    stop = _stopword_set(stopwords)
    options = dict(text=_TEXT, ngram=ngram, lowercase=lowercase, numbers=False, stop=stop)
    column = _text_column(text, dateline)
    frames = (pl.DataFrame, pl.LazyFrame)
    if isinstance(target, frames) or isinstance(reference, frames):
        if isinstance(target, frames):
            t_frame = target
        else:
            t_frame = corpus.lazy().filter(_selector(target, corpus).fill_null(False))
        if reference is None:
            raise ValueError("reference=None (the rest) needs a target that is not a frame")
        r_frame = (reference if isinstance(reference, frames)
                   else corpus.lazy().filter(_selector(reference, corpus).fill_null(False)))
        both = pl.concat([
            t_frame.lazy().select(column).with_columns(gid=pl.lit(0, pl.UInt32)),
            r_frame.lazy().select(column).with_columns(gid=pl.lit(1, pl.UInt32)),
        ]).with_row_index("doc")
        streaming = isinstance(t_frame, pl.LazyFrame) or isinstance(r_frame, pl.LazyFrame)
        n_rows = None if streaming else t_frame.height + r_frame.height
    else:
        t_expr = _selector(target, corpus).fill_null(False)
        # rows where the target test is null (e.g. an undated article against a
        # period) belong to neither side
        r_expr = ((~_selector(target, corpus)).fill_null(False) if reference is None
                  else _selector(reference, corpus).fill_null(False))
        gid = pl.when(t_expr).then(0).when(r_expr).then(1).otherwise(2).cast(pl.UInt32)
        both = (corpus.lazy().select(column, gid=gid).filter(pl.col("gid") < 2)
                .with_row_index("doc"))
        streaming = isinstance(corpus, pl.LazyFrame)
        n_rows = None
        if not streaming:
            both = both.collect().lazy()
            n_rows = both.select(pl.len()).collect().item()
    stems = _prepare_stems(both, stem=stem, streaming=streaming, text=_TEXT,
                           lowercase=lowercase, numbers=False, stop=stop)
    counts, totals, forms = _count(both, streaming=streaming, n_rows=n_rows, stems=stems,
                                   surface=stem, **options)
    return _keyness_from_counts(counts, totals, forms, stem=stem, min_count=min_count, top=top)


def _keyness_from_counts(counts: pl.DataFrame, totals: pl.DataFrame, forms, *, stem: bool,
                         min_count: int, top: int | None) -> pl.DataFrame:
    tot = dict(zip(totals["gid"].to_list(), totals["tokens"].to_list(), strict=True))
    wide = (counts.filter(pl.col("gid") == 0).select("term", count_target="count")
            .join(counts.filter(pl.col("gid") == 1).select("term", count_reference="count"),
                  on="term", how="full", coalesce=True)
            .with_columns(pl.col("count_target", "count_reference").fill_null(0)))
    out = _keyness_table(wide, tot.get(0, 0), tot.get(1, 0), min_count=min_count)
    if stem:
        out = out.rename({"term": "stem"}).join(
            _display_forms(forms).rename({"term": "stem", "display": "term"}), on="stem",
            how="left")
    return _sorted_keyness(out, top, [])


def each_vs_rest(corpus: Corpus, *, by: str = "source", text: TextOption = "body",
                 stopwords: Stopwords = DEFAULT_STOPWORDS, ngram: int = 1,
                 min_count: int = MIN_COUNT, top: int | None = 20, lowercase: bool = True,
                 dateline: bool = False) -> pl.DataFrame:
    """Keyness of each value of ``by`` against all other rows (counted in one pass).

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
    by : str, default "source"
    text, stopwords, ngram, min_count, lowercase, dateline
        As in :func:`keyness`.
    top : int or None, default 20
        Over- and under-used terms kept per value.

    Returns
    -------
    polars.DataFrame
        ``by`` plus the columns of :func:`keyness`; ``top`` over- and under-used
        terms per value.

    Examples
    --------
    >>> c = pl.DataFrame({"source": ["a", "b"], "body": ["Moscow Moscow", "London London"]})
    >>> each_vs_rest(c, min_count=1, top=1).filter(direction="over")[["source", "term"]].rows()
    [('a', 'moscow'), ('b', 'london')]
    """
    groups = _Groups(corpus, [by], None)
    stop = _stopword_set(stopwords)
    streaming = isinstance(corpus, pl.LazyFrame)
    counts, totals, _ = _count(groups.attach(corpus, text, dateline), streaming=streaming,
                               n_rows=_n_rows(corpus), text=_TEXT, ngram=ngram,
                               lowercase=lowercase, numbers=False, stop=stop, stems=None)
    all_counts = counts.group_by("term").agg(total=pl.col("count").sum())
    n_all = int(totals["tokens"].sum())
    results = []
    for gid, value in groups.table.select("gid", by).iter_rows():
        mine = counts.filter(pl.col("gid") == gid).select("term", count_target="count")
        wide = all_counts.join(mine, on="term", how="left").with_columns(
            count_target=pl.col("count_target").fill_null(0))
        wide = wide.with_columns(count_reference=pl.col("total") - pl.col("count_target"))
        wide = wide.drop("total")
        n_t = int(totals.filter(pl.col("gid") == gid)["tokens"].sum())
        table = _keyness_table(wide, n_t, n_all - n_t, min_count=min_count)
        results.append(table.with_columns(pl.lit(value).alias(by)))
    if not results:
        empty = pl.DataFrame(schema={"term": pl.String, "count_target": pl.UInt64,
                                     "count_reference": pl.UInt64})
        results.append(_keyness_table(empty, 0, 0, min_count=min_count).with_columns(
            pl.lit(None, dtype=pl.String).alias(by)))
    return _sorted_keyness(pl.concat(results), top, [by])




# --------------------------------------------------------------------------- comparisons

_KEYNESS_SCHEMA = {"term": pl.String, "count_target": pl.UInt64, "count_reference": pl.UInt64,
                   "rate_target": pl.Float64, "rate_reference": pl.Float64, "g2": pl.Float64,
                   "g2_p": pl.Float64, "chi2": pl.Float64, "chi2_p": pl.Float64,
                   "log_ratio": pl.Float64, "direction": pl.String}


@dataclass(frozen=True)
class Comparison:
    """What a keyness analysis sets against what, with the names of both sides.

    ``kind`` is ``"each"`` (each value of ``by`` against the rest), ``"values"``
    (values of ``by``), ``"periods"`` (period strings such as ``2017-Q4`` or
    ``2017-11..2017-12``) or ``"none"`` (nothing to compare). ``target`` /
    ``reference`` are what :func:`keyness` takes (``reference`` None: the rest).
    ``description`` is one sentence for a reader.

    Examples
    --------
    >>> Comparison("values", "source", {"source": ["tass.com"]}, None, "tass.com",
    ...            "the other 8 sources").label
    'tass.com vs the other 8 sources'
    """

    kind: str
    by: str
    target: Any
    reference: Any
    target_name: str
    reference_name: str
    description: str = ""

    @property
    def label(self) -> str:
        """``"<target> vs <reference>"``, for a title."""
        return f"{self.target_name} vs {self.reference_name}"


def tass_sources(sources: Iterable[str]) -> list[str]:
    """The TASS outlets among source names: ``tass.com``, ``tass.ru`` (and their subdomains).

    Parameters
    ----------
    sources : iterable of str

    Returns
    -------
    list of str
        Sorted.

    Examples
    --------
    >>> tass_sources(["bbc.co.uk", "tass.ru", "tass.com", "tass.com.example.org"])
    ['tass.com', 'tass.ru']
    """
    pattern = re.compile(r"^(?:[\w-]+\.)*tass\.(?:com|ru)$", re.IGNORECASE)
    return sorted(s for s in set(sources) if s and pattern.match(s))


def _scan(corpus: str | Path | Corpus) -> pl.LazyFrame:
    from tassanalysis.selection import scan_corpus

    return scan_corpus(corpus)


def _articles(n: int) -> str:
    return f"{n:,} article{'s' if n != 1 else ''}"


def _comparison_period(first: dt.date, last: dt.date) -> str:
    days = (last - first).days + 1
    if days >= 3 * 365:
        return "year"
    if days >= 180:
        return "quarter"
    if days >= 56:
        return "month"
    return "week" if days >= 14 else "day"


def _fmt(day: dt.date) -> str:
    from tassanalysis.vocab import format_day

    return format_day(day)


def _latest_period(corpus: str | Path | Corpus, by: str, period: str) -> Comparison:
    """The latest period of a corpus against all the periods before it."""
    from tassanalysis.focus import period_end
    from tassanalysis.vocab import PERIODS, check_period

    days = (_scan(corpus).filter(pl.col("published_at").is_not_null())
            .group_by(day=pl.col("published_at").dt.date()).agg(n=pl.len())
            .sort("day").collect())
    if days.height == 0:
        return Comparison("none", by, None, None, "", "",
                          "Nothing to compare: no article has a date.")
    first, last = days["day"].min(), days["day"].max()
    period = _comparison_period(first, last) if period == "auto" else period
    check_period(period)
    start = pl.select(pl.lit(last).dt.truncate(PERIODS[period])).item()
    if start <= first:
        return Comparison("none", by, None, None, "", "",
                          f"Nothing to compare: every article falls in one {period} "
                          f"({_fmt(first)} – {_fmt(last)}).")
    before = start - dt.timedelta(days=1)
    if period in ("day", "week"):
        target = f"{start.isoformat()}..{last.isoformat()}"
        reference = f"{first.isoformat()}..{before.isoformat()}"
    else:
        target = period_string(start, period)
        first_start = pl.select(pl.lit(first).dt.truncate(PERIODS[period])).item()
        prev = pl.select(pl.lit(before).dt.truncate(PERIODS[period])).item()
        reference = (period_string(first_start, period) if first_start == prev else
                     f"{period_string(first_start, period)}..{period_string(prev, period)}")
    n_t = int(days.filter(pl.col("day") >= start)["n"].sum())
    n_r = int(days.filter(pl.col("day") < start)["n"].sum())
    partial = "; a partial " + period if last < period_end(start, period) else ""
    target_name = f"{period_string(start, period)}" if period not in ("day", "week") else \
        f"the week of {_fmt(start)}" if period == "week" else _fmt(start)
    t_first = days.filter(pl.col("day") >= start)["day"].min()
    r_last = days.filter(pl.col("day") < start)["day"].max()
    def days_of(a: dt.date, b: dt.date) -> str:
        return _fmt(a) if a == b else f"{_fmt(a)} – {_fmt(b)}"

    description = (f"Compared: the latest {period}, {target_name} (articles of "
                   f"{days_of(t_first, last)}: {_articles(n_t)}{partial}), against the "
                   f"{period}s before it ({days_of(first, r_last)}: {_articles(n_r)}).")
    return Comparison("periods", by, target, reference, target_name,
                      f"the {period}s before", description)


def comparison(corpus: str | Path | Corpus, *, by: str = "source", target: str | None = None,
               reference: str | None = None, period: str = "auto") -> Comparison:
    """Choose what a keyness analysis compares, from a report's parameters.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
        The corpus (or store path) whose values ``target`` must name.
    by : str, default "source"
        Column compared: ``source``, ``section``, ``language`` or ``dateline``.
    target : str or None
        None (or ``""``): when ``by`` is ``source`` and the corpus holds a TASS
        source (:func:`tass_sources`) and other outlets, TASS against the other
        outlets; when it holds a single outlet (or only TASS outlets), its latest
        period against the periods before it; otherwise each value of ``by``
        against the rest (``by="section"``: each section against the others).
        ``"each"``: each value against the rest in any case. A value of ``by``
        (or several, comma-separated): those articles. A period string
        (``2017``, ``2017-Q4``, ``2017-12``, ``2017-12-01``, ``2017-11..2017-12``):
        the articles published in it.
    reference : str or None
        None: the rest of the corpus; else values of ``by`` or a period, like
        ``target``.
    period : str, default "auto"
        The period of the latest-period default: ``auto`` (quarters for half a
        year of articles or more, months from eight weeks, weeks from two,
        else days) or a period name.

    Returns
    -------
    Comparison

    Raises
    ------
    ValueError
        ``by`` is not a column one can compare, or a value does not occur.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> sample = datasets.load_sample()
    >>> comparison(sample).description
    'Compared: tass.com (61 articles) against the other 8 sources (240 articles).'
    >>> tass = sample.filter(pl.col("source") == "tass.com")
    >>> comparison(tass).description  # doctest: +ELLIPSIS
    'Compared: the latest year, 2024 (articles of 26 Dec 2024: 20 articles; a partial year), ...'
    """
    if by not in ("source", "section", "language", "dateline"):
        raise ValueError(f"compare_by {by!r}: use source, section, language or dateline")
    target, reference = (target or "").strip(), (reference or "").strip()
    scan = _scan(corpus)
    if not target or target.lower() == "each":
        if reference:
            raise ValueError("a keyness reference needs a target")
        counts = scan.group_by(by).agg(n=pl.len()).drop_nulls(by).collect()
        values = sorted(counts[by].to_list())
        if not target and by == "source":
            tass = tass_sources(values)
            others = [v for v in values if v not in tass]
            if not others or len(values) == 1:
                return _latest_period(corpus, by, period)
            if tass:
                what = f"the other {len(others)} sources" if len(others) > 1 else others[0]
                n_t = int(counts.filter(pl.col(by).is_in(tass))["n"].sum())
                n_r = int(counts["n"].sum()) - n_t
                return Comparison("values", by, {by: tass}, None, ", ".join(tass), what,
                                  f"Compared: {', '.join(tass)} ({_articles(n_t)}) against "
                                  f"{what} ({_articles(n_r)}).")
        if len(values) < 2:
            return Comparison("none", by, None, None, "", "",
                              f"Nothing to compare: the selection has "
                              f"{'one ' + by if values else 'no ' + by}.")
        return Comparison("each", by, None, None, f"each {by}", "the rest",
                          f"Compared: each of the {len(values)} {by}s against all the "
                          f"others together.")
    if is_period_string(target):
        if reference and not is_period_string(reference):
            raise ValueError(f"reference {reference!r} is not a period like {target!r}")
        n_t = scan.filter(_selector(target, corpus)).select(pl.len()).collect().item()
        rest = (_selector(reference, corpus) if reference
                else ~_selector(target, corpus))
        n_r = scan.filter(rest.fill_null(False)).select(pl.len()).collect().item()
        ref_name = reference or "the rest"
        return Comparison("periods", by, target, reference or None, target, ref_name,
                          f"Compared: {target} ({_articles(n_t)}) against {ref_name} "
                          f"({_articles(n_r)}).")
    counts = scan.group_by(by).agg(n=pl.len()).drop_nulls(by).collect()
    known = set(counts[by].to_list())
    wanted, others = as_list(target), as_list(reference)
    missing = [v for v in wanted + others if v not in known]
    if missing:
        raise ValueError(f"{by} {', '.join(map(repr, missing))} not in the corpus "
                         f"(it has: {', '.join(sorted(known)[:30])})")
    n_t = int(counts.filter(pl.col(by).is_in(wanted))["n"].sum())
    n_r = (int(counts.filter(pl.col(by).is_in(others))["n"].sum()) if others
           else int(counts["n"].sum()) - n_t)
    ref_name = ", ".join(others) if others else "the rest"
    return Comparison("values", by, {by: wanted}, {by: others} if others else None,
                      ", ".join(wanted), ref_name,
                      f"Compared: {', '.join(wanted)} ({_articles(n_t)}) against {ref_name} "
                      f"({_articles(n_r)}).")


#: Significance level of the keyness terms reports and charts show.
KEYNESS_LEVEL = 0.001


def significant_terms(keyness_frame: pl.DataFrame, *, level: float = KEYNESS_LEVEL
                      ) -> pl.DataFrame:
    """The rows of a keyness table whose G² p-value is below ``level``.

    :func:`keyness` returns every term with its p-value; charts and report
    tables show only these, and say which level they used.

    Parameters
    ----------
    keyness_frame : polars.DataFrame
        :func:`keyness`, :func:`each_vs_rest` or :func:`compare_terms` output.
    level : float, default 0.001
        The significance level (:data:`KEYNESS_LEVEL`).

    Returns
    -------
    polars.DataFrame
        The rows with ``g2_p`` below ``level``, in their order.

    Examples
    --------
    >>> k = pl.DataFrame({"term": ["a", "b"], "g2_p": [0.0001, 0.3]})
    >>> significant_terms(k)["term"].to_list()
    ['a']
    """
    return keyness_frame.filter(pl.col("g2_p") < level)


def outlet_name_terms(sources: Iterable[str]) -> list[str]:
    """Words that name an outlet itself ("tass", "jazeera"), from its domain names.

    An outlet's own name and self-references ("told TASS", "Al Jazeera's
    correspondent") set it apart from every other outlet without saying
    anything about its news. The name is the domain's main label
    (``aljazeera`` in ``www.aljazeera.com``, ``chinadaily`` in
    ``europe.chinadaily.com.cn``); a word is a self-reference when it is that
    label, or that label without a leading article (``jazeera``); parts of a
    compound name are not (``china`` in ``chinadaily`` is news).

    Parameters
    ----------
    sources : iterable of str
        The outlets' ``source`` values (domain names).

    Returns
    -------
    list of str
        The words, each once, in the order of the sources.

    Examples
    --------
    >>> outlet_name_terms(["aljazeera.com", "tass.com", "europe.chinadaily.com.cn", "cnn.com"])
    ['aljazeera', 'jazeera', 'tass', 'chinadaily', 'cnn']
    """
    generic = {"www", "com", "co", "org", "net", "news", "ru", "cn", "uk", "us", "de", "fr",
               "int", "gov", "edu", "info", "online", "europe", "english", "en", "m"}
    found: list[str] = []
    for source in sources:
        labels = [p for p in re.split(r"[.\s/]+", str(source).lower()) if p and p not in generic]
        if not labels:
            continue
        name = max(labels, key=len)
        words = [name, *[w for w in re.split(r"[-_]", name) if w != name]]
        # the name without a leading article ("jazeera" in "aljazeera")
        words += [name[len(a):] for a in ("al", "el", "the", "le", "la", "il")
                  if name.startswith(a) and len(name) - len(a) >= 0.6 * len(name)]
        found.extend(w for w in words if len(w) >= 3 and w not in found)
    return found


def compare_terms(corpus: Corpus, comparison: Comparison, *, top: int | None = 15,
                  min_count: int = MIN_COUNT, drop_outlet_names: bool = True,
                  **options: Any) -> pl.DataFrame:
    """Run the keyness analysis a :class:`Comparison` describes.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
    comparison : Comparison
        From :func:`comparison`.
    top : int or None, default 15
        Over- and under-used terms kept (per group).
    min_count : int, default 5
    drop_outlet_names : bool, default True
        Leave out the outlets' own names and self-references
        (:func:`outlet_name_terms` of the corpus' sources).
    **options
        Passed to :func:`keyness` / :func:`each_vs_rest` (``text``,
        ``stopwords``, ``ngram``, ``dateline``…; ``stem`` only to :func:`keyness`).

    Returns
    -------
    polars.DataFrame
        The keyness table: ``[by,] term, count_target, count_reference,
        rate_target, rate_reference, g2, g2_p, chi2, chi2_p, log_ratio,
        direction``; empty when there is nothing to compare.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> sample = datasets.load_sample()
    >>> key = compare_terms(sample, comparison(sample, by="section", target="World"), top=2)
    >>> key.filter(direction="over")["term"].to_list()
    ['bear', 'council']
    """
    if comparison.kind == "none":
        return pl.DataFrame(schema=_KEYNESS_SCHEMA)
    names: list[str] = []
    if drop_outlet_names and "source" in corpus.collect_schema().names():
        names = outlet_name_terms(_sources(corpus))
    wanted = None if names and top is not None else top
    if comparison.kind == "each":
        options = {k: v for k, v in options.items() if k != "stem"}
        found = each_vs_rest(corpus, by=comparison.by, top=wanted, min_count=min_count,
                             **options)
    else:
        found = keyness(corpus, target=comparison.target, reference=comparison.reference,
                        top=wanted, min_count=min_count, **options)
    if not names:
        return found
    return without_outlet_names(found, names, top=top, by=comparison.by)


def _sources(corpus: Corpus) -> list[str]:
    sources = corpus.select(pl.col("source").drop_nulls().unique())
    sources = sources.collect() if isinstance(sources, pl.LazyFrame) else sources
    return sorted(sources["source"].to_list())


def without_outlet_names(keyness_frame: pl.DataFrame, names: Corpus | Iterable[str], *,
                         top: int | None = None, by: str | None = None) -> pl.DataFrame:
    """A keyness table without the terms that name an outlet (:func:`outlet_name_terms`).

    Parameters
    ----------
    keyness_frame : polars.DataFrame
        :func:`keyness` or :func:`each_vs_rest` output.
    names : corpus or iterable of str
        The words to leave out, or the corpus whose sources give them.
    top : int or None
        Keep this many over- and under-used terms (per ``by`` value) afterwards.
    by : str or None
        The column of an each-vs-rest table.

    Returns
    -------
    polars.DataFrame
        The table without phrases holding one of the words.

    Examples
    --------
    >>> k = pl.DataFrame({"term": ["tass", "kremlin said"], "g2": [9.0, 8.0],
    ...                   "direction": ["over", "over"]})
    >>> without_outlet_names(k, ["tass"])["term"].to_list()
    ['kremlin said']
    """
    if isinstance(names, pl.DataFrame | pl.LazyFrame):
        names = outlet_name_terms(_sources(names))
    names = list(names)
    if not names or keyness_frame.height == 0:
        return keyness_frame
    words = pl.col("term").str.split(" ")
    own = words.list.eval(pl.element().is_in(pl.Series(names, dtype=pl.String).implode()))
    found = keyness_frame.filter(~own.list.any())
    if top is None:
        return found
    groups = [c for c in found.columns if c == by]
    rank = pl.col("g2").rank("ordinal", descending=True).over([*groups, "direction"])
    return found.filter(rank <= top)


def top_key_terms(keyness_frame: pl.DataFrame, *, top: int = 2) -> list[str]:
    """The most strongly over-used terms of a keyness result (strongest first, no repeats).

    Parameters
    ----------
    keyness_frame : polars.DataFrame
        :func:`keyness`, :func:`each_vs_rest` or :func:`compare_terms` output.
    top : int, default 2

    Returns
    -------
    list of str

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> sample = datasets.load_sample()
    >>> top_key_terms(compare_terms(sample, comparison(sample)))
    ['russia', 'russian']
    """
    if keyness_frame.height == 0:
        return []
    over = keyness_frame.filter(pl.col("direction") == "over").sort("g2", descending=True)
    return over["term"].unique(maintain_order=True).head(top).to_list()
