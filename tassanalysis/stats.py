"""Corpus statistics as tidy frames: articles over time, sections, languages, dates, rejects.

Counts are ``u32`` columns named ``articles`` (or ``rejects``) with a ``share``
column (0–1) where a share makes sense. Missing values of a grouping column read
``(none)``. Nothing here formats numbers for reading: :mod:`tassanalysis.prose`
does that.

Sections: each outlet names its sections its own way (``news``, ``politics``,
``Russian Politics & Diplomacy``, none at all). :func:`with_shared_sections`
adds a ``shared_section`` column from an editable table
(``tassanalysis/resources/sections.csv``: ``source, section, shared_section``,
``*`` for any source), keeping the outlet's own name in ``section``, so a chart
across outlets compares like with like.

Examples
--------
>>> from tassanalysis import datasets
>>> sample = datasets.load_sample()
>>> language_counts(sample).rows()
[('en', 301, 1.0)]
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from tassanalysis.selection import scan_corpus
from tassanalysis.vocab import check_period, renamed_options

__all__ = [
    "SECTIONS_PATH",
    "articles_over_time",
    "corpus_summary",
    "date_source_counts",
    "ingest_summary_frame",
    "language_counts",
    "latest_articles",
    "reject_counts",
    "rejected_inputs",
    "section_counts",
    "section_map",
    "section_mapping",
    "sections_by_source",
    "sources_per_period",
    "with_shared_sections",
    "words_per_article",
]

CorpusLike = pl.DataFrame | pl.LazyFrame
NONE = "(none)"

#: The editable table of shared section names.
SECTIONS_PATH = Path(__file__).with_name("resources") / "sections.csv"


def _with_share(frame: pl.DataFrame, count: str) -> pl.DataFrame:
    total = frame[count].sum()
    return frame.with_columns((pl.col(count) / total if total else pl.lit(0.0)).alias("share"))


# --------------------------------------------------------------------------- sections

@functools.cache
def _read_section_map(path: str) -> pl.DataFrame:
    table = pl.read_csv(path, schema={"source": pl.String, "section": pl.String,
                                      "shared_section": pl.String})
    return table.with_columns(pl.col("section").str.strip_chars().str.to_lowercase())


def section_map(path: str | Path | None = None) -> pl.DataFrame:
    """The table that maps each outlet's section names onto the shared vocabulary.

    Parameters
    ----------
    path : str, Path or None
        A CSV with ``source, section, shared_section`` (``source`` ``*``: any
        outlet; ``section`` matched without regard to case); None for the one
        shipped with the package (:data:`SECTIONS_PATH`).

    Returns
    -------
    polars.DataFrame
        ``source``, ``section`` (lower-cased), ``shared_section``.

    Examples
    --------
    >>> section_map().filter(pl.col("section") == "russian politics & diplomacy").row(0)
    ('*', 'russian politics & diplomacy', 'politics')
    """
    return _read_section_map(str(path or SECTIONS_PATH))


def with_shared_sections(corpus: CorpusLike, *, path: str | Path | None = None,
                         other: str = "other") -> CorpusLike:
    """Add ``shared_section``: the outlet's ``section`` in the shared vocabulary.

    A source-specific row of the table wins over a ``*`` row; a section the table
    does not know reads ``other``; no section reads ``(none)``.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
    path : str, Path or None
        Another table (:func:`section_map`).
    other : str, default "other"
        Label of sections the table does not know.

    Returns
    -------
    polars.DataFrame or polars.LazyFrame
        ``corpus`` with a ``shared_section`` column.

    Examples
    --------
    >>> f = pl.DataFrame({"source": ["tass.com", "cnn.com", "dw.com"],
    ...                   "section": ["World", "middleeast", None]})
    >>> with_shared_sections(f)["shared_section"].to_list()
    ['world', 'world', '(none)']
    """
    table = section_map(path)
    own = table.filter(pl.col("source") != "*").rename({"shared_section": "_own"})
    any_ = table.filter(pl.col("source") == "*").drop("source").rename(
        {"shared_section": "_any"})
    key = pl.col("section").str.strip_chars().str.to_lowercase().alias("_key")
    lazy = corpus.lazy().with_columns(key)
    out = (lazy.join(own.lazy().rename({"section": "_key"}), on=["source", "_key"], how="left",
                     maintain_order="left")
           .join(any_.lazy().rename({"section": "_key"}), on="_key", how="left",
                 maintain_order="left")
           .with_columns(shared_section=pl.when(pl.col("section").is_null()).then(pl.lit(NONE))
                         .otherwise(pl.coalesce("_own", "_any", pl.lit(other))))
           .drop("_key", "_own", "_any"))
    return out if isinstance(corpus, pl.LazyFrame) else out.collect()


def section_mapping(corpus: str | Path | CorpusLike, *,
                    path: str | Path | None = None) -> pl.DataFrame:
    """How each outlet's own section names map onto the shared ones, with article counts.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
    path : str, Path or None
        Another table (:func:`section_map`).

    Returns
    -------
    polars.DataFrame
        ``source``, ``section`` (the outlet's name, ``(none)`` when missing),
        ``shared_section``, ``articles`` (u32); by source, then largest first.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> section_mapping(datasets.load_sample()).filter(pl.col("source") == "cnn.com").head(2).rows()
    [('cnn.com', 'politics', 'politics', 12), ('cnn.com', 'asia', 'world', 5)]
    """
    return (with_shared_sections(scan_corpus(corpus), path=path)
            .group_by("source", pl.col("section").fill_null(NONE), "shared_section")
            .agg(articles=pl.len().cast(pl.UInt32)).collect()
            .sort(["source", "articles", "section"], descending=[False, True, False]))


# --------------------------------------------------------------------------- over time

def articles_over_time(corpus: str | Path | CorpusLike, *, by: str | None = "source",
                       period: str = "week", top: int | None = None,
                       other: str = "other") -> pl.DataFrame:
    """Count articles per time bucket (and group), with zeros for empty buckets.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
        Canonical article frame; undated articles are left out.
    by : str or None, default "source"
        Column to split by (``source``, ``section``, ``shared_section``…) or None.
        ``shared_section`` is added with :func:`with_shared_sections` when absent.
    period : str, default "week"
        ``day``, ``week`` (starting Monday), ``month``, ``quarter`` or ``year``.
    top : int or None
        Keep the ``top`` largest groups and pool the rest as ``other``.
    other : str, default "other"
        Label of the pooled groups.

    Returns
    -------
    polars.DataFrame
        ``period`` (date: first day of the bucket), ``by`` column (if any),
        ``articles`` (u32); every bucket between the first and the last is
        present for every group.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> articles_over_time(datasets.load_sample(), by=None, period="year")["articles"].to_list()
    [9, 272, 0, 0, 0, 0, 0, 0, 20]
    """
    every = check_period(period)
    counts = _article_counts(scan_corpus(corpus), by=by, every=every)
    return _articles_table(counts, by=by, every=every, top=top, other=other)


def _article_counts(scan: pl.LazyFrame, *, by: str | None, every: str) -> pl.DataFrame:
    """Dated articles per period (``every``) and ``by`` value: additive over parts of a
    corpus."""
    if by == "shared_section" and by not in scan.collect_schema().names():
        scan = with_shared_sections(scan)
    dated = scan.filter(pl.col("published_at").is_not_null()).select(
        pl.col("published_at").dt.date().dt.truncate(every).alias("period"),
        *([pl.col(by).cast(pl.String).fill_null(NONE)] if by else []),
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


def sources_per_period(corpus: str | Path | CorpusLike, *, period: str = "week",
                       by: str = "source") -> pl.DataFrame:
    """Which sources (or other ``by`` values) have articles in each period.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
    period : str, default "week"
    by : str, default "source"

    Returns
    -------
    polars.DataFrame
        ``period`` (date), ``sources`` (u32: how many), ``names`` (list of str,
        sorted); every period from the first to the last, empty ones included.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> sources_per_period(datasets.load_sample(), period="year")["sources"].to_list()[:2]
    [1, 9]
    """
    every = check_period(period)
    found = (scan_corpus(corpus).filter(pl.col("published_at").is_not_null())
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


# --------------------------------------------------------------------------- counts

def language_counts(corpus: str | Path | CorpusLike) -> pl.DataFrame:
    """Articles per language, largest first.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame

    Returns
    -------
    polars.DataFrame
        ``language``, ``articles`` (u32), ``share``.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> language_counts(datasets.load_sample())["language"].to_list()
    ['en']
    """
    counts = (scan_corpus(corpus).group_by("language")
              .agg(pl.len().cast(pl.UInt32).alias("articles"))
              .collect().sort(["articles", "language"], descending=[True, False]))
    return _with_share(counts, "articles")


def section_counts(corpus: str | Path | CorpusLike, *, by: str | None = "source",
                   top: int | None = None, section: str = "section") -> pl.DataFrame:
    """Articles per section (within each ``by`` group), largest first.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
    by : str or None, default "source"
    top : int or None
        Keep the largest ``top`` sections of each group.
    section : str, default "section"
        ``"shared_section"`` counts the shared vocabulary (:func:`with_shared_sections`).

    Returns
    -------
    polars.DataFrame
        ``[by,] section, articles, share`` (``share``: of the group).

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> section_counts(datasets.load_sample(), by=None, top=1, section="shared_section").rows()
    [('(none)', 90, 0.29900332225913623)]
    """
    scan = scan_corpus(corpus)
    if section == "shared_section" and section not in scan.collect_schema().names():
        scan = with_shared_sections(scan)
    keys = [by, section] if by else [section]
    counts = (scan.with_columns(pl.col(section).fill_null(NONE))
              .group_by(keys).agg(pl.len().cast(pl.UInt32).alias("articles")).collect())
    over = [by] if by else None
    total = pl.col("articles").sum().over(over) if over else pl.col("articles").sum()
    counts = counts.with_columns((pl.col("articles") / total).alias("share"))
    counts = counts.sort([*([by] if by else []), "articles", section],
                         descending=[*([False] if by else []), True, False])
    if top is not None:
        rank = pl.int_range(pl.len()).over(over) if over else pl.int_range(pl.len())
        counts = counts.filter(rank < top)
    return counts.select(*keys, "articles", "share")


def sections_by_source(corpus: str | Path | CorpusLike, *, top: int = 4) -> pl.DataFrame:
    """One row per source: its articles, how many sections, and its largest sections.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
    top : int, default 4
        Largest named sections listed per source.

    Returns
    -------
    polars.DataFrame
        ``source``, ``articles`` (u32), ``sections`` (distinct named sections,
        u32), ``without_section`` (share of articles with no section),
        ``largest_sections`` (list of the ``top`` largest named sections, largest
        first; their counts are in :func:`section_counts`); largest source first.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> sections_by_source(datasets.load_sample(), top=2).filter(
    ...     pl.col("source") == "tass.com")["largest_sections"].to_list()
    [['Russian Politics & Diplomacy', 'World']]
    """
    per = (scan_corpus(corpus).group_by("source", "section")
           .agg(pl.len().cast(pl.UInt32).alias("n")).collect())
    per = per.with_columns(share=pl.col("n") / pl.col("n").sum().over("source"))
    named = (per.filter(pl.col("section").is_not_null())
             .sort(["source", "n", "section"], descending=[False, True, False])
             .filter(pl.int_range(pl.len()).over("source") < top)
             .group_by("source", maintain_order=True)
             .agg(largest_sections=pl.col("section")))
    totals = per.group_by("source").agg(
        articles=pl.col("n").sum().cast(pl.UInt32),
        sections=pl.col("section").drop_nulls().n_unique().cast(pl.UInt32),
        without_section=pl.col("share").filter(pl.col("section").is_null()).sum())
    return (totals.join(named, on="source", how="left")
            .with_columns(pl.col("largest_sections").fill_null(
                pl.lit([], dtype=pl.List(pl.String))))
            .sort(["articles", "source"], descending=[True, False]))


def date_source_counts(corpus: str | Path | CorpusLike) -> pl.DataFrame:
    """How publication dates were found, largest first.

    ``method`` is the part of ``date_source`` before ``:`` (``page``,
    ``metadata``, ``table``, ``inferred-year``, ``unknown-year``…).

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame

    Returns
    -------
    polars.DataFrame
        ``method``, ``date_source``, ``articles``, ``share``.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> date_source_counts(datasets.load_sample())["method"].to_list()
    ['table', 'inferred-year']
    """
    counts = (scan_corpus(corpus).group_by("date_source")
              .agg(pl.len().cast(pl.UInt32).alias("articles")).collect()
              .with_columns(pl.col("date_source").str.split(":").list.first().alias("method"))
              .sort(["articles", "date_source"], descending=[True, False]))
    return _with_share(counts.select("method", "date_source", "articles"), "articles")


def words_per_article(corpus: str | Path | CorpusLike, *, by: str | None = "source",
                      text: str = "body", short: int = 100) -> pl.DataFrame:
    """How long the articles are, in words, per source: truncated snippets stand out.

    Words are the tokens the term counts use (:func:`tassanalysis.text.tokens`
    over :func:`tassanalysis.text.analysis_text`, dateline left out).

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
    by : str or None, default "source"
    text : str, default "body"
        The text measured.
    short : int, default 100
        Articles with fewer words count as short.

    Returns
    -------
    polars.DataFrame
        ``[by,] articles, words_median, words_mean, words_p10, words_p90,
        short_share`` (share of articles under ``short`` words),
        ``replacement_chars`` (articles whose title, lead or body still holds a
        U+FFFD replacement character: a character lost to a bad decoding
        upstream that ingest could not restore; the tokenizer reads it as a word
        boundary); largest median first.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> w = words_per_article(datasets.load_sample())
    >>> w.columns  # doctest: +NORMALIZE_WHITESPACE
    ['source', 'articles', 'words_median', 'words_mean', 'words_p10', 'words_p90', 'short_share',
     'replacement_chars']
    """
    from tassanalysis.text import analysis_text, tokens

    scan = scan_corpus(corpus)
    names = scan.collect_schema().names()
    words = tokens(analysis_text(text, columns=names)).list.len().alias("words")
    keys = [by] if by else []
    fields = [c for c in ("title", "lead", "body") if c in names]
    damaged = (pl.any_horizontal([pl.col(c).str.contains("\ufffd", literal=True).fill_null(False)
                                  for c in fields]) if fields else pl.lit(False))
    frame = scan.select(*[pl.col(k).fill_null(NONE) for k in keys], words,
                        damaged.alias("damaged"))
    agg = [pl.len().cast(pl.UInt32).alias("articles"),
           pl.col("words").median().round(0).cast(pl.UInt32).alias("words_median"),
           pl.col("words").mean().round(1).alias("words_mean"),
           pl.col("words").quantile(0.1, "nearest").cast(pl.UInt32).alias("words_p10"),
           pl.col("words").quantile(0.9, "nearest").cast(pl.UInt32).alias("words_p90"),
           (pl.col("words") < short).mean().alias("short_share"),
           pl.col("damaged").sum().cast(pl.UInt32).alias("replacement_chars")]
    out = (frame.group_by(keys).agg(agg) if keys else frame.select(agg)).collect()
    return out.sort(["words_median", *keys], descending=[True, *(False for _ in keys)])


@renamed_options(n="top")
def latest_articles(corpus: str | Path | CorpusLike, *, top: int = 10) -> pl.DataFrame:
    """The ``top`` most recent articles.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
    top : int, default 10
        (``n`` before; still accepted, with a warning.)

    Returns
    -------
    polars.DataFrame
        ``published_at, date_precision, source, section, title, url``;
        ``date_precision`` (``day`` or ``time``,
        :func:`tassanalysis.vocab.date_precision`) says whether the time of day is
        known.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> latest_articles(datasets.load_sample(), top=1)["date_precision"].to_list()
    ['time']
    """
    from tassanalysis.vocab import date_precision

    scan = scan_corpus(corpus).filter(pl.col("published_at").is_not_null())
    names = scan.collect_schema().names()
    extra = ["date_precision"] if "date_precision" in names else []
    frame = scan.select("published_at", "source", "section", "title", "url", *extra).collect()
    frame = frame.with_columns(date_precision=date_precision(frame))
    return (frame.sort(["published_at", "url"], descending=True, nulls_last=True).head(top)
            .select("published_at", "date_precision", "source", "section", "title", "url"))


def corpus_summary(corpus: str | Path | CorpusLike) -> pl.DataFrame:
    """Key facts about a corpus as one row.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame

    Returns
    -------
    polars.DataFrame
        One row: ``articles``, ``sources``, ``sections``, ``first``, ``last``
        (publication times), ``undated``, ``merged`` (inputs merged as
        duplicates).

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> corpus_summary(datasets.load_sample()).select("articles", "sources").row(0)
    (301, 9)
    """
    return scan_corpus(corpus).select(
        pl.len().cast(pl.UInt32).alias("articles"),
        pl.col("source").n_unique().cast(pl.UInt32).alias("sources"),
        pl.col("section").drop_nulls().n_unique().cast(pl.UInt32).alias("sections"),
        pl.col("published_at").min().alias("first"),
        pl.col("published_at").max().alias("last"),
        pl.col("published_at").null_count().cast(pl.UInt32).alias("undated"),
        pl.col("merged").cast(pl.Int64).sum().fill_null(0).alias("merged"),
    ).collect()


# --------------------------------------------------------------------------- ingest records

def reject_counts(rejects: pl.DataFrame) -> pl.DataFrame:
    """Rejected inputs per reason, largest first.

    Parameters
    ----------
    rejects : polars.DataFrame
        :func:`tassanalysis.store.load_rejects` (``origin, reason, raw``).

    Returns
    -------
    polars.DataFrame
        ``reason``, ``rejects`` (u32), ``share``.

    Examples
    --------
    >>> reject_counts(pl.DataFrame({"origin": ["a", "b"], "reason": ["no-body", "no-body"],
    ...                             "raw": ["", ""]}))["rejects"].to_list()
    [2]
    """
    counts = (rejects.group_by("reason").agg(pl.len().cast(pl.UInt32).alias("rejects"))
              .sort(["rejects", "reason"], descending=[True, False]))
    return _with_share(counts, "rejects")


def rejected_inputs(rejects: pl.DataFrame, *, top: int | None = None) -> pl.DataFrame:
    """Each rejected input with where it came from and why, by reason then origin.

    Parameters
    ----------
    rejects : polars.DataFrame
        :func:`tassanalysis.store.load_rejects` (``origin, reason, raw``).
    top : int or None
        Keep the first ``top`` rows.

    Returns
    -------
    polars.DataFrame
        ``origin`` (file, or ``file:row``), ``reason``, ``size`` (characters of
        the raw input kept), ``start`` (its first 80 characters, one line).

    Examples
    --------
    >>> rejected_inputs(pl.DataFrame({"origin": ["pages/a.txt"], "reason": ["no-body"],
    ...                               "raw": ["Menu\\nHome"]})).row(0)
    ('pages/a.txt', 'no-body', 9, 'Menu Home')
    """
    raw = pl.col("raw").cast(pl.String) if "raw" in rejects.columns else pl.lit(None, pl.String)
    out = rejects.select(
        "origin", "reason",
        size=raw.str.len_chars().fill_null(0).cast(pl.UInt32),
        start=raw.str.slice(0, 80).str.replace_all(r"\s+", " ").str.strip_chars(),
    ).sort("reason", "origin")
    return out if top is None else out.head(top)


def ingest_summary_frame(summary: Mapping[str, Any]) -> pl.DataFrame:
    """Flatten an ingest summary (``store.load_summary``) into ``measure, key, count``.

    Plain numbers become one row with an empty ``key``; dictionaries of counts
    (``rejected``, ``duplicates``, ``date_sources``, ``languages``…) one row per
    key. Other values are left out.

    Parameters
    ----------
    summary : mapping

    Returns
    -------
    polars.DataFrame
        ``measure``, ``key``, ``count``.

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
